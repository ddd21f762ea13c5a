"""litbot installed from its wheel works anywhere: from an empty directory, with no checkout in sight.

How the fresh venv gets litbot's dependencies offline: the wheel is built with `pip wheel --no-deps` (pip takes
setuptools from its cache), a new venv is made with `python -m venv --without-pip`, and the current venv's pip
installs only the litbot wheel into it (`pip --python NEW install --no-deps --no-index`). The dependencies
(scikit-learn, numpy, ...) come from the current venv: a `.pth` file in the new venv names the current venv's
site-packages. A path listed in a .pth file is appended to sys.path after the venv's own site-packages and its
own .pth files are not run, so the editable install of the checkout (a .pth finder) stays out and `bot` is
imported from the wheel only; the test checks that too. A wheelhouse of every dependency would also work
offline but copies several hundred MB for no extra coverage of litbot's packaging.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from bot.readme import parse

REPO = Path(__file__).resolve().parent.parent
DAY = "2025-06-10"


def test_pyproject_lists_every_package_of_the_checkout():
    """The packages are listed by hand (the shipped data is a mapped package), so a new one must be added."""
    from setuptools import find_packages

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set(find_packages(str(REPO), include=["bot*", "classifiers*"]))
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with only the litbot wheel installed in it; returns its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"),
                    str(REPO)], check=True, capture_output=True, timeout=600)
    (wheel,) = (work / "dist").glob("litbot-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_litbot_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH, no litbot settings (so state.dir is the default)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("LITBOT_")}


def litbot(bin_dir: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "litbot"), *argv], cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=600)


@pytest.mark.wheel
def test_the_installed_wheel_runs_every_offline_command_from_an_empty_directory(installed, tmp_path,
                                                                                survey_readme_text):
    empty = tmp_path / "anywhere"
    empty.mkdir()
    where = subprocess.run([str(installed / "python"), "-c", "import bot, bot.paths; print(bot.__file__); "
                            "print(bot.paths.shipped())"], cwd=empty, env=_env(), capture_output=True, text=True,
                           check=True).stdout.split()
    assert all(str(installed.parent) in p and str(REPO) not in p for p in where), where  # the wheel, not the checkout
    shipped = Path(where[1])

    out = litbot(installed, empty, "sections")
    assert out.returncode == 0, out.stderr
    leaves = len(parse(survey_readme_text).leaf_paths())
    assert out.stdout.splitlines()[-1].endswith(f"in {leaves} leaf sections")

    out = litbot(installed, empty, "classify", "--title", "KV cache quantization for long-context LLM inference",
                 "--abstract", "We compress the key-value cache of large language models to 2 bits.")
    assert out.returncode == 0, out.stderr
    assert "relevance" in out.stdout and "KV-Cache" in out.stdout

    out = litbot(installed, empty, "lint", "--json")
    assert out.returncode == 1, out.stderr  # the snapshot has error-level findings; the check says so
    assert json.loads(out.stdout)["findings"]

    clone = tmp_path / "survey"
    clone.mkdir()
    (clone / "README.md").write_bytes((shipped / "survey_README.md").read_bytes())
    for git in (["init", "-q", "-b", "main"], ["add", "README.md"],
                ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *git], cwd=clone, check=True, capture_output=True)
    out = litbot(installed, empty, "run", "--load", str(shipped / "samples" / f"arxiv-{DAY}.atom.xml"),
                 "--local", str(clone))
    assert out.returncode == 0, out.stderr
    body = clone / ".git" / "litbot" / f"arxiv-{DAY}.md"
    assert body.read_text(encoding="utf-8").startswith("### litbot proposes")
    assert "proposed" in out.stdout
    assert (empty / ".litbot" / "state.sqlite").is_file()  # writable things go to the default state dir
    assert not list(installed.parent.rglob("state.sqlite"))  # and never into the installed package


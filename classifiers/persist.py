"""Saves and loads a trained bundle with skops (never pickle) plus a metadata JSON beside it.

Layout: `<dir>/model.skops` (the fitted Pipelines, neighbour matrix and numbers) and `<dir>/model.json`
(training-data hash, library versions, taxonomy, metrics, training date). Loading trusts only the explicit
list of types in TRUSTED (checked against every type the file names, not only those skops distrusts by
default); a file that needs anything else is refused with ModelError.
"""

from __future__ import annotations

import json
import logging
import platform
import zipfile
from pathlib import Path
from typing import Any

from bot.errors import ModelError

log = logging.getLogger(__name__)

MODEL_FILE = "model.skops"
META_FILE = "model.json"
FORMAT = 1

# Every type a bundle contains, as skops names them. Anything outside this list is refused at load time.
TRUSTED: tuple[str, ...] = (
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.dtype",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
)


def library_versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn
    import skops

    return {"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "skops": skops.__version__}


def types_in(model_path: Path) -> set[str]:
    """Every "module.Class" named in a skops file's schema, whether or not skops would trust it by default."""
    with zipfile.ZipFile(model_path) as archive:
        schema = json.loads(archive.read("schema.json"))
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__class__"), str) and isinstance(node.get("__module__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def save(directory: Path, bundle: dict[str, Any], meta: dict[str, Any]) -> None:
    """Write the bundle and its metadata; the metadata also records the bundle format and library versions."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(bundle, directory / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    meta = {"format": FORMAT, "libraries": library_versions(), **meta}
    (directory / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load(directory: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read (bundle, metadata) from a model directory, refusing untrusted content."""
    import skops.io as sio

    model_path, meta_path = directory / MODEL_FILE, directory / META_FILE
    if not model_path.exists() or not meta_path.exists():
        raise ModelError(f"no trained model in {directory} (expected {MODEL_FILE} and {META_FILE}); "
                         "run `litbot train`")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model metadata {meta_path} is unreadable: {exc}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"model metadata {meta_path} is not a JSON object; run `litbot train`")
    if meta.get("format") != FORMAT:
        raise ModelError(f"model in {directory} has format {meta.get('format')!r}, this litbot reads {FORMAT}; "
                         "run `litbot train`")
    try:
        unexpected = sorted(types_in(model_path) - set(TRUSTED))
        if unexpected:
            raise ModelError(f"model file {model_path} holds types litbot does not trust: {', '.join(unexpected)}")
        bundle = sio.load(model_path, trusted=list(TRUSTED))
    except ModelError:
        raise
    except Exception as exc:  # skops raises zipfile, json, type and value errors on corrupt files
        raise ModelError(f"model file {model_path} is corrupt or unreadable: {exc}") from exc
    if not isinstance(bundle, dict):
        raise ModelError(f"model file {model_path} does not hold a litbot bundle")
    if meta.get("libraries", {}).get("scikit-learn") != library_versions()["scikit-learn"]:
        log.warning("model was trained with scikit-learn %s, running %s; re-train if predictions look off",
                    meta.get("libraries", {}).get("scikit-learn"), library_versions()["scikit-learn"])
    return bundle, meta

"""`lint --fix` repairs only the unambiguous findings, touches only their lines, and undoes mojibake exactly."""

import pytest

from bot.lint import fix, lint
from bot.lint.entry_rules import FIXERS
from bot.readme import parse


def _changed(old: str, new: str) -> list[int]:
    """1-based numbers of old lines a diff replaces (the fix never adds or removes lines)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(a) == len(b)
    return [n for n, (x, y) in enumerate(zip(a, b), 1) if x != y]


@pytest.fixture(scope="module")
def fixed(survey_readme_text):
    doc = parse(survey_readme_text)
    return doc, lint(doc), fix(doc)


def test_fix_touches_exactly_the_lines_with_fixable_findings(fixed, survey_readme_text):
    doc, findings, result = fixed
    flagged = sorted({f.line for f in findings if f.fixable})
    assert _changed(survey_readme_text, result.doc.render()) == flagged == list(result.changed_lines)


def test_fixable_findings_are_gone_and_the_rest_remain(fixed):
    _, findings, result = fixed
    assert not [f for f in result.remaining if f.fixable]
    before = {(f.rule.id, f.line) for f in findings if not f.fixable}
    assert {(f.rule.id, f.line) for f in result.remaining} == before


def test_repaired_lines_read_as_house_style(fixed):
    _, _, result = fixed
    lines = result.doc.render().splitlines()
    assert lines[274].endswith("<ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2406.02290)] ")
    assert ", <ins>2024</ins> [[Paper](https://arxiv.org/abs/2405.03133)]" in lines[381]
    assert "<ins>AACL Findings, 2020</ins> [[Paper](https://arxiv.org/abs/2010.06891)] [[Code](" in lines[423]
    assert lines[310].endswith("[[Paper](https://arxiv.org/pdf/2406.18200)]")
    assert "[[Paper](https://arxiv.org/abs/2404.09695)] [[Code](" in lines[168]
    assert "<ins>NeurIPS, 2022</ins>" in lines[129] and "<ins>arXiv, 2024</ins>" in lines[247]
    assert "Finetuning Universally Across Scales and Tasks, <ins>ACL-Short, 2022</ins>" in lines[271]
    assert "Models, <ins>arXiv, 2024</ins>" in lines[183]


def test_fix_keeps_what_the_model_reads(fixed):
    doc, _, result = fixed
    before = {e.line_no: e for e in doc.entries}
    for entry in result.doc.entries:
        old = before[entry.line_no]
        assert ((entry.title, entry.year, entry.arxiv_id, entry.section)
                == (old.title, old.year, old.arxiv_id, old.section))
        assert [(k.label, k.url) for k in entry.links] == [(k.label, k.url) for k in old.links]


def test_fix_is_idempotent(fixed):
    _, _, result = fixed
    again = fix(result.doc)
    assert again.doc.render() == result.doc.render() and again.changed_lines == ()


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_fix_keeps_line_endings_and_bom(ending):
    text = "\ufeff## A" + ending + "### S" + ending + "- P, <ins>NeurlPS, 2024/ins> [[Paper]](https://arxiv.org/abs/2401.00001)"
    result = fix(parse(text))
    assert result.doc.render() == (
        "\ufeff## A" + ending + "### S" + ending + "- P, <ins>NeurIPS, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]"
    )


def test_each_fixer_leaves_a_clean_line_alone():
    line = "- Paper, <ins>ICLR, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)] [[Code](https://github.com/a/b)]"
    assert all(fixer(line) == line for fixer in FIXERS.values())


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


def test_mojibake_copy_is_detected(survey_readme_text):
    broken = _mojibake(survey_readme_text)
    assert "ü§ñ Model-Centric" in broken and "Nystr√∂mformer" in broken
    found = [f for f in lint(parse(broken)) if f.rule.name == "mojibake"]
    original = survey_readme_text.splitlines()
    assert [f.line for f in found] == [n for n, line in enumerate(original, 1) if not line.isascii()]
    assert any("`√∂` -> `ö`" in f.message for f in found)


def test_fix_restores_the_mojibake_copy_byte_for_byte(survey_readme_text, tmp_path):
    path = tmp_path / "README.md"
    path.write_bytes(_mojibake(survey_readme_text).encode("utf-8"))
    result = fix(parse(path.read_bytes().decode("utf-8")))
    assert result.encoding_only
    assert result.doc.render().encode("utf-8") == survey_readme_text.encode("utf-8")


def test_mojibake_repair_leaves_real_non_ascii_text_alone():
    text = "## A\n### S\n- Nyströmformer ∞-former PanGu-Σ 🤖 ReST-MCTS∗, <ins>AAAI, 2021</ins> [[Paper](https://arxiv.org/abs/2102.03902)]\n"
    assert [f for f in lint(parse(text)) if f.rule.name == "mojibake"] == []
    assert fix(parse(text)).doc.render() == text


def test_mojibake_quoted_in_inline_code_is_left_alone():
    text = "# Notes\nA double-encoded title looks like `Nystr√∂mformer`; the fix gives Nystr√∂mformer back.\n"
    [found] = lint(parse(text))
    assert found.rule.name == "mojibake" and "`√∂` -> `ö`" in found.message
    assert fix(parse(text)).doc.render() == text.replace("gives Nystr√∂mformer", "gives Nyströmformer")

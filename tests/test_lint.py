"""`lint` finds the survey README's known irregularities, each at its line with its rule; clean lines pass."""

import pytest

from bot.lint import BY_NAME, RULES, lint
from bot.readme import parse


@pytest.fixture(scope="module")
def findings(survey_readme_text):
    return lint(parse(survey_readme_text))


def _lines(findings, name):
    return sorted(f.line for f in findings if f.rule.name == name)


def test_the_eight_broken_closing_tags(findings, survey_readme_text):
    expected = [n for n, line in enumerate(survey_readme_text.splitlines(), 1) if "2024/ins>" in line]
    assert expected == [275, 276, 277, 278, 279, 280, 395, 396]
    assert _lines(findings, "broken-venue-tag") == expected


def test_orphan_closing_tags_in_mixture_of_experts(findings, survey_readme_text):
    assert _lines(findings, "orphan-venue-tag") == [382, 383, 384, 385, 386]
    lines = survey_readme_text.splitlines()
    assert all(", 2024</ins>" in lines[n - 1] and "<ins>" not in lines[n - 1] for n in range(382, 387))


def test_memformer_paper_link_outside_the_brackets(findings, survey_readme_text):
    assert _lines(findings, "malformed-link") == [424]
    assert survey_readme_text.splitlines()[423].startswith("- Memformer:")


def test_shared_arxiv_ids(findings):
    shared = {(f.line, f.message.split()[1]) for f in findings if f.rule.name == "shared-arxiv-id"}
    assert shared == {
        (122, "2308.13137"), (134, "2308.13137"), (135, "2308.13137"),
        (195, "2312.09571"), (437, "2312.09571"),
        (281, "2305.15265"), (436, "2305.15265"),
    }


def test_graph_of_thoughts_twice_in_one_section(findings):
    [dup] = [f for f in findings if f.rule.name == "duplicate-in-section"]
    assert (dup.line, dup.related) == (539, (536,))
    assert "Graph of Thoughts" in dup.message


def test_omniquant_in_two_sections(findings):
    [dup] = [f for f in findings if f.rule.name == "duplicate-across-sections"]
    assert (dup.line, dup.related) == (135, (122,))
    assert "OmniQuant" in dup.message and dup.severity == "warning"


def test_stale_toc_anchors(findings):
    stale = [(f.line, f.message.split("`")[1]) for f in findings if f.rule.name == "stale-toc-anchor"]
    assert stale == [(40, "#-Model-Centric"), (91, "#-Data-Centric")]


def test_mixed_case_anchors_match_github_lowercase_ids():
    doc = parse("## 🤖 Model-Centric Methods\n- [A](#-Model-Centric-Methods) [B](#-model-centric-methods)\n"
                "- [C](#model-centric) [D](#Model%20X)\n<a name=\"Model X\"></a>\n")
    assert [(f.line, f.message.split("`")[1]) for f in lint(doc)] == [(3, "#model-centric")]


def test_anchor_links_inside_code_fences_are_not_checked():
    assert lint(parse("# T\n```markdown\n[x](#nowhere)\n```\n")) == ()


def test_other_entry_rules_on_the_survey(findings):
    assert _lines(findings, "missing-comma") == [184, 185, 264, 268, 272, 512, 515]
    assert _lines(findings, "nested-link") == [311]
    assert _lines(findings, "missing-space-between-links") == [169, 414, 415, 573]
    assert _lines(findings, "missing-year") == [595]
    venues = {f.line: f.message.split("`")[1] for f in findings if f.rule.name == "venue-spelling"}
    assert venues == {
        130: "NeurlPS", 171: "NIPS", 248: "Arxiv", 249: "Arxiv", 271: "EMNLP-Findings", 355: "NeurlPS",
        424: "AACL-Findings", 471: "EMNLP-Findings", 513: "NAACL-HLT",
    }


def test_year_order_flags_the_fewest_entries_out_of_place(findings):
    # Demonstration Selection: 2023 2023 2022 2022 2022 2022 [2023 2023] 2022 ...: two entries are out of place.
    assert _lines(findings, "year-order") == [132, 169, 179, 311, 510, 511, 575, 609]


def test_a_section_without_a_year_order_is_not_flagged():
    text = "## A\n### S\n" + "".join(
        f"- P{i}, <ins>arXiv, {y}</ins> [[Paper](https://arxiv.org/abs/2401.0000{i})]\n"
        for i, y in enumerate([2021, 2023, 2020, 2024, 2022])
    )
    assert [f for f in lint(parse(text)) if f.rule.name == "year-order"] == []


def test_the_real_readme_has_no_mojibake(findings):
    assert _lines(findings, "mojibake") == []


def test_every_finding_names_a_known_rule_and_a_1_based_line(findings, survey_readme_text):
    n_lines = len(survey_readme_text.splitlines())
    assert all(f.rule in RULES and 1 <= f.line <= n_lines for f in findings)
    assert [f.line for f in findings] == sorted(f.line for f in findings)
    assert {r.id for r in RULES} == {f"LB{i:03d}" for i in range(1, len(RULES) + 1)}
    assert BY_NAME["broken-venue-tag"].severity == "error" and BY_NAME["venue-spelling"].severity == "warning"


def test_a_house_style_readme_is_clean():
    text = (
        "# T\n- [Quantization](#quantization)\n## 🤖 Model-Centric Methods\n### Quantization\n"
        "- New Paper, <ins>ICLR, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)] [[Code](https://github.com/a/b)]\n"
        "- Old Paper, <ins>arXiv, 2023</ins> [[Paper](https://arxiv.org/abs/2301.00001)]\n"
    )
    assert lint(parse(text)) == ()

"""The heading tree, opaque blocks and the taxonomy read from the real survey README."""

from bot.readme import parse
from bot.readme.headings import clean_name, github_slug, unique_slugs


def test_survey_has_its_taxonomy(survey_readme_text):
    doc = parse(survey_readme_text)
    leaves = doc.leaf_paths()
    assert len(leaves) == 49
    assert leaves[0] == (
        "Model-Centric Methods", "Model Compression", "Quantization", "Post-Training Quantization",
        "Weight-Only Quantization",
    )
    assert {p[0] for p in leaves} == {
        "Model-Centric Methods", "Data-Centric Methods", "System-Level Efficiency Optimization and LLM Frameworks",
    }
    # The frameworks table is not a list of papers.
    assert ("System-Level Efficiency Optimization and LLM Frameworks", "LLM Frameworks") not in leaves
    assert len(doc.entries) == 422


def test_fenced_code_html_and_toc_are_not_entries(survey_readme_text):
    doc = parse(survey_readme_text)
    raws = [e.raw for e in doc.entries]
    assert not any("Conference/Journal/Preprint" in r for r in raws)  # the format example in ```markdown
    assert not any("DeepSpeed" in r and r.startswith("|") for r in raws)  # frameworks table in <div>
    assert not any("(#" in r for r in raws)  # table of contents
    assert all(not h.text.startswith("@article") for h in doc.headings)


def test_h5_directly_under_h4_and_h6_paths(survey_readme_text):
    doc = parse(survey_readme_text)
    sharing = [h for h in doc.headings if h.name == "Parameter-Sharing"][0]
    assert sharing.level == 5
    assert sharing.path == ("Model-Centric Methods", "Model Compression", "Knowledge Distillation", "Parameter-Sharing")


def test_indented_entry_under_a_heading_is_read(survey_readme_text):
    doc = parse(survey_readme_text)
    path = doc.resolve_section("Evaluation of Post-Training Quantization")
    assert [e.arxiv_id for e in doc.entries_in(path)] == ["2402.18158"]


def test_heading_names_drop_emoji_footnotes_and_trailing_space():
    assert clean_name("🧑\u200d💻 System-Level Efficiency") == "System-Level Efficiency"
    assert clean_name("❤️ Community Support") == "Community Support"
    assert clean_name("Demonstration Selection  ") == "Demonstration Selection"
    assert clean_name("LLM Frameworks[^1]") == "LLM Frameworks"


def test_github_slugs():
    assert github_slug("🤖 Model-Centric Methods") == "-model-centric-methods"
    assert github_slug("❤️ Community Support") == "-community-support"
    assert github_slug("Kernelization or Low-Rank") == "kernelization-or-low-rank"
    assert github_slug("Demonstration Selection  ") == "demonstration-selection"
    assert unique_slugs(["A b", "A b", "a-b"]) == ["a-b", "a-b-1", "a-b-2"]


def test_html_comment_and_div_blocks_hide_entry_like_lines():
    text = (
        "## C\n### L\n<!--\n- Hidden, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\n-->\n"
        "<div>\n- Also hidden, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00002)]\n</div>\n"
        "~~~\n## not a heading\n~~~\n- Seen, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00003)]\n"
    )
    doc = parse(text)
    assert [e.title for e in doc.entries] == ["Seen"]
    assert [h.name for h in doc.headings] == ["C", "L"]


def test_resolve_section_by_name_or_path(survey_readme_text):
    doc = parse(survey_readme_text)
    assert doc.resolve_section("speculative decoding")[-1] == "Speculative Decoding"
    assert doc.resolve_section("Efficient Inference > KV-Cache Optimization")[-1] == "KV-Cache Optimization"

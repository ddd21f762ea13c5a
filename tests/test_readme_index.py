"""Paper identity: the arXiv id decides; titles decide only where a side has no id."""

from bot.readme import Index, normalise_title, parse


def test_find_by_id_and_by_title(survey_readme_text):
    ix = Index(parse(survey_readme_text))
    by_id = ix.find(arxiv_id="2306.00978")
    assert by_id and by_id[0].title.startswith("AWQ")
    assert ix.find(title="awq:  activation-aware weight quantization for LLM compression and acceleration") == by_id


def test_the_id_decides_and_a_shared_id_puts_the_agreeing_title_first(survey_readme_text):
    ix = Index(parse(survey_readme_text))
    assert set(ix.shared_ids()) == {"2308.13137", "2312.09571", "2305.15265"}
    # An id the README lists is listed whatever title it comes back under (dedupe, propose and add agree) ...
    assert ix.find(arxiv_id="2312.09571", title="A Completely Different Paper About Caching")
    # ... and of the entries sharing it, the one whose title agrees comes first (learn reads its section).
    zephyr = ix.find(arxiv_id="2312.09571", title="Zephyr: Direct Distillation of LM Alignment")
    assert len(zephyr) == 2 and zephyr[0].line_no + 1 == 195
    assert len(ix.find(arxiv_id="2312.09571")) == 2  # without a title every holder of the id is reported


def test_different_ids_are_different_papers_and_titles_decide_only_without_an_id(survey_readme_text):
    ix = Index(parse(survey_readme_text))
    (awq,) = ix.find(arxiv_id="2306.00978")
    assert not ix.find(arxiv_id="2599.00001", title=awq.title.upper() + "!")  # a title twin with its own id
    assert ix.find(title=awq.title.upper() + "!") == (awq,)  # no id given: the title decides
    no_id = next(e for e in ix.doc.entries if not e.arxiv_id and e.title)
    assert no_id in ix.find(arxiv_id="2599.00001", title=no_id.title)  # an entry without an id: its title decides


def test_duplicates_in_one_section_and_across_sections(survey_readme_text):
    dups = Index(parse(survey_readme_text)).duplicates()
    found = {(d.kind, d.entries[0].title.split(":")[0], tuple(e.line_no + 1 for e in d.entries)) for d in dups}
    assert ("same-section", "Graph of Thoughts", (536, 539)) in found
    assert ("several-sections", "OmniQuant", (122, 135)) in found


def test_title_twins_with_their_own_ids_are_two_papers_not_a_duplicate():
    text = ("# Survey\n## Leaf\n"
            "- Fast Attention, <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)]\n"
            "- Fast attention!, <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00002)]\n"
            "- FAST ATTENTION, <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)]\n")
    dups = Index(parse(text)).duplicates()
    assert [(d.kind, [e.arxiv_id for e in d.entries]) for d in dups] == [("same-section", ["2501.00001"] * 2)]


def test_title_normalisation():
    assert normalise_title("OmniQuant: OmniQuant: Omni Calibrated") == normalise_title("OmniQuant: Omni Calibrated")
    assert normalise_title("Nyströmformer\u00a0A") == normalise_title("NYSTRÖMFORMER a")
    assert normalise_title("A-B") == normalise_title("a b")

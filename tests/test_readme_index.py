"""Paper identity: a listed paper is found by id or title, and a reused id alone never counts as listed."""

from bot.readme import Index, normalise_title, parse


def test_find_by_id_and_by_title(survey_readme_text):
    ix = Index(parse(survey_readme_text))
    by_id = ix.find(arxiv_id="2306.00978")
    assert by_id and by_id[0].title.startswith("AWQ")
    assert ix.find(title="awq:  activation-aware weight quantization for LLM compression and acceleration") == by_id


def test_shared_ids_need_the_title_to_agree(survey_readme_text):
    ix = Index(parse(survey_readme_text))
    assert set(ix.shared_ids()) == {"2308.13137", "2312.09571", "2305.15265"}
    # The id is in the README on Zephyr, but a paper with another title and that id is not "already listed".
    assert not ix.find(arxiv_id="2312.09571", title="A Completely Different Paper About Caching")
    zephyr = ix.find(arxiv_id="2312.09571", title="Zephyr: Direct Distillation of LM Alignment")
    assert [e.line_no + 1 for e in zephyr] == [195]
    assert len(ix.find(arxiv_id="2312.09571")) == 2  # without a title every holder of the id is reported


def test_duplicates_in_one_section_and_across_sections(survey_readme_text):
    dups = Index(parse(survey_readme_text)).duplicates()
    found = {(d.kind, d.entries[0].title.split(":")[0], tuple(e.line_no + 1 for e in d.entries)) for d in dups}
    assert ("same-section", "Graph of Thoughts", (536, 539)) in found
    assert ("several-sections", "OmniQuant", (122, 135)) in found


def test_title_normalisation():
    assert normalise_title("OmniQuant: OmniQuant: Omni Calibrated") == normalise_title("OmniQuant: Omni Calibrated")
    assert normalise_title("Nyströmformer\u00a0A") == normalise_title("NYSTRÖMFORMER a")
    assert normalise_title("A-B") == normalise_title("a b")

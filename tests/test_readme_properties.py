"""Properties over generated README-like documents: round-trip holds, inserting never alters an existing line."""

import difflib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.readme import format_entry, insert_entries, parse

words = st.text(alphabet=st.sampled_from("abcXYZ ∞Σö:-,.'() \u00a0"), min_size=1, max_size=30)
years = st.integers(min_value=2015, max_value=2026)
arxiv_ids = st.builds(lambda a, b: f"{a:04d}.{b:05d}", st.integers(1501, 2612), st.integers(0, 99999))

entry = st.builds(
    lambda t, v, y, i, tag: f"- {t.strip() or 'T'}, " + {
        "ok": f"<ins>{v}, {y}</ins>", "broken": f"<ins>{v}, {y}/ins>", "orphan": f"{y}</ins>", "none": "",
    }[tag] + f" [[Paper](https://arxiv.org/abs/{i})]",
    words, st.sampled_from(["arXiv", "Arxiv", "NeurlPS", "ICLR"]), years, arxiv_ids,
    st.sampled_from(["ok", "broken", "orphan", "none"]),
)
junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=40)
block = st.one_of(
    entry,
    junk,
    st.just("```"), st.just("~~~~"), st.just("<div align=\"center\">"), st.just("</div>"),
    st.just("<!-- comment"), st.just("-->"), st.just(""), st.just("   "),
    st.builds(lambda n, w: "#" * n + " " + w, st.integers(1, 6), words),
)
endings = st.sampled_from(["\n", "\r\n"])


@st.composite
def documents(draw):
    lines = ["## Category", "### Leaf"] + draw(st.lists(block, max_size=40))
    text = "".join(line + draw(endings) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_is_byte_identical(text):
    assert parse(text).render() == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(st.tuples(words, years, arxiv_ids), min_size=1, max_size=5))
def test_inserting_only_adds_lines(text, papers):
    doc = parse(text)
    leaves = doc.leaf_paths()
    if not leaves:
        return
    items = []
    for n, (title, year, arxiv_id) in enumerate(papers):
        items.append((leaves[n % len(leaves)], format_entry(f"Inserted {n} {title}", "arXiv", year, arxiv_id)))
    try:
        new = insert_entries(doc, items).render()
    except Exception as exc:  # only the documented refusal is acceptable
        assert type(exc).__name__ == "ReadmeError", exc
        return
    old_lines = text.splitlines()
    new_lines = new.splitlines()
    ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops)
    assert sum(j2 - j1 for tag, _, _, j1, j2 in ops if tag == "insert") == len(items)

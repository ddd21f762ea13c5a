"""The PR body is a review table a maintainer can trust: everything shown, nothing from a paper executable."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from bot.pr_body import GITHUB_BODY_LIMIT, parse_block, render_block, render_body
from bot.proposal import Proposal

DAY = date(2025, 3, 4)
QUANT = ("Model-Centric Methods", "Model Compression", "Quantization", "Post-Training Quantization",
         "Weight-Only Quantization")
PRUNE = ("Model-Centric Methods", "Model Compression", "Parameter Pruning", "Unstructured Pruning")
KV = ("Model-Centric Methods", "Efficient Architecture Design", "Efficient Attention", "KV-Cache")


def paper(arxiv_id="2503.01234", title="SqueezeQuant: 3-bit Weights for Everyone", **kw) -> Proposal:
    fields = dict(
        entry_line=f"- {title}, <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/{arxiv_id})]",
        section=QUANT,
        confidence=0.8123,
        alternatives=((PRUNE, 0.11), (KV, 0.05), (("Other", "Leaf"), 0.01)),
        why_terms=("quantization", "3-bit", "weights"),
        nearest=("AWQ: Activation-aware Weight Quantization", "GPTQ: Accurate Post-Training Quantization"),
        abstract="We squeeze weights into three bits.",
    )
    fields.update(kw)
    return Proposal(arxiv_id=arxiv_id, title=title, **fields)


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_body_shows_everything_a_reviewer_needs_for_each_paper():
    body = render_body(DAY, (paper(),))
    assert "1 paper from arXiv (2025-03-04)" in body
    assert "```text\n- SqueezeQuant: 3-bit Weights for Everyone, <ins>arXiv, 2025</ins>" in body  # literal entry
    assert "Weight-Only Quantization" in body and "Model-Centric Methods › Model Compression" in body
    assert "0.81" in body
    assert "Unstructured Pruning (0.11)" in body and "KV-Cache (0.05)" in body
    assert "Leaf (0.01)" not in body  # only the two best alternatives
    assert "quantization, 3-bit, weights" in body
    assert "*AWQ: Activation-aware Weight Quantization*" in body
    assert "https://arxiv.org/abs/2503.01234" in body
    assert "<details><summary>Abstract</summary>\n\nWe squeeze weights into three bits.\n\n</details>" in body
    row = next(line for line in body.splitlines() if line.startswith("| 1 |"))
    assert "[SqueezeQuant: 3-bit Weights for Everyone](https://arxiv.org/abs/2503.01234)" in row


def test_block_round_trips_ids_and_sections_in_order():
    papers = (paper(), paper("2503.09999", "Another Cache Paper", section=KV, confidence=math.nan))
    block = parse_block(render_body(DAY, papers))
    assert block is not None and block.day == DAY
    assert [(p.arxiv_id, p.section) for p in block.papers] == [("2503.01234", QUANT), ("2503.09999", KV)]
    assert block.papers[0].confidence == pytest.approx(0.8123) and math.isnan(block.papers[1].confidence)
    assert block.arxiv_ids == {"2503.01234", "2503.09999"}


def test_block_survives_crlf_and_text_around_it_and_takes_the_last_one():
    old = render_block(date(2025, 1, 1), (paper("2501.00001"),))
    new = render_block(DAY, (paper("2503.00002"),))
    body = ("Maintainer note\r\n" + old + "\r\nmore\r\n" + new + "\r\n")
    assert parse_block(body).arxiv_ids == {"2503.00002"}


@pytest.mark.parametrize("body", [None, "", "no block here", "<!-- litbot: {not json} -->",
                                  '<!-- litbot: {"v": 1, "papers": []} -->',
                                  '<!-- litbot: {"v": 1, "date": "2025-01-01", "papers": [{"x": 1}]} -->'])
def test_missing_or_broken_block_reads_as_none(body):
    assert parse_block(body) is None


HOSTILE = ("<img src=x onerror=alert(1)> Ping @octocat and @org/team, see #12, mail a@b.co "
           "[click](javascript:alert(1)) `code` | split | <script>x</script> --> end")


def test_hostile_paper_text_is_inert():
    p = paper(title=HOSTILE, abstract=HOSTILE + "\n\n# Heading\n- item\n<details>", why_terms=(HOSTILE,),
              nearest=(HOSTILE,), alternatives=(((HOSTILE,), 0.3),))
    body = render_body(DAY, (p,))
    prose = re.sub(r"```text\n.*?\n```", "", body, flags=re.DOTALL)  # outside the entry's code block
    prose = prose.split("<!-- litbot:")[0]
    for bad in ("<img", "<script", "<details>\n\n# Heading", "](javascript", "[click]"):
        assert not re.search(r"(?<!\\)" + re.escape(bad), prose), bad
    for bad in ("javascript:", "@octocat", "@org", "#12", "`code`"):
        assert bad not in prose, bad
    assert "a@b" not in prose.replace("`a@b.co`", ""), "an address shows only as code, never as a mailto: link"
    assert "@\u200docto" in body  # the mention is still readable, just not a ping
    assert "\n# Heading" not in body and "\n- item" not in body
    assert body.count("<details>") == 1  # ours; the abstract's own tag is escaped
    for line in body.splitlines():
        if line.startswith("| 1 |"):
            assert unescaped_pipes(line) == 7  # six columns
    block = parse_block(body)  # '-->' in the title cannot end the comment early
    assert block is not None and block.papers[0].title.startswith("<img")
    assert re.sub(r"```text\n.*?\n```", "", body, flags=re.DOTALL).count("-->") == 1


def test_entry_line_with_backticks_stays_inside_its_code_block():
    p = paper(entry_line="- A ```` B, <ins>arXiv, 2025</ins> [[Paper](https://arxiv.org/abs/2503.01234)]")
    body = render_body(DAY, (p,))
    assert "`````text\n- A ```` B," in body and "\n`````\n" in body


def test_invisible_and_bidi_characters_are_dropped():
    p = paper(title="Safe\u202eTitle\u200b here\x07")
    assert "SafeTitle here" in render_body(DAY, (p,))


def test_lengths_are_capped_so_the_body_fits_github():
    huge = "word " * 40_000
    papers = tuple(paper(f"2503.{i:05d}", f"Paper {i} " + huge[:5000], abstract=huge) for i in range(40))
    body = render_body(DAY, papers)
    assert len(body) < GITHUB_BODY_LIMIT
    assert parse_block(body).arxiv_ids == {f"2503.{i:05d}" for i in range(40)}
    assert max(len(line) for line in body.splitlines() if not line.startswith("<!--")) < 3_000


def test_proposal_validates_its_fields():
    with pytest.raises(ValueError):
        paper(arxiv_id="javascript:alert(1)")
    with pytest.raises(ValueError):
        paper(confidence=1.5)
    for broken in ("two\n\nentries", "carriage\r\nreturn", " "):  # a list's multi-line item is fine, these not
        with pytest.raises(ValueError):
            paper(entry_line=broken)
    assert paper(entry_line="**Title** \\\narXiv 2025.").entry_line.count("\n") == 1
    assert paper(arxiv_id="2503.01234v2").arxiv_id == "2503.01234"


def test_commit_message_uses_a_short_title_and_the_leaf():
    assert paper().commit_message == "Add SqueezeQuant to Weight-Only Quantization"
    long = paper(title="A very long title without any colon that goes on and on about efficient inference of LLMs")
    assert long.short_title.endswith("…") and len(long.short_title) <= 60
    assert Proposal.from_dict(paper().to_dict()) == paper()


@pytest.mark.parametrize(("abstract", "shown"), [("- not a list", "\\- not a list"),
                                                 ("1. not a list", "1\\. not a list"),
                                                 ("=== not a heading", "\\=== not a heading"),
                                                 ("> not a quote", "\\> not a quote")])
def test_an_abstract_cannot_start_a_markdown_block(abstract, shown):
    assert f"\n\n{shown}\n\n</details>" in render_body(DAY, (paper(abstract=abstract),))

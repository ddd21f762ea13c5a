"""Views lint needs from the README model: link spans with their written form, and the opaque (code/HTML) lines."""

from bot.readme.entry_line import link_spans, parse_links


def _forms(line):
    return [(s.form, s.label, s.url, line[s.start : s.end]) for s in link_spans(line)]


def test_house_style_links_and_their_spans():
    line = "- T, <ins>ICLR, 2024</ins> [[Paper](https://arxiv.org/abs/2401.01234)] [[Code](https://github.com/a/b)]"
    assert _forms(line) == [
        ("ok", "Paper", "https://arxiv.org/abs/2401.01234", "[[Paper](https://arxiv.org/abs/2401.01234)]"),
        ("ok", "Code", "https://github.com/a/b", "[[Code](https://github.com/a/b)]"),
    ]


def test_malformed_forms_are_named():
    line = (
        "- T [[Paper]](https://arxiv.org/abs/2010.06891) [[Code]([https://x.example](https://github.com/a/b))]"
        "[[Demo](https://d.example/(x))"
    )
    assert _forms(line) == [
        ("outside", "Paper", "https://arxiv.org/abs/2010.06891", "[[Paper]](https://arxiv.org/abs/2010.06891)"),
        ("nested", "Code", "https://github.com/a/b", "[[Code]([https://x.example](https://github.com/a/b))]"),
        ("unclosed", "Demo", "https://d.example/(x)", "[[Demo](https://d.example/(x))"),
    ]


def test_the_survey_has_one_nested_and_one_outside_link(survey_readme_text):
    odd = [
        (n, s.form)
        for n, line in enumerate(survey_readme_text.splitlines(), 1)
        for s in link_spans(line)
        if s.form != "ok"
    ]
    assert odd == [(311, "nested"), (424, "outside")]


def test_parse_links_keeps_label_and_href():
    line = "- T [[Paper]](https://arxiv.org/abs/2010.06891)[[Code](https://github.com/a/b)]"
    assert [(link.label, link.url) for link in parse_links(line)] == [
        ("Paper", "https://arxiv.org/abs/2010.06891"), ("Code", "https://github.com/a/b"),
    ]


def test_opaque_lines_are_code_fences_and_html_blocks():
    from bot.readme import parse

    doc = parse("# T\n```\n[x](#y)\n```\n<div>\n[a](#b)\n</div>\n[c](#d)\n")
    assert sorted(doc.opaque_lines()) == [1, 2, 3, 4, 5, 6]

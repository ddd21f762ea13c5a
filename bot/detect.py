"""Finds a paper's publication venue and code link in its arXiv journal_ref, comments and abstract (pure)."""

from __future__ import annotations

import re

from bot.venues import CANONICAL, normalise_venue

# Long forms that journal_refs and comments spell out, most specific first (TACL and NAACL before ACL).
_LONG_FORMS: tuple[tuple[str, str], ...] = (
    (r"Transactions of the Association for Computational Linguistics", "TACL"),
    (r"North American Chapter of the Association for Computational Linguistics", "NAACL"),
    (r"European Chapter of the Association for Computational Linguistics", "EACL"),
    (r"Asia[- ]Pacific Chapter of the Association for Computational Linguistics", "AACL"),
    (r"Annual Meeting of the Association for Computational Linguistics", "ACL"),
    (r"Association for Computational Linguistics", "ACL"),
    (r"Empirical Methods in Natural Language Processing", "EMNLP"),
    (r"(?:Conference on |Advances in )?Neural Information Processing Systems", "NeurIPS"),
    (r"International Conference on Machine Learning(?! and)", "ICML"),
    (r"International Conference on Learning Representations", "ICLR"),
    (r"Conference on Language Modeling", "COLM"),
    (r"Transactions on Machine Learning Research", "TMLR"),
    (r"Journal of Machine Learning Research", "JMLR"),
    (r"Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
    (r"Conference on Machine Learning and Systems", "MLSys"),
    (r"AAAI Conference on Artificial Intelligence", "AAAI"),
)
# Acronyms that are ordinary words or too short to trust unless a year is attached (`SC'24`, `FAST 2025`).
_NEEDS_YEAR = frozenset({"SC", "FAST", "MICRO", "DAC", "WWW", "COLT", "UAI", "FPGA", "ATC", "COLM"})
_NOT_VENUES = frozenset({"arXiv", "Blog", "Github", "Website"})
_ALIASES = {"NIPS": "NeurIPS", "NeurIPS": "NeurIPS", "MLSys": "MLSys", "ATC": "USENIX ATC", "PVLDB": "VLDB"}
_FINDINGS_CONFS = ("EMNLP", "NAACL", "EACL", "AACL", "ACL")

_YEAR_AFTER = re.compile(r"(?:\s*['’‘`]\s*(?P<yy>\d{2})|[\s\-,(]*(?P<yyyy>(?:19|20)\d{2})|-?(?P<att>\d{2}))(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NEGATIVE = re.compile(
    r"submitted|submission|under review|in review|under consideration|rejected|withdrawn|"
    r"extends our|extension of our|earlier version|previous version|preliminary version",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"accepted|to appear|appear(?:s|ed)? (?:in|at)|published|camera[- ]ready|proceedings|proc\.|"
    r"conference paper|main conference|main track|oral|spotlight|poster|findings",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"workshop|tiny papers?\b|\bSRW\b", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[;\n|]+|(?<=[a-z0-9)\]])\.\s+(?=[A-Z])")


def _build_mention_regex() -> re.Pattern[str]:
    acronyms = sorted(
        {name for name in CANONICAL if name not in _NOT_VENUES and " " not in name} | set(_ALIASES),
        key=len,
        reverse=True,
    )
    long_alt = "|".join(f"(?P<L{i}>{pattern})" for i, (pattern, _) in enumerate(_LONG_FORMS))
    short_alt = "|".join(re.escape(a) for a in acronyms)
    # Acronyms match case-sensitively on word edges (so `acl` or `FASTer` never count); digits may follow.
    return re.compile(rf"{long_alt}|(?<![A-Za-z])(?P<A>{short_alt})(?![A-Za-z])")


_MENTION = _build_mention_regex()


def _year_after(text: str, pos: int) -> int | None:
    match = _YEAR_AFTER.match(text, pos)
    if not match:
        return None
    if match.group("yyyy"):
        return int(match.group("yyyy"))
    two = match.group("yy") or match.group("att")
    return 2000 + int(two)


def _mentions(clause: str) -> list[tuple[str, int | None]]:
    """Every venue named in the clause, in order, with the year written right after it (if any)."""
    found: list[tuple[str, int | None]] = []
    for match in _MENTION.finditer(clause):
        year = _year_after(clause, match.end())
        if match.group("A"):
            acronym = match.group("A")
            if acronym in _NEEDS_YEAR and year is None:
                continue
            venue = _ALIASES.get(acronym, acronym)
        else:
            index = next(i for i in range(len(_LONG_FORMS)) if match.group(f"L{i}"))
            venue = _LONG_FORMS[index][1]
        found.append((normalise_venue(venue), year))
    return found


def _from_clause(clause: str, trusted: bool) -> tuple[int, str, int | None] | None:
    """(strength, venue, year) for one clause; strength 2 = stated as published, 1 = bare `VENUE YEAR`."""
    if _NEGATIVE.search(clause):
        return None
    mentions = _mentions(clause)
    if not mentions:
        return None
    findings = re.search(r"findings", clause, re.IGNORECASE) is not None
    venue, year = mentions[0]
    if findings:
        confs = [m for m in mentions if m[0] in _FINDINGS_CONFS]
        if not confs:
            return None
        explicit = [m for m in confs if m[0] != "ACL"] or confs
        venue, year = explicit[0][0] + " Findings", explicit[0][1]
    elif _WORKSHOP.search(clause):
        venue = venue + " Workshop"
    if year is None:
        any_year = _ANY_YEAR.search(clause)
        year = int(any_year.group(1)) if any_year else None
    positive = trusted or findings or _POSITIVE.search(clause) is not None
    if not positive and year is None:
        return None
    return (2 if positive else 1), venue, year


def _clauses(text: str | None) -> list[str]:
    if not text:
        return []
    flat = text.replace("\u00a0", " ")
    return [c.strip() for c in _CLAUSE_SPLIT.split(flat) if c and c.strip()]


def detect_venue(journal_ref: str | None, comments: str | None) -> tuple[str, int | None] | None:
    """The venue a paper was accepted at, as (canonical README venue, year or None), or None if not stated.

    The journal_ref counts as a publication statement; a comment counts when it says so (`Accepted to ICLR
    2025`, `To appear in MLSys'24`, `NeurIPS 2024 camera-ready`) or names a venue with its year. Clauses
    that only submit (`submitted to ICLR`, `under review`) are ignored; a workshop of a conference gives
    `<Conference> Workshop`, never the main conference; Findings give `<Conf> Findings`.
    """
    best: tuple[int, str, int | None] | None = None
    for clause in _clauses(journal_ref):
        hit = _from_clause(clause, trusted=True)
        if hit:
            return hit[1], hit[2]
    for clause in _clauses(comments):
        hit = _from_clause(clause, trusted=False)
        if hit and (best is None or hit[0] > best[0]):
            best = hit
    return (best[1], best[2]) if best else None


_CODE_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com|huggingface\.co)/(?P<path>[^\s<>\"'{}|\\^`]+)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*>"
_NOT_REPOS = frozenset({"features", "about", "pricing", "login", "topics", "sponsors", "docs", "blog", "papers"})


def _clean_url_path(path: str) -> str:
    path = path.rstrip(_TRAILING)
    # Drop closing brackets that the URL did not open: `(see github.com/a/b)` -> `a/b`.
    for opener, closer in (("(", ")"), ("[", "]")):
        while path.endswith(closer) and path.count(closer) > path.count(opener):
            path = path[:-1].rstrip(_TRAILING)
    return path.rstrip("/").rstrip(_TRAILING)


def detect_code_url(*texts: str | None) -> str | None:
    """The first code link in the texts (comments, abstract...), as an https URL, or None.

    GitHub and GitLab repositories (`owner/repo`) come before Hugging Face pages; trailing punctuation and
    unmatched closing brackets are stripped.
    """
    repos: list[str] = []
    hubs: list[str] = []
    for text in texts:
        for match in _CODE_URL.finditer(text or ""):
            host = match.group("host").lower()
            path = _clean_url_path(match.group("path"))
            parts = [p for p in path.split("/") if p]
            if not parts or parts[0].lower() in _NOT_REPOS:
                continue
            if host == "huggingface.co":
                hubs.append(f"https://{host}/{path}")
            elif len(parts) >= 2:
                repos.append(f"https://{host}/{path}")
    return repos[0] if repos else hubs[0] if hubs else None

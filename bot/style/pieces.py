"""Reading and writing the pieces of an entry: dates in a list's format, author lists, links and badges."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass

from bot.readme.entry_line import link_spans

log = logging.getLogger(__name__)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9
_MON = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)([a-z]*)\.?"
# (regex, kind) in the order they are tried; each match is one date as written.
DATE_PATTERNS = (
    (re.compile(r"\b(\d{1,2}) " + _MON + r",? ((?:19|20)\d{2})\b"), "dmy"),
    (re.compile(r"\b" + _MON + r" (\d{1,2}),? ((?:19|20)\d{2})\b"), "mdy"),
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b((?:19|20)\d{2})[./](0[1-9]|1[0-2])\b(?![./]\d)"), "ym"),
)
_ET_AL = re.compile(r"[,\s]*\bet\.? al\.?$", re.IGNORECASE)


def _month_token(name: str, rest: str) -> str:
    """`Oct` is written {Mon}, `October` {Month}."""
    return "{Mon}" if not rest else "{Month}"


def read_date(match: re.Match, kind: str) -> tuple[dt.date, str] | None:
    """(date, format) of a DATE_PATTERNS match, or None for an impossible date; `{dd}` only when a zero pads the day."""
    try:
        if kind == "dmy":
            day, mon, rest, year = match.group(1), match.group(2), match.group(3), match.group(4)
            month = _MONTHS.get((mon + rest).lower(), _MONTHS[mon.lower()])
            comma = "," if "," in match.group(0) else ""
            fmt = ("{dd}" if day.startswith("0") else "{d}") + " " + _month_token(mon, rest) + comma + " {yyyy}"
            return dt.date(int(year), month, int(day)), fmt
        if kind == "mdy":
            mon, rest, day, year = match.group(1), match.group(2), match.group(3), match.group(4)
            month = _MONTHS.get((mon + rest).lower(), _MONTHS[mon.lower()])
            sep = ", " if "," in match.group(0) else " "
            fmt = _month_token(mon, rest) + " " + ("{dd}" if day.startswith("0") else "{d}") + sep + "{yyyy}"
            return dt.date(int(year), month, int(day)), fmt
        if kind == "iso":
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))), "{yyyy}-{mm}-{dd}"
        sep = match.group(0)[4]
        return dt.date(int(match.group(1)), int(match.group(2)), 1), "{yyyy}" + sep + "{mm}"
    except (ValueError, KeyError):
        return None


def write_date(date: dt.date, fmt: str) -> str:
    """The date in a list's format (`{d} {Mon} {yyyy}` -> `5 Sep 2023`)."""
    return (fmt.replace("{dd}", f"{date.day:02d}").replace("{d}", str(date.day))
            .replace("{mm}", f"{date.month:02d}").replace("{Month}", calendar.month_name[date.month])
            .replace("{Mon}", calendar.month_abbr[date.month]).replace("{yyyy}", str(date.year)))


@dataclass(frozen=True)
class AuthorsRead:
    names: tuple[str, ...]
    et_al: str  # "" or the text that marks a cut list, e.g. ", et al."
    last_sep: str  # ", " / " and " / ", and " or "" for a single name


def read_authors(text: str) -> AuthorsRead:
    """Split `A, B and C` / `A, B, et al.` into names, the cut marker and the last separator."""
    text = text.strip()
    et_al = ""
    m = _ET_AL.search(text)
    if m and m.start() > 0:
        et_al, text = m.group(0), text[: m.start()]
    last_sep = ""
    m = re.search(r"(,? and |, )(?!.*(?:, | and ))", text)
    if m:
        last_sep = m.group(1)
    parts = [p.strip() for p in re.split(r",? and |, ", text) if p.strip()]
    return AuthorsRead(tuple(parts), et_al, last_sep)


def write_authors(names: tuple[str, ...], et_al: bool, sep: str, last_sep: str, max_names: int,
                  marker: str) -> str:
    """Names joined the list's way; cut to `max_names` plus `marker` when the list cuts, or when `et_al` says so."""
    names = tuple(names)
    cut = et_al or bool(max_names and len(names) > max_names and marker)
    if max_names and marker and len(names) > max_names:
        names = names[:max_names]
    if cut and marker:
        return sep.join(names) + marker
    if len(names) < 2:
        return "".join(names)
    return sep.join(names[:-1]) + (last_sep or sep) + names[-1]


@dataclass(frozen=True)
class LinkRead:
    """One link as written: `form` is ok `[[L](u)]`, outside `[[L]](u)` or single `[L](u)`."""

    start: int
    end: int
    label: str
    url: str
    form: str


_SINGLE = re.compile(r"(?<![!\]\[])\[([^\[\]]+)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
BADGE = re.compile(r"\[?!\[[^\]]*\]\([^)\s]*\)(?:\]\([^)\s]*\))?")


def read_links(text: str) -> tuple[LinkRead, ...]:
    """Every `[[L](u)]`, `[[L]](u)` and plain `[L](u)` link of a text, in order (badges are not links)."""
    found = [LinkRead(s.start, s.end, s.label, s.url, "outside" if s.form == "outside" else "ok")
             for s in link_spans(text) if s.form in ("ok", "outside")]
    taken = [(link.start, link.end) for link in found]
    badges = [(m.start(), m.end()) for m in BADGE.finditer(text)]
    for m in _SINGLE.finditer(text):
        if any(a <= m.start() < b for a, b in taken + badges):
            continue
        found.append(LinkRead(m.start(), m.end(), m.group(1).strip(), m.group(2).strip(), "single"))
    return tuple(sorted(found, key=lambda link: link.start))


def write_link(form: str, label: str, url: str) -> str:
    if form == "outside":
        return f"[[{label}]]({url})"
    if form == "single":
        return f"[{label}]({url})"
    return f"[[{label}]({url})]"


def github_repo(url: str | None) -> str | None:
    """`owner/name` of a github.com URL, else None."""
    m = re.match(r"https?://(?:www\.)?github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?(?:[#?].*)?$", url or "")
    return m.group(1) if m else None


def is_code(label: str, url: str) -> bool:
    return label.lower() in ("code", "github", "repo", "project code") or (
        label.lower() not in ("project", "website", "page", "demo") and github_repo(url) is not None)


def is_paper(label: str) -> bool:
    return label.lower() in ("paper", "pdf", "arxiv", "abs", "abstract", "preprint")

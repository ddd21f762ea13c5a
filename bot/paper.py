"""The Paper record (plain frozen data) and the arXiv identifier and text helpers that build it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

# What an RSS listing says about an entry: `new` and `cross` are discoveries, the others are version updates.
ANNOUNCE_TYPES: tuple[str, ...] = ("new", "cross", "replace", "replace-cross")
DISCOVERY_TYPES: frozenset[str] = frozenset({"new", "cross"})

# A bare (version-free) arXiv id, new style `2401.01234` or old style `hep-th/9901001`.
ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$")
_NEW_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v(\d+))?")
_OLD_ID = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?")
_ID_PREFIX = re.compile(
    r"^(?:oai:arxiv\.org:|arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)
_RSS_PREFIX = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:)?\s*", re.IGNORECASE
)
_WS = re.compile(r"\s+")


def collapse_ws(text: str | None) -> str:
    """Collapse every run of whitespace (newlines included) to one space and strip the ends."""
    return _WS.sub(" ", text or "").strip()


def split_arxiv_id(raw: str) -> tuple[str, int | None]:
    """Split an arXiv id as written anywhere into (id without version, version or None).

    Accepts `2401.01234v3`, `arXiv:2401.01234`, `oai:arXiv.org:2401.01234v1`, abs/pdf URLs and old-style
    ids such as `quant-ph/0201082v2`. Raises ValueError for anything that is not an arXiv id.
    """
    text = _ID_PREFIX.sub("", raw.strip())
    text = re.sub(r"\.pdf$", "", text)
    for pattern in (_NEW_ID, _OLD_ID):
        match = pattern.fullmatch(text)
        if match:
            return match.group(1), int(match.group(2)) if match.group(2) else None
    raise ValueError(f"not an arXiv id: {raw!r}")


def base_id(raw: str) -> str:
    """The version-free arXiv id of `raw` (`2401.01234v3` -> `2401.01234`)."""
    return split_arxiv_id(raw)[0]


def strip_rss_prefix(summary: str) -> tuple[str, str | None, str | None]:
    """Split an rss.arxiv.org summary into (abstract, versioned id, announce type).

    The feed writes `arXiv:2508.13426v1 Announce Type: cross Abstract: ...`; a summary without that prefix
    comes back whole, with None for the id and type.
    """
    match = _RSS_PREFIX.match(summary or "")
    if not match:
        return collapse_ws(summary), None, None
    return collapse_ws(summary[match.end():]), match.group("id"), match.group("type").lower()


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _opt_text(value: Any) -> str | None:
    text = collapse_ws(value) if value is not None else ""
    return text or None


# The arXiv categories litbot watches unless configured otherwise: NLP, ML, AI, and the systems areas
# (distributed computing, hardware architecture, performance) where serving and training papers appear.
DEFAULT_CATEGORIES: tuple[str, ...] = ("cs.CL", "cs.LG", "cs.AI", "cs.DC", "cs.AR", "cs.PF")


@dataclass(frozen=True)
class Paper:
    """One arXiv paper as litbot sees it: identity, text, listing facts and the metadata venue detection reads.

    Construction normalises: the id loses its version (kept in `version`), title and abstract have their
    whitespace collapsed, sequences become tuples, empty strings become None.
    """

    arxiv_id: str
    title: str
    abstract: str = ""
    version: int | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str = ""
    announce_date: date | None = None
    published: datetime | None = None
    updated: datetime | None = None
    comments: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    announce_type: str = "new"

    def __post_init__(self) -> None:
        ident, version = split_arxiv_id(self.arxiv_id)
        setattr_ = object.__setattr__
        setattr_(self, "arxiv_id", ident)
        setattr_(self, "version", self.version if self.version is not None else version)
        setattr_(self, "title", collapse_ws(self.title))
        setattr_(self, "abstract", collapse_ws(self.abstract))
        setattr_(self, "authors", tuple(collapse_ws(a) for a in self.authors if collapse_ws(a)))
        setattr_(self, "categories", tuple(dict.fromkeys(c.strip() for c in self.categories if c.strip())))
        setattr_(self, "primary_category", self.primary_category or (self.categories[0] if self.categories else ""))
        setattr_(self, "announce_date", _as_date(self.announce_date))
        setattr_(self, "published", _as_datetime(self.published))
        setattr_(self, "updated", _as_datetime(self.updated))
        for name in ("comments", "journal_ref", "doi"):
            setattr_(self, name, _opt_text(getattr(self, name)))
        kind = (self.announce_type or "new").lower()
        if kind not in ANNOUNCE_TYPES:
            raise ValueError(f"unknown announce type {self.announce_type!r} for {ident}")
        setattr_(self, "announce_type", kind)

    @property
    def is_discovery(self) -> bool:
        """True for `new` and `cross` listings; replacements only update a known paper's version."""
        return self.announce_type in DISCOVERY_TYPES

    @property
    def versioned_id(self) -> str:
        return f"{self.arxiv_id}v{self.version}" if self.version else self.arxiv_id

    def with_metadata(self, meta: Paper) -> Paper:
        """This listing, completed with the API's record of the same paper (comments, journal_ref, doi, dates).

        Listing facts (announce date and type) stay; fields the API knows better replace empty ones.
        """
        if meta.arxiv_id != self.arxiv_id:
            raise ValueError(f"metadata for {meta.arxiv_id} does not belong to {self.arxiv_id}")
        return replace(
            self,
            title=self.title or meta.title,
            abstract=self.abstract or meta.abstract,
            version=max(self.version or 0, meta.version or 0) or None,
            authors=meta.authors or self.authors,
            categories=self.categories or meta.categories,
            primary_category=meta.primary_category or self.primary_category,
            published=meta.published or self.published,
            updated=meta.updated or self.updated,
            comments=meta.comments or self.comments,
            journal_ref=meta.journal_ref or self.journal_ref,
            doi=meta.doi or self.doi,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO dates, lists); `Paper.from_dict(p.to_dict()) == p`."""
        data = asdict(self)
        for key in ("announce_date", "published", "updated"):
            data[key] = data[key].isoformat() if data[key] else None
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """Build from `to_dict` output or from a stream record (`arxiv_id, title, abstract, categories, date`)."""
        known = {
            "arxiv_id", "title", "abstract", "version", "authors", "categories", "primary_category",
            "announce_date", "published", "updated", "comments", "journal_ref", "doi", "announce_type",
        }
        kwargs = {key: data[key] for key in known if key in data and data[key] is not None}
        if "announce_date" not in kwargs and data.get("date"):
            kwargs["announce_date"] = data["date"]
        if "comments" not in kwargs and data.get("comment"):
            kwargs["comments"] = data["comment"]
        for key in ("authors", "categories"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = tuple(kwargs[key].replace(",", " ").split())
        if "title" not in kwargs:
            raise ValueError(f"paper record without a title: {data.get('arxiv_id')!r}")
        return cls(**kwargs)

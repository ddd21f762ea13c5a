"""A loopback arXiv: rss.arxiv.org Atom listings under /atom/<cats> and export.arxiv.org API Atom under /api/query.

It speaks the real wire formats: the recorded fixtures in shared/fixtures/arxiv are served byte for byte, and
papers from the shared stream are rendered in the same shapes. A failure schedule injects the faults arXiv
really produces (429 with Retry-After, 503, connection reset, stall, empty page, truncated or undecodable body,
an HTML error page sent with status 200). Every request is recorded with its path, query and the (fake) time.
"""

from __future__ import annotations

import gzip
import json
import re
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from bot.arxiv_source import previous_weekday
from bot.paper import Paper
from tests.fakes.arxiv_wire import api_feed, render_api_entry, render_rss_entry, rss_feed

# Copies of shared/fixtures/arxiv plus the shared stream's records announced 2025-06-09..13, kept in the repo so
# a clone tests without ../shared. The whole stream (for benchmarks) is used from ../shared/data when present.
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "arxiv"
STREAM_SAMPLE = FIXTURES / "stream_2025-06-09_2025-06-13.jsonl.gz"
_SHARED_STREAMS = sorted((Path(__file__).resolve().parents[3] / "shared" / "data").glob("arxiv_stream_*.jsonl.gz"))
STREAM = _SHARED_STREAMS[0] if _SHARED_STREAMS else STREAM_SAMPLE

FAULTS = ("429", "503", "reset", "stall", "empty", "truncated", "bad-utf8", "html200")
_ENTRY = re.compile(rb"\s*<entry>.*?</entry>", re.DOTALL)


@dataclass
class Fault:
    """One scheduled failure; `path` limits it to requests under that path prefix (`/api`, `/atom`)."""

    kind: str
    retry_after: int | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULTS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {FAULTS}")


@dataclass
class Request:
    path: str
    query: dict[str, str]
    time: float
    fault: str | None = None


class FakeClock:
    """A clock that only moves when the code under test sleeps on it (or the test advances it)."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@dataclass
class _ApiRecord:
    published: datetime
    categories: tuple[str, ...]
    xml: bytes


def stream_papers(first: date, last: date, limit: int | None = None, path: Path = STREAM_SAMPLE) -> list[Paper]:
    """Real stream records announced between two dates, as Papers whose v1 was submitted the weekday before
    (17:00 UTC, inside arXiv's window for that announcement)."""
    papers: list[Paper] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            day = date.fromisoformat(record["date"])
            if not first <= day <= last:
                continue
            submitted = datetime.combine(previous_weekday(day), datetime.min.time(), timezone.utc)
            papers.append(Paper.from_dict({**record, "version": 1, "published": submitted + timedelta(hours=17),
                                           "authors": ["A. Author", "B. Author"]}))
            if limit and len(papers) >= limit:
                break
    return papers


class FakeArxiv:
    """The loopback server plus the state it serves; use `rss_url` and `api_url` as the adapter's base URLs."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, stall_seconds: float = 3.0) -> None:
        self.clock = clock
        self.stall_seconds = stall_seconds
        self.listing_day = date(2025, 8, 20)
        self.rss_entries: dict[str, list[bytes]] = {}
        self.rss_raw: dict[str, bytes] = {}
        self.api: dict[str, _ApiRecord] = {}
        self.requests: list[Request] = []
        self.schedule: deque[Fault | None] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    # --- addresses and lifecycle -------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def rss_url(self) -> str:
        return self.base + "/atom"

    @property
    def api_url(self) -> str:
        return self.base + "/api/query"

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    # --- content ---------------------------------------------------------------------------------------------
    def serve_rss_file(self, cats: str, path: Path) -> None:
        """Answer /atom/<cats> with this recorded file, byte for byte."""
        self.rss_raw[cats] = Path(path).read_bytes()

    def list_rss_file(self, category: str, path: Path) -> None:
        """Use the entries of a recorded single-category feed as `category`'s listing."""
        entries = _ENTRY.finditer(Path(path).read_bytes())
        self.rss_entries.setdefault(category, []).extend(m.group(0) + b"\n" for m in entries)

    def list_papers(self, papers: Iterable[Paper], day: date | None = None) -> None:
        """Announce papers in the RSS listing of every category they carry (a cross-list appears in each)."""
        self.listing_day = day or self.listing_day
        for paper in papers:
            for category in paper.categories:
                self.rss_entries.setdefault(category, []).append(render_rss_entry(paper, category, self.listing_day))

    def announce(self, papers: Iterable[Paper], day: date) -> None:
        """Replace the RSS listing with `day`'s announcement (an empty list is a weekend or holiday feed)."""
        self.rss_entries.clear()
        self.rss_raw.clear()
        self.list_papers(papers, day)

    def add_api_papers(self, papers: Iterable[Paper]) -> None:
        """Make papers known to the API (id_list lookups and submittedDate searches)."""
        for paper in papers:
            published = paper.published or datetime(2025, 1, 1, tzinfo=timezone.utc)
            self.api[paper.arxiv_id] = _ApiRecord(published, paper.categories, render_api_entry(paper))

    def add_api_file(self, path: Path) -> None:
        """Make the entries of a recorded API response known to the API, byte for byte."""
        for match in _ENTRY.finditer(Path(path).read_bytes()):
            raw = match.group(0)
            ident = re.search(rb"<id>https?://arxiv\.org/abs/([^<]+?)(v\d+)?</id>", raw).group(1).decode()
            published = re.search(rb"<published>([^<]+)</published>", raw).group(1).decode()
            cats = tuple(c.decode() for c in re.findall(rb'<category term="([^"]+)"', raw))
            moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
            self.api[ident] = _ApiRecord(moment, cats, raw + b"\n")

    def fail(self, *faults: Fault | str | None) -> None:
        """Append to the failure schedule: a Fault, a fault kind, or None for one normal answer."""
        for fault in faults:
            self.schedule.append(Fault(fault) if isinstance(fault, str) else fault)

    def requests_to(self, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    # --- answering -------------------------------------------------------------------------------------------
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            if self.schedule and (self.schedule[0] is None or not self.schedule[0].path
                                  or path.startswith(self.schedule[0].path)):
                return self.schedule.popleft()
        return None

    def rss_body(self, cats: str, empty: bool = False) -> bytes:
        if cats in self.rss_raw and not empty:
            return self.rss_raw[cats]
        entries = [] if empty else [e for c in cats.split("+") for e in self.rss_entries.get(c, [])]
        return rss_feed(cats, entries, self.listing_day)

    def api_body(self, query: dict[str, str], empty: bool = False) -> bytes:
        start, per_page = int(query.get("start", 0)), int(query.get("max_results", 10))
        matches = self._search(query)
        page = [] if empty else [r.xml for r in matches[start:start + per_page]]
        return api_feed(query.get("search_query", ""), start, per_page, len(matches), page)

    def _search(self, query: dict[str, str]) -> list[_ApiRecord]:
        ids = [i for i in query.get("id_list", "").split(",") if i]
        if ids:
            bare = [re.sub(r"v\d+$", "", i) for i in ids]
            return [self.api[i] for i in bare if i in self.api]
        text = query.get("search_query", "")
        cats = set(re.findall(r"cat:([\w.\-]+)", text))
        window = re.search(r"submittedDate:\[(\d{12}) TO (\d{12})\]", text)
        found = []
        for record in self.api.values():
            if cats and not cats & set(record.categories):
                continue
            if window:
                stamp = record.published.astimezone(timezone.utc).strftime("%Y%m%d%H%M")
                if not window.group(1) <= stamp <= window.group(2):
                    continue
            found.append(record)
        return sorted(found, key=lambda r: r.published, reverse=query.get("sortOrder") == "descending")


def _handler_for(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # http.server's naming
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            fault = fake._take_fault(url.path)
            fake.requests.append(Request(url.path, query, fake.clock(), fault.kind if fault else None))
            kind = fault.kind if fault else None
            if kind == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            if kind == "stall":
                fake._release.wait(fake.stall_seconds)
                self.close_connection = True
                return
            if kind in ("429", "503"):
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                return self._send(int(kind), b"Rate exceeded.\n", "text/plain", headers)
            if kind == "html200":
                page = b"<!DOCTYPE html><html><head><title>arXiv</title></head><body><h1>Service temporarily " \
                       b"unavailable</h1></body></html>\n"
                return self._send(200, page, "text/html; charset=utf-8")
            if url.path.startswith("/atom/"):
                body = fake.rss_body(unquote(url.path[len("/atom/"):]), empty=kind == "empty")
            elif url.path == "/api/query":
                body = fake.api_body(query, empty=kind == "empty")
            else:
                return self._send(404, b"not found\n", "text/plain")
            if kind == "truncated":
                body = body[: len(body) * 2 // 3]
            elif kind == "bad-utf8":
                cut = body.find(b"<title>") + len(b"<title>")
                body = body[:cut] + b"\xff\xfe\xc3(" + body[cut:]
            self._send(200, body, "application/atom+xml; charset=utf-8")

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def finish(self) -> None:
            try:
                super().finish()
            except OSError:
                pass

    return Handler

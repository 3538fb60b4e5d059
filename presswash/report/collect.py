"""One pass over a report's files into counters: what the tables and plots show.

Lines are streamed; memory holds counters, a bounded number of example articles per reason
(the ones the report shows before/after) and the slowest fetches, never the whole run.
"""

from __future__ import annotations

import gzip
import heapq
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from cleaners.text import count_words
from scraper.warc import LATENCY_FIELD, ROLE_FIELD

from .sources import RunSource

MAX_PAIRS = 5_000  # distinct mixed-script repairs kept; the rarest go first beyond it


@dataclass
class RunRow:
    run_id: str
    started_at: str
    site: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_modified: int = 0  # answered 304: unchanged without a download
    rejected: int = 0


@dataclass(order=True)
class Fetch:
    latency: float
    url: str = field(compare=False)
    status: int = field(compare=False)
    role: str = field(compare=False)
    site: str = field(compare=False)


@dataclass
class ReportData:
    examples_per_reason: int
    sources: list[RunSource] = field(default_factory=list)
    runs: list[RunRow] = field(default_factory=list)
    chain_versions: Counter = field(default_factory=Counter)
    articles: int = 0
    words: Counter = field(default_factory=Counter)  # word_count -> articles
    languages: Counter = field(default_factory=Counter)
    rejects: Counter = field(default_factory=Counter)  # (stage, reason) -> pages
    reject_urls: dict = field(default_factory=lambda: defaultdict(list))  # (stage, reason) -> first urls
    blocks_total: int = 0  # kept + removed, over all articles
    words_total: int = 0
    removed_blocks: Counter = field(default_factory=Counter)  # (step, reason) -> blocks
    removed_words: Counter = field(default_factory=Counter)
    removed_pages: Counter = field(default_factory=Counter)  # (step, reason) -> articles where it fired
    replaced: Counter = field(default_factory=Counter)  # (step, rule) -> tokens
    repair_pairs: Counter = field(default_factory=Counter)  # (rule, from, to) -> tokens
    examples: dict = field(default_factory=lambda: defaultdict(list))  # ("removed"|"replaced", step, reason) -> ids
    lines: dict = field(default_factory=dict)  # article id -> its line, for the before/after views
    statuses: Counter = field(default_factory=Counter)  # (site, status) -> responses
    latency_ms: Counter = field(default_factory=Counter)  # (role, ms) -> responses
    slowest: list = field(default_factory=list)  # a min-heap of Fetch, the slowest kept
    slowest_ids: dict = field(default_factory=dict)  # url -> article id, for the slowest pages

    def _example(self, key: tuple, line: dict) -> None:
        ids = self.examples[key]
        if len(ids) < self.examples_per_reason and line["id"] not in ids:
            ids.append(line["id"])
            self.lines.setdefault(line["id"], line)


def iter_jsonl(path: Path):
    """Records of an article or reject part: JSONL (gzipped or not) or Parquet. A JSONL line that
    is not JSON is skipped (`presswash validate` reports those)."""
    if path.suffix == ".parquet":
        from output.parquet import iter_parquet_records  # pyarrow: only where a crawl wrote Parquet

        yield from iter_parquet_records(path)
        return
    with (gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")) as f:
        for raw in f:
            try:
                yield json.loads(raw)
            except ValueError:
                continue


def add_article(data: ReportData, line: dict) -> None:
    data.articles += 1
    data.chain_versions[line.get("chain_version")] += 1
    data.words[int(line.get("word_count") or 0)] += 1
    data.languages[line.get("language") or "unknown"] += 1
    text = line.get("text") or ""
    data.blocks_total += text.count("\n\n") + 1 if text else 0
    data.words_total += int(line.get("word_count") or 0)
    audit = line.get("audit") or {}
    fired = set()
    for r in audit.get("removed", []):
        key = (r["step"], r["reason"])
        data.removed_blocks[key] += 1
        n = count_words(r["text"])
        data.removed_words[key] += n
        data.blocks_total += 1
        data.words_total += n
        fired.add(key)
        data._example(("removed", *key), line)
    for key in fired:
        data.removed_pages[key] += 1
    for r in audit.get("replaced", []):
        data.replaced[(r["step"], r["rule"])] += r.get("count", 1)
        data.repair_pairs[(r["rule"], r["from"], r["to"])] += r.get("count", 1)
        data._example(("replaced", r["step"], r["rule"]), line)
    if len(data.repair_pairs) > MAX_PAIRS:
        data.repair_pairs = Counter(dict(data.repair_pairs.most_common(MAX_PAIRS // 2)))
    if line.get("url") in data.slowest_ids:
        data.slowest_ids[line["url"]] = line["id"]
        data.lines.setdefault(line["id"], line)


def add_reject(data: ReportData, line: dict) -> None:
    key = (line.get("stage", "?"), line.get("reason", "?"))
    data.rejects[key] += 1
    if len(data.reject_urls[key]) < data.examples_per_reason:
        data.reject_urls[key].append(line.get("url", ""))


def add_warc(data: ReportData, site: str, path: Path, keep_slowest: int) -> None:
    """HTTP statuses and fetch latencies of every response record (headers only)."""
    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            status = int(record.http_headers.get_statuscode() or 0)
            role = record.rec_headers.get_header(ROLE_FIELD) or "page"
            name = site or urlsplit(url).netloc
            data.statuses[(name, status)] += 1
            latency = record.rec_headers.get_header(LATENCY_FIELD)
            if latency is None:
                continue
            fetch = Fetch(float(latency), url, status, role, name)
            data.latency_ms[(role, round(fetch.latency * 1000))] += 1
            if len(data.slowest) < keep_slowest:
                heapq.heappush(data.slowest, fetch)
            elif fetch > data.slowest[0]:
                heapq.heapreplace(data.slowest, fetch)


def run_rows(source: RunSource, per_site: dict) -> list[RunRow]:
    """Per-site outcomes of a run: the manifest's counts, else (a clean) counted from its lines."""
    if source.sites:
        return [RunRow(source.run_id, source.started_at, name, s.get("new", 0), s.get("updated", 0),
                       s.get("unchanged", 0), s.get("not_modified", 0), sum(s.get("rejected", {}).values()))
                for name, s in sorted(source.sites.items())]
    return [RunRow(source.run_id, source.started_at, name, new, updated, 0, 0, rejected)
            for name, (new, updated, rejected) in sorted(per_site.items())]


def collect(sources: list[RunSource], examples_per_reason: int = 20, keep_slowest: int = 20) -> ReportData:
    data = ReportData(examples_per_reason, list(sources))
    # WARCs first: the slowest pages are known before the articles that link them are read
    for source in sources:
        for site, path in source.warc_files:
            if path.exists():
                add_warc(data, site, path, keep_slowest)
    data.slowest = sorted(data.slowest, key=lambda f: (-f.latency, f.url))
    data.slowest_ids = {f.url: None for f in data.slowest if f.role == "page"}
    for source in sources:
        per_site: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # new, updated, rejected
        for path in source.article_files:
            for line in iter_jsonl(path):
                add_article(data, line)
                per_site[line.get("site", "")][0 if line.get("revision", 1) == 1 else 1] += 1
        for path in source.reject_files:
            for line in iter_jsonl(path):
                add_reject(data, line)
                per_site[urlsplit(line.get("url", "")).netloc][2] += 1
        data.runs += run_rows(source, per_site)
    return data

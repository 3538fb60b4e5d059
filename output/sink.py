"""Where every page ends up: an article line, or a reject line with the stage and reason.

Shared by the crawl's item pipeline and `presswash clean`, so both route, count and
de-duplicate results the same way.
"""

from __future__ import annotations

from collections import Counter

from cleaners.chain import ChainStats
from cleaners.records import Article, Dropped, RawPage, RawRef

from .serialize import article_record, dropped_record, reject_record, to_line


class ResultSink:
    def __init__(self, articles, rejects, chain_version: str):
        self.articles = articles  # anything with write(bytes): AtomicJsonlWriter, RollingJsonlWriter
        self.rejects = rejects
        self.chain_version = chain_version
        self.chain = ChainStats()
        self.rejected: Counter = Counter()  # (stage, reason) -> pages, fetch failures included
        self._first_url: dict[str, str] = {}  # article id -> first URL written this run

    def page(self, page: RawPage, result: Article | Dropped) -> dict | None:
        """Write the chain's result for one page; returns the article record when one was written."""
        self.chain.add(result)
        if isinstance(result, Dropped):
            self._reject(dropped_record(page.url, result, page.fetched_at, page.raw, self.chain_version))
            return None
        record = article_record(result, self.chain_version)
        first = self._first_url.get(record["id"])
        if first is not None:
            self._reject(reject_record(page.url, "output", "duplicate", f"same canonical URL as {first}",
                                       page.fetched_at, page.raw, self.chain_version))
            return None
        self._first_url[record["id"]] = page.url
        self.articles.write(to_line(record))
        return record

    def failure(self, url: str, stage: str, reason: str, detail: str, fetched_at: str | None = None,
                raw: RawRef | None = None) -> None:
        self._reject(reject_record(url, stage, reason, detail, fetched_at, raw, self.chain_version))

    def _reject(self, record: dict) -> None:
        self.rejected[(record["stage"], record["reason"])] += 1
        self.rejects.write(to_line(record))

    @property
    def written(self) -> int:
        return len(self._first_url)

"""Where every page ends up: an article line, or a reject line with the stage and reason.

Shared by the crawl's item pipeline and `presswash clean`, so both route, count and number
revisions the same way. What was written before comes from a history (the crawl state, or a
scratch one for a re-clean): content already written under an article id is not written again,
changed content is written as the next revision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Protocol

from cleaners.records import Article, Dropped, RawPage, RawRef
from cleaners.stats import ChainStats
from cleaners.urls import article_id

from .serialize import article_record, content_hash, dropped_record, reject_record, to_line

NEW, UPDATED, UNCHANGED, REJECTED = "new", "updated", "unchanged", "rejected"


class Revision(Protocol):
    revision: int
    previous_content_hash: str | None
    new: bool


class History(Protocol):
    def revision_for(self, article_id: str, content_hash: str, url: str | None = None) -> Revision: ...

    def written(self, article_id: str, revision: int, content_hash: str, previous: str | None, url: str,
                run_id: str) -> None: ...


class ResultSink:
    def __init__(self, write_article: Callable[[bytes, dict], None], rejects, chain_version: str,
                 history: History, run_id: str, unchanged_is_duplicate: bool = False):
        self.write_article = write_article  # (line, record) -> None: the caller picks file or partition
        self.rejects = rejects
        self.chain_version = chain_version
        self.history = history
        self.run_id = run_id
        # A crawl counts content it wrote before as unchanged; a re-clean rejects a second copy.
        self.unchanged_is_duplicate = unchanged_is_duplicate
        self.chain = ChainStats()
        self.outcomes: Counter = Counter()  # new / updated / unchanged / rejected
        self.rejected: Counter = Counter()  # (stage, reason) -> pages, fetch failures included

    def page(self, page: RawPage, result: Article | Dropped) -> str:
        """Write the chain's result for one page; returns what happened to it."""
        self.chain.add(result)
        if isinstance(result, Dropped):
            self._reject(dropped_record(page.url, result, page.fetched_at, page.raw, self.chain_version))
            return REJECTED
        ident, digest = article_id(result.canonical_url), content_hash(result)
        rev = self.history.revision_for(ident, digest, page.url)
        if not rev.new:
            if self.unchanged_is_duplicate:
                self._reject(reject_record(page.url, "output", "duplicate",
                                           f"the same content was written for article {ident} already",
                                           page.fetched_at, page.raw, self.chain_version))
                return REJECTED
            self.outcomes[UNCHANGED] += 1
            return UNCHANGED
        record = article_record(result, self.chain_version, rev.revision, rev.previous_content_hash)
        self.write_article(to_line(record), record)
        self.history.written(ident, rev.revision, digest, rev.previous_content_hash, page.url, self.run_id)
        outcome = NEW if rev.revision == 1 else UPDATED
        self.outcomes[outcome] += 1
        return outcome

    def failure(self, url: str, stage: str, reason: str, detail: str, fetched_at: str | None = None,
                raw: RawRef | None = None) -> None:
        self._reject(reject_record(url, stage, reason, detail, fetched_at, raw, self.chain_version))

    def _reject(self, record: dict) -> None:
        self.rejected[(record["stage"], record["reason"])] += 1
        self.outcomes[REJECTED] += 1
        self.rejects.write(to_line(record))

    @property
    def written(self) -> int:
        return self.outcomes[NEW] + self.outcomes[UPDATED]

"""`presswash clean`: the cleaner chain over stored raw pages, without crawling.

Pages are cleaned in worker processes but written in input order, so the output bytes do not
depend on the number of workers, nor on whether workers were started at all: an input of at
most INLINE_PAGES pages is cleaned in this process, as starting the workers would cost more than
the pages (the forkserver's interpreter, its imports and langdetect's profiles: ~0.6 CPU-s, some
20 pages' worth on one core). Only a bounded window of pages is in flight at any time, and what
was written is remembered in a scratch SQLite file, so memory does not grow with the size
of the archive.
"""

from __future__ import annotations

import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.config import CleanerConfig
from cleaners.records import Article, Dropped, RawPage
from cleaners.version import CHAIN_VERSION
from output.serialize import utc_now_iso
from output.sink import ResultSink
from output.sinks import AtomicJsonlWriter
from scraper import robots_meta
from scraper.state import CrawlState, Revision
from scraper.warc import DamagedPage
from scraper.workers import WorkerCrashed, ordered_map

HTML_TYPES = ("text/html", "application/xhtml+xml")
HUB_ROLES = ("robots", "sitemap", "feed", "section")
INLINE_PAGES = 48  # read ahead; an input that ends there never starts a worker


@dataclass
class CleanRun:
    sink: ResultSink
    pages: int = 0
    skipped: Counter = field(default_factory=Counter)  # archive records that are not pages
    damaged: int = 0  # records cut short (archive/truncated): the input was damaged


class RecleanHistory:
    """Revisions for a re-clean. A second copy of the same content in the input is caught in a
    scratch database; revision numbers are the crawl's when its state says it wrote this content."""

    def __init__(self, scratch: CrawlState, crawl: CrawlState | None = None):
        self.scratch, self.crawl = scratch, crawl

    def revision_for(self, article_id: str, content_hash: str, url: str | None = None) -> Revision:
        seen = self.scratch.revision_for(article_id, content_hash, url)
        if seen.new and self.crawl is not None:
            known = self.crawl.revision_of(article_id, content_hash)
            if known is not None:
                return Revision(known.revision, known.previous_content_hash, new=True)
        return seen

    def written(self, *args) -> None:
        self.scratch.written(*args)


def route(page: RawPage, role: str | None) -> str:
    """What the crawl did with this response: 'clean', 'reject' or 'skip'."""
    if isinstance(page, DamagedPage):
        return "reject"  # too large to inflate, or cut short: never an article
    if role in HUB_ROLES or page.status == 304 or 300 <= page.status < 400:
        return "skip"  # hubs are not articles; a redirect's target is archived on its own
    if page.status >= 400 or page.status < 200:
        return "reject"
    if role == "page" and robots_meta.meta_refresh(page.body, page.url):
        return "skip"  # the crawl followed it as a redirect (Scrapy's MetaRefreshMiddleware)
    if role == "page" and "noindex" in robots_meta.directives(page.headers, page.body):
        return "reject"  # the crawl archived it and never published it (scraper/robots_meta.py)
    if role == "page":
        return "clean"  # the crawl cleaned every page it fetched as one, even a PDF (rejected: not_html)
    ctype = (page.header("Content-Type") or "").split(";")[0].strip().lower()
    return "clean" if not ctype or ctype in HTML_TYPES else "skip"


def _process(args: tuple[RawPage, str | None, CleanerConfig]) -> tuple[str, Article | Dropped | None]:
    from cleaners.chain import clean  # here: a parent whose workers clean never loads the extractor

    page, role, config = args
    how = route(page, role)
    return how, clean(page, config) if how == "clean" else None


def run_clean(pages: Iterable[tuple[RawPage, str | None]], out: Path, rejects: Path,
              config: CleanerConfig | Callable[[RawPage], CleanerConfig],
              workers: int = 1, on_page: Callable[[], None] | None = None,
              crawl_state: Path | None = None, inline: int = INLINE_PAGES,
              mapper: Callable[[Callable, Iterable], Iterator] | None = None) -> CleanRun:
    """Clean every page; write articles to `out` and rejects to `rejects`, both atomically.
    `config` serves every page, or gives each page its own (its site's). Results are written in
    input order whatever the number of workers, and whether or not workers were started.
    `mapper(fn, tasks)` runs the tasks elsewhere (presswash.dask_executor), results in order;
    by default the local pool does."""
    with tempfile.TemporaryDirectory(prefix="presswash-clean-") as scratch_dir, \
            AtomicJsonlWriter(out) as articles, AtomicJsonlWriter(rejects) as rejected:
        scratch = CrawlState(Path(scratch_dir) / "scratch.sqlite")
        crawl = CrawlState(crawl_state) if crawl_state else None
        history = RecleanHistory(scratch, crawl)
        sink = ResultSink(lambda line, record: articles.write(line), rejected, CHAIN_VERSION, history,
                          run_id="clean-" + utc_now_iso(), unchanged_is_duplicate=True)
        run = CleanRun(sink)
        in_order: deque = deque()  # the pages whose results are still to come, in input order

        def tasks() -> Iterator[tuple[RawPage, str | None, CleanerConfig]]:
            for page, role in pages:
                in_order.append(page)
                yield page, role, config(page) if callable(config) else config

        try:
            mapped = mapper(_process, tasks()) if mapper else ordered_map(_process, tasks(), workers, inline=inline)
            for done in mapped:
                page = in_order.popleft()
                how, result = ("clean", Dropped("clean", "worker_crashed", str(done))) \
                    if isinstance(done, WorkerCrashed) else done
                run.pages += 1
                if how == "clean":
                    sink.page(page, result)
                elif how == "reject" and isinstance(page, DamagedPage):
                    run.damaged += page.problem == "truncated"
                    sink.failure(page.url, "archive" if page.problem == "truncated" else "fetch", page.problem,
                                 page.detail, page.fetched_at, page.raw)
                elif how == "reject" and page.status < 300:
                    sink.failure(page.url, "fetch", "noindex", "the page asks not to be indexed (robots <meta> or "
                                 "X-Robots-Tag)", page.fetched_at, page.raw)
                elif how == "reject":
                    sink.failure(page.url, "fetch", f"http_{page.status}", f"HTTP {page.status} for {page.url}",
                                 page.fetched_at, page.raw)
                else:
                    run.skipped["redirect or hub" if page.status < 400 else "other"] += 1
                if on_page:
                    on_page()
        finally:
            scratch.close()
            if crawl is not None:
                crawl.close()
    return run

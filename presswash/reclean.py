"""`presswash clean`: the cleaner chain over stored raw pages, without crawling.

Pages are cleaned in worker processes but written in input order, so the output bytes do not
depend on the number of workers. Only a bounded window of pages is in flight at any time,
so memory does not grow with the size of the archive.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import Article, Dropped, RawPage
from output.sink import ResultSink
from output.sinks import AtomicJsonlWriter

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class CleanRun:
    sink: ResultSink
    pages: int = 0
    skipped: Counter = field(default_factory=Counter)  # archive records that are not pages


def route(page: RawPage) -> str:
    """What the crawl does with a response like this one: 'clean', 'reject' or 'skip'."""
    if 300 <= page.status < 400:
        return "skip"  # the redirect target is archived (and cleaned) on its own
    if page.status >= 400 or page.status < 200:
        return "reject"
    ctype = (page.header("Content-Type") or "").split(";")[0].strip().lower()
    return "clean" if not ctype or ctype in HTML_TYPES else "skip"


def _process(args: tuple[RawPage, CleanerConfig]) -> tuple[str, Article | Dropped | None]:
    page, config = args
    how = route(page)
    return how, clean(page, config) if how == "clean" else None


def ordered_map(fn: Callable, items: Iterable, workers: int, window: int = 0) -> Iterator:
    """map(fn, items) over worker processes, results in input order, at most `window` pending."""
    if workers <= 1:
        yield from map(fn, items)
        return
    window = window or workers * 8
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def run_clean(pages: Iterable[RawPage], out: Path, rejects: Path, config: CleanerConfig, workers: int = 1,
              on_page: Callable[[], None] | None = None) -> CleanRun:
    """Clean every page; write articles to `out` and rejects to `rejects`, both atomically.
    Results are written in input order whatever the number of workers."""
    with AtomicJsonlWriter(out) as articles, AtomicJsonlWriter(rejects) as rejected:
        run = CleanRun(ResultSink(articles, rejected, CHAIN_VERSION))
        in_order: deque = deque()  # the pages whose results are still to come, in input order

        def tasks() -> Iterator[tuple[RawPage, CleanerConfig]]:
            for page in pages:
                in_order.append(page)
                yield page, config

        for how, result in ordered_map(_process, tasks(), workers):
            page = in_order.popleft()
            run.pages += 1
            if how == "clean":
                run.sink.page(page, result)
            elif how == "reject":
                run.sink.failure(page.url, "fetch", f"http_{page.status}", f"HTTP {page.status} for {page.url}",
                                 page.fetched_at, page.raw)
            else:
                run.skipped["redirect" if 300 <= page.status < 400 else "not HTML"] += 1
            if on_page:
                on_page()
    return run

"""The item pipeline: every fetched page goes through the cleaner chain in a worker process and
ends up as an article line or a reject line; unchanged pages and failures are recorded too.

The chain is CPU-bound (extraction costs several times what fetching does), so it runs in a
process pool beside Scrapy's event loop and both cores work. A page is marked fetched in the
crawl state only after its line is written, so a killed run never forgets an article: at worst
the page is fetched again and found unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

from scrapy.exceptions import DropItem

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import Article, Dropped, RawPage
from output.partitioned import PartitionedJsonlWriter, partition_of
from output.sink import ResultSink
from output.sinks import RollingJsonlWriter

from .items import Fetched, FetchFailed, NotModified
from .state import iso, utc_now
from .workers import CleaningPool, WorkerCrashed

CRASHED = "worker_crashed"


def clean_page(page: RawPage, config: CleanerConfig) -> Article | Dropped:
    return clean(page, config)


class CleanPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        s = crawler.settings
        self.data_dir = Path(s.get("PRESSWASH_DATA_DIR", "data"))
        self.part_lines = s.getint("PRESSWASH_PART_LINES", 10_000)
        self.part_format = s.get("PRESSWASH_FORMAT", "jsonl")  # of the article parts; rejects stay JSON Lines
        self.workers = s.getint("PRESSWASH_WORKERS", 0) or (os.cpu_count() or 1)
        self.pool: CleaningPool | None = None
        self.own_pool = False

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.site, self.state, run_id = spider.site, spider.crawl_state, spider.run_id
        self.config = self.site.cleaner_config()
        stamp = getattr(spider, "file_stamp", run_id)  # the run, and the node of a distributed crawl
        stem = f"part-{stamp}-{self.site.name}"
        self.articles = PartitionedJsonlWriter(self.data_dir / "articles", stem, self.part_lines,
                                               part_format=self.part_format)
        self.rejects = RollingJsonlWriter(self.data_dir / "rejects", f"rejects-{stamp}-{self.site.name}",
                                          self.part_lines)
        self.sink = ResultSink(self._write_article, self.rejects, CHAIN_VERSION, self.state, run_id)
        self.written: dict | None = None  # the article record of the page being processed, for feed exports
        self.pool = getattr(spider, "pool", None)  # shared by the sites of one `presswash crawl` run
        if self.pool is None and self.workers > 1:
            self.pool, self.own_pool = CleaningPool(self.workers, clean_page), True

    def _write_article(self, line: bytes, record: dict) -> None:
        self.articles.write(line, partition_of(record))
        self.written = record

    async def _clean(self, page: RawPage) -> Article | Dropped:
        if self.pool is None:
            return clean(page, self.config)
        try:
            return await self.pool.run(page, self.config)
        except WorkerCrashed as exc:  # the page kills the process cleaning it, even alone
            return Dropped("clean", CRASHED, str(exc))

    async def process_item(self, item):
        stats, state, site = self.stats, self.state, self.site.name
        if isinstance(item, Fetched):
            page = item.page
            result = await self._clean(page)
            self.written = None
            outcome = self.sink.page(page, result)
            article = self.written
            stats.inc_value(f"presswash/pages/{outcome}")
            crashed = isinstance(result, Dropped) and result.reason == CRASHED
            for url in (page.url, *item.aliases):
                if crashed:  # not settled: fetched again by the next run, not answered with a 304
                    state.failed(url, site, None)
                else:
                    state.fetched(url, site, page.status, page.fetched_at or "", page.header("ETag"),
                                  page.header("Last-Modified"), item.sitemap_lastmod)
        elif isinstance(item, NotModified):
            stats.inc_value("presswash/pages/not_modified")
            for url in (item.url, *item.aliases):
                state.fetched(url, site, 304, item.fetched_at, sitemap_lastmod=item.sitemap_lastmod)
        elif isinstance(item, FetchFailed):
            self.sink.failure(item.url, "fetch", item.reason, item.detail, item.fetched_at, item.raw)
            stats.inc_value("presswash/pages/failed")
            for url in (item.url, *item.aliases):  # no hop stays queued for the next run to re-seed
                state.failed(url, site, item.status, iso(utc_now()), lasting=item.lasting)
        # What goes on down the item chain, to Scrapy's feed exports (`scrapy crawl news -O out.jsonl`):
        # the article record as written; every other outcome is recorded above and dropped quietly.
        if isinstance(item, Fetched) and article is not None:
            return article
        raise DropItem(f"{type(item).__name__}: recorded in the crawl state and the rejects, not an article",
                       log_level="DEBUG")

    def close_spider(self) -> None:
        self.stats.set_value("presswash/article_files", [str(p) for p in self.articles.close()])
        self.stats.set_value("presswash/reject_files", [str(p) for p in self.rejects.close()])
        for (stage, reason), n in sorted(self.sink.rejected.items()):
            self.stats.set_value(f"presswash/rejected/{stage}/{reason}", n)
        if self.own_pool and self.pool is not None:
            self.pool.shutdown()

"""Progress of `presswash crawl`, per site: requests, articles written, rejects, pages queued.

A Scrapy extension, one per site's crawler. On a terminal (PRESSWASH_PROGRESS = "live") the sites
share one live table on standard error, redrawn in place; elsewhere (cron, systemd, Airflow:
"log") it logs one plain line per site every PRESSWASH_PROGRESS_INTERVAL seconds (default 60)
and a last one when the site is done.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

log = logging.getLogger("presswash.progress")
LIVE_INTERVAL = 0.5


def counts(crawler) -> dict[str, int]:
    stats = crawler.stats.get_stats()

    def n(key: str) -> int:
        return int(stats.get(key, 0))

    slot = getattr(crawler.engine, "_slot", None)
    try:
        queued = len(slot.scheduler) if slot is not None else 0
    except (TypeError, AttributeError):  # a scheduler that cannot tell
        queued = 0
    return {"requests": n("downloader/request_count"),
            "articles": n("presswash/pages/new") + n("presswash/pages/updated"),
            "rejects": n("presswash/pages/rejected") + n("presswash/pages/failed"),
            "queued": queued}


def line(site: str, c: dict[str, int], done: bool = False) -> str:
    return (f"site {site}: {c['requests']} requests, {c['articles']} articles, {c['rejects']} rejects, "
            + ("done" if done else f"{c['queued']} queued"))


class _LiveTable:
    """The one live display all crawlers of the process share: one row per site."""

    def __init__(self):
        from rich.console import Console
        from rich.live import Live

        self.rows: dict[str, str] = {}
        self.open = 0
        self.live = Live("", console=Console(stderr=True), refresh_per_second=4, transient=False)

    def show(self, site: str, text: str) -> None:
        self.rows[site] = text
        self.live.update("\n".join(f"crawling {r}" for r in self.rows.values()))


_table: _LiveTable | None = None


class CrawlProgress:
    def __init__(self, crawler, mode: str, interval: float):
        self.crawler, self.mode = crawler, mode
        self.interval = interval or (LIVE_INTERVAL if mode == "live" else 60.0)
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        mode = crawler.settings.get("PRESSWASH_PROGRESS", "")
        if mode not in ("live", "log"):
            raise NotConfigured
        return cls(crawler, mode, crawler.settings.getfloat("PRESSWASH_PROGRESS_INTERVAL", 0))

    @property
    def site(self) -> str:
        spider = self.crawler.spider
        return getattr(getattr(spider, "site", None), "name", None) or spider.name

    def opened(self, spider=None) -> None:
        global _table
        if self.mode == "live":
            if _table is None:
                _table = _LiveTable()
            if _table.open == 0:
                _table.live.start()
            _table.open += 1
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self, done: bool = False) -> None:
        text = line(self.site, counts(self.crawler), done)
        if self.mode == "live":
            _table.show(self.site, text)
        else:
            log.info(text)

    def closed(self, spider=None, reason=None) -> None:
        global _table
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.tick(done=True)
        if self.mode == "live":
            _table.open -= 1
            if _table.open == 0:
                _table.live.stop()
                _table = None


def progress_settings(quiet: bool, on_terminal: bool) -> dict:
    """The Scrapy settings that turn this extension on: live on a terminal, log lines elsewhere."""
    if quiet:
        return {}
    import scraper.settings

    return {"PRESSWASH_PROGRESS": "live" if on_terminal else "log",
            "EXTENSIONS": {**scraper.settings.EXTENSIONS, "presswash.crawl_progress.CrawlProgress": 10}}

"""Scrapy's duplicate filter, kept in the crawl state instead of a Python set of fingerprints:
a URL queued once in a run is not queued again, and memory does not grow with the crawl."""

from __future__ import annotations

from scrapy.dupefilters import BaseDupeFilter


class StateDupeFilter(BaseDupeFilter):
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def request_seen(self, request) -> bool:
        spider = self.crawler.spider
        role = request.meta.get("presswash_role", "page")
        depth = request.meta.get("presswash_depth", 0)
        return not spider.crawl_state.queue(request.url, spider.site.name, spider.run_id, role, depth)

    def log(self, request, spider=None) -> None:
        self.crawler.stats.inc_value("dupefilter/filtered")

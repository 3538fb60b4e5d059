"""Run the news spider in this process, with presswash's Scrapy settings and overrides."""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from scraper.spiders.news import NewsSpider


def crawler_settings(overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(spider_args: dict, overrides: dict | None = None) -> dict:
    """Crawl until done; returns the crawl's stats (Scrapy's and presswash's counters)."""
    process = CrawlerProcess(crawler_settings(overrides))
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, **spider_args)
    process.start()
    return dict(crawler.stats.get_stats())

"""Scrapy's WARN_ON_GENERATOR_RETURN_VALUE is off in presswash's settings: its check re-parses a
callback's source whenever its cache misses, and the cache is keyed by a bound method, new for
every request (0.7-1 ms a miss, docs/crawling.md). This is the check it made, made once here."""

from scrapy.utils.misc import is_generator_with_return_value

from presswash.crawl import crawler_settings
from scraper.spiders.news import NewsSpider

CALLBACKS = ("parse_robots", "parse_sitemap", "parse_feed", "parse_section", "parse_page", "failed")


def test_the_per_response_source_check_is_off():
    assert crawler_settings().getbool("WARN_ON_GENERATOR_RETURN_VALUE") is False


def test_no_callback_is_a_generator_that_returns_a_value():
    for name in CALLBACKS:
        assert not is_generator_with_return_value(getattr(NewsSpider, name)), name

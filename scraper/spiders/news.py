"""The news spider: discovers pages through robots.txt sitemaps, feeds and links, fetches them,
and hands every HTML page to the pipeline as a RawPage. It never parses article text.

    scrapy crawl news -a url=https://example.com/ [-a sitemaps=URL,...] [-a feeds=URL,...]
                      [-a max_depth=4] -s PRESSWASH_DATA_DIR=data
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.etree
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError

from cleaners.records import RawPage
from output.serialize import utc_now_iso
from scraper.items import FetchFailed
from scraper.middlewares import META_KEY

# Paths that never hold articles; following them only costs requests.
DEFAULT_DENY = (
    r"/wp-admin/", r"/wp-login", r"/wp-json/", r"/xmlrpc\.php", r"/feed/?$", r"/(?:comments/)?feed/",
    r"[?&](?:replytocom|share|print|amp)=", r"/(?:login|logout|register|signup|cart|checkout|search)(?:/|$)",
)
HTML_TYPES = (b"text/html", b"application/xhtml+xml")
FEED_LINKS_XPATH = "//link[@rel='alternate'][@type='application/rss+xml' or @type='application/atom+xml']/@href"
_SAFE_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


def _snake(text: str) -> str:
    """'ResponseNeverReceived' -> 'response_never_received'; 'Forbidden by robots.txt' -> 'forbidden_by_robots_txt'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _split(arg: str | None) -> list[str]:
    return [x.strip() for x in (arg or "").split(",") if x.strip()]


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # One id names every file of this run: WARC files, article and reject parts.
        spider.run_id = crawler.settings.get("PRESSWASH_RUN_ID") or utc_now_iso()
        return spider

    def __init__(self, url: str | None = None, sitemaps: str | None = None, feeds: str | None = None,
                 max_depth: str | int = 4, deny: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.home = url
        self.sitemap_urls = _split(sitemaps)
        self.feed_urls = _split(feeds)
        if not (self.home or self.sitemap_urls or self.feed_urls):
            raise ValueError("the news spider needs -a url=HOME_PAGE (or sitemaps=/feeds=)")
        self.max_depth = int(max_depth)
        starts = [u for u in [self.home, *self.sitemap_urls, *self.feed_urls] if u]
        self.allowed_domains = sorted({urlsplit(u).hostname for u in starts if urlsplit(u).hostname})
        self.allowed_netlocs = {urlsplit(u).netloc for u in starts}  # LinkExtractor's domains ignore ports
        self.links = LinkExtractor(deny=DEFAULT_DENY + tuple(_split(deny)))

    async def start(self):
        if self.home:
            yield scrapy.Request(self.home, callback=self.parse_page, errback=self.failed)
            yield scrapy.Request(urljoin(self.home, "/robots.txt"), callback=self.parse_robots,
                                 errback=self.ignore, meta={"dont_obey_robotstxt": True})
        for url in self.sitemap_urls:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed)
        for url in self.feed_urls:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed)

    # --- hubs: robots.txt, sitemaps, feeds --------------------------------------------------

    def parse_robots(self, response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed)

    def parse_sitemap(self, response):
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        try:
            sitemap = Sitemap(body)
        except (lxml.etree.XMLSyntaxError, ValueError):
            self.crawler.stats.inc_value("presswash/sitemaps_unreadable")
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield response.follow(loc, callback=self.parse_sitemap, errback=self.failed)
            else:
                yield response.follow(loc, callback=self.parse_page, errback=self.failed)

    def parse_feed(self, response):
        try:
            root = lxml.etree.fromstring(response.body, parser=_SAFE_XML)
        except lxml.etree.XMLSyntaxError:
            root = None
        if root is None:
            self.crawler.stats.inc_value("presswash/feeds_unreadable")
            return
        links = root.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']"
                           "[not(@rel) or @rel='alternate']/@href")
        for link in links:
            yield response.follow(link.strip(), callback=self.parse_page, errback=self.failed)

    # --- pages ------------------------------------------------------------------------------

    def parse_page(self, response):
        content_type = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
        if content_type and content_type not in HTML_TYPES:
            self.crawler.stats.inc_value("presswash/non_html_pages")
            return
        ref, date, headers = response.meta[META_KEY]
        yield RawPage(url=response.url, body=response.body, headers=headers, status=response.status,
                      fetched_at=date, raw=ref)
        if response.url.rstrip("/") == (self.home or "").rstrip("/"):
            for href in response.xpath(FEED_LINKS_XPATH).getall():
                yield response.follow(href, callback=self.parse_feed, errback=self.failed)
        if response.meta.get("depth", 0) < self.max_depth:
            for link in self.links.extract_links(response):
                if urlsplit(link.url).netloc not in self.allowed_netlocs:
                    continue
                yield scrapy.Request(link.url, callback=self.parse_page, errback=self.failed)

    def failed(self, failure):
        """Every page that could not be fetched is reported, with its archived error page if any."""
        request = failure.request
        ref = date = None
        if failure.check(HttpError):
            response = failure.value.response
            reason, detail = f"http_{response.status}", f"HTTP {response.status} for {response.url}"
            ref, date, _ = response.meta.get(META_KEY, (None, None, None))
        elif failure.check(IgnoreRequest):  # robots.txt or offsite: a page we must not fetch, not a failure
            self.crawler.stats.inc_value("presswash/not_fetched/" + _snake(str(failure.value) or "ignored"))
            return
        elif failure.check(DNSLookupError):
            reason, detail = "dns_error", str(failure.value)
        elif failure.check(TimeoutError):
            reason, detail = "timeout", str(failure.value)
        elif failure.check(ConnectionRefusedError):
            reason, detail = "connection_refused", str(failure.value)
        else:
            reason, detail = _snake(failure.type.__name__), str(failure.value)
        yield FetchFailed(url=request.url, reason=reason, detail=detail, fetched_at=date, raw=ref)

    def ignore(self, failure):
        """robots.txt is optional: a site without one simply has no sitemaps listed there."""
        return None

"""The order of a news crawl's requests, and the links a page adds to it.

A news crawler wants the articles a site lists first: robots.txt, sitemaps and feeds are fetched
before anything else (they are few and they name the articles), then the pages they list, the
newest first where a lastmod says so, then section pages, then links found on pages,
breadth-first (fewer hops first). Scrapy runs higher priorities first and, with FIFO queues
(scraper/settings.py), requests of one priority in the order they were made.

Link handling is on the crawl's event loop, so it is kept cheap and bounded: one lazy pass
over the <a> elements of the tree parsed once (from the page's first LINK_SCAN_BYTES), no full
LinkExtractor pass, rel="nofollow" links left out, at most MAX_LINKS_PER_PAGE links a page,
and URLs this run has already decided about are answered from a bounded in-memory cache before
the crawl state is asked (in one query for the whole page).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from scrapy.linkextractors import IGNORED_EXTENSIONS

HUB_PRIORITY = 50  # robots.txt, sitemaps, feeds
LISTED_PRIORITY = 40  # pages a sitemap or feed lists; +3 for the newest (LISTED_AGE_STEPS)
SECTION_PRIORITY = 30  # section pages and their pagination
LINK_PRIORITY = 20  # links found on pages, minus their depth
# A listed page a day old runs before one a week old, before one a month old, before the rest
# and before one without a date.
LISTED_AGE_STEPS = (timedelta(days=1), timedelta(days=7), timedelta(days=31))

MAX_LINKS_PER_PAGE = 1000  # bounds the event loop's time on a page; an article page holds 100-300
# rel="nofollow" (and its kin "sponsored", "ugc") asks crawlers not to follow that link
NOFOLLOW_RELS = frozenset({"nofollow", "sponsored", "ugc"})
# Links are read from the first LINK_SCAN_BYTES of a page only: parsing is then ~0.1 s at most,
# and with MAX_LINKS_PER_PAGE the event loop's time on any page stays bounded.
LINK_SCAN_BYTES = 4 * 1024 * 1024
_BASE_HREF = lxml.etree.XPath("//base/@href")
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
# images, media, archives, office documents: Scrapy's list, looked up by the path's last suffix
# (scrapy.utils.url.url_has_any_extension tries every one of its 91 endings on every link)
_EXTENSIONS = frozenset("." + e for e in IGNORED_EXTENSIONS)


def role_priority(role: str, depth: int = 0) -> int:
    if role in ("robots", "sitemap", "feed"):
        return HUB_PRIORITY
    if role == "section":
        return SECTION_PRIORITY
    return LINK_PRIORITY - depth


def listed_priority(lastmod: str | None, now: datetime) -> int:
    """Priority of a page a sitemap or feed lists, by the age its lastmod (UTC ISO) gives."""
    if not lastmod:
        return LISTED_PRIORITY
    try:
        age = now - datetime.fromisoformat(lastmod.replace("Z", "+00:00"))
    except ValueError:
        return LISTED_PRIORITY
    newer = sum(1 for step in LISTED_AGE_STEPS if age <= step)
    return LISTED_PRIORITY + newer


def newest_first(entries: Iterable, lastmod=lambda e: e.lastmod) -> list:
    """Entries with a lastmod, newest first, then the others in their own order (stable)."""
    entries = list(entries)
    dated = sorted((e for e in entries if lastmod(e)), key=lastmod, reverse=True)
    return dated + [e for e in entries if not lastmod(e)]


def parse_html(body: bytes, limit: int = LINK_SCAN_BYTES):
    """The tree of the page's first `limit` bytes, or None for a body lxml cannot read (empty, binary)."""
    try:
        return lxml.html.document_fromstring(body[:limit])
    except (lxml.etree.ParserError, ValueError):
        return None


def page_links(tree, url: str, limit: int = MAX_LINKS_PER_PAGE) -> tuple[list[str], bool]:
    """Absolute http(s) URLs of the page's links in page order, each once, without fragments'
    duplicates or links to images, media and documents; and whether the page had more than
    `limit` (the rest is not followed)."""
    base = url
    for href in _BASE_HREF(tree)[:1]:
        base = urljoin(url, href.strip())
    origin = _origin(base)
    seen: dict[str, None] = {}
    for a in tree.iter("a"):  # lazily: a page of 300,000 links costs no more than its first 1,000
        href = a.get("href")
        if href is None:
            continue
        rel = a.get("rel")
        if rel and NOFOLLOW_RELS.intersection(rel.lower().split()):
            continue
        href = href.strip()
        if not href or href.startswith(_SKIPPED_SCHEMES):
            continue
        link = _join(base, origin, href).split("#", 1)[0]
        if not link.startswith(("http://", "https://")) or link in seen:
            continue
        if _is_media(link):
            continue
        if len(seen) >= limit:
            return list(seen), True
        seen[link] = None
    return list(seen), False


def _origin(url: str) -> str:
    """'https://example.com' of 'https://example.com/a/b?c'."""
    scheme, sep, rest = url.partition("://")
    return scheme + sep + rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] if sep else ""


def _join(base: str, origin: str, href: str) -> str:
    """urljoin(base, href), without its cost for the two forms most links take: absolute URLs
    and absolute paths ('/tag/x/') without dot segments, which resolve against the origin alone."""
    if href.startswith(("http://", "https://")) and "/." not in href:
        return href
    if origin and href.startswith("/") and not href.startswith("//") and "/." not in href:
        return origin + href
    return urljoin(base, href)


def _is_media(url: str) -> bool:
    path = url.split("?", 1)[0]
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:].lower() in _EXTENSIONS


class RecentURLs:
    """URLs this run has already decided about (queued, or found fresh), the most recent
    `size` of them. Menus and sidebars repeat the same links on every page: this answers those
    without a query, and memory stays bounded however large the site (a URL that fell out is
    simply asked of the crawl state again)."""

    def __init__(self, size: int = 50_000):
        self.size = size
        self._urls: dict[str, None] = {}

    def __contains__(self, url: str) -> bool:
        return url in self._urls

    def add(self, url: str) -> None:
        if url in self._urls:
            return
        if len(self._urls) >= self.size:
            del self._urls[next(iter(self._urls))]  # the oldest: dicts keep insertion order
        self._urls[url] = None

    def __len__(self) -> int:
        return len(self._urls)

"""Where article URLs come from: sitemaps (indexes, Google News sitemaps), RSS/Atom feeds,
robots.txt, and pagination links of section pages. Pure functions over bytes; no Scrapy.

XML is parsed without entity resolution or network access (no XXE, no billion laughs), and
gzipped sitemaps are inflated up to the sitemap protocol's own 50 MB limit.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass

import lxml.etree

from cleaners.dates import as_utc, parse_date  # one ISO 8601 reader for the whole project

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_ROBOTS_SITEMAP_RE = re.compile(rb"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
NEXT_PAGE_XPATH = (
    "//link[@rel='next']/@href | //a[@rel='next']/@href"
    " | //a[contains(concat(' ', normalize-space(@class), ' '), ' next ')]/@href"
)


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: str | None = None  # the sitemap's lastmod, news:publication_date or the feed's date, ISO 8601


class DiscoveryError(ValueError):
    pass


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inflate(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
        data = f.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise DiscoveryError(f"sitemap larger than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return data


def _root(body: bytes):
    try:
        root = lxml.etree.fromstring(inflate(body), parser=_PARSER)
    except (lxml.etree.XMLSyntaxError, OSError, EOFError) as exc:
        raise DiscoveryError(f"not XML: {exc}") from None
    if root is None:
        raise DiscoveryError("empty document")
    return root


def parse_sitemap(body: bytes) -> tuple[str, list[Entry]]:
    """("index", child sitemaps) or ("urlset", pages). A Google News sitemap is a urlset whose
    entries carry news:publication_date, used as their lastmod when no lastmod is given."""
    root = _root(body)
    kind = _local(root.tag).lower()
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap: root element <{_local(root.tag)}>")
    entries = []
    for item in root:
        loc = lastmod = published = None
        for el in item.iter():
            name = _local(el.tag)
            if name == "loc" and loc is None:
                loc = (el.text or "").strip()
            elif name == "lastmod":
                lastmod = (el.text or "").strip()
            elif name == "publication_date":
                published = (el.text or "").strip()
        if loc:
            entries.append(Entry(loc, lastmod or published or None))
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def parse_feed(body: bytes) -> list[Entry]:
    """Item links of an RSS 2.0 or Atom feed. Only Atom's <updated> is a lastmod: RSS's pubDate
    says when a story first ran, not whether it changed since."""
    root = _root(body)
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link = date = None
        for el in item:
            child = _local(el.tag)
            if child == "link":
                href = el.get("href")
                if href and el.get("rel", "alternate") == "alternate":
                    link = link or href.strip()
                elif el.text and el.text.strip():
                    link = link or el.text.strip()
            elif child == "updated" and el.text:
                date = date or el.text.strip()
        if link:
            entries.append(Entry(link, date))
    return entries


def robots_sitemaps(body: bytes) -> list[str]:
    return [m.decode("utf-8", "replace") for m in _ROBOTS_SITEMAP_RE.findall(body)]


def next_pages(tree) -> list[str]:
    """Pagination links of a listing page: rel=next, or a link whose class says next."""
    return list(dict.fromkeys(h.strip() for h in tree.xpath(NEXT_PAGE_XPATH) if h.strip()))


def normalized_lastmod(value: str | None) -> str | None:
    """Lastmod values compared as UTC instants, so '2024-03-14T10:00+06:00' equals '2024-03-14T04:00Z'."""
    if not value:
        return None
    iso = parse_date(value)
    return as_utc(iso).strftime("%Y-%m-%dT%H:%M:%SZ") if iso else None

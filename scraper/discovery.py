"""Where article URLs come from: sitemaps (indexes, Google News sitemaps), RSS/Atom feeds,
robots.txt, and pagination links of section pages. Pure functions over bytes; no Scrapy.

XML is parsed strictly and incrementally, without entity resolution, DTD loading or network
access (no XXE, no billion laughs); an entry holding an entity reference is dropped, never
yielded with the text before it. A document that is not well-formed gives the entries that were
complete before the error, with the parser's message (PartialDocument). Gzipped sitemaps are
inflated up to the sitemap protocol's own 50 MB limit.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass

import lxml.etree

from cleaners.dates import as_utc, parse_date  # one ISO 8601 reader for the whole project

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
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


class PartialDocument(DiscoveryError):
    """A sitemap or feed that is not well-formed XML (cut short, or an attack on the parser):
    `entries` holds those of its items that were complete before the error, `kind` its kind."""

    def __init__(self, message: str, kind: str, entries: list[Entry]):
        super().__init__(message)
        self.kind, self.entries = kind, entries


def _items(body: bytes, names: frozenset[str], entry):
    """(root name, entries, parser error or None): `entry(item)` of every item of the given
    local names, read strictly and incrementally. An item counts only once its end tag was
    read, so a document cut short never yields the half of its last <loc>; each item is freed
    once read, so memory does not grow with the document."""
    root, entries, error, refused = None, [], None, 0
    try:
        data = inflate(body)
        for event, el in lxml.etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                                              no_network=True, load_dtd=False, huge_tree=False):
            if event == "start":
                root = root or _local(el.tag).lower() or "?"
            elif _local(el.tag) in names:
                if any(isinstance(n, lxml.etree._Entity) for n in el.iter()):
                    refused += 1  # an XXE or entity-expansion attempt: the item is not read at all
                elif (found := entry(el)) is not None:
                    entries.append(found)
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]  # the items read before this one
    except lxml.etree.XMLSyntaxError as exc:
        error = f"not well-formed XML: {exc}"
    except (OSError, EOFError) as exc:  # a gzip body that is not gzip
        raise DiscoveryError(f"not XML: {exc}") from None
    if root is None:
        raise DiscoveryError(error or "empty document")
    if refused and not error:
        error = f"{refused} item(s) hold entity references, refused (XXE or entity expansion)"
    return root, entries, error


def _text(el) -> str | None:
    """An element's text; None when it holds an entity reference or markup (an XXE or
    entity-expansion attempt leaves only the text before the reference)."""
    if len(el):
        return None
    return (el.text or "").strip()


def _sitemap_entry(item) -> Entry | None:
    loc = lastmod = published = None
    for el in item.iter():
        name = _local(el.tag)
        if name == "loc" and loc is None:
            loc = _text(el)
            if loc is None:
                return None
        elif name == "lastmod":
            lastmod = _text(el)
        elif name == "publication_date":
            published = _text(el)
    return Entry(loc, lastmod or published or None) if loc else None


def parse_sitemap(body: bytes) -> tuple[str, list[Entry]]:
    """("index", child sitemaps) or ("urlset", pages). A Google News sitemap is a urlset whose
    entries carry news:publication_date, used as their lastmod when no lastmod is given.
    Raises PartialDocument (with the complete entries) for a sitemap that is not well-formed."""
    root, entries, error = _items(body, frozenset({"url", "sitemap"}), _sitemap_entry)
    if root not in ("sitemapindex", "urlset"):
        raise DiscoveryError(error or f"not a sitemap: root element <{root}>")
    kind = "index" if root == "sitemapindex" else "urlset"
    if error:
        raise PartialDocument(error, kind, entries)
    return kind, entries


def _feed_entry(item) -> Entry | None:
    link = date = None
    for el in item:
        child = _local(el.tag)
        if child == "link":
            href = el.get("href")
            if href and el.get("rel", "alternate") == "alternate":
                link = link or href.strip()
            elif _text(el):
                link = link or _text(el)
        elif child == "updated" and _text(el):
            date = date or _text(el)
    return Entry(link, date) if link else None


def parse_feed(body: bytes) -> list[Entry]:
    """Item links of an RSS 2.0 or Atom feed. Only Atom's <updated> is a lastmod: RSS's pubDate
    says when a story first ran, not whether it changed since. Raises PartialDocument (with the
    complete items) for a feed that is not well-formed."""
    _root, entries, error = _items(body, frozenset({"item", "entry"}), _feed_entry)
    if error:
        raise PartialDocument(error, "feed", entries)
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

"""Article metadata from the page: JSON-LD, OpenGraph and other meta tags, bylines, <title>.

Read once from the parsed tree, before any extractor changes it. The declared page type
decides early whether a page can be an article at all. Dates live in dates.py.
"""

from __future__ import annotations

import json
import re
from itertools import islice

from lxml.etree import XPath

from .dates import MARKUP_SOURCES as MARKUP_DATE_SOURCES

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article NewsArticle BlogPosting Report ReportageNewsArticle AnalysisNewsArticle "
        "OpinionNewsArticle ReviewNewsArticle BackgroundNewsArticle AskPublicNewsArticle "
        "LiveBlogPosting ScholarlyArticle TechArticle SocialMediaPosting SatiricalArticle "
        "og:article article"
    ).split()
)
NON_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "ContactPage AboutPage CollectionPage ProfilePage SearchResultsPage CheckoutPage "
        "ItemList og:profile"
    ).split()
)
TITLE_SEPARATORS = (" – ", " — ", " | ", " - ", " :: ", " · ", " » ", " // ")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
               "byl", "twitter:creator")
BYLINE_CLASSES = ("byline", "author")
DATELINE_CLASSES = ("date", "meta", "info", "credit")
# any of the words in the class attribute, in one scan
_BYLINE_CLASS_RE = re.compile("|".join(map(re.escape, BYLINE_CLASSES)))
_DATELINE_CLASS_RE = re.compile("|".join(map(re.escape, DATELINE_CLASSES)))
BYLINE_SCAN = 3000  # bylines sit near the headline: the first elements of the page are enough
_JSONLD = XPath('//script[@type="application/ld+json"]')
_H1 = XPath("//body//h1")
_HEADINGS = XPath("//body//h1 | //body//h2")
_HEADINGS_ANY = XPath("//body//h1 | //body//h2 | //body//h3")
# old table layouts print the headline in bold or a big font, no heading element
_STYLED_HEADLINE = XPath("(//body//*[self::b or self::strong or self::font][normalize-space(.) = $t])[1]")
_CANONICAL = XPath('//link[@rel="canonical"]/@href')
_BY_RE = re.compile(r"^\s*(?:by|от|автор(?:ы)?:?|авторы:?)\s+", re.I)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bи\b|\bжәне\b)\s*")
MAX_NAME_WORDS = 5
HEADLINE_LINES, HEADLINE_LINE_WORDS = 4, 25
_BYLINE_MARKER_RE = re.compile(r"(?:^|\s|\|)(?:by|author|authors|автор|авторы|авторлар)\s*:?\s+", re.I)
_DATE_TAIL_RE = re.compile(
    r"\s+(?:on|–|-|\||·|,\s*\d|\d{1,2}[./]\d|\d{1,2}\s+\w+\s+\d{4}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)", re.I)


def read_jsonld(tree) -> list[dict]:
    """Every JSON-LD object on the page, @graph members flattened; malformed blocks are skipped."""
    out: list[dict] = []
    for script in _JSONLD(tree):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[0:0] = item
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack[0:0] = item["@graph"]
    return out


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def meta_tags(tree) -> dict[str, str]:
    """<meta property|name|itemprop=K content=V> as {k: v}, lower-cased keys, first value wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        value = (el.get("content") or "").strip()
        if key and value:
            out.setdefault(key.strip().lower(), value)
    return out


def _meta(tags: dict[str, str], *names: str) -> str | None:
    return next((tags[n] for n in names if n in tags), None)


def article_objects(jsonld: list[dict]) -> list[dict]:
    return [o for o in jsonld if any(t in ARTICLE_TYPES for t in _types(o))]


def declared_types(tags: dict[str, str], jsonld: list[dict]) -> tuple[str, ...]:
    found = []
    og = _meta(tags, "og:type")
    if og:
        found.append("og:" + og.lower())
    for obj in jsonld:
        found.extend(_types(obj))
    return tuple(dict.fromkeys(found))


def is_declared_article(types: tuple[str, ...]) -> bool:
    return any(t in ARTICLE_TYPES for t in types)


def is_declared_non_article(types: tuple[str, ...]) -> bool:
    return not is_declared_article(types) and any(t in NON_ARTICLE_TYPES for t in types)


def article_evidence(types: tuple[str, ...], date_sources: list[str], authors: tuple[str, ...]) -> tuple[str, ...]:
    """What says this page is an article: markup, a machine-readable date, a byline. A date read
    off the visible page (or found in its text by htmldate) is no evidence: listing pages show
    today's date too."""
    found = [f"type:{t}" for t in types if t in ARTICLE_TYPES]
    found += [f"date:{src}" for src in date_sources if src in MARKUP_DATE_SOURCES]
    if authors:
        found.append("byline")
    return tuple(found)


# --- names -------------------------------------------------------------------------------------

def site_name(tags: dict[str, str], jsonld: list[dict]) -> str | None:
    name = _meta(tags, "og:site_name", "application-name", "publisher")
    if name:
        return name
    for obj in article_objects(jsonld):
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return publisher["name"].strip() or None
    return None


def title(tree, tags: dict[str, str], jsonld: list[dict], site: str | None) -> str:
    """The headline: og:title, JSON-LD headline or twitter:title when the page gives one; else the
    part of <title> that is also a heading on the page (a blog's <h1> is often the blog's name,
    the post's headline an <h2>); else the page's only <h1>, or <title> itself. The site name is
    removed when the title carries it as a prefix or suffix."""
    found = _meta(tags, "og:title")
    if not found:
        found = next((o["headline"] for o in article_objects(jsonld) if isinstance(o.get("headline"), str)), None)
    found = found or _meta(tags, "twitter:title")
    if not found:
        found = _title_from_page(tree)
    return strip_site_suffix(" ".join(found.split()), site)


def _title_from_page(tree) -> str:
    head = " ".join((tree.findtext(".//title") or "").split())
    headings = {" ".join(h.text_content().split()).lower() for h in _HEADINGS(tree)}
    parts = [head]
    for sep in TITLE_SEPARATORS:
        if sep in head:
            parts = [p.strip() for p in head.split(sep) if p.strip()]
            break
    on_page = [p for p in parts if p.lower() in headings]
    if on_page:
        return max(on_page, key=len)
    h1 = _H1(tree)
    if len(h1) == 1 and h1[0].text_content().strip():
        return h1[0].text_content()
    return max(parts, key=len) if len(parts) == 2 else head


def strip_site_suffix(text: str, site: str | None) -> str:
    """'Headline – Site Name' -> 'Headline'; only when the affix is the site's own name."""
    if not site:
        return text
    site = site.strip().lower()
    for sep in TITLE_SEPARATORS:
        head, found, tail = text.rpartition(sep)
        if found and head and tail.strip().lower() == site:
            return head.strip()
        head, found, tail = text.partition(sep)
        if found and tail and head.strip().lower() == site:
            return tail.strip()
    return text


def headline_lines(tree, headline: str) -> list[str]:
    """The short lines right below the headline, where bylines and date lines sit on pages
    that mark neither up: "Posted on 12 May 2024 by Helen Marsh", "Author: Yerbol Nurlanov"."""
    want = " ".join(headline.split()).lower()
    heads = [h for h in _HEADINGS_ANY(tree) if " ".join(h.text_content().split()).lower() == want] or _H1(tree)
    if not heads and headline:
        heads = _STYLED_HEADLINE(tree, t=" ".join(headline.split()))
    if not heads:
        return []
    lines: list[str] = []
    node = heads[0]
    for candidate in [*node.itersiblings(), *(node.getparent().itersiblings() if node.getparent() is not None else ())]:
        text = " ".join(candidate.text_content().split()) if isinstance(candidate.tag, str) else ""
        if not text:
            continue
        if len(text.split()) > HEADLINE_LINE_WORDS:
            break  # the article has begun
        lines.append(text)
        if len(lines) == HEADLINE_LINES:
            break
    return lines


def names_in_line(text: str) -> list[str]:
    """The names after "By" or "Author:" in a byline."""
    m = _BYLINE_MARKER_RE.search(text)
    if not m:
        return []
    rest = _DATE_TAIL_RE.split(text[m.end():])[0]
    names = []
    for part in _NAME_SPLIT_RE.split(rest):
        part = part.strip(" .|–-")
        if _looks_like_name(part):
            names.append(part)
        else:
            break
    return names


def authors(tree, tags: dict[str, str], jsonld: list[dict], headline: str = "") -> tuple[str, ...]:
    """Bylines from JSON-LD, then author meta tags, then the visible byline element, then a
    "By ..." line below the headline."""
    names: list[str] = []
    for obj in article_objects(jsonld):
        value = obj.get("author")
        for a in value if isinstance(value, list) else [value]:
            if isinstance(a, dict):
                a = a.get("name")
            if isinstance(a, str):
                names.append(a)
    if not names:
        value = _meta(tags, *AUTHOR_META)
        if value and "://" not in value and not value.startswith("@"):
            names = _NAME_SPLIT_RE.split(value)
    if not names:
        for el, is_byline in _bylines(tree):
            text = " ".join(el.text_content().split())
            parts = names_in_line(text)
            if not parts and is_byline:  # an element marked as the byline may hold just the names
                parts = [p for p in _NAME_SPLIT_RE.split(_BY_RE.sub("", text)) if _looks_like_name(p)]
            if parts:
                names = parts
                break
    if not names and headline:
        names = next((found for line in headline_lines(tree, headline) if (found := names_in_line(line))), [])
    return dedupe_names(names)


def _bylines(tree):
    """(element, marked as byline) for elements that may hold the byline: marked as author or
    byline, or a date or meta line, where "Author: ..." often sits."""
    found = 0
    for el in islice(tree.iter(), BYLINE_SCAN):
        if el.tag in ("meta", "link", "script", "style") or not isinstance(el.tag, str):
            continue
        cls = el.get("class") or ""
        marked = el.get("rel") == "author" or el.get("itemprop") == "author" or bool(_BYLINE_CLASS_RE.search(cls))
        if marked or _DATELINE_CLASS_RE.search(cls):
            yield el, marked
            found += 1
            if found == 6:
                return


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_NAME_WORDS and not any(c.isdigit() for c in text) and words[0][:1].isupper()


def dedupe_names(names: list[str]) -> tuple[str, ...]:
    seen, out = set(), []
    for name in names:
        name = " ".join(_BY_RE.sub("", name).split()).strip(" ,;")
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return tuple(out)


# --- the rest of the head ----------------------------------------------------------------------

def canonical_href(tree, tags: dict[str, str]) -> str | None:
    hrefs = _CANONICAL(tree)
    return hrefs[0].strip() if hrefs else _meta(tags, "og:url")


def html_lang(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip().lower() if lang else None


def description(tags: dict[str, str]) -> str | None:
    return _meta(tags, "og:description", "description")

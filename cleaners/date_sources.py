"""Where a page states its publication date: each function gives (source, ISO date) candidates.

Machine-readable: JSON-LD datePublished, meta tags, a <time> marked as the publication time, the
date in the URL. Printed: the lines below the headline, the page's date line or byline. And the
answer of htmldate, the library made for exactly this (it reads much the same markup and, when
those say nothing, the whole page's text). dates.py weighs them.
"""

from __future__ import annotations

import json
import logging
import re
from functools import cache
from importlib import resources
from itertools import islice

from htmldate import find_date
from lxml.etree import XPath

from .date_text import day_of, parse_date, written_date

META_NAMES = ("article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate",
              "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date")
# Dates in URLs: /2024/03/14/, /2017/7/12/, /20030331_, /29-10-2021; each ends at a separator so
# that an id (20130217080612, 2021123) is not read as a day.
_URL_DATES = (
    (re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)"), ("y", "m", "d")),
    (re.compile(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"), ("y", "m", "d")),
    (re.compile(r"/(0?[1-9]|[12]\d|3[01])-(0?[1-9]|1[0-2])-((?:19|20)\d{2})(?:[/_.-]|$)"), ("d", "m", "y")),
)
# web.archive.org/web/20130217080612/http://site/...: the archived page's own URL is what counts
_ARCHIVE_PREFIX_RE = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/", re.I)
_FOLLOWING_TEXT = XPath("following::text()[normalize-space()][position() <= $n]")
_ONLY_H1 = XPath("//body//h1")
# texts that hold a year (the label's date follows it in the same text), short like a date line
_LABELLED_TEXT = XPath("//body//text()[contains(., '19') or contains(., '20')]"
                       "[string-length(normalize-space()) > 8 and string-length() < 300]")
AFTER_HEADLINE_TEXTS, AFTER_HEADLINE_CHARS = 8, 300  # the date line sits within a few lines of the headline
_PUBLISHED_TIMES = XPath("//time[@datetime][contains(@class,'published') or @pubdate or @itemprop='datePublished']")
_ARTICLE_TIMES = XPath("//article//time[@datetime]")
# Where a page prints its date: <time>, or an element whose class or id names a date or byline
# (a word of its own: "post-date", "ArticleHeader_date", "pubdate"; not "datenschutz", "update")
_DATE_LINE_RE = re.compile(r"(?<![a-z])(?:[a-z]*(?<!up)date|datum|byline|posted|entry-meta|article-meta)(?![a-z])")
# ... unless it is another item's: a comment, a teaser, a forum's last post, an embedded social
# post, a widget or ticker, or the site's header showing today's date (data/date_lines.json)
_NOT_OURS_TAGS = frozenset({"nav", "aside"})
_HEADER_RE = re.compile(r"(?<![a-z])header(?![a-z])")
_TAXONOMY_RE = re.compile(r"(?<![a-z])(?:tag|category|categories)-\S*")
MAX_DATE_LINES = 12  # the date line sits near the headline: look at the first few candidates only
DATE_LINE_SCAN = 3000  # ... among the first elements of the page
LIBRARY_LATEST = "2099-12-31"  # htmldate's upper bound for a page without a fetch time (not "now": deterministic)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)  # it logs every page it finds nothing on


def _page_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?|/$", "", url.strip().lower())


def _ld_url(obj: dict) -> str:
    main = obj.get("mainEntityOfPage")
    main = main.get("@id") if isinstance(main, dict) else main
    return next((u for u in (obj.get("url"), main) if isinstance(u, str)), "")


def jsonld_dates(article_objects: list[dict], url: str) -> list[tuple[str, str]]:
    """datePublished of the page's article objects. Several that disagree are a listing's items:
    only those naming this page's URL count then."""
    found = [(o, parse_date(o.get("datePublished") or o.get("dateCreated"))) for o in article_objects]
    found = [(o, d) for o, d in found if d]
    if len({d[:10] for _, d in found}) > 1:
        found = [(o, d) for o, d in found if _page_key(_ld_url(o)) == _page_key(url)]
    return [("json-ld", d) for _, d in found]


def url_date(url: str) -> str | None:
    path = _ARCHIVE_PREFIX_RE.sub("/", url)
    for pattern, order in _URL_DATES:
        for m in pattern.finditer(path):
            parts = dict(zip(order, m.groups(), strict=True))
            day = day_of(parts["y"], parts["m"], parts["d"])
            if day:
                return day
    return None


def _own_times(elements) -> set[str]:
    return {el.get("datetime") for el in elements if not another_item(el)}


def markup_dates(tree, tags: dict[str, str], article_objects: list[dict], url: str) -> list[tuple[str, str]]:
    """(source, ISO date) pairs from the machine-readable sources."""
    out = jsonld_dates(article_objects, url)
    out.append(("meta", parse_date(next((tags[n] for n in META_NAMES if n in tags), None))))
    times = _own_times(_PUBLISHED_TIMES(tree)) or _own_times(_ARTICLE_TIMES(tree))
    if len(times) == 1:  # several dates: a listing page, or no way to tell which is ours
        out.append(("time", parse_date(times.pop())))
    out.append(("url", url_date(url)))
    return [(src, d) for src, d in out if d]


def _words_re(key: str) -> re.Pattern:
    data = json.loads(resources.files("cleaners").joinpath("data/date_lines.json").read_text("utf-8"))
    return re.compile("(?<![a-z])(?:" + "|".join(map(re.escape, data[key])) + ")")


@cache
def _not_ours_res() -> tuple[re.Pattern, re.Pattern]:
    return _words_re("other_items"), _words_re("embedded_posts")


@cache
def _labels() -> tuple[str, ...]:
    data = json.loads(resources.files("cleaners").joinpath("data/date_lines.json").read_text("utf-8"))
    return tuple(data["publication_labels"])


@cache
def _label_re() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _labels())) + r")\s*:?\s*", re.I)


def _marks(el) -> str:
    """An element's class and id, lower-cased, without a post's tags and categories."""
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return ""
    marks = f"{cls or ''} {ident or ''}".lower()
    return _TAXONOMY_RE.sub(" ", marks) if "-" in marks else marks


def _own_mark(node) -> str | None:
    """What a node's own tag, class and id say: "embedded", "other", "header" or None."""
    other, embedded = _not_ours_res()
    marks = _marks(node)
    if node.tag == "blockquote" or embedded.search(marks):
        return "embedded"
    if node.tag in _NOT_OURS_TAGS or other.search(marks):
        return "other"
    if node.tag == "header" or _HEADER_RE.search(marks):
        return "header" if node.find(".//h1") is None else "article header"
    return None


def another_item(el, seen: dict | None = None) -> str | None:
    """Is this element part of another item than the article? "embedded" (a social post quoted
    in it), "other" (a comment, teaser, forum post, ticker, navigation, or the site's header),
    or None. `seen` keeps the nodes' marks between calls on one page."""
    seen = {} if seen is None else seen
    headers = []
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html"):
            break
        if node not in seen:
            seen[node] = _own_mark(node)
        mark = seen[node]
        if mark in ("embedded", "other"):
            return mark
        if mark:
            headers.append(mark)
    # in a header of which none holds the headline: the site's header, where today's date sits
    return "other" if headers and "article header" not in headers else None


_DATE_HINT = re.compile("dat|Dat|DAT|byline|posted|-meta").search  # every date line mark holds one


def _date_like(tree):
    """The first elements that may print a date: <time>, or marked as a date or byline."""
    for el in islice(tree.iter(), DATE_LINE_SCAN):
        if el.tag == "time":
            yield el
        elif ((cls := el.get("class")) and _DATE_HINT(cls) or (ident := el.get("id")) and _DATE_HINT(ident)) \
                and isinstance(el.tag, str) and _DATE_LINE_RE.search(_marks(el)):
            yield el


def first_text(el, limit: int = 200) -> str:
    """The element's text up to about `limit` characters, whitespace collapsed (a date line
    may be a big container: no need to join all of it)."""
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return " ".join("".join(parts).split())[:limit]


def _printed(el) -> str | None:
    return parse_date(el.get("datetime")) or written_date(first_text(el))


def date_lines(tree) -> tuple[str | None, dict[str, str]]:
    """(the date printed in the page's own date line or byline, {day: "other" or "embedded"} of
    the days printed before it in other items' date lines: comments, teasers, forum posts,
    embedded posts, the site's header)."""
    theirs: dict[str, str] = {}
    own, seen = 0, {}
    for el in _date_like(tree):
        if kind := another_item(el, seen):
            if len(theirs) < MAX_DATE_LINES and (found := _printed(el)):
                theirs[found[:10]] = "embedded" if kind == "embedded" else theirs.get(found[:10], kind)
            continue
        if found := _printed(el):
            return found, theirs
        own += 1
        if own == MAX_DATE_LINES:
            break
    return None, theirs


def visible_date(tree) -> str | None:
    """A date printed in the page's date line or byline."""
    return date_lines(tree)[0]


def headline_date(lines) -> str | None:
    """The first date in the short lines right below the headline."""
    return next((d for line in lines if (d := written_date(line))), None)


def after_headline_date(tree) -> str | None:
    """A date in the first few texts after the page's only <h1>, wherever they sit (a byline
    inside the article's first block, "1. Februar 2022, Daniel Dillenburg")."""
    heads = _ONLY_H1(tree)
    if len(heads) != 1:
        return None
    seen = 0
    for text in _FOLLOWING_TEXT(heads[0], n=AFTER_HEADLINE_TEXTS):
        parent = text.getparent()
        if parent is None or parent.tag in ("script", "style") or another_item(parent):
            continue
        found = written_date(" ".join(text.split()))
        seen += len(text)
        if found or seen > AFTER_HEADLINE_CHARS:
            return found
    return None


def labelled_date(tree) -> str | None:
    """A date after a label that says it is the publication's: "Erstellt am: 01.11.2023",
    "Published on 3 May 2021", "Publié le 2 mars 2020" (labels in data/date_lines.json)."""
    body = tree.find("body")
    text = body.text_content().lower() if body is not None else ""
    if not any(word in text for word in _labels()):
        return None  # most pages: a few substring scans instead of a walk over every text
    label = _label_re()
    for text in _LABELLED_TEXT(tree):
        m = label.search(text)
        if m:
            parent = text.getparent()
            if parent is not None and parent.tag not in ("script", "style") and not another_item(parent):
                found = written_date(text[m.end():m.end() + 60])
                if found:
                    return found
    return None


def library_date(tree, url: str, fetched_at: str | None, extensive: bool = True) -> str | None:
    """htmldate's day for the page (the original rather than the updated date), bounded by the
    fetch day; `extensive` asks for its search of every date-like string of the page too."""
    latest = fetched_at[:10] if fetched_at else LIBRARY_LATEST
    try:
        return find_date(tree, extensive_search=extensive, original_date=True, url=url, max_date=latest)
    except (ValueError, TypeError, AttributeError, IndexError):  # malformed pages it cannot walk
        return None


def warm_library() -> None:
    """Load what htmldate's extensive search loads at its first hard string: dateparser's locales
    (2 CPU-s and 44 MB, once per process). The forkserver of the cleaning workers calls this, so
    that every worker shares them instead of loading them again."""
    from htmldate.extractors import get_external_parser, month_words

    month_words()
    get_external_parser().get_date_data("0 presswash 0")  # no language matches: every locale is loaded

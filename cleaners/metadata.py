"""Article metadata from the page head: JSON-LD, OpenGraph/meta tags, <time>, the URL.

trafilatura's metadata is the fallback; the sources here are read first because they carry the
full timestamp and the declared page type, which decide whether the page is an article at all.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

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
        "ItemList FAQPage og:profile"
    ).split()
)

# Dates that CMSs print when they know nothing; never a real publication date.
PLACEHOLDER_DATES = frozenset({"1970-01-01", "1900-01-01", "2000-01-01", "0001-01-01"})
EARLIEST_YEAR = 1995  # no news page on the web is older

_DATE_IN_URL_RE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|[-_])")
_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_PUBLISHED_TIME_XPATH = (
    "//time[contains(@class,'published') or @pubdate or @itemprop='datePublished']/@datetime"
)
_BY_RE = re.compile(r"^\s*(?:by|от|автор:?)\s+", re.I)


def read_jsonld(tree) -> list[dict]:
    """Every JSON-LD object on the page, @graph members flattened; malformed blocks are skipped."""
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
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
    for name in names:
        if name.lower() in tags:
            return tags[name.lower()]
    return None


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


def is_declared_website(types: tuple[str, ...]) -> bool:
    """og:type=website without any article type: the site itself says this is not an article,
    though a few CMSs say it of everything, so it only counts when nothing else says article."""
    return not is_declared_article(types) and "og:website" in types


def article_evidence(types: tuple[str, ...], date_sources: list[str], authors: tuple[str, ...]) -> tuple[str, ...]:
    """What says this page is an article: markup, a machine-readable date, a byline."""
    found = [f"type:{t}" for t in types if t in ARTICLE_TYPES]
    found += [f"date:{src}" for src in date_sources]
    if authors:
        found.append("byline")
    return tuple(found)


def _article_objects(jsonld: list[dict]) -> list[dict]:
    return [o for o in jsonld if any(t in ARTICLE_TYPES for t in _types(o))]


def parse_date(value: str | None) -> str | None:
    """ISO 8601 from the common machine formats; keeps the time and offset when given."""
    if not value:
        return None
    m = _ISO_RE.match(value)
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    try:
        datetime(int(y), int(mo), int(d))
    except ValueError:
        return None
    day = f"{y}-{mo}-{d}"
    if hh is None:
        return day
    stamp = f"{day}T{hh}:{mi}:{ss or '00'}"
    if tz:
        tz = "Z" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        if tz in ("+00:00", "-00:00"):
            tz = "Z"
        return stamp + tz
    return stamp


def plausible(date: str | None, fetched_at: str | None) -> bool:
    if not date or date[:10] in PLACEHOLDER_DATES or int(date[:4]) < EARLIEST_YEAR:
        return False
    if fetched_at:
        return date[:10] <= fetched_at[:10] or _as_utc(date) <= _as_utc(fetched_at)
    return True


def _as_utc(stamp: str) -> datetime:
    text = stamp.replace("Z", "+00:00")
    dt = datetime.fromisoformat(text if "T" in text else text + "T23:59:59+14:00")
    if dt.tzinfo is None:  # local time of an unknown zone: allow the widest offset
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def published_candidates(tree, tags: dict[str, str], jsonld: list[dict], url: str) -> list[tuple[str, str]]:
    """(source, ISO date) pairs, most trustworthy first."""
    out = []
    for obj in _article_objects(jsonld):
        out.append(("json-ld", parse_date(obj.get("datePublished") or obj.get("dateCreated"))))
    out.append(
        (
            "meta",
            parse_date(
                _meta(tags, "article:published_time", "datePublished", "og:published_time",
                      "pubdate", "publishdate", "date", "dc.date.issued", "DC.date.issued")
            ),
        )
    )
    times = set(tree.xpath(_PUBLISHED_TIME_XPATH)) or set(tree.xpath("//article//time/@datetime"))
    if len(times) == 1:  # several dates: a listing page, or no way to tell which is ours
        out.append(("time", parse_date(times.pop())))
    m = _DATE_IN_URL_RE.search(url)
    out.append(("url", "-".join(m.groups()) if m else None))
    return [(src, d) for src, d in out if d]


def choose_published(candidates: list[tuple[str, str]], fallback: str | None, fetched_at: str | None) -> str | None:
    """The most precise plausible date that agrees with the first plausible source's day."""
    dates = [d for _, d in candidates if plausible(d, fetched_at)]
    if not dates:
        fb = parse_date(fallback)
        return fb if plausible(fb, fetched_at) else None
    first_day = dates[0][:10]
    same_day = [d for d in dates if d[:10] == first_day]
    return max(same_day, key=len)  # a full timestamp beats a bare day


def authors(jsonld: list[dict], fallback: str | None) -> tuple[str, ...]:
    names: list[str] = []
    for obj in _article_objects(jsonld):
        value = obj.get("author")
        for a in value if isinstance(value, list) else [value]:
            if isinstance(a, dict):
                a = a.get("name")
            if isinstance(a, str):
                names.append(a)
    if not names and fallback:
        names = fallback.split(";")
    return dedupe_names(names)


def dedupe_names(names: list[str]) -> tuple[str, ...]:
    seen, out = set(), []
    for name in names:
        name = " ".join(_BY_RE.sub("", name).split()).strip(" ,;")
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return tuple(out)


def site_name(tags: dict[str, str], fallback: str | None) -> str | None:
    return _meta(tags, "og:site_name", "application-name") or fallback


def strip_site_suffix(title: str, site: str | None) -> str:
    """'Headline – Site Name' -> 'Headline'; only when the suffix is the site's own name."""
    if not site:
        return title
    for sep in (" – ", " — ", " | ", " - ", " :: ", " · ", " » "):
        head, found, tail = title.rpartition(sep)
        if found and head and tail.strip().lower() == site.strip().lower():
            return head.strip()
        head, found, tail = title.partition(sep)
        if found and tail and head.strip().lower() == site.strip().lower():
            return tail.strip()
    return title


def canonical_href(tree, tags: dict[str, str]) -> str | None:
    hrefs = tree.xpath('//link[@rel="canonical"]/@href')
    return hrefs[0].strip() if hrefs else _meta(tags, "og:url")


def html_lang(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip().lower() if lang else None


def description(tags: dict[str, str]) -> str | None:
    return _meta(tags, "og:description", "description")

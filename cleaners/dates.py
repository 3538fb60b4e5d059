"""The publication date, cross-checked across the page's own sources.

Sources: JSON-LD datePublished, meta tags, a <time> element marked as the publication time, the
date in the URL, and only when none of those exists, a date written in the page's byline or
date line ("March 14, 2024", "14 марта 2024", "14 наурыз 2024", "14.03.2024").
Each source votes for a day; the day with most votes wins (ties go to the more trustworthy
source), and the most precise stamp of that day is returned. A date after the fetch, or a CMS
placeholder (2000-01-01, 1970-01-01), never wins.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from itertools import islice

from lxml.etree import XPath

# Dates that CMSs print when they know nothing; never a real publication date.
PLACEHOLDER_DATES = frozenset({"1970-01-01", "1900-01-01", "2000-01-01", "0001-01-01"})
EARLIEST_YEAR = 1995  # no news page on the web is older
SOURCE_ORDER = ("json-ld", "meta", "time", "url", "visible")  # most trustworthy first
META_NAMES = ("article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate",
              "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date")

_DATE_IN_URL_RE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|[-_.])")
_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_PUBLISHED_TIMES = XPath("//time[contains(@class,'published') or @pubdate or @itemprop='datePublished']/@datetime")
_ARTICLE_TIMES = XPath("//article//time/@datetime")
# Where a page prints its date: <time>, or an element whose class or id speaks of a date.
DATE_LINE_CLASSES = ("date", "byline", "posted", "entry-meta", "article-meta", "dateline")
_DATE_LINE_CLASS_RE = re.compile("|".join(map(re.escape, DATE_LINE_CLASSES)))  # any of them in the class: one scan
MONTHS = {
    **{m: i for i, m in enumerate("january february march april may june july august september october november "
                                  "december".split(), 1)},
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate("января февраля марта апреля мая июня июля августа сентября октября ноября "
                                  "декабря".split(), 1)},
    **{m: i for i, m in enumerate("январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь "
                                  "декабрь".split(), 1)},
    **{m: i for i, m in enumerate("қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша "
                                  "желтоқсан".split(), 1)},
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WRITTEN_DATES = (
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), ("m", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b", re.I), ("d", "m", "y")),
    (re.compile(rf"\b((?:19|20)\d\d)(?:\s+жылғы)?\s+(\d{{1,2}})\s+{_MONTH}", re.I), ("y", "d", "m")),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b"), ("d", "m", "y")),
)
MAX_DATE_LINES = 12  # the date line sits near the headline: look at the first few candidates only
DATE_LINE_SCAN = 3000  # ... among the first elements of the page


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
        return stamp + ("Z" if tz in ("+00:00", "-00:00") else tz)
    return stamp


def as_utc(stamp: str) -> datetime:
    text = stamp.replace("Z", "+00:00")
    dt = datetime.fromisoformat(text if "T" in text else text + "T23:59:59+14:00")
    if dt.tzinfo is None:  # local time of an unknown zone: allow the widest offset
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def plausible(date: str | None, fetched_at: str | None) -> bool:
    """Not a placeholder, not before the web, not after the page was fetched."""
    if not date or date[:10] in PLACEHOLDER_DATES or int(date[:4]) < EARLIEST_YEAR:
        return False
    return not fetched_at or date[:10] <= fetched_at[:10] or as_utc(date) <= as_utc(fetched_at)


def candidates(tree, tags: dict[str, str], article_objects: list[dict], url: str) -> list[tuple[str, str]]:
    """(source, ISO date) pairs from the machine-readable sources."""
    out = [("json-ld", parse_date(o.get("datePublished") or o.get("dateCreated"))) for o in article_objects]
    out.append(("meta", parse_date(next((tags[n] for n in META_NAMES if n in tags), None))))
    times = set(_PUBLISHED_TIMES(tree)) or set(_ARTICLE_TIMES(tree))
    if len(times) == 1:  # several dates: a listing page, or no way to tell which is ours
        out.append(("time", parse_date(times.pop())))
    m = _DATE_IN_URL_RE.search(url)
    out.append(("url", "-".join(m.groups()) if m else None))
    return [(src, d) for src, d in out if d]


def written_date(text: str) -> str | None:
    """The first date written out in a text, in English, Russian or Kazakh, or numerically."""
    for pattern, order in _WRITTEN_DATES:
        m = pattern.search(text)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month = parts["m"]
        month = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
        try:
            return datetime(int(parts["y"]), month, int(parts["d"])).strftime("%Y-%m-%d")
        except (TypeError, ValueError):
            continue
    return None


def _date_lines(tree):
    seen = 0
    for el in islice(tree.iter(), DATE_LINE_SCAN):
        if el.tag == "time" or _DATE_LINE_CLASS_RE.search(el.get("class") or "") \
                or "date" in (el.get("id") or ""):
            yield el
            seen += 1
            if seen == MAX_DATE_LINES:
                return


def visible_date(tree) -> str | None:
    """A date printed in the page's date line or byline."""
    for el in _date_lines(tree):
        found = parse_date(el.get("datetime")) or written_date(" ".join(el.text_content().split())[:200])
        if found:
            return found
    return None


def choose(found: list[tuple[str, str]], fetched_at: str | None) -> str | None:
    """The day most sources agree on (ties: the most trustworthy source), as precisely as known."""
    usable = [(src, d) for src, d in found if plausible(d, fetched_at)]
    if not usable:
        return None
    votes = Counter(d[:10] for _, d in usable)
    rank = {day: min(SOURCE_ORDER.index(src) for src, d in usable if d[:10] == day) for day in votes}
    day = min(votes, key=lambda k: (-votes[k], rank[k], k))
    same_day = [d for _, d in usable if d[:10] == day]
    return max(same_day, key=lambda d: (len(d), d))  # a full timestamp with offset beats a bare day


def published(tree, tags: dict[str, str], article_objects: list[dict], url: str,
              fetched_at: str | None, headline_lines=lambda: ()) -> tuple[str | None, list[str]]:
    """(publication date or None, the sources that were found). `headline_lines()` gives the
    short lines below the headline, read only when nothing else gives a date."""
    found = candidates(tree, tags, article_objects, url)
    date = choose(found, fetched_at)
    if date is None and not found:
        seen = visible_date(tree) or next((d for line in headline_lines() if (d := written_date(line))), None)
        if seen:
            found = [("visible", seen)]
            date = choose(found, fetched_at)
    return date, [src for src, _ in found]

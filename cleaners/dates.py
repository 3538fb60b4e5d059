"""The publication date: a vote among the page's own sources and htmldate's answer.

Candidates (date_sources.py): JSON-LD, meta tags, a <time> marked as the publication time, the
URL, the lines below the headline, the page's date line, and htmldate. Each source votes for a
day; the day with most votes wins (ties go to the more trustworthy source), and the most precise
stamp of that day is returned. The rules of the vote and their evidence are in docs/dates.md.
A date after the fetch, or a CMS placeholder (2000-01-01, 1970-01-01), never wins.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from .date_sources import (
    after_headline_date,
    date_lines,
    headline_date,
    labelled_date,
    library_date,
    markup_dates,
)
from .date_text import parse_date, written_date

__all__ = ["as_utc", "candidates", "choose", "parse_date", "plausible", "published", "written_date"]

# Dates that CMSs print when they know nothing; never a real publication date.
PLACEHOLDER_DATES = frozenset({"1970-01-01", "1900-01-01", "2000-01-01", "0001-01-01"})
EARLIEST_YEAR = 1995  # no news page on the web is older
# most trustworthy first: ties go to the first
SOURCE_ORDER = ("headline", "url", "labelled", "after-headline", "time", "visible", "meta", "json-ld", "htmldate")
# What a source's vote weighs: the log-odds of its being right, ln(p / (1 - p)), with p how often
# it gave the right day on the htmldate-eval pages (docs/dates.md)
SOURCE_WEIGHTS = {"headline": 3.7, "url": 3.5, "labelled": 3.3, "after-headline": 3.3, "time": 3.0,
                  "visible": 2.9, "meta": 2.5, "json-ld": 2.3, "htmldate": 2.3}
MARKUP_SOURCES = frozenset({"json-ld", "meta", "time", "url"})
LISTED_DAYS = 2  # other items' date lines showing this many days are a list: teasers, comments
candidates = markup_dates


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


def _neighbour_days(stamp: str) -> tuple[str, ...]:
    """The local days a UTC stamp can be somewhere between UTC-12 and UTC+14."""
    if not stamp.endswith("Z"):
        return ()
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    days = {(moment + timedelta(hours=h)).date() for h in (-12, 14)} - {moment.date()}
    return tuple(sorted(d.isoformat() for d in days))


def _local_days(usable: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(source, day voted for, stamp may be shown). A UTC stamp whose day no other source names,
    next to a day another source names and that it can be in the publisher's zone, votes for
    that local day; it is not shown then (its day would be the UTC day)."""
    # htmldate reads a UTC stamp's UTC day: it names no day of its own there
    utc_days = {d[:10] for src, d in usable if d.endswith("Z")}
    named = {d[:10] for src, d in usable if not d.endswith("Z") and not (src == "htmldate" and d in utc_days)}
    out = []
    for src, d in usable:
        local = [n for n in _neighbour_days(d) if n in named]
        if local and d[:10] not in named and (src != "htmldate" or d in utc_days):
            out.append((src, local[0], False))
        else:
            out.append((src, d[:10], True))
    return out


def _vote_key(src: str, d: str) -> str:
    """The same stamp in several places (JSON-LD, meta and <time> written by one CMS) is one
    vote; a day is each source's own."""
    return d if len(d) > 10 else f"{src}:{d}"


def choose(found: list[tuple[str, str]], fetched_at: str | None, weights=SOURCE_WEIGHTS) -> str | None:
    """The day most sources agree on (ties: the most trustworthy source), as precisely as known.
    The same stamp in several places (JSON-LD and meta written by one CMS) is one vote."""
    usable = [(src, d) for src, d in found if plausible(d, fetched_at)]
    if not usable:
        return None
    votes: dict[str, dict[str, float]] = defaultdict(dict)
    rank: dict[str, int] = {}
    shown: dict[str, list[str]] = defaultdict(list)
    for (src, d), (_, day, show) in zip(usable, _local_days(usable), strict=True):
        key = _vote_key(src, d)
        votes[day][key] = max(votes[day].get(key, 0.0), weights[src])
        rank[day] = min(rank.get(day, len(SOURCE_ORDER)), SOURCE_ORDER.index(src))
        if show:
            shown[day].append(d)
    day = min(votes, key=lambda k: (-round(sum(votes[k].values()), 6), rank[k], k))
    return max(shown[day], key=lambda d: (len(d), d)) if shown[day] else day


def published(tree, tags: dict[str, str], article_objects: list[dict], url: str,
              fetched_at: str | None, headline_lines=lambda: ()) -> tuple[str | None, list[str]]:
    """(publication date or None, the sources that were found). `headline_lines()` gives the
    short lines below the headline. The costlier sources are asked only while the cheaper ones
    disagree or say nothing (docs/dates.md: it changes no answer on the htmldate-eval pages)."""
    found = markup_dates(tree, tags, article_objects, url)
    visible, others = date_lines(tree)
    found += [(src, value) for src, value in (("headline", headline_date(headline_lines())), ("visible", visible))
              if value]
    if not _agreed(found, fetched_at):
        found += [(src, value) for src, value in (("labelled", labelled_date(tree)),
                                                  ("after-headline", after_headline_date(tree))) if value]
    if not _agreed(found, fetched_at):
        # htmldate's extensive search (its whole-page pass, the dearer part) only where the page
        # names no plausible day at all; where its sources disagree the quick search breaks the
        # tie as well: the same answers on the htmldate-eval pages, ~15% less time in dates
        nothing = not any(plausible(d, fetched_at) for _, d in found)
        library = library_date(tree, url, fetched_at, extensive=nothing)
        if library and library_counts(library, others, found):
            found.append(("htmldate", library))
    return choose(found, fetched_at), [src for src, _ in found]


def _agreed(found: list[tuple[str, str]], fetched_at: str | None) -> bool:
    """Do the plausible candidates name one day, and one only?"""
    return len({d[:10] for _, d in found if plausible(d, fetched_at)}) == 1


def library_counts(day: str, others: dict[str, str], found: list[tuple[str, str]]) -> bool:
    """Does htmldate's day get a vote? Not when it is a 1 January no other source names (its
    guess from a bare year, "2021" of "Art.-Nr. 2021-1345"), nor when only other items print it:
    an embedded social post, or a teaser, a comment, a forum's last post when the page has dates
    of its own or the other items are a list of several days. One such date alone may be the
    article's own, misfiled (a post's date line marked as its comments' date)."""
    if any(d[:10] == day for _, d in found):
        return True
    if day.endswith("-01-01") or others.get(day) == "embedded":
        return False
    return day not in others or (not found and len(others) < LISTED_DAYS)

"""Dates written as text: ISO 8601 stamps of the machine-readable sources, and dates printed on
the page ("March 14, 2024", "1. November 2021", "14 de marzo de 2024", "14 марта 2024",
"2024 жылғы 14 наурыз", "14.03.2024"). Month names per language are data (data/date_months.json).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from importlib import resources


@cache
def month_names() -> dict[str, int]:
    """Every spelling of a month in data/date_months.json -> its number; a spelling that two
    languages give different months is left out."""
    data = json.loads(resources.files("cleaners").joinpath("data/date_months.json").read_text("utf-8"))
    found: dict[str, set[int]] = {}
    for lang, months in data.items():
        if lang.startswith("_"):
            continue
        for number, spellings in enumerate(months, 1):
            for name in spellings.split("|"):
                found.setdefault(name.lower(), set()).add(number)
    return {name: numbers.pop() for name, numbers in sorted(found.items()) if len(numbers) == 1}


_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR = r"((?:19|20)\d\d)"


_MONTH_WORD = r"([^\W\d_]{3,12})\.?"  # any word: looked up in the month table, faster than an alternation
# the day's ordinal marks: English st/nd/rd/th, French 1er, German "1.", Spanish "1º"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
_WRITTEN_DATES = (
    (re.compile(rf"\b{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b"), ("m", "d", "y")),
    (re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH_WORD},?\s+(?:de\s+)?{_YEAR}\b"), ("d", "m", "y")),
    (re.compile(rf"\b{_YEAR}(?:\s+жылғы)?\s+(\d{{1,2}})\s+{_MONTH_WORD}"), ("y", "d", "m")),
    (re.compile(rf"\b{_YEAR}-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(rf"\b(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?{_YEAR}\b"), ("d", "m", "y")),
)
_ANY_YEAR_RE = re.compile(_YEAR)


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


def day_of(year: str, month: str, day: str) -> str | None:
    """YYYY-MM-DD when the three parts make a real day; a month may be a name."""
    number = int(month) if month.isdigit() else month_names().get(month.lower().rstrip("."))
    try:
        return datetime(int(year), number, int(day)).strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return None


def written_date(text: str) -> str | None:
    """The first date written out in a text (the earliest in it that is a real day)."""
    if not _ANY_YEAR_RE.search(text):
        return None  # most lines: no year, no date
    found = []
    for pattern, order in _WRITTEN_DATES:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            day = day_of(parts["y"], parts["m"], parts["d"])
            if day:
                found.append((m.start(), day))
                break
    return min(found)[1] if found else None

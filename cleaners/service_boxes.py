"""The service boxes old table layouts put into the same container as the story: emergency
numbers, classified ads, the weather, a ticker of timestamped headlines (exchange rates are the
`ticker` rule of strip_boilerplate).

Each kind is a run of lines of one shape, with the short label above it ("Emergency numbers",
"Classified ads", "Weather", "News feed") going with them:

- emergency: "Fire service - 101": a name, a dash or colon, a service number of 2-4 digits;
  three lines at least. A hotline with a full phone number inside the story is not of this shape.
- classified: an ad verb ("Selling", "Продам", "Vermiete") and a phone number in a short line;
  two lines at least.
- ticker: "08:40 New school opens in Ekibastuz": a time, then a headline (no full stop); three
  lines at least. A live blog's entries carry their text, and end as sentences.
- weather: a short line with a temperature ("Today +18, cloudy"), under a weather label, on a
  page whose headline is not about the weather.
- rates: "USD 471.20 EUR 503.15": strip_boilerplate removes the line itself as `ticker`
  wherever it is; here its label goes with it.

Precision first: a run goes only when it lies wholly before the story's first paragraph of
running prose or after its last, never between two of them; a page without such a paragraph
keeps everything (there is no story to tell the box from). Vocabulary: data/service_boxes.json.
The audit reason is `service_box`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from .records import Block
from .text import ENDS_SENTENCE_RE, words

REASON = "service_box"
PROSE_WORDS = 25  # a paragraph of running text: the story
LABEL_MAX_WORDS = 4
MIN_RUN = {"emergency": 3, "classified": 2, "ticker": 3, "weather": 1, "rates": 1}
EMERGENCY_MAX_WORDS = 6
CLASSIFIED_MAX_WORDS = 35
TICKER_MAX_WORDS = 16
WEATHER_MAX_WORDS = 10

CURRENCY_RE = re.compile(r"\b(?:USD|EUR|RUB|KZT|GBP|CNY|JPY|CHF|KGS|UZS|TRY|BTC)\s*[:=]?\s*[\d.,]+\d")
RATES_MAX_WORDS = 16
_EMERGENCY_RE = re.compile(r"^\D{2,40}?\s[-–—:]\s*\d{2,4}\s*$")
_PHONE_RE = re.compile(r"(?<!\d)\+?\d(?:[\s\-().]*\d){6,}(?!\d)")
_TICKER_RE = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s+(?=[^\W\d_])")
_TEMPERATURE_RE = re.compile(r"(?:^|[\s(,;])[+−\-]\d{1,2}(?:[.,]\d)?(?:\s*°\s*[CF]?)?(?=$|[\s,;.)])|\d\s*°\s*[CF]?\b")


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files("cleaners").joinpath("data/service_boxes.json").read_text("utf-8"))
    langs = [v for k, v in data.items() if not k.startswith("_")]
    return {kind: tuple(sorted({t.lower() for lang in langs for t in lang.get(kind, [])}))
            for kind in ("ad_verbs", "weather_labels")}


def line_kind(block: Block) -> str | None:
    """The service box a block is a line of, or None."""
    text = block.text.strip()
    if block.kind not in ("p", "item") or not text:
        return None
    rates, emergency, ticker = CURRENCY_RE.search(text), _EMERGENCY_RE.match(text), _TICKER_RE.match(text)
    phone, temperature = _PHONE_RE.search(text), _TEMPERATURE_RE.search(text)
    if not (rates or emergency or ticker or phone or temperature):
        return None  # most blocks: no words counted
    n = len(words(text))
    if rates and n <= RATES_MAX_WORDS and len(CURRENCY_RE.findall(text)) >= 2:
        return "rates"
    if emergency and n <= EMERGENCY_MAX_WORDS:
        return "emergency"
    if ticker and n <= TICKER_MAX_WORDS and not ENDS_SENTENCE_RE.search(text):
        return "ticker"
    if phone and n <= CLASSIFIED_MAX_WORDS:
        lowered = f" {' '.join(w.lower() for w in words(text))} "
        if any(f" {verb} " in lowered for verb in vocabulary()["ad_verbs"]):
            return "classified"
    if temperature and n <= WEATHER_MAX_WORDS:
        return "weather"
    return None


def _is_label(block: Block) -> bool:
    text = block.text.strip()
    return block.kind in ("p", "heading") and 0 < len(words(text)) <= LABEL_MAX_WORDS \
        and not ENDS_SENTENCE_RE.search(text) and block.link_density < 0.5


def _runs(kinds: list[str | None]) -> list[tuple[str, int, int]]:
    """(kind, first, last) of every run of consecutive lines of one kind."""
    runs, i = [], 0
    while i < len(kinds):
        kind = kinds[i]
        j = i
        while kind and j + 1 < len(kinds) and kinds[j + 1] == kind:
            j += 1
        if kind:
            runs.append((kind, i, j))
        i = j + 1
    return runs


def service_box_indexes(blocks: tuple[Block, ...], title: str = "") -> list[int]:
    """The blocks of service boxes before or after the story, with their labels."""
    def prose(i: int) -> bool:
        b = blocks[i]
        return b.kind in ("p", "quote", "item") and b.link_density < 0.5 \
            and len(words(b.text)) >= PROSE_WORDS and line_kind(b) is None

    first_prose = next((i for i in range(len(blocks)) if prose(i)), None)
    if first_prose is None:
        return []
    last_prose = next(i for i in range(len(blocks) - 1, first_prose - 1, -1) if prose(i))
    # lines between the story's first and last paragraphs are the story's: only the edges are read
    kinds = [line_kind(b) if not first_prose <= i <= last_prose else None for i, b in enumerate(blocks)]
    labels = vocabulary()["weather_labels"]
    title_words = {w.lower() for w in words(title)}
    found: list[int] = []
    for kind, first, last in _runs(kinds):
        if last - first + 1 < MIN_RUN[kind]:
            continue
        label = first - 1 if first > 0 and _is_label(blocks[first - 1]) else None
        if kind == "weather":
            name = " ".join(w.lower() for w in words(blocks[label].text)) if label is not None else ""
            if name not in labels or title_words & set(name.split()):
                continue
        found.extend(([label] if label is not None and label not in found else []) + list(range(first, last + 1)))
    return sorted(found)

"""Remove the boilerplate that sits inside the article body: link lines, share/newsletter/cookie
lines, "Read also" blocks and decorative emoji banners.

Each rule is a small predicate over one block; the phrase lists are data
(data/boilerplate_phrases.json). A block goes only when a rule is sure: a quoted sentence that
ends with an emoji, or prose that mentions "share", stays.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from .config import CleanerConfig
from .records import Article, Block
from .text import STOPWORDS, words

STEP = "strip_boilerplate"

EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff\u25a0-\u25ff"
    "\u3030\u303d\u3297\u3299\ufe0f\u200d\U000e0020-\U000e007f"
)
_EMOJI_RE = re.compile(f"[{EMOJI}]")
_EDGE_RE = re.compile(rf"^[\s{EMOJI}\W_]+|[\s{EMOJI}\W_]+$")
_QUOTES = "\"«»“”„‘’'"
_PREFIX_SEP_RE = re.compile(r"\s*[:\-–—|»>]+\s*")

LINK_LINE_DENSITY = 0.8  # a block this much inside links ...
LINK_LINE_MAX_WORDS = 15  # ... and this short is a link line, not a paragraph
CONTAINS_MAX_WORDS = 30  # "contains" phrases only count in blocks this short
BANNER_MAX_WORDS = 14
BANNER_TITLE_CASE = 0.6


@cache
def phrase_lists(extra: tuple[str, ...] = ()) -> dict[str, frozenset[str] | tuple[str, ...]]:
    data = json.loads(resources.files("cleaners").joinpath("data/boilerplate_phrases.json").read_text("utf-8"))
    langs = [v for k, v in data.items() if not k.startswith("_")]
    extra_norm = tuple(normalize_phrase(p) for p in extra)

    def gather(kind: str) -> list[str]:
        return [normalize_phrase(p) for lang in langs for p in lang.get(kind, [])]

    return {
        "line": frozenset(gather("line") + list(extra_norm)),
        "prefix": tuple(sorted(set(gather("prefix") + list(extra_norm)), key=len, reverse=True)),
        "link_prefix": tuple(sorted(set(gather("link_prefix")), key=len, reverse=True)),
        "contains": tuple(gather("contains")),
    }


def normalize_phrase(text: str) -> str:
    text = _EDGE_RE.sub("", text.lower().replace("’", "'"))
    return " ".join(text.split())


def has_emoji(text: str) -> bool:
    return bool(_EMOJI_RE.search(text))


def is_emoji_banner(text: str) -> bool:
    """A short decorative line led or framed by emoji: a hype line or a section label."""
    stripped = text.strip()
    if not stripped or not has_emoji(stripped):
        return False
    led = bool(_EMOJI_RE.match(stripped))
    framed = led and bool(_EMOJI_RE.search(stripped[-2:]))
    if not led or any(q in stripped for q in _QUOTES if q != "'"):
        return False  # a sentence that merely ends with an emoji is content; so is a quotation
    ws = words(_EMOJI_RE.sub(" ", stripped))
    if not ws:
        return True  # nothing but emoji: a separator
    if len(ws) > BANNER_MAX_WORDS:
        return False
    if framed or len(ws) <= 4:
        return True
    significant = [w for w in ws if len(w) >= 4 and w.lower() not in STOPWORDS]
    title_case = sum(w[0].isupper() for w in significant) / len(significant) if significant else 0
    return title_case >= BANNER_TITLE_CASE


def classify(block: Block, phrases: dict) -> str | None:
    """The reason a block is boilerplate, or None to keep it."""
    if block.kind == "code":
        return None
    text = block.text
    norm = normalize_phrase(text)
    if not norm and not has_emoji(text):
        return "separator" if not any(c.isalnum() for c in text) else None
    if norm in phrases["line"]:
        return "boilerplate_phrase"
    n_words = len(words(text))
    for prefix in phrases["prefix"]:
        if norm.startswith(prefix) and _PREFIX_SEP_RE.match(norm[len(prefix):]) and n_words <= LINK_LINE_MAX_WORDS + 3:
            return "related_link_line"
    if block.link_density >= 0.5:
        for prefix in phrases["link_prefix"]:
            if norm.startswith(prefix) and _PREFIX_SEP_RE.match(norm[len(prefix):]):
                return "related_link_line"
    if block.link_density >= LINK_LINE_DENSITY and n_words <= LINK_LINE_MAX_WORDS and block.kind != "item":
        return "link_line"
    if n_words <= CONTAINS_MAX_WORDS:
        for phrase in phrases["contains"]:
            if phrase in norm:
                return "boilerplate_phrase"
    if is_emoji_banner(text):
        return "emoji_banner"
    return None


def strip_boilerplate(article: Article, config: CleanerConfig) -> Article:
    phrases = phrase_lists(tuple(config.extra_boilerplate_phrases))
    drops: dict[int, tuple[str, str]] = {}
    for i, block in enumerate(article.blocks):
        reason = classify(block, phrases)
        if reason:
            drops[i] = (STEP, reason)
    _drop_link_lists(article.blocks, drops)
    return article.without(drops)


def _drop_link_lists(blocks: tuple[Block, ...], drops: dict[int, tuple[str, str]]) -> None:
    """A list whose every item is a short link, right after a removed "Read also"-style line,
    is the rest of that box."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "item" and i > 0 and drops.get(i - 1, ("", ""))[1] in ("boilerplate_phrase", "related_link_line"):
            j = i
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].group == b.group:
                j += 1
            group = range(i, j)
            if all(blocks[k].link_density >= LINK_LINE_DENSITY and len(words(blocks[k].text)) <= LINK_LINE_MAX_WORDS
                   for k in group):
                for k in group:
                    drops[k] = (STEP, "related_link_list")
            i = j
        else:
            i += 1

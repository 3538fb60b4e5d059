"""NFC, one kind of space, no invisible characters.

Only characters that never carry meaning in running text are removed. Zero-width joiners and
non-joiners stay (emoji sequences, Persian and Indic spelling); bidi marks stay (they order
mixed right-to-left text).
"""

from __future__ import annotations

import re
import unicodedata

from .config import CleanerConfig
from .records import Article, Replacement
from .text import collapse_spaces

STEP = "normalize_unicode"

# (rule, characters, replacement); the audit records each character replaced and how often.
INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064"
SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
CONTROLS = "".join(chr(c) for c in list(range(0, 9)) + [11, 12] + list(range(14, 32)) + list(range(127, 160)))
LINE_BREAKS = "\r\u2028\u2029\x85"

_RULES = (
    ("invisible", INVISIBLE, ""),
    ("control", CONTROLS, ""),
    ("space", SPACES, " "),
    ("line_break", LINE_BREAKS, "\n"),
)
_NEEDS_WORK_RE = re.compile("[" + re.escape(INVISIBLE + SPACES + CONTROLS + LINE_BREAKS) + "]")
_TABLE = {ord(c): repl for _, chars, repl in _RULES for c in chars}
_RULE_OF = {c: rule for rule, chars, _ in _RULES for c in chars}


def normalize_text(text: str, keep_layout: bool = False) -> tuple[str, list[tuple[str, str, int]]]:
    """Return the normalized text and [(rule, character, count)] of what was replaced."""
    changes: list[tuple[str, str, int]] = []
    if _NEEDS_WORK_RE.search(text):
        for ch in dict.fromkeys(_NEEDS_WORK_RE.findall(text)):
            changes.append((_RULE_OF[ch], ch, text.count(ch)))
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        text = text.translate(_TABLE)
    if not text.isascii():
        nfc = unicodedata.normalize("NFC", text)
        if nfc != text:
            changes.append(("nfc", "", 1))
            text = nfc
    if not keep_layout:
        text = collapse_spaces(text)
    return text, changes


def normalize_unicode(article: Article, config: CleanerConfig) -> Article:
    counts: dict[tuple[str, str], int] = {}
    blocks = []
    for block in article.blocks:
        text, changes = normalize_text(block.text, keep_layout=block.kind == "code")
        for rule, ch, n in changes:
            counts[(rule, ch)] = counts.get((rule, ch), 0) + n
        blocks.append(block if text == block.text else block.with_text(text))
    title, changes = normalize_text(article.title)
    for rule, ch, n in changes:
        counts[(rule, ch)] = counts.get((rule, ch), 0) + n
    if not counts:
        return article
    replaced = tuple(
        Replacement(STEP, rule, ch, _TABLE.get(ord(ch), "") if ch else "", n) for (rule, ch), n in counts.items()
    )
    kept = tuple(b for b in blocks if b.text.strip())
    return article.replace(blocks=kept, title=title, replaced=article.replaced + replaced)

"""Mojibake repair ("CafÃ©" -> "Café"): UTF-8 that was read as windows-1252 or Latin-1 somewhere
upstream (a CMS, a feed importer) and published that way, built on ftfy.

Conservative: only ftfy's re-decoding fixes run (its other fixes, such as uncurling quotes or
unescaping HTML, are off), a title or block changes only when ftfy finds it "bad" and the repair
is not bad by ftfy's own measure, so a partial repair that would leave a mix of garbage and
letters is not taken. Correct text in any script is never touched (the negative cases in
tests/test_cleaners/test_fix_mojibake.py). Every repaired word is recorded in the audit,
`from` -> `to`, with rule `mojibake`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import ftfy
from ftfy.badness import is_bad

from .config import CleanerConfig
from .records import Article, Replacement

STEP = "fix_mojibake"
RULE = "mojibake"
_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=False,
    replace_lossy_sequences=False, decode_inconsistent_utf8=True, fix_c1_controls=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
    remove_control_chars=False, normalization=None, explain=False,
)
_WORDS = re.compile(r"\S+")


def repair(text: str) -> str:
    """The text with its mojibake undone, or the text itself when there is none to undo safely."""
    if text.isascii() or not is_bad(text):
        return text
    fixed = ftfy.fix_text(text, _CONFIG)
    return text if is_bad(fixed) else fixed


def _changes(before: str, after: str):
    """(from, to) for each run of words that differs."""
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            yield " ".join(a[i1:i2]), " ".join(b[j1:j2])


def fix_mojibake(article: Article, config: CleanerConfig) -> Article:
    counts: dict[tuple[str, str], int] = {}
    blocks = []
    for block in article.blocks:
        text = repair(block.text)
        if text != block.text:
            for change in _changes(block.text, text):
                counts[change] = counts.get(change, 0) + 1
            block = block.with_text(text)
        blocks.append(block)
    title = repair(article.title)
    for change in _changes(article.title, title) if title != article.title else ():
        counts[change] = counts.get(change, 0) + 1
    if not counts:
        return article
    replaced = tuple(Replacement(STEP, RULE, before, after, n) for (before, after), n in counts.items())
    return article.replace(blocks=tuple(blocks), title=title, replaced=article.replaced + replaced)

"""Repair words that mix Latin, Cyrillic and Greek letters ("Dиnara", "Рutin", "Kазахстан").

Only a word that mixes scripts is touched. Its target script is the dominant script of its
context (quotation, sentence, paragraph, article), never the word's own majority. If every
foreign letter has a look-alike in the target script, the word is a homoglyph accident and is
mapped by appearance ("Рutin" -> "Putin"); otherwise it was half transliterated and its
foreign letters are transliterated by sound ("Dиnara" -> "Dinara", "Rахимов" -> "Rakhimov").
URLs, e-mail addresses, handles, hashtags and code identifiers are never touched.
"""

from __future__ import annotations

import re
from collections import Counter

from .config import CleanerConfig
from .records import Article, Replacement
from .script_tables import (
    CYRILLIC,
    CYRILLIC_ROMAN,
    CYRILLIC_TO_LATIN,
    CYRILLIC_WORD_INITIAL,
    DOTTED_I_LANG_LETTERS,
    GREEK,
    GREEK_TO_LATIN,
    HOMOGLYPHS,
    LATIN,
    LATIN_TO_CYRILLIC,
    LATIN_TO_DOTTED_I,
    LATIN_TO_KAZAKH,
    ROMAN_NUMERAL_LETTERS,
)

STEP = "fix_mixed_scripts"

_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_OTHER_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_WORD_RE = re.compile(r"[^\W\d_]+")
_PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"
    r"|\w*_\w*|\w+(?:\.\w+)+\(?|`[^`]*`|\w+\(\)"
)
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”’)]*\s+")
_QUOTE_RE = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")
MIN_CONTEXT_LETTERS = 6
DOMINANCE = 0.7


def script_of(ch: str) -> str | None:
    o = ord(ch)
    if o < 0x250 and ch.isalpha():
        return LATIN
    if 0x400 <= o <= 0x52F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return CYRILLIC
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return GREEK
    if 0x1E00 <= o <= 0x1EFF:
        return LATIN
    return None


def word_scripts(word: str) -> set[str]:
    return {s for s in map(script_of, word) if s}


def may_mix(text: str) -> bool:
    """The fast path: a text can hold a mixed word only if it has Latin and another script."""
    return bool(_OTHER_RE.search(text)) and bool(_LATIN_RE.search(text))


def script_counts(text: str) -> Counter:
    """Letters per script over the single-script words of a text."""
    counts: Counter = Counter()
    for word in _WORD_RE.findall(text):
        scripts = word_scripts(word)
        if len(scripts) == 1:
            counts[scripts.pop()] += len(word)
    return counts


def dominant(counts: Counter) -> str | None:
    total = sum(counts.values())
    if total < MIN_CONTEXT_LETTERS:
        return None
    script, n = counts.most_common(1)[0]
    return script if n >= DOMINANCE * total else None


def fix_text(text: str, article_counts: Counter | None = None, dotted_i: bool | None = None):
    """Return (text, [(rule, before, after)]) with every mixed-script word repaired."""
    if not may_mix(text):
        return text, []
    protected = [m.span() for m in _PROTECTED_RE.finditer(text) if _OTHER_RE.search(m.group())]
    words = [
        m for m in _WORD_RE.finditer(text)
        if len(word_scripts(m.group())) > 1 and not any(a <= m.start() < b for a, b in protected)
    ]
    if not words:
        return text, []
    if dotted_i is None:
        dotted_i = any(c in DOTTED_I_LANG_LETTERS for c in text)
    paragraph = script_counts(text)
    sentences = _spans(_SENTENCE_END_RE, text)
    quotes = [m.span() for m in _QUOTE_RE.finditer(text)]
    out, edits, last = [], [], 0
    for m in words:
        target = None if _is_roman_numeral(m.group()) else (
            _context(text, quotes, m.start())
            or _context(text, sentences, m.start())
            or dominant(paragraph)
            or (dominant(article_counts) if article_counts else None)
        )
        if target is None and not _is_roman_numeral(m.group()):
            continue
        rule, fixed = repair_word(m.group(), target or LATIN, dotted_i)
        if fixed != m.group():
            out.append(text[last:m.start()])
            out.append(fixed)
            last = m.end()
            edits.append((rule, m.group(), fixed))
    out.append(text[last:])
    return "".join(out), edits


def _spans(end_re: re.Pattern, text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in end_re.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _context(text: str, spans: list[tuple[int, int]], pos: int) -> str | None:
    for a, b in spans:
        if a <= pos < b:
            return dominant(script_counts(text[a:b]))
    return None


def repair_word(word: str, target: str, dotted_i: bool = False) -> tuple[str, str]:
    """(rule, repaired word) for one mixed-script word and its target script."""
    if _is_roman_numeral(word):
        return "roman_numeral", "".join(CYRILLIC_ROMAN.get(c, c) for c in word)
    foreign = [c for c in word if (script_of(c) or target) != target]
    if not foreign:
        return "none", word
    table: dict[str, str] = {}
    for src in (LATIN, CYRILLIC, GREEK):
        if src != target:
            table.update(HOMOGLYPHS[(src, target)])
    if target == CYRILLIC and dotted_i:
        table.update(LATIN_TO_DOTTED_I)
    if all(c in table for c in foreign):
        return "homoglyph", "".join(table.get(c, c) if c in foreign else c for c in word)
    if target == LATIN:
        return "transliteration", _to_latin(word)
    if target == CYRILLIC:
        return "transliteration", _to_cyrillic(word, dotted_i)
    return "none", word  # no sound mapping into Greek: leave it rather than guess


def _is_roman_numeral(word: str) -> bool:
    return len(word) > 1 and all(c in ROMAN_NUMERAL_LETTERS for c in word) and word_scripts(word) == {LATIN, CYRILLIC}


def _case_like(src: str, out: str, all_caps: bool) -> str:
    if not src.isupper() or not out:
        return out
    return out.upper() if all_caps else out[0].upper() + out[1:]


def _to_latin(word: str) -> str:
    all_caps = word.isupper() and len(word) > 1
    parts = []
    for i, c in enumerate(word):
        s = script_of(c)
        low = c.lower()
        if s == CYRILLIC:
            sound = CYRILLIC_WORD_INITIAL.get(low) if i == 0 else None
            parts.append(_case_like(c, sound or CYRILLIC_TO_LATIN.get(low, low), all_caps))
        elif s == GREEK:
            parts.append(_case_like(c, GREEK_TO_LATIN.get(low, low), all_caps))
        else:
            parts.append(c)
    return "".join(parts)


def _to_cyrillic(word: str, kazakh: bool) -> str:
    all_caps = word.isupper() and len(word) > 1
    table = {**LATIN_TO_CYRILLIC, **(LATIN_TO_KAZAKH if kazakh else {})}
    longest = max(map(len, table))
    parts, i = [], 0
    while i < len(word):
        c = word[i]
        if script_of(c) != LATIN:
            parts.append(c)
            i += 1
            continue
        for n in range(longest, 0, -1):
            chunk = word[i:i + n]
            if len(chunk) == n and script_of(chunk[-1]) == LATIN and chunk.lower() in table:
                parts.append(_case_like(chunk[0], table[chunk.lower()], all_caps))
                i += n
                break
        else:
            parts.append(c)
            i += 1
    return "".join(parts)


def fix_mixed_scripts(article: Article, config: CleanerConfig) -> Article:
    texts = [article.title] + [b.text for b in article.blocks]
    if not any(may_mix(t) for t in texts):  # the fast path: one cheap check per paragraph
        return article
    whole = "\n".join(texts)
    counts = script_counts(whole)
    dotted_i = any(c in DOTTED_I_LANG_LETTERS for c in whole)
    edits: Counter = Counter()
    blocks = []
    for block in article.blocks:
        if block.kind == "code":
            blocks.append(block)
            continue
        text, changes = fix_text(block.text, counts, dotted_i)
        edits.update(changes)
        blocks.append(block if text == block.text else block.with_text(text))
    title, changes = fix_text(article.title, counts, dotted_i)
    edits.update(changes)
    if not edits:
        return article
    replaced = tuple(Replacement(STEP, rule, before, after, n) for (rule, before, after), n in edits.items())
    return article.replace(title=title, blocks=tuple(blocks), replaced=article.replaced + replaced)

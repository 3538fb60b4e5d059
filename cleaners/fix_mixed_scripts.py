"""Repair words that mix Latin, Cyrillic and Greek letters ("Dиnara", "Рutin", "Kазахстан").

Only a word that mixes scripts is touched. Its target script is the dominant script of its
context, narrowest first: the quotation it sits in, the name it is part of, the sentence, the
paragraph, the article; never the word's own majority. If every foreign letter has a look-alike
in the target script, the word is a homoglyph accident and is mapped by appearance ("Рutin" ->
"Putin"); otherwise it was half transliterated and its foreign letters are transliterated by
sound ("Dиnara" -> "Dinara", "Rахимов" -> "Rakhimov"), preferring a spelling the article itself
uses ("Zakiyeva" when the article writes it so). URLs, e-mail addresses, handles, hashtags, code
identifiers and Greek letters on acronyms (TNFα) are never touched.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .config import CleanerConfig
from .records import Article, Replacement
from .script_tables import (
    CYRILLIC,
    CYRILLIC_ROMAN,
    CYRILLIC_TO_LATIN,
    CYRILLIC_WORD_INITIAL,
    DOTTED_I_LANG_LETTERS,
    EVIDENCE_VARIANTS,
    GREEK,
    GREEK_TO_LATIN,
    HOMOGLYPHS,
    LANGUAGE_SCRIPTS,
    LATIN,
    LATIN_TO_CYRILLIC,
    LATIN_TO_DOTTED_I,
    LATIN_TO_KAZAKH,
    ROMAN_NUMERAL_LETTERS,
)
from .text import LETTERS_RE

STEP = "fix_mixed_scripts"

_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_OTHER_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"  # URL, e-mail, handle, tag
    r"|`[^`]*`|\w*_\w*|\w+(?:\.\w+)+\(?|\w+\(\)"  # code: backticks, snake_case, dotted.names, calls()
)
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”’)]*\s+")
_QUOTE_RE = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")
_VOWELS = frozenset("aeiouyаеёиоуыэюяәіөұү")
MIN_CONTEXT_LETTERS = 6  # fewer letters of single-script words than this decide nothing ...
MIN_QUOTE_LETTERS = 2  # ... except in a quotation, which is a context of its own («Нет вoйне»)
DOMINANCE = 0.7  # share of those letters one script needs to be the context's script


@dataclass
class ScriptContext:
    """What a paragraph is repaired with: the article's script counts and spellings, or a hint."""

    article_counts: Counter = field(default_factory=Counter)
    dotted_i: bool = False  # Kazakh/Ukrainian text: a Latin i stands for і
    target: str | None = None  # a script forced by a language hint
    spellings: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # script -> key -> words

    @classmethod
    def of_texts(cls, texts: list[str], language: str | None = None) -> ScriptContext:
        counts: Counter = Counter()
        spellings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        dotted_i = language in ("kk", "uk", "be")
        for text in texts:
            dotted_i = dotted_i or not DOTTED_I_LANG_LETTERS.isdisjoint(text)
            for word in LETTERS_RE.findall(text):
                scripts = word_scripts(word)
                if len(scripts) == 1:
                    (script,) = scripts
                    counts[script] += len(word)
                    if len(word) >= 3:
                        spellings[script][variant_key(word)].add(word)
        return cls(counts, dotted_i, LANGUAGE_SCRIPTS.get(language or ""), spellings)


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


@lru_cache(maxsize=1 << 16)
def word_scripts(word: str) -> frozenset[str]:
    """The scripts of a word's letters; cached, as the context, the paragraph and the word's own
    check all ask about the same words."""
    return frozenset(s for s in map(script_of, word) if s)


def may_mix(text: str) -> bool:
    """The fast path: a text can hold a mixed word only if it has Latin and another script."""
    return bool(_OTHER_RE.search(text)) and bool(_LATIN_RE.search(text))


def variant_key(word: str) -> str:
    """Spellings that differ only by transliteration variants share a key (Zakiyeva ~ Zakieva)."""
    key = word.lower()
    for a, b in EVIDENCE_VARIANTS:
        key = key.replace(a, b)
    return key


def script_counts(words) -> Counter:
    """Letters per script over the single-script words among `words`."""
    counts: Counter = Counter()
    for word in words:
        scripts = word_scripts(word)
        if len(scripts) == 1:
            counts[next(iter(scripts))] += len(word)
    return counts


def dominant(counts: Counter, min_letters: int = MIN_CONTEXT_LETTERS) -> str | None:
    total = sum(counts.values())
    if total < min_letters:
        return None
    script, n = counts.most_common(1)[0]
    return script if n >= DOMINANCE * total else None


def _is_protected_symbol(word: str, scripts: frozenset[str]) -> bool:
    """Greek letters on an acronym are notation, not a typo: TNFα, PPARγ, αKlotho."""
    if GREEK not in scripts or CYRILLIC in scripts:
        return False
    latin = "".join(c for c in word if script_of(c) == LATIN)
    greek_at_edge = script_of(word[0]) == GREEK or script_of(word[-1]) == GREEK
    return greek_at_edge and (latin.isupper() or len(latin) < 2)


def fix_text(text: str, context: ScriptContext | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Return (text, [(rule, before, after)]) with every mixed-script word repaired."""
    if not may_mix(text):
        return text, []
    context = context or ScriptContext.of_texts([text])
    protected = [m.span() for m in _PROTECTED_RE.finditer(text) if _OTHER_RE.search(m.group())]
    tokens = list(LETTERS_RE.finditer(text))
    mixed = []
    for k, m in enumerate(tokens):
        scripts = word_scripts(m.group())
        if len(scripts) > 1 and not _is_protected_symbol(m.group(), scripts) \
                and not any(a <= m.start() < b for a, b in protected):
            mixed.append(k)
    if not mixed:
        return text, []
    paragraph = script_counts(t.group() for t in tokens)
    sentences = _spans(_SENTENCE_END_RE, text)
    quotes = [m.span() for m in _QUOTE_RE.finditer(text)]
    out, edits, last = [], [], 0
    for k in mixed:
        m = tokens[k]
        word = m.group()
        if _is_roman_numeral(word):
            rule, fixed = "roman_numeral", "".join(CYRILLIC_ROMAN.get(c, c) for c in word)
        else:
            target = (
                context.target
                or _span_script(tokens, quotes, m.start(), MIN_QUOTE_LETTERS)
                or _name_script(text, tokens, k)
                or _span_script(tokens, sentences, m.start())
                or dominant(paragraph)
                or dominant(context.article_counts)
            )
            if target is None:
                continue  # nothing to decide by: leave the word as written
            rule, fixed = repair_word(word, target, context.dotted_i)
            if rule == "transliteration":
                rule, fixed = _prefer_article_spelling(fixed, target, context)
        if fixed != word:
            out.append(text[last:m.start()])
            out.append(fixed)
            last = m.end()
            edits.append((rule, word, fixed))
    out.append(text[last:])
    return "".join(out), edits


def _spans(end_re: re.Pattern, text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in end_re.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _span_script(tokens, spans, pos: int, min_letters: int = MIN_CONTEXT_LETTERS) -> str | None:
    for a, b in spans:
        if a <= pos < b:
            return dominant(script_counts(t.group() for t in tokens if a <= t.start() < b), min_letters)
    return None


def _name_script(text: str, tokens, k: int) -> str | None:
    """The script of the other words of the name the word belongs to: a run of adjacent
    Capitalized words ("Олена Kовальчук", "President Рutin"), if they agree."""
    def joined(i: int, j: int) -> bool:
        return tokens[i].group()[0].isupper() and tokens[j].group()[0].isupper() \
            and text[tokens[i].end():tokens[j].start()].isspace()

    lo = hi = k
    while lo > 0 and joined(lo - 1, lo):
        lo -= 1
    while hi + 1 < len(tokens) and joined(hi, hi + 1):
        hi += 1
    scripts = set()
    for i in range(lo, hi + 1):
        s = word_scripts(tokens[i].group())
        if i != k and len(s) == 1:
            scripts |= s
    return next(iter(scripts)) if len(scripts) == 1 else None


def repair_word(word: str, target: str, dotted_i: bool = False) -> tuple[str, str]:
    """(rule, repaired word) for one mixed-script word and its target script."""
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
        return "homoglyph", "".join(table[c] if c in foreign else c for c in word)
    if target == LATIN:
        return "transliteration", _to_latin(word)
    if target == CYRILLIC:
        return "transliteration", _to_cyrillic(word, dotted_i)
    return "none", word  # no sound mapping into Greek: leave it rather than guess


def _prefer_article_spelling(fixed: str, target: str, context: ScriptContext) -> tuple[str, str]:
    """A transliteration the article spells differently elsewhere takes the article's spelling,
    unless the article also uses the transliteration itself."""
    known = context.spellings.get(target, {}).get(variant_key(fixed), set())
    if not known or any(w.lower() == fixed.lower() for w in known):
        return "transliteration", fixed
    if len({w.lower() for w in known}) != 1:
        return "transliteration", fixed  # the article is not consistent: no evidence
    spelling = min(known)
    if fixed.isupper():
        spelling = spelling.upper()
    elif fixed[0].isupper():
        spelling = spelling[0].upper() + spelling[1:]
    return "article_evidence", spelling


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
    parts: list[str] = []
    i = 0
    while i < len(word):
        c = word[i]
        if script_of(c) != LATIN:
            parts.append(c)
            i += 1
            continue
        for n in range(longest, 0, -1):
            chunk = word[i:i + n]
            if len(chunk) == n and all(script_of(x) == LATIN for x in chunk) and chunk.lower() in table:
                sound = table[chunk.lower()]
                if chunk.lower() == "y" and i > 0 and word[i - 1].lower() in _VOWELS:
                    sound = "й"
                parts.append(_case_like(chunk[0], sound, all_caps))
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
    context = ScriptContext.of_texts(texts)
    edits: Counter = Counter()
    blocks = []
    for block in article.blocks:
        if block.kind == "code":
            blocks.append(block)
            continue
        text, changes = fix_text(block.text, context)
        edits.update(changes)
        blocks.append(block if text == block.text else block.with_text(text))
    title, changes = fix_text(article.title, context)
    edits.update(changes)
    if not edits:
        return article
    replaced = tuple(Replacement(STEP, rule, before, after, n) for (rule, before, after), n in edits.items())
    return article.replace(title=title, blocks=tuple(blocks), replaced=article.replaced + replaced)

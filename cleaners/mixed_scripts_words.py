"""The words fix_mixed_scripts looks at: a word's letters and the scripts they belong to, the
invisible characters that belong to a word, and the spans that are never touched (URLs, e-mail
addresses, handles, hashtags, code)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .script_tables import EVIDENCE_VARIANTS, script_of

_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u02af\u1e00-\u1eff]")
OTHER_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_GREEK_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060"  # soft hyphen, zero-width space, non-joiner, joiner, word joiner
WORD_RE = re.compile(rf"[^\W\d_][{_MARKS}]*(?:[{INVISIBLE}]*[^\W\d_][{_MARKS}]*)*")
SKIP = frozenset(INVISIBLE)
PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"  # URL, e-mail, handle, tag
    r"|`[^`]*`|\w*_\w*|\w+(?:\.\w+)+\(?|\w+\(\)"  # code: backticks, snake_case, dotted.names, calls()
)


@lru_cache(maxsize=1 << 16)
def word_scripts(word: str) -> frozenset[str]:
    """The scripts of a word's letters; cached, as the context, the paragraph and the word's own
    check all ask about the same words."""
    return frozenset(s for s in map(script_of, word) if s)


def may_mix(text: str) -> bool:
    """The fast path: a text can hold a mixed word only if it has letters of two scripts."""
    if not OTHER_RE.search(text):
        return False
    return bool(_LATIN_RE.search(text)) or (bool(_CYRILLIC_RE.search(text)) and bool(_GREEK_RE.search(text)))


def plain(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def variant_key(word: str) -> str:
    """Spellings that differ only by transliteration variants share a key (Zakiyeva ~ Zakieva,
    Tchaïkovski ~ Tchaikovsky)."""
    key = plain(word).lower()
    for a, b in EVIDENCE_VARIANTS:
        key = key.replace(a, b)
    return key


def visible_length(word: str) -> int:
    """Characters of a word less its invisible ones."""
    return len(word) if word.isalpha() else sum(1 for c in word if c not in SKIP)


def between_spaces(text: str, m: re.Match) -> bool:
    """A word standing alone between spaces, as a preposition or a conjunction does; not a label
    such as (i) or a)."""
    a, b = m.span()
    return (a == 0 or text[a - 1].isspace()) and (b == len(text) or text[b].isspace())

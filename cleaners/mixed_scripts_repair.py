"""How a mixed word is repaired into its target alphabet: by look when every foreign letter has a
look-alike in the alphabet (a homoglyph accident: "Рutin" -> "Putin"), else by sound (a half
transliteration: "Dиnara" -> "Dinara"), preferring a spelling the article itself uses."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from itertools import product

from .mixed_scripts_context import ScriptContext
from .mixed_scripts_words import SKIP, plain, variant_key
from .script_tables import (
    CONVENTION_LETTERS,
    CONVENTIONS,
    CYRILLIC,
    FALLBACK,
    GREEK,
    LATIN,
    Alphabet,
    Sounds,
    meet,
    script_of,
)


def _as_alphabet(target: str | Alphabet, dotted_i: bool = False) -> Alphabet:
    if isinstance(target, Alphabet):
        return target
    if target == CYRILLIC and dotted_i:
        return meet(("uk", "be", "kk-Cyrl"))
    return FALLBACK[target]


def repair_word(word: str, target: str | Alphabet, dotted_i: bool = False,
                source: Alphabet | Callable[[], Alphabet] | None = None) -> tuple[str, str]:
    """(rule, repaired word) for one mixed-script word and its target alphabet (or script). `source`,
    for a Latin target: the Cyrillic alphabet its Cyrillic letters are read in (or what finds it)."""
    alphabet = _as_alphabet(target, dotted_i)
    if callable(source):
        found = source

        def source_alphabet() -> Alphabet:
            return found()
    else:
        def source_alphabet() -> Alphabet:
            return source or FALLBACK[CYRILLIC]
    script = alphabet.script
    foreign = [i for i, c in enumerate(word) if (script_of(c) or script) != script]
    if not foreign:
        return "none", word
    twins = {i: alphabet.twin(word, i) for i in foreign}
    look = None
    if all(twins.values()):
        chars = list(word)
        for i, t in twins.items():
            chars[i] = t
        look = _compose("".join(chars))
        if alphabet.words and any(word[i] in alphabet.choices for i in foreign):
            look = _known_choice(word, chars, foreign, alphabet) or look
    if script == LATIN and alphabet.raw.get("digraphic") and any(script_of(word[i]) == CYRILLIC for i in foreign):
        # a language written in both scripts: a Cyrillic letter left in its Latin text reads as the
        # letter it stands for (Beogрad -> Beograd, not Beogpad), unless only its look-alike gives a
        # word the language knows (Сrnogorski -> Crnogorski, not Srnogorski)
        sound = _compose(_to_latin(word, alphabet, FALLBACK[CYRILLIC]))
        if look is not None and look != sound and alphabet.knows(look) and not alphabet.knows(sound):
            return "homoglyph", look
        return ("homoglyph" if sound == look else "transliteration"), sound
    if look is not None:
        return "homoglyph", look
    if script == LATIN:
        return "transliteration", _compose(_to_latin(word, alphabet, source_alphabet()))
    if script == CYRILLIC:
        return "transliteration", _compose(_to_cyrillic(word, alphabet))
    return "transliteration", _compose(_to_greek(word, alphabet, twins))


def _known_choice(word: str, chars: list[str], foreign: list[int], alphabet: Alphabet) -> str | None:
    """Where a foreign letter has several look-alikes in the alphabet (Latin y: Kazakh у or ү) and the
    rule's pick gives no word the alphabet knows, the one other pick that does (a Russian loan keeps
    у: мyзейге -> музейге, not мүзейге); None when the known words say nothing or more than one thing."""
    at = [i for i in foreign if word[i] in alphabet.choices][:3]  # a few such letters at most
    readings = set()
    for picks in product(*(alphabet.choices[word[i]].options for i in at)):
        letters = list(chars)
        for i, c in zip(at, picks, strict=True):
            letters[i] = c
        readings.add(_compose("".join(letters)))
    known = [r for r in readings if alphabet.knows(r)]
    return known[0] if len(known) == 1 else None


def _compose(word: str) -> str:
    return unicodedata.normalize("NFC", word) if not word.isascii() else word


def prefer_article_spelling(word: str, fixed: str, context: ScriptContext,
                             source: Alphabet | None) -> tuple[str, str]:
    """A transliteration the article spells differently elsewhere takes the article's spelling, in
    this romanization or another common one (French Tchaïkovski, German Jelzin, simplified Yuri),
    unless the article also uses the transliteration itself."""
    spellings = context.spellings.get(LATIN, {})
    known = spellings.get(variant_key(fixed), set())
    if any(w.lower() == fixed.lower() for w in known):
        return "transliteration", fixed
    if not known and fixed[:1].isupper() and len(fixed) > 3 and context.spelling_lengths:  # names only
        size = len(variant_key(fixed))
        if any(abs(n - size) <= 4 for n in context.spelling_lengths):
            for form in dict.fromkeys((word, _as_cyrillic(word, source))):
                low = set(form.lower())
                for name, table in CONVENTIONS.items():
                    if low & CONVENTION_LETTERS[name]:  # only where it reads a letter of the word otherwise
                        candidate = _to_latin(form, FALLBACK[LATIN], source or FALLBACK[CYRILLIC], table)
                        known |= spellings.get(variant_key(candidate), set())
    if not known or len({w.lower() for w in known}) != 1:
        return "transliteration", fixed  # no evidence, or the article is not consistent
    spelling = min(known)
    if fixed.isupper():
        spelling = spelling.upper()
    elif fixed[0].isupper():
        spelling = spelling[0].upper() + spelling[1:]
    return "article_evidence", spelling


def _as_cyrillic(word: str, source: Alphabet | None) -> str:
    """The word with its Latin look-alikes of Cyrillic letters put back (Eльцин -> Ельцин)."""
    alphabet = source or FALLBACK[CYRILLIC]
    return "".join((alphabet.twin(word, i) or c) if script_of(c) == LATIN else c for i, c in enumerate(word))


def _case_like(src: str, out: str, all_caps: bool) -> str:
    if not src.isupper() or not out:
        return out
    return out.upper() if all_caps else out[0].upper() + out[1:]


def _sound_walk(word: str, is_source, table: Sounds, keep) -> str:
    """Replace the runs of letters `is_source` accepts by sound, longest match first; the invisible
    characters inside a word follow the letter before them, letters of other scripts go to `keep`."""
    plain = word.isalpha()
    letters = range(len(word)) if plain else [i for i, c in enumerate(word) if c not in SKIP]
    skel = word if plain else "".join(word[i] for i in letters)
    low = skel.lower()
    size = len(skel)
    all_caps = size > 1 and skel.isupper()
    src = [is_source(c) for c in skel]
    run = [0] * (size + 1)  # source letters in a row from each position
    for k in range(size - 1, -1, -1):
        run[k] = run[k + 1] + 1 if src[k] else 0
    parts: list[str] = []
    j = 0
    while j < size:
        if not src[j]:
            parts.append(keep(j, skel[j]))
            n = 1
        else:
            after_vowel = j > 0 and low[j - 1] in table.vowels
            for n in range(min(table.longest, run[j]), 0, -1):
                before_vowel = j + n < size and low[j + n] in table.vowels
                sound = table.get(low[j:j + n], j == 0, j + n == size, after_vowel, before_vowel)
                if sound is not None:
                    parts.append(_case_like(skel[j], sound, all_caps))
                    break
            else:
                n = 1
                parts.append(skel[j])
        if not plain:  # the invisible characters that followed the letters just read
            end = letters[j + n] if j + n < size else len(word)
            parts.append(word[letters[j + n - 1] + 1:end])
        j += n
    return "".join(parts)


def _to_latin(word: str, alphabet: Alphabet, source: Alphabet, table: Sounds | None = None) -> str:
    """Cyrillic letters by sound: the Latin alphabet's own reading of them (Serbian, Kazakh and Uzbek
    Latin), else the source language's romanization; Greek letters by look, else by sound."""
    if table is None:
        if alphabet.raw.get("digraphic"):
            source = FALLBACK[CYRILLIC]  # the language's own letter-for-letter correspondence
        table = source.romanization or FALLBACK[CYRILLIC].romanization
        if alphabet.from_cyrillic is not None:
            table = _merge(table, alphabet.from_cyrillic)
    greek = FALLBACK[GREEK].romanization

    def keep(j: int, c: str) -> str:
        if script_of(c) == GREEK:
            return alphabet.twin(c, 0) or _case_like(c, greek.plain.get(plain(c).lower(), c), False)
        return c

    return _sound_walk(word, lambda c: script_of(c) == CYRILLIC, table, keep)


_MERGED: dict[tuple[int, int], tuple[Sounds, Sounds, Sounds]] = {}  # the tables of long-lived alphabets


def _merge(base: Sounds, over: Sounds) -> Sounds:
    key = (id(base), id(over))
    if key not in _MERGED:
        _MERGED[key] = (base, over, _merged(base, over))  # holding both keeps their ids theirs
    return _MERGED[key][2]


def _merged(base: Sounds, over: Sounds) -> Sounds:
    return Sounds({**base.plain, **over.plain}, {**base.initial, **over.initial}, {**base.final, **over.final},
                  {**base.after_vowel, **over.after_vowel}, {**base.between_vowels, **over.between_vowels},
                  base.vowels | over.vowels,
                  max(base.longest, over.longest))


def _to_cyrillic(word: str, alphabet: Alphabet) -> str:
    table = alphabet.from_latin or FALLBACK[CYRILLIC].from_latin
    return _sound_walk(word, lambda c: script_of(c) == LATIN, table, lambda j, c: c)


def _to_greek(word: str, alphabet: Alphabet, twins: dict[int, str | None]) -> str:
    """Latin letters in a Greek word: each by look where it has a twin, else by sound."""
    table = alphabet.from_latin or FALLBACK[GREEK].from_latin
    chars = list(word)
    for i, t in twins.items():
        if t:
            chars[i] = t
    word = "".join(chars)
    return _sound_walk(word, lambda c: script_of(c) == LATIN, table, lambda j, c: c)

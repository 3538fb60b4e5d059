"""What a mixed word is, before it is repaired: notation (TNFα, μmol), a Latin brand carrying a
stray letter (iPhоne), a lone letter standing for one of the alphabet's own, a Roman numeral."""

from __future__ import annotations

from .mixed_scripts_words import word_scripts
from .script_tables import (
    CYRILLIC,
    FALLBACK,
    GREEK,
    LATIN,
    LATIN_NAMES,
    ROMAN_NUMERAL_LETTERS,
    Alphabet,
    script_of,
)

OWN_MIN_LETTERS = 4  # a mixed word shorter than this does not decide its own script


def is_protected_symbol(word: str, scripts: frozenset[str]) -> bool:
    """Greek letters on an acronym are notation, not a typo: TNFα, PPARγ, αKlotho."""
    if GREEK not in scripts or CYRILLIC in scripts:
        return False
    letters = [c for c in word if script_of(c)]
    latin = "".join(c for c in letters if script_of(c) == LATIN)
    greek_at_edge = script_of(letters[0]) == GREEK or script_of(letters[-1]) == GREEK
    if greek_at_edge and (latin.isupper() or len(latin) < 2):
        return True
    return script_of(letters[0]) == GREEK and letters[0].islower() and letters[1].isupper()


def is_notation(word: str, alphabet: Alphabet) -> bool:
    """In Latin text, a Greek letter with no look-alike in the alphabet is a symbol (μmol, λ-phage,
    βarrestin), not a typo: the word is left as written."""
    if GREEK not in word_scripts(word):
        return False
    letters = [i for i, c in enumerate(word) if script_of(c)]
    first = word[letters[0]]
    if script_of(first) == GREEK and first.islower() and alphabet.twin(word, letters[0]) in (None, "ß"):
        return True
    return any(script_of(word[i]) == GREEK and alphabet.twin(word, i) is None for i in letters)


def reads_as_latin(word: str, alphabet: Alphabet) -> bool:
    """A word of Latin letters with a stray letter or two of the text's script: a known Latin-script
    name (Micrоsоft), or Latin letters with isolated strays that all have a Latin twin and at least one
    Latin letter that no letter of the text's alphabet looks like (Sаmsung, iPhоne)."""
    latin_alphabet = FALLBACK[LATIN]
    letters = [i for i, c in enumerate(word) if script_of(c)]
    strays = [i for i in letters if script_of(word[i]) == alphabet.script]
    latin = [i for i in letters if script_of(word[i]) == LATIN]
    if not strays or len(strays) + len(latin) != len(letters):
        return False
    twins = {i: latin_alphabet.twin(word, i) for i in strays}
    if any(t is None for t in twins.values()):
        return False
    form = "".join(twins.get(i, word[i]) for i in letters)
    if form.lower() in LATIN_NAMES:
        return True
    isolated = all(b - a > 1 for a, b in zip(strays, strays[1:], strict=False))
    few = len(strays) <= max(1, len(letters) // 4)
    native = any(alphabet.twin(word, i) is None for i in latin)
    return isolated and few and len(latin) >= 3 and native


def lone_letter_stands_for(word: str, alphabet: Alphabet) -> bool:
    """A one-letter word of another script is repaired only when its twin is one of the letters that
    set the alphabet apart (Belarusian ŭ for the preposition ў, Ukrainian i for the conjunction і):
    a lone Latin a or C in Russian text is a label (витамин C), not a typo."""
    twin = alphabet.twin(word, 0)
    return twin is not None and twin.lower() in alphabet.markers


def is_roman_numeral(word: str) -> bool:
    return len(word) > 1 and all(c in ROMAN_NUMERAL_LETTERS for c in word) and word_scripts(word) == {LATIN, CYRILLIC}


def own_script(word: str) -> str | None:
    """The script a mixed word decides by itself, for a line with no context and no hint: one whose
    letters are mostly of one script, with a few stray letters of another, none next to another (a
    homoglyph accident or a letter left over: "Рutin", "Dиnara", "Kазахстан"). A run of two letters
    of the other script is a half transliteration whose direction the word cannot tell ("Закиеva"); an
    all-capital word is an abbreviation or a model name (BМW); a short word says too little."""
    if word.isupper():
        return None
    letters = [s for s in map(script_of, word) if s]
    counts = {s: letters.count(s) for s in set(letters)}
    if len(counts) != 2 or len(letters) < OWN_MIN_LETTERS:
        return None
    main = max(counts, key=counts.get)
    strays = [i for i, s in enumerate(letters) if s != main]
    if len(strays) > max(1, len(letters) // 4) or any(b - a == 1 for a, b in zip(strays, strays[1:], strict=False)):
        return None
    return main

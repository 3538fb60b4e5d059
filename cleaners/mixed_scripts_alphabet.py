"""Which alphabet of the target script a word is repaired into: the hinted language's when the text
fits it, else the one the text's own letters point to (ј and ђ say Serbian, ї and є Ukrainian, ə
Azerbaijani), else the script-level rules (cleaners/data/alphabets/)."""

from __future__ import annotations

from functools import lru_cache

from .mixed_scripts_context import ScriptContext
from .mixed_scripts_words import word_scripts
from .script_tables import (
    BY_SCRIPT,
    CYRILLIC,
    FALLBACK,
    LATIN,
    STAND_INS,
    UNIQUE_LETTERS,
    Alphabet,
    Hint,
    meet,
    script_of,
)

SUPPORT = 0.15  # share of a span's words with an alphabet's own letters that points to that alphabet
CONTRA = 0.1  # share of a span's words with letters an alphabet lacks that rules it out
SHORT_SPAN = 4  # a span of fewer words cannot rule out a hinted alphabet for lack of its letters


# `typed`: whether letters of other scripts typed into a word are evidence of an alphabet (True),
# not (False), or only the stand-ins nobody types by accident (i, j, ŭ, ə: STAND_INS_ONLY)
STAND_INS_ONLY = "stand-ins"


@lru_cache(maxsize=256)  # keyed by word lists, an article's among them: kept small
def _letter_sets(script: str, words: tuple[str, ...],
                 typed: bool | str = True) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Per word with letters of `script`: (those letters, the word's letters of other scripts)."""
    out = []
    for w in words:
        native, foreign = _word_letters(w, script)
        if native:
            if typed == STAND_INS_ONLY:
                foreign = foreign & STAND_INS
            out.append((native, foreign if typed else frozenset()))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _word_letters(word: str, script: str) -> tuple[frozenset[str], frozenset[str]]:
    signs = _SIGNS[script]
    native = frozenset(c for c in word.lower() if script_of(c) == script or c in signs)
    return native, (_typed_for(word, script) if native else frozenset())


def _typed_for(word: str, script: str) -> frozenset[str]:
    """The letters of other scripts typed one by one among a word's `script` letters (the i of
    Мешканцi, the j of Србиjе): what may stand for a letter of the word's alphabet. Letters next to
    another foreign letter are a transliteration (kh, sh), not a stand-in."""
    if len(word_scripts(word)) < 2:
        return frozenset()
    letters = [c for c in word if script_of(c)]
    foreign = [(script_of(c) or script) != script for c in letters]
    return frozenset(c for i, c in enumerate(letters) if foreign[i]
                     and not (i > 0 and foreign[i - 1]) and not (i + 1 < len(letters) and foreign[i + 1]))


_SIGNS = {s: frozenset(c for a in BY_SCRIPT[s] for c in a.letters if script_of(c) is None) for s in BY_SCRIPT}


def _fits(alphabet: Alphabet, sets, hinted: bool = False) -> tuple[int, int, int]:
    """(words with letters the alphabet lacks, words with the alphabet's own letters, words with
    decisive ones). A foreign letter that stands for one of the alphabet's own letters counts for it:
    a Latin i inside Cyrillic words is typed for і, which Ukrainian, Belarusian and Kazakh have and
    Russian does not; a Cyrillic ќ in Latin words is Macedonian ḱ. For a hinted alphabet, a letter with
    several look-alikes counts too (y for ү). Decisive: a letter no other alphabet of the script has
    (ї, ѓ, ђ, ұ), or a stand-in nobody types by accident (i, j, ŭ, ə inside Cyrillic words)."""
    markers = alphabet.markers
    unique = UNIQUE_LETTERS.get(alphabet.tag, frozenset())
    adds_only = alphabet.letters >= FALLBACK[alphabet.script].letters
    # an alphabet that only adds letters (Kazakh to Russian's) is told apart by them: in a long span
    # that shows none of its own, only a stand-in no keyboard has (ɵ, ə, not i) speaks for it
    strict = not hinted and adds_only and len(sets) >= SHORT_SPAN and not any(native & markers for native, _ in sets)
    contra = support = decisive = native_support = 0
    for native, foreign in sets:
        if not native <= alphabet.letters:
            contra += 1
        if strict:
            foreign = frozenset(c for c in foreign if not c.isascii())
        stands = set()
        for c in foreign:
            stands |= _stands_for(alphabet, c, hinted) & markers
        if native & markers or stands:
            support += 1
            native_support += bool(native & markers)
            if native & unique or (stands and foreign & STAND_INS):
                decisive += 1
    if contra and not native_support:
        decisive = 0  # evidence only typed in must not be contradicted by a single word
    return contra, support, decisive


def _stands_for(alphabet: Alphabet, c: str, hinted: bool) -> frozenset[str]:
    out = set()
    if c in alphabet.twins:
        out.add(alphabet.twins[c].lower())
    if hinted and c in alphabet.choices:
        out |= set(alphabet.choices[c].options.lower())
    if alphabet.raw.get("digraphic") and alphabet.from_cyrillic is not None and c not in FALLBACK[LATIN].twins:
        out.add((alphabet.from_cyrillic.plain.get(c.lower()) or "")[:1])  # ж, ќ, ң: no look-alike, a reading
    return frozenset(out)


@lru_cache(maxsize=256)
def infer_alphabet(script: str, words: tuple[str, ...], hint_code: str | None = None,
                   typed: bool | str = True) -> Alphabet | None:
    """The alphabet the letters of `words` point to, or None when they point nowhere: an alphabet
    whose own letters a real share of the words use, and whose lacking letters almost none do. When
    several fit, the hinted one, else the one most words support, else the letters they share."""
    sets = _letter_sets(script, words, typed)
    if not sets:
        return None
    n = len(sets)
    natives = frozenset().union(*(native for native, _ in sets))
    typed_in = frozenset().union(*(foreign for _, foreign in sets))
    fitting = []
    for alphabet in BY_SCRIPT[script]:
        markers = alphabet.markers
        if not natives & markers and not any(_stands_for(alphabet, c, False) & markers for c in typed_in):
            continue  # nothing in the words is the alphabet's own: no support, the common case
        contra, support, decisive = _fits(alphabet, sets)
        if support and contra <= CONTRA * n and (support >= SUPPORT * n or decisive):
            fitting.append((support, -contra, alphabet))
    if not fitting:
        return None
    for _, _, alphabet in fitting:
        if hint_code and (alphabet.tag == hint_code or alphabet.tag.startswith(hint_code + "-")):
            return alphabet
    best = max(s for s, _, _ in fitting)
    least = max(c for s, c, _ in fitting if s == best)
    return meet(tuple(a.tag for s, c, a in fitting if s == best and c == least))


def hinted_alphabet(script: str, words: tuple[str, ...], hint: Hint | None,
                    typed: bool | str = True) -> Alphabet | None:
    """The hinted language's alphabet for `script`, unless the words rule it out: letters it lacks in
    more than a few of them, or none of its own letters in a span long enough to show some."""
    if hint is None or script not in hint.alphabets:
        return None
    alphabet = hint.alphabets[script]
    sets = _letter_sets(script, words, typed)
    if not sets:
        return alphabet
    contra, support, _ = _fits(alphabet, sets, hinted=True)
    if contra > CONTRA * len(sets):
        return None
    # an alphabet that only adds letters to the script's shared ones (Kazakh, German) is told apart by
    # them: a long span without any is another language's (a Russian page on a Kazakh site)
    adds_only = alphabet.letters >= FALLBACK[script].letters
    if adds_only and alphabet.markers and not support and len(sets) >= SHORT_SPAN:
        return None
    return alphabet


def choose_alphabet(script: str, spans: list[tuple[str, ...]], context: ScriptContext,
                    typed: bool | str = True) -> Alphabet:
    """The alphabet a word of `script` is repaired into: from the narrowest span whose letters say
    something (the quotation or sentence, the paragraph, the article), the hint, else the script-level
    rules."""
    hint = context.hint
    code = hint.code if hint else None
    for words in spans:
        hinted = hinted_alphabet(script, words, hint, typed)
        if hinted is not None and (_fits(hinted, _letter_sets(script, words, typed), hinted=True)[1]
                                   or not hinted.letters >= FALLBACK[script].letters):
            return hinted
        inferred = infer_alphabet(script, words, code, typed)
        if inferred is not None:
            return inferred
    hinted = hinted_alphabet(script, spans[-1] if spans else (), hint, typed) if hint else None
    return hinted or FALLBACK[script]


def cyrillic_source(word: str, words, context: ScriptContext) -> Alphabet:
    """The Cyrillic alphabet a word's Cyrillic letters come from, for reading them in Latin: the
    word's own letters (ї is Ukrainian), the paragraph's Cyrillic words, the article's, the hint; else
    the one language the paragraph names ("Ukrainian boxer Oleksandr Усиk": и is y, Usyk)."""
    spans = [(word,), tuple(w for w in words if CYRILLIC in word_scripts(w))]
    spans.append(context.article_words.get(CYRILLIC, ()))
    found = choose_alphabet(CYRILLIC, [s for s in spans if s], context, typed=False)
    if found is FALLBACK[CYRILLIC]:
        named = {_NAMED[w.lower()] for w in words if w.lower() in _NAMED}
        if len(named) == 1:  # two languages named ("Russian and Ukrainian"): neither
            return named.pop()
    return found


# the words of Latin text that name a language written in Cyrillic, or its people (data: "names")
_NAMED = {name: a for a in BY_SCRIPT[CYRILLIC] for name in a.names}

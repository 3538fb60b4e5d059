"""Repair words that mix Latin, Cyrillic and Greek letters ("Dиnara", "Рutin", "Kазахстан").

Only a word that mixes scripts is touched. Its target script is the dominant script of its
context, narrowest first: the quotation it sits in, the name it is part of, the sentence, the
paragraph, the article, then the language hint; never the word's own majority, except that a Latin
word carrying one stray letter (a brand, a gadget name) stays Latin inside Cyrillic or Greek text.

The target letter is a letter of the context's *alphabet*: the hinted language's when the text fits
it, else the one the text's own letters point to (ј and ђ say Serbian, ї and є Ukrainian, ə
Azerbaijani), else the script-level rules (cleaners/data/alphabets/). If every foreign letter has a
look-alike in that alphabet, the word is a homoglyph accident and is mapped by appearance ("Рutin" ->
"Putin", "Скопjе" -> "Скопје", "Straβe" -> "Straße"); otherwise it was half transliterated and its
foreign letters are transliterated by sound ("Dиnara" -> "Dinara", "Rахимов" -> "Rakhimov"),
preferring a spelling the article itself uses, in any common romanization ("Jelzin", "Tchaïkovski").
Invisible characters inside a word (soft hyphen, zero-width joiners) belong to it and are kept.
URLs, e-mail addresses, handles, hashtags, code identifiers and Greek letters used as notation
(TNFα, μmol) are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from .config import CleanerConfig
from .records import Article, Replacement
from .script_tables import (
    BY_SCRIPT,
    CONVENTION_LETTERS,
    CONVENTIONS,
    CYRILLIC,
    CYRILLIC_ROMAN,
    EVIDENCE_VARIANTS,
    FALLBACK,
    GREEK,
    LATIN,
    LATIN_NAMES,
    LONE_LETTERS,
    ROMAN_NUMERAL_LETTERS,
    STAND_INS,
    UNIQUE_LETTERS,
    Alphabet,
    Hint,
    Sounds,
    meet,
    parse_language,
    script_of,
)

STEP = "fix_mixed_scripts"

_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u02af\u1e00-\u1eff]")
_OTHER_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_GREEK_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060"  # soft hyphen, zero-width space, non-joiner, joiner, word joiner
# A word: letters with their combining marks, and the invisible characters between its letters.
WORD_RE = re.compile(rf"[^\W\d_][{_MARKS}]*(?:[{INVISIBLE}]*[^\W\d_][{_MARKS}]*)*")
_SKIP = frozenset(INVISIBLE)
_PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"  # URL, e-mail, handle, tag
    r"|`[^`]*`|\w*_\w*|\w+(?:\.\w+)+\(?|\w+\(\)"  # code: backticks, snake_case, dotted.names, calls()
)
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”’)]*\s+")
_QUOTE_RE = re.compile(
    r"«[^»]*»|»[^«]*«|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"|(?<!\w)‘[^‘’]*’(?!\w)|‹[^›]*›|‚[^‘’]*[‘’]|「[^」]*」")
MIN_CONTEXT_LETTERS = 6  # fewer letters of single-script words than this decide nothing ...
MIN_QUOTE_LETTERS = 2  # ... except in a quotation, which is a context of its own («Нет вoйне»)
DOMINANCE = 0.7  # share of those letters one script needs to be the context's script
SUPPORT = 0.15  # share of a span's words with an alphabet's own letters that points to that alphabet
CONTRA = 0.1  # share of a span's words with letters an alphabet lacks that rules it out
SHORT_SPAN = 4  # a span of fewer words cannot rule out a hinted alphabet for lack of its letters


@dataclass
class ScriptContext:
    """What a paragraph is repaired with: the article's script counts, words and spellings, a hint."""

    article_counts: Counter = field(default_factory=Counter)
    hint: Hint | None = None
    spellings: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # script -> key -> words
    article_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # script -> words with its letters
    spelling_lengths: frozenset[int] = frozenset()  # lengths of the keys of the Latin spellings

    @property
    def target(self) -> str | None:
        """The script the hint asks for when nothing in the text decides."""
        return self.hint.script if self.hint else None

    @classmethod
    def of_texts(cls, texts: list[str], language: str | None = None) -> ScriptContext:
        counts: Counter = Counter()
        spellings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        words: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            for word in WORD_RE.findall(text):
                scripts = word_scripts(word)
                for script in scripts:
                    words[script].append(word)
                if len(scripts) == 1:
                    (script,) = scripts
                    counts[script] += _length(word)
                    if script == LATIN and len(word) >= 3:  # only Latin spellings are evidence
                        spellings[script][variant_key(word)].add(word)
        return cls(counts, parse_language(language), spellings, {s: tuple(w) for s, w in words.items()},
                   frozenset(len(k) for k in spellings.get(LATIN, ())))


@lru_cache(maxsize=1 << 16)
def word_scripts(word: str) -> frozenset[str]:
    """The scripts of a word's letters; cached, as the context, the paragraph and the word's own
    check all ask about the same words."""
    return frozenset(s for s in map(script_of, word) if s)


def may_mix(text: str) -> bool:
    """The fast path: a text can hold a mixed word only if it has letters of two scripts."""
    if not _OTHER_RE.search(text):
        return False
    return bool(_LATIN_RE.search(text)) or (bool(_CYRILLIC_RE.search(text)) and bool(_GREEK_RE.search(text)))


def _plain(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def variant_key(word: str) -> str:
    """Spellings that differ only by transliteration variants share a key (Zakiyeva ~ Zakieva,
    Tchaïkovski ~ Tchaikovsky)."""
    key = _plain(word).lower()
    for a, b in EVIDENCE_VARIANTS:
        key = key.replace(a, b)
    return key


def _length(word: str) -> int:
    """Characters of a word less its invisible ones."""
    return len(word) if word.isalpha() else sum(1 for c in word if c not in _SKIP)


def dominant(counts: Counter, min_letters: int = MIN_CONTEXT_LETTERS) -> str | None:
    total = sum(counts.values())
    if total < min_letters:
        return None
    script, n = counts.most_common(1)[0]
    return script if n >= DOMINANCE * total else None


# --- which alphabet -----------------------------------------------------------------------------


@lru_cache(maxsize=256)  # keyed by word lists, an article's among them: kept small
def _letter_sets(script: str, words: tuple[str, ...],
                 typed: bool = True) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Per word with letters of `script`: (those letters, the word's letters of other scripts)."""
    out = []
    for w in words:
        native, foreign = _word_letters(w, script)
        if native:
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
                   typed: bool = True) -> Alphabet | None:
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


def hinted_alphabet(script: str, words: tuple[str, ...], hint: Hint | None, typed: bool = True) -> Alphabet | None:
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
                    typed: bool = True) -> Alphabet:
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


# --- the repair ---------------------------------------------------------------------------------


def _is_protected_symbol(word: str, scripts: frozenset[str]) -> bool:
    """Greek letters on an acronym are notation, not a typo: TNFα, PPARγ, αKlotho."""
    if GREEK not in scripts or CYRILLIC in scripts:
        return False
    letters = [c for c in word if script_of(c)]
    latin = "".join(c for c in letters if script_of(c) == LATIN)
    greek_at_edge = script_of(letters[0]) == GREEK or script_of(letters[-1]) == GREEK
    if greek_at_edge and (latin.isupper() or len(latin) < 2):
        return True
    return script_of(letters[0]) == GREEK and letters[0].islower() and letters[1].isupper()


def _is_notation(word: str, alphabet: Alphabet) -> bool:
    """In Latin text, a Greek letter with no look-alike in the alphabet is a symbol (μmol, λ-phage,
    βarrestin), not a typo: the word is left as written."""
    if GREEK not in word_scripts(word):
        return False
    letters = [i for i, c in enumerate(word) if script_of(c)]
    first = word[letters[0]]
    if script_of(first) == GREEK and first.islower() and alphabet.twin(word, letters[0]) in (None, "ß"):
        return True
    return any(script_of(word[i]) == GREEK and alphabet.twin(word, i) is None for i in letters)


def _reads_as_latin(word: str, alphabet: Alphabet) -> bool:
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


def fix_text(text: str, context: ScriptContext | None = None,
             notes: list[tuple[str, str, str]] | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Return (text, [(rule, before, after)]) with every mixed-script word repaired. `notes`, when
    given, receives (before, after, alphabet) for each repair: which alphabet decided it."""
    if not may_mix(text):
        return text, []
    return _fix(text, context, notes)


def _fix(text: str, context: ScriptContext | None, notes) -> tuple[str, list[tuple[str, str, str]]]:
    tokens = list(WORD_RE.finditer(text))
    words = tuple(t.group() for t in tokens)
    scripts_of = [word_scripts(w) for w in words]
    mixed = [k for k, s in enumerate(scripts_of) if len(s) > 1]
    if not mixed and not any(len(w) == 1 and w in LONE_LETTERS for w in words):
        return text, []
    para = _Paragraph(text, tokens, words, scripts_of)
    paragraph = para.counts(None)
    main = dominant(paragraph)
    # a lone letter of another script is looked at only where it may stand for a letter of the text's
    # alphabet (Belarusian ŭ, Ukrainian i)
    lone = [k for k, w in enumerate(words) if len(w) == 1 and w in LONE_LETTERS and script_of(w) != main
            and _between_spaces(text, tokens[k])]
    protected = [m.span() for m in _PROTECTED_RE.finditer(text) if _OTHER_RE.search(m.group())]
    candidates = [k for k in sorted(mixed + lone) if not any(a <= tokens[k].start() < b for a, b in protected)]
    if not candidates:
        return text, []
    context = context or ScriptContext.of_texts([text])
    sentences = _spans(_SENTENCE_END_RE, text)
    quotes = [m.span() for m in _QUOTE_RE.finditer(text)]
    out, edits, last = [], [], 0
    for k in candidates:
        m = tokens[k]
        word = m.group()
        scripts = scripts_of[k]
        alphabet = None
        if _is_roman_numeral(word):
            rule, fixed = "roman_numeral", "".join(CYRILLIC_ROMAN.get(c, c) for c in word)
        else:
            quote = _span_of(quotes, m.start())
            sentence = _span_of(sentences, m.start())
            by_quote = _quote_script(para, quote)
            target = (
                by_quote
                or _name_script(text, tokens, k)
                or dominant(para.counts(sentence))
                or main
                or dominant(context.article_counts)
            )
            by_text = target is not None
            target = target or context.target
            if target is None:
                continue  # nothing to decide by: leave the word as written
            if len(scripts) == 1:
                if target in scripts:
                    continue
            elif target != GREEK and _is_protected_symbol(word, scripts):
                continue
            outside = () if quote else quotes  # a quotation is another voice: its letters say nothing here
            spans = _alphabet_spans(para, quote if by_quote else sentence, context, target, outside)
            alphabet = choose_alphabet(target, spans, context)
            if target != LATIN and by_text and len(scripts) > 1 and _reads_as_latin(word, alphabet):
                target = LATIN
                alphabet = choose_alphabet(LATIN, _alphabet_spans(para, sentence, context, LATIN, outside), context)
            if target == LATIN and _is_notation(word, alphabet):
                continue
            if len(scripts) == 1 and not _lone_letter_stands_for(word, alphabet):
                continue
            # the Cyrillic alphabet the word's Cyrillic letters are read in, found when needed
            source = partial(_source_alphabet, word, words, context) if target == LATIN else None
            rule, fixed = repair_word(word, alphabet, source=source)
            if rule == "transliteration" and target == LATIN:
                rule, fixed = _prefer_article_spelling(word, fixed, context, source())
        if fixed != word:
            out.append(text[last:m.start()])
            out.append(fixed)
            last = m.end()
            edits.append((rule, word, fixed))
            if notes is not None:
                notes.append((word, fixed, alphabet.tag if alphabet else "roman numerals"))
    out.append(text[last:])
    return "".join(out), edits


class _Paragraph:
    """A paragraph's words with their scripts, and letters per script over any span of it."""

    def __init__(self, text, tokens, words, scripts_of):
        self.text, self.tokens, self.words, self.scripts_of = text, tokens, words, scripts_of
        self.starts = [t.start() for t in tokens]
        self._counts: dict = {}

    def indexes(self, span) -> range:
        if span is None:
            return range(len(self.words))
        a, b = span
        return range(bisect_left(self.starts, a), bisect_left(self.starts, b))

    def counts(self, span) -> Counter:
        if span not in self._counts:
            counts: Counter = Counter()
            for i in self.indexes(span):
                s = self.scripts_of[i]
                if len(s) == 1:
                    counts[next(iter(s))] += _length(self.words[i])
            self._counts[span] = counts
        return self._counts[span]

    def words_in(self, span, skip=()) -> tuple[str, ...]:
        r = self.indexes(span)
        if not skip:
            return self.words[r.start:r.stop]
        return tuple(self.words[i] for i in r if not any(a <= self.starts[i] < b for a, b in skip))


def _between_spaces(text: str, m: re.Match) -> bool:
    """A word standing alone between spaces, as a preposition or a conjunction does; not a label
    such as (i) or a)."""
    a, b = m.span()
    return (a == 0 or text[a - 1].isspace()) and (b == len(text) or text[b].isspace())


def _single_letter(word: str) -> bool:
    return len(word) == 1 or (len(word.strip(INVISIBLE)) == 1 and sum(1 for c in word if script_of(c)) == 1)


def _lone_letter_stands_for(word: str, alphabet: Alphabet) -> bool:
    """A one-letter word of another script is repaired only when its twin is one of the letters that
    set the alphabet apart (Belarusian ŭ for the preposition ў, Ukrainian i for the conjunction і):
    a lone Latin a or C in Russian text is a label (витамин C), not a typo."""
    twin = alphabet.twin(word, 0)
    return twin is not None and twin.lower() in alphabet.markers


def _spans(end_re: re.Pattern, text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in end_re.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _span_of(spans, pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= pos < b), None)


def _quote_script(para: _Paragraph, span) -> str | None:
    """A quotation is its own context; one made only of mixed words goes by its letters' majority."""
    if span is None:
        return None
    script = dominant(para.counts(span), MIN_QUOTE_LETTERS)
    if script is not None:
        return script
    inside = para.words_in(span)
    if not inside or any(len(word_scripts(w)) == 1 for w in inside):
        return None
    letters = Counter(s for w in inside for s in map(script_of, w) if s)
    return dominant(letters, MIN_QUOTE_LETTERS)


def _alphabet_spans(para: _Paragraph, span, context: ScriptContext, script: str,
                    skip=()) -> list[tuple[str, ...]]:
    """The word lists an alphabet is looked for in, narrowest first: the span that decided the
    script, the paragraph (both less the quotations in `skip`), the article."""
    lists = []
    if span is not None:
        lists.append(para.words_in(span, skip))
    lists.append(para.words_in(None, skip))
    article = context.article_words.get(script, ())
    if article and article != lists[-1]:
        lists.append(article)
    return lists


def _source_alphabet(word: str, words, context: ScriptContext) -> Alphabet:
    """The Cyrillic alphabet a word's Cyrillic letters come from, for reading them in Latin: the
    word's own letters (ї is Ukrainian), the paragraph's Cyrillic words, the article's, the hint."""
    spans = [(word,), tuple(w for w in words if CYRILLIC in word_scripts(w))]
    spans.append(context.article_words.get(CYRILLIC, ()))
    return choose_alphabet(CYRILLIC, [s for s in spans if s], context, typed=False)


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
    if script == LATIN and alphabet.raw.get("digraphic") and any(script_of(word[i]) == CYRILLIC for i in foreign):
        # a language written in both scripts: a Cyrillic letter left in its Latin text reads as the
        # letter it stands for (Beogрad -> Beograd, not Beogpad)
        sound = _compose(_to_latin(word, alphabet, FALLBACK[CYRILLIC]))
        return ("homoglyph" if sound == look else "transliteration"), sound
    if look is not None:
        return "homoglyph", look
    if script == LATIN:
        return "transliteration", _compose(_to_latin(word, alphabet, source_alphabet()))
    if script == CYRILLIC:
        return "transliteration", _compose(_to_cyrillic(word, alphabet))
    return "transliteration", _compose(_to_greek(word, alphabet, twins))


def _compose(word: str) -> str:
    return unicodedata.normalize("NFC", word) if not word.isascii() else word


def _prefer_article_spelling(word: str, fixed: str, context: ScriptContext,
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


def _is_roman_numeral(word: str) -> bool:
    return len(word) > 1 and all(c in ROMAN_NUMERAL_LETTERS for c in word) and word_scripts(word) == {LATIN, CYRILLIC}


def _case_like(src: str, out: str, all_caps: bool) -> str:
    if not src.isupper() or not out:
        return out
    return out.upper() if all_caps else out[0].upper() + out[1:]


def _sound_walk(word: str, is_source, table: Sounds, keep) -> str:
    """Replace the runs of letters `is_source` accepts by sound, longest match first; the invisible
    characters inside a word follow the letter before them, letters of other scripts go to `keep`."""
    plain = word.isalpha()
    letters = range(len(word)) if plain else [i for i, c in enumerate(word) if c not in _SKIP]
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
            return alphabet.twin(c, 0) or _case_like(c, greek.plain.get(_plain(c).lower(), c), False)
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


def fix_mixed_scripts(article: Article, config: CleanerConfig) -> Article:
    texts = [article.title] + [b.text for b in article.blocks]
    if not any(may_mix(t) for t in texts):  # the fast path: one cheap check per paragraph
        return article
    context = ScriptContext.of_texts(texts, article.language or article.meta.html_lang)
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

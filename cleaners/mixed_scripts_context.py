"""Which script a mixed word is repaired into, from its context, narrowest first: the quotation it
sits in, the name it is part of, the sentence, the paragraph, the article (ScriptContext), and only
then the language hint."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .mixed_scripts_words import WORD_RE, variant_key, visible_length, word_scripts
from .script_tables import LATIN, Hint, parse_language, script_of

SENTENCE_END_RE = re.compile(r"[.!?…]+[\"»”’)]*\s+")
QUOTE_RE = re.compile(
    r"«[^»]*»|»[^«]*«|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"|(?<!\w)‘[^‘’]*’(?!\w)|‹[^›]*›|‚[^‘’]*[‘’]|「[^」]*」")


MIN_CONTEXT_LETTERS = 6  # fewer letters of single-script words than this decide nothing ...
MIN_QUOTE_LETTERS = 2  # ... except in a quotation, which is a context of its own («Нет вoйне»)
DOMINANCE = 0.7  # share of those letters one script needs to be the context's script


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
                    counts[script] += visible_length(word)
                    if script == LATIN and len(word) >= 3:  # only Latin spellings are evidence
                        spellings[script][variant_key(word)].add(word)
        return cls(counts, parse_language(language), spellings, {s: tuple(w) for s, w in words.items()},
                   frozenset(len(k) for k in spellings.get(LATIN, ())))


def dominant(counts: Counter, min_letters: int = MIN_CONTEXT_LETTERS) -> str | None:
    total = sum(counts.values())
    if total < min_letters:
        return None
    script, n = counts.most_common(1)[0]
    return script if n >= DOMINANCE * total else None


class Paragraph:
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
                    counts[next(iter(s))] += visible_length(self.words[i])
            self._counts[span] = counts
        return self._counts[span]

    def words_in(self, span, skip=()) -> tuple[str, ...]:
        r = self.indexes(span)
        if not skip:
            return self.words[r.start:r.stop]
        return tuple(self.words[i] for i in r if not any(a <= self.starts[i] < b for a, b in skip))


def split_spans(end_re: re.Pattern, text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in end_re.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def span_of(spans, pos: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in spans if a <= pos < b), None)


def quote_script(para: Paragraph, span) -> str | None:
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


def name_run(text: str, tokens, k: int) -> range:
    """The indexes of the name the word at k belongs to: a run of adjacent Capitalized words."""
    def joined(i: int, j: int) -> bool:
        return tokens[i].group()[0].isupper() and tokens[j].group()[0].isupper() \
            and text[tokens[i].end():tokens[j].start()].isspace()

    lo = hi = k
    while lo > 0 and joined(lo - 1, lo):
        lo -= 1
    while hi + 1 < len(tokens) and joined(hi, hi + 1):
        hi += 1
    return range(lo, hi + 1)


def name_script(text: str, tokens, k: int, own_script=None) -> str | None:
    """The script of the other words of the name the word belongs to ("Олена Kовальчук", "President
    Рutin"), if they agree. `own_script`, when given, also counts a mixed word of the name whose own
    letters decide its script ("Dиnara Закиеva": Dиnara is Latin with one stray letter)."""
    scripts = set()
    for i in name_run(text, tokens, k):
        if i == k:
            continue
        word = tokens[i].group()
        s = word_scripts(word)
        if len(s) == 1:
            scripts |= s
        elif own_script is not None and (own := own_script(word)) is not None:
            scripts.add(own)
    return next(iter(scripts)) if len(scripts) == 1 else None


def alphabet_spans(para: Paragraph, span, context: ScriptContext, script: str,
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

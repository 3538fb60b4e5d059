"""Small text helpers shared by the steps: words, content words, stems."""

from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")  # letters/digits, with inner apostrophes
LETTERS_RE = re.compile(r"[^\W\d_]+")
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")  # a number (with its decimals) or a run of letters

# Function words that carry no topic; short lists are enough because stems shorter than three
# characters are ignored anyway.
STOPWORDS = frozenset(
    """
    the and for are but not you all any can had her was one our out has have him his how its may
    new now see way who did get got let say she too use that with this from they will would there
    their what about which when make like than them been into more some could these other then
    just also over only very such were where while your after before being both each here most
    same should those through under until upon well does doing during again further once because
    against between above below off own yet says said just even still ever many much every
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
    было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него
    до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы
    тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
    этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех
    никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них
    какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
    такой им более всегда конечно всю между это также
    және мен бен пен да де ол бұл осы сол бір үшін деп еді екен бар жоқ мен сен біз сіз олар
    оның осы туралы бойынша арқылы сияқты тек әлі енді кейін дейін қазір ғана
    """.split()
)


# A text that ends as a sentence does (block texts carry no trailing space).
ENDS_SENTENCE_RE = re.compile(r"[.!?…][\"»”’)]*\s*$")
# A heading or label that names the story's own sources and references: what sits under it is
# the story's (neither a box of other stories nor a recap), however much it repeats.
SOURCES_LABEL_RE = re.compile(
    r"\b(?:sources?|references?|références|referencias|quellen?|quellenangaben|bibliogra\w*|literature|literatur\w*|"
    r"further reading|links|weblinks|einzelnachweise|notes?|credits?|bildquellen?|fuentes?|источники|литература|"
    r"ссылки)\b", re.I)
# A line naming the story's sources ("Source: ...", "Quelle: ..."): a reference, never boilerplate.
SOURCE_LINE_RE = re.compile(
    r"^\W*(?:sources?|quellen?|источники?|источник|дереккөз|fuentes?|fonte|źródło|credits?)\s*:", re.I)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


STEM = 6  # characters kept by the truncation stem


def stem(token: str, size: int = STEM) -> str:
    """Truncation stem: crude but language-agnostic, and good enough for overlap measures."""
    return token.lower()[:size]


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning: no stopwords, no words under three letters.
    Numbers are kept whole: "448.60" and "448.6" are different facts."""
    return [w for w in TOKEN_RE.findall(text.lower()) if w[0].isdigit() or (len(w) >= 3 and w not in STOPWORDS)]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


class Vocabulary:
    """Words of a text, matched loosely: the same truncation stem, or (for words of five letters
    or more) one edit apart, so transliteration variants match (Zakieva ~ Zakiyeva).

    One-edit lookups use the symmetric-deletion index (SymSpell): every word is stored with all
    its one-letter deletions, so a lookup costs a few set probes instead of a scan."""

    def __init__(self, words: list[str]):
        self.stems = {w[:STEM] for w in words}
        self._words = words
        self._index: set[str] | None = None  # built on the first one-edit lookup: many never need one

    def __contains__(self, word: str) -> bool:
        if word[:STEM] in self.stems:
            return True
        return self._near(word)

    def _near(self, word: str) -> bool:
        if len(word) < 5 or word[0].isdigit():
            return False
        if self._index is None:
            self._index = set()
            for w in set(self._words):
                if len(w) >= 5 and not w[0].isdigit():
                    self._index |= _deletions(w)
        return not self._index.isdisjoint(_deletions(word))

    def share(self, words: list[str], at_least: float | None = None) -> float:
        """The share of `words` found here. With `at_least`, the answer is exact only as far as
        comparing it with `at_least` goes: the costlier one-edit lookups run only when they can
        change which side of it the share falls."""
        if not words:
            return 0.0
        misses = [w for w in words if w[:STEM] not in self.stems]
        hits = len(words) - len(misses)
        fuzzy = [w for w in misses if len(w) >= 5 and not w[0].isdigit()]
        if at_least is not None and ((hits + len(fuzzy)) < at_least * len(words) or hits >= at_least * len(words)):
            return hits / len(words)
        return (hits + sum(1 for w in fuzzy if self._near(w))) / len(words)


def collapse_spaces(text: str) -> str:
    """Collapse horizontal whitespace, keep single line breaks, strip every line."""
    if "\n" not in text:  # one line: the common case, without the per-line lists
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# Scripts written without spaces between words: their characters count as words at a fixed
# rate (average word lengths of Chinese and Japanese news text are about 1.5-2 characters; of
# Thai, Lao, Khmer and Burmese about 4), so a Chinese article is not "a handful of words".
UNSPACED_SCRIPTS = (
    (re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"), 2),
    (re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"), 4),
)


@lru_cache(maxsize=2048)  # the article gate, the listing test and the output count the same blocks again
def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens holding a letter or a digit
    ("well-being" is one, a lone dash none), and runs of unspaced scripts at their rate."""
    extra = 0
    if not text.isascii():
        for pattern, chars_per_word in UNSPACED_SCRIPTS:
            chars = len(pattern.findall(text))
            if chars:
                extra += -(-chars // chars_per_word)  # rounded up: one character is one word
                text = pattern.sub(" ", text)
    return extra + len(_WORD_TOKEN_RE.findall(text))


_WORD_TOKEN_RE = re.compile(r"[^\W_]\S*")  # one match per token that holds a letter or digit, from it on

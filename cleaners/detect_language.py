"""ISO 639-1 language of the article: langdetect, seeded, over a sample of the text taken from
several places (an opening notice or quote in another language does not decide alone), inside
checks of the script the sample is written in:

- langdetect has no Kazakh profile (it answers "ru", "mk" or "bg" for Kazakh), so a documented
  rule comes first: Cyrillic text in which Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) make up a real
  share of the letters, with at least one of the letters no other langdetect language has
  (ә ғ қ ұ), is Kazakh.
- A script only one language writes news in, and for which langdetect has no profile, names the
  language (Georgian: ka, Armenian: hy, ...; cleaners/data/writing_systems.json).
- langdetect answers one of its 55 languages for any text ("et" for Georgian, with certainty): an
  answer in a script the text is not written in is no answer (null), as is an unsure one.
"""

from __future__ import annotations

import marshal
import mmap
import os
import struct
from array import array
from functools import lru_cache

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .config import CleanerConfig
from .disk_cache import cache_path, write_atomic
from .records import Article
from .writing_systems import SCRIPT_LANGUAGES, dominant_script, written_in

STEP = "detect_language"

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_ONLY = frozenset("әғқұӘҒҚҰ")
KAZAKH_MIN_SHARE = 0.02  # of the Cyrillic letters; Kazakh prose runs at 6-10 %
MIN_PROBABILITY = 0.5
QUICK_CHARS, QUICK_TRIALS, QUICK_CONFIDENCE = 300, 1, 0.99  # the quick look, and when it is enough
SAMPLE_PLACES = 3  # the sample's pieces, from evenly spaced blocks of the text
CODE_FIXES = {"zh-cn": "zh", "zh-tw": "zh"}
PROFILE_FORMAT = 2  # of the cached profiles; a new format gets a new cache file
HEADER = struct.Struct("<Q")  # the length of the marshalled index, before the vectors


def _profile_files() -> list[str]:
    import langdetect

    folder = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]  # never the disk's order


class Profiles(dict):
    """n-gram -> its probability in each language, as langdetect's `word_lang_prob_map`: the keys
    and a vector number in memory, the vectors read from a buffer of doubles on each look-up.
    langdetect only tests membership and indexes a vector, which a memoryview slice does with the
    very floats langdetect computed. Over a mapped cache file the 23 MB of vectors are pages of
    the file, shared by every process that maps it and never copied by reference counting."""

    __slots__ = ("vectors", "width")

    def __init__(self, index: dict[str, int], vectors: memoryview, width: int):
        super().__init__(index)
        self.vectors, self.width = vectors, width

    def __getitem__(self, word: str) -> memoryview:
        start = dict.__getitem__(self, word) * self.width
        return self.vectors[start:start + self.width]


def _pack(files: list[str]) -> bytes:
    """langdetect's profiles (loaded in sorted order, as detection always has) as one buffer: a
    marshalled (langlist, n-gram -> vector number, vectors), then each distinct vector once
    (87,598 n-grams have 53,336 distinct vectors) as doubles."""
    texts = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            texts.append(f.read())
    built = DetectorFactory()
    built.load_json_profile(texts)
    numbers: dict[tuple, int] = {}
    index = {word: numbers.setdefault(tuple(v), len(numbers)) for word, v in built.word_lang_prob_map.items()}
    vectors = array("d")
    for vector in numbers:  # in number order
        vectors.extend(vector)
    head = marshal.dumps((built.langlist, index, len(numbers)))
    padding = -(HEADER.size + len(head)) % vectors.itemsize  # the doubles start aligned
    return HEADER.pack(len(head)) + head + bytes(padding) + vectors.tobytes()


def _unpack(buffer) -> tuple[list[str], Profiles]:
    (size,) = HEADER.unpack_from(buffer)
    langlist, index, count = marshal.loads(buffer[HEADER.size:HEADER.size + size])
    start = HEADER.size + size + (-(HEADER.size + size) % 8)
    vectors = memoryview(buffer)[start:].cast("d")
    if len(vectors) != count * len(langlist):
        raise ValueError("truncated profile cache")
    return langlist, Profiles(index, vectors, len(langlist))


def _cache_path(files: list[str]):
    return cache_path("langdetect-profiles", files, PROFILE_FORMAT)


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's profiles from a mapped cache file when one is there (25 ms, 10 MB of keys in
    memory, against 0.27 s and 68 MB for langdetect's JSON), built and cached otherwise."""
    files = _profile_files()
    cache = _cache_path(files)
    try:
        with open(cache, "rb") as f:
            buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid once f closes
        langlist, probs = _unpack(buffer)
    except (OSError, EOFError, ValueError, TypeError, struct.error):
        packed = _pack(files)
        write_atomic(cache, packed)
        langlist, probs = _unpack(packed)
    factory = DetectorFactory()
    factory.langlist, factory.word_lang_prob_map = langlist, probs
    return factory


def sample(article: Article, limit: int, places: int = SAMPLE_PLACES) -> str:
    """The title and text when they fit in `limit` characters; else `places` pieces of limit/places
    characters, each from a block at an even step through the title and text (a piece runs on into
    the next blocks, never into the next piece's)."""
    parts = [article.title] + [b.text for b in article.blocks if b.kind != "code"]
    if sum(map(len, parts)) + len(parts) - 1 <= limit:
        return "\n".join(parts)
    budget, pieces, i = limit // places, [], 0
    for k in range(places):
        i, end = max(i, k * len(parts) // places), (k + 1) * len(parts) // places
        taken, size = [], 0
        while i < len(parts) and size < budget and (i < end or not taken):
            taken.append(parts[i])
            size += len(parts[i]) + 1
            i += 1
        pieces.append("\n".join(taken)[:budget])
    return "\n".join(p for p in pieces if p)


def is_kazakh(text: str) -> bool:
    letters = cyrillic = kazakh = 0
    only = False
    for c in text:
        if c.isalpha():
            letters += 1
            if "\u0400" <= c <= "\u04ff":
                cyrillic += 1
                if c in KAZAKH_LETTERS:
                    kazakh += 1
                    only = only or c in KAZAKH_ONLY
    return only and cyrillic * 2 >= letters and kazakh >= KAZAKH_MIN_SHARE * cyrillic


def _ranked(text: str, seed: int, trials: int):
    detector = _factory().create()
    detector.seed = seed
    detector.n_trial = trials
    detector.append(text)
    try:
        return detector.get_probabilities()
    except LangDetectException:  # no letters langdetect knows
        return []


def detect(text: str, seed: int = 0, trials: int = 3) -> str | None:
    """Kazakh by the letter rule, a script that names its language, else langdetect: first a quick
    look at the opening (most pages are decided there with near certainty), the full sample only
    when that look is unsure; an unsure answer, or one in another script than the text's, is None."""
    if is_kazakh(text):
        return "kk"
    script = dominant_script(text)
    if script in SCRIPT_LANGUAGES:
        return SCRIPT_LANGUAGES[script]
    ranked = _ranked(text[:QUICK_CHARS], seed, QUICK_TRIALS) if len(text) > QUICK_CHARS else []
    if not ranked or ranked[0].prob < QUICK_CONFIDENCE:
        ranked = _ranked(text, seed, trials)
    if not ranked or ranked[0].prob < MIN_PROBABILITY or not written_in(ranked[0].lang, script):
        return None
    return CODE_FIXES.get(ranked[0].lang, ranked[0].lang)


def detect_language(article: Article, config: CleanerConfig) -> Article:
    text = sample(article, config.language_sample_chars)
    return article.replace(language=detect(text, config.language_seed, config.language_trials))

"""ISO 639-1 language of the article: langdetect, seeded, over a bounded sample of the text.

langdetect has no Kazakh profile (it answers "ru", "mk" or "bg" for Kazakh), so a documented
rule comes first: Cyrillic text in which Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) make up a
real share of the letters, with at least one of the letters no other langdetect language has
(ә ғ қ ұ), is Kazakh.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .config import CleanerConfig
from .records import Article

STEP = "detect_language"

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_ONLY = frozenset("әғқұӘҒҚҰ")
KAZAKH_MIN_SHARE = 0.02  # of the Cyrillic letters; Kazakh prose runs at 6-10 %
MIN_PROBABILITY = 0.5
QUICK_CHARS, QUICK_TRIALS, QUICK_CONFIDENCE = 300, 1, 0.99  # the quick look, and when it is enough
CODE_FIXES = {"zh-cn": "zh", "zh-tw": "zh"}
PROFILE_FORMAT = 1  # of the cached profiles; a new format gets a new cache file


def _profile_files() -> list[str]:
    import langdetect

    folder = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))]  # never the disk's order


def _compact_profiles(files: list[str]) -> tuple[list[str], dict[str, tuple[float, ...]]]:
    """langlist and n-gram -> probabilities, as langdetect builds them, with every equal vector and
    equal float stored once: 87,598 n-grams have 53,336 distinct vectors, mostly zeros. Tuples of
    the same floats, so detection reads the very numbers it reads from langdetect's own lists."""
    texts = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            texts.append(f.read())
    built = DetectorFactory()
    built.load_json_profile(texts)
    floats: dict[float, float] = {}
    vectors: dict[tuple, tuple] = {}
    probs = {}
    for word, vector in built.word_lang_prob_map.items():
        compact = tuple(floats.setdefault(p, p) for p in vector)
        probs[word] = vectors.setdefault(compact, compact)
    return built.langlist, probs


def _cache_path(files: list[str]) -> Path:
    """Keyed by the profile files and the Python version (marshal's format is Python's)."""
    stats = [(os.path.basename(n), os.stat(n).st_size, os.stat(n).st_mtime_ns) for n in files]
    key = hashlib.sha256(repr((PROFILE_FORMAT, sys.version_info[:2], files, stats)).encode()).hexdigest()[:16]
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "presswash" / f"langdetect-profiles-{key}.marshal"


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's profiles, from a marshal cache when one is there (0.12 CPU-s and 41 MB, against
    0.27 s and 68 MB for langdetect's JSON); built and cached otherwise. The cache is only ever a
    copy: unreadable or unwritable, the profiles are built from the JSON as before."""
    files = _profile_files()
    cache = _cache_path(files)
    try:
        with open(cache, "rb") as f:
            langlist, probs = marshal.loads(f.read())  # marshal.load(f) reads in small steps: 8x slower
    except (OSError, EOFError, ValueError, TypeError):
        langlist, probs = _compact_profiles(files)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")  # two first runs never mix
            partial.write_bytes(marshal.dumps((langlist, probs)))
            partial.replace(cache)
        except OSError:
            pass
    factory = DetectorFactory()
    factory.langlist, factory.word_lang_prob_map = langlist, probs
    return factory


def sample(article: Article, limit: int) -> str:
    parts, size = [], 0
    for text in [article.title] + [b.text for b in article.blocks if b.kind != "code"]:
        parts.append(text)
        size += len(text)
        if size >= limit:
            break
    return "\n".join(parts)[:limit]


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
    """Kazakh by the letter rule, else langdetect: first a quick look at the opening (most pages
    are decided there with near certainty), the full sample only when that look is unsure."""
    if is_kazakh(text):
        return "kk"
    ranked = _ranked(text[:QUICK_CHARS], seed, QUICK_TRIALS) if len(text) > QUICK_CHARS else []
    if not ranked or ranked[0].prob < QUICK_CONFIDENCE:
        ranked = _ranked(text, seed, trials)
    if not ranked or ranked[0].prob < MIN_PROBABILITY:
        return None
    return CODE_FIXES.get(ranked[0].lang, ranked[0].lang)


def detect_language(article: Article, config: CleanerConfig) -> Article:
    text = sample(article, config.language_sample_chars)
    return article.replace(language=detect(text, config.language_seed, config.language_trials))

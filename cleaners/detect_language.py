"""ISO 639-1 language of the article: langdetect, seeded, over a bounded sample of the text.

langdetect has no Kazakh profile (it answers "ru", "mk" or "bg" for Kazakh), so a documented
rule comes first: Cyrillic text in which Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) make up a
real share of the letters, with at least one of the letters no other langdetect language has
(ә ғ қ ұ), is Kazakh.
"""

from __future__ import annotations

import os
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's profiles, loaded in sorted order so their order never depends on the disk."""
    import langdetect

    folder = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    profiles = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            profiles.append(f.read())
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
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

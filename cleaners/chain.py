"""The cleaner chain: extract, then one small step after another, each Article -> Article | Dropped.

CHAIN_VERSION (cleaners/version.py) names the behaviour of the whole chain, and ChainStats
(cleaners/stats.py) counts what it did; both are importable from here as well.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from .config import CleanerConfig
from .detect_language import detect_language
from .drop_duplicated_summaries import drop_duplicated_summaries
from .extract import extract
from .fix_mixed_scripts import fix_mixed_scripts
from .fix_mojibake import fix_mojibake
from .normalize_unicode import normalize_unicode
from .records import Article, Dropped, RawPage
from .stats import ChainStats  # noqa: F401 - part of this module's interface
from .strip_boilerplate import strip_boilerplate
from .validate import validate
from .version import CHAIN_VERSION  # noqa: F401 - part of this module's interface

Step = Callable[[Article, CleanerConfig], "Article | Dropped"]
STEPS: tuple[tuple[str, Step], ...] = (
    ("fix_mojibake", fix_mojibake),
    ("normalize_unicode", normalize_unicode),
    ("fix_mixed_scripts", fix_mixed_scripts),
    ("strip_boilerplate", strip_boilerplate),
    ("drop_duplicated_summaries", drop_duplicated_summaries),
    ("detect_language", detect_language),
    ("validate", validate),
)


def clean(page: RawPage, config: CleanerConfig) -> Article | Dropped:
    """Run the whole chain over one page. Never raises: a step that fails becomes a Dropped."""
    current = "extract"
    try:
        result = extract(page, config)
        for name, step in STEPS:
            if isinstance(result, Dropped):
                break
            current = name
            result = step(result, config)
        return result
    except Exception as exc:  # a bug or a page no step foresaw: record it, keep the run going
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return Dropped(current, "error", f"{type(exc).__name__}: {exc} ({last.filename}:{last.lineno})")

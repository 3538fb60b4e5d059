"""The cleaner chain: extract, then one small step after another, each Article -> Article | Dropped.

CHAIN_VERSION names the behaviour of the whole chain; it goes into every output line so a
re-run with a newer chain can be told apart and diffed. Bump it whenever any step's output can
change for some input.
"""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import CleanerConfig
from .detect_language import detect_language
from .drop_duplicated_summaries import drop_duplicated_summaries
from .extract import extract
from .fix_mixed_scripts import fix_mixed_scripts
from .normalize_unicode import normalize_unicode
from .records import Article, Dropped, RawPage
from .strip_boilerplate import strip_boilerplate
from .validate import validate

# 1.4.0: the article gate on evidence, per-script word counts, fallbacks for short extractions,
# accidental copies only, link lines in context, dates with labels kept
# 1.4.1: card layouts (a headline inside its link) count as teasers: tag and author pages refused
CHAIN_VERSION = "1.4.1"

Step = Callable[[Article, CleanerConfig], "Article | Dropped"]
STEPS: tuple[tuple[str, Step], ...] = (
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


@dataclass
class ChainStats:
    """Per-step counters, datatrove style: pages in, articles out, drops and removals by reason."""

    pages: int = 0
    articles: int = 0
    dropped: Counter = field(default_factory=Counter)  # (step, reason) -> pages
    removed: Counter = field(default_factory=Counter)  # (step, reason) -> blocks
    replaced: Counter = field(default_factory=Counter)  # (step, rule) -> tokens

    def add(self, result: Article | Dropped) -> None:
        self.pages += 1
        if isinstance(result, Dropped):
            self.dropped[(result.step, result.reason)] += 1
            return
        self.articles += 1
        for r in result.removed:
            self.removed[(r.step, r.reason)] += 1
        for r in result.replaced:
            self.replaced[(r.step, r.rule)] += r.count

"""Per-step counters of a run over the chain, datatrove style."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .records import Article, Dropped


@dataclass
class ChainStats:
    """Pages in, articles out, drops and removals by reason."""

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

"""Layout drift: a site's figures of one run against its own history, and the alarms they raise.

A run's figures for one site (`RunStats`, kept in the run manifest under sites.<name>.drift.stats):
the reject rate of the pages it fetched, the mean words of the articles it wrote, the mix of
removals by step/reason (each reason's share of the removed blocks), the share of its articles
where the site template fired, and the template learned from its pages alone. Compared with the
median of the site's last HISTORY_RUNS runs that had enough pages, a figure that moved past its
threshold is an alarm ("the site was redesigned; the extraction now takes the sidebar"). Each
figure is compared only when both sides rest on enough pages; a first run has no history and
raises nothing. Thresholds and their evidence: docs/site_templates.md.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from cleaners.site_template import REASON

from .site_templates import jaccard

HISTORY_RUNS = 5  # the runs a figure is compared with (their median)
MIN_PAGES = 10  # fetched pages before a reject rate says anything
MIN_ARTICLES = 5  # written articles before words per article, removals or template hits do
MIN_REMOVED = 20  # removed blocks before the removal mix does
REJECT_RATE_DELTA = 0.25  # absolute change of the reject rate (0.05 -> 0.30)
WORDS_RATIO = 1.5  # mean words per article this many times the history's, or this many times fewer
MIX_DISTANCE = 0.35  # total variation distance between the two removal mixes (0: same, 1: disjoint)
TEMPLATE_HIT_DELTA = 0.5  # absolute fall (or rise) of the share of articles where the template fired
TEMPLATE_JACCARD = 0.5  # lines learned from this run alone against the profile in use
TEMPLATE_KEY = f"strip_boilerplate/{REASON}"
THRESHOLDS = {"history_runs": HISTORY_RUNS, "min_pages": MIN_PAGES, "min_articles": MIN_ARTICLES,
              "min_removed": MIN_REMOVED, "reject_rate_delta": REJECT_RATE_DELTA, "words_ratio": WORDS_RATIO,
              "mix_distance": MIX_DISTANCE, "template_hit_delta": TEMPLATE_HIT_DELTA,
              "template_jaccard": TEMPLATE_JACCARD}


@dataclass
class RunStats:
    fetched: int = 0  # pages that became an article, an unchanged page or a reject
    rejected: int = 0
    articles: int = 0  # written by the run (new and updated)
    words: int = 0
    removed: dict = field(default_factory=dict)  # "step/reason" -> blocks
    template_hits: int = 0  # articles where site_template removed a line
    template_used: str | None = None  # the digest of the profile the run cleaned with
    template_used_lines: int = 0
    run_template: list | None = None  # line keys learned from this run's pages alone; None: too few pages

    @property
    def reject_rate(self) -> float | None:
        return self.rejected / self.fetched if self.fetched >= MIN_PAGES else None

    @property
    def words_per_article(self) -> float | None:
        return self.words / self.articles if self.articles >= MIN_ARTICLES else None

    @property
    def removal_mix(self) -> dict | None:
        """Each reason's share of the removed blocks, the site template's left out (a profile
        coming into use is no change of layout; the template has figures of its own)."""
        removed = {k: v for k, v in self.removed.items() if k != TEMPLATE_KEY}
        total = sum(removed.values())
        if total < MIN_REMOVED or self.articles < MIN_ARTICLES:
            return None
        return {k: v / total for k, v in removed.items()}

    @property
    def template_hit_rate(self) -> float | None:
        if not self.template_used_lines or self.articles < MIN_ARTICLES:
            return None
        return self.template_hits / self.articles

    def to_json(self) -> dict:
        doc = asdict(self)
        doc["removed"] = dict(sorted(self.removed.items()))
        for name in ("reject_rate", "words_per_article", "template_hit_rate"):
            value = getattr(self, name)
            doc[name] = None if value is None else round(value, 4)
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> RunStats:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in doc.items() if k in names})


def add_records(stats: RunStats, records: Iterable[dict]) -> RunStats:
    """Count the article records a run wrote for one site."""
    removed: Counter = Counter(stats.removed)
    for r in records:
        stats.articles += 1
        stats.words += int(r.get("word_count") or 0)
        reasons = [f"{x['step']}/{x['reason']}" for x in (r.get("audit") or {}).get("removed", [])]
        removed.update(reasons)
        stats.template_hits += TEMPLATE_KEY in reasons
    stats.removed = dict(removed)
    return stats


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _mix_distance(a: dict, b: dict) -> float:
    return sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in set(a) | set(b)) / 2


def _median_mix(mixes: list[dict]) -> dict:
    keys = {k for m in mixes for k in m}
    med = {k: statistics.median([m.get(k, 0.0) for m in mixes]) for k in keys}
    total = sum(med.values()) or 1.0
    return {k: v / total for k, v in med.items()}


def _top(mix: dict, n: int = 3) -> str:
    return ", ".join(f"{k} {100 * v:.0f}%" for k, v in sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def alarms(now: RunStats, history: list[RunStats], used_keys: Iterable[str] = ()) -> list[dict]:
    """What moved sharply in this run against the median of the history (oldest first), and the
    template learned from this run alone against the profile in use (`used_keys`); each alarm
    names its metric, the two figures and a sentence for people."""
    history = history[-HISTORY_RUNS:]
    out = []

    def alarm(metric: str, value, before, detail: str) -> None:
        out.append({"metric": metric, "now": value, "before": before, "detail": detail})

    rate, before = now.reject_rate, _median([h.reject_rate for h in history if h.reject_rate is not None])
    if rate is not None and before is not None and abs(rate - before) >= REJECT_RATE_DELTA:
        alarm("reject_rate", round(rate, 4), round(before, 4),
              f"{100 * rate:.0f}% of the pages fetched were rejected, {100 * before:.0f}% before")
    words = now.words_per_article
    before = _median([h.words_per_article for h in history if h.words_per_article is not None])
    if words is not None and before and (words >= WORDS_RATIO * before or words * WORDS_RATIO <= before):
        alarm("words_per_article", round(words, 1), round(before, 1),
              f"{words:.0f} words per article, {before:.0f} before ({words / before:.2f}x)")
    mix, mixes = now.removal_mix, [h.removal_mix for h in history if h.removal_mix is not None]
    if mix is not None and mixes:
        base = _median_mix(mixes)
        distance = _mix_distance(mix, base)
        if distance >= MIX_DISTANCE:
            alarm("removal_mix", _top(mix), _top(base),
                  f"the removals changed (distance {distance:.2f}): now {_top(mix)}; before {_top(base)}")
    hit, before = now.template_hit_rate, _median([h.template_hit_rate for h in history
                                                 if h.template_hit_rate is not None])
    if hit is not None and before is not None and abs(hit - before) >= TEMPLATE_HIT_DELTA:
        alarm("template_hits", round(hit, 4), round(before, 4),
              f"the site template fired on {100 * hit:.0f}% of the articles, {100 * before:.0f}% before")
    if now.run_template is not None and used_keys:
        similarity = jaccard(frozenset(used_keys), frozenset(now.run_template))
        if similarity < TEMPLATE_JACCARD:
            alarm("template", len(now.run_template), len(used_keys),
                  f"the lines repeated across this run's pages are not the site's template any more "
                  f"(Jaccard {similarity:.2f}: {len(now.run_template)} lines now, {len(used_keys)} in the profile)")
    return out

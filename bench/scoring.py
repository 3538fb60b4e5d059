"""The field's extraction scoring (the Scrapinghub article-extraction benchmark convention).

Tokens are the matches of \\w+ (Unicode, case kept); each text is a multiset of 4-token
shingles; per page precision = tp/(tp+fp) and recall = tp/(tp+fn) over the shingles.
Precision is averaged over pages with a non-empty prediction, recall over pages with a
non-empty ground truth, and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    tokens = _TOKEN_RE.findall(text or "")
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the average must skip the page."""
    p, t = shingles(predicted), shingles(truth)
    tp = sum((p & t).values())
    precision = tp / sum(p.values()) if p else None
    recall = tp / sum(t.values()) if t else None
    return precision, recall


def aggregate(pairs: list[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    ps = [p for p, _ in pairs if p is not None]
    rs = [r for _, r in pairs if r is not None]
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1

"""The evidence behind drop_duplicated_summaries' thresholds (docs/dedup.md).

    python bench/dedup_thresholds.py [--data ../shared/data/readability-testpages]

Candidates are what the rules look at: the last two blocks of every article (closing
restatements) and every numbered list at the very end (recaps). Labels come from the golden
pages (a candidate the expected article leaves out is a restatement, one it keeps is content)
and from the 130 real pages, whose ground truth keeps everything a reader sees: every candidate
there is content. For each similarity measure the table shows how many restatements a threshold
catches and how much content it would drop.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from golden import goldens, norm  # noqa: E402

from cleaners.chain import STEPS  # noqa: E402
from cleaners.config import CleanerConfig  # noqa: E402
from cleaners.drop_duplicated_summaries import SUMMARY_MARKERS  # noqa: E402
from cleaners.extract import extract  # noqa: E402
from cleaners.records import Dropped, RawPage  # noqa: E402
from cleaners.text import Vocabulary, content_words  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "readability-testpages"
_CHARS_RE = re.compile(r"\W+")


def prepared(html: bytes, config: CleanerConfig):
    """The article as drop_duplicated_summaries receives it."""
    article = extract(RawPage(url="https://example.org/", body=html), config)
    for name, step in STEPS:
        if isinstance(article, Dropped) or name == "drop_duplicated_summaries":
            break
        article = step(article, config)
    return None if isinstance(article, Dropped) else article


def shingles(text: str, n: int = 5) -> set[str]:
    s = _CHARS_RE.sub(" ", text.lower())
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def measures(block: str, lead: list[str]) -> dict[str, float]:
    """Similarity of a closing block to the lead under the candidate measures."""
    marker = SUMMARY_MARKERS.match(block)
    body = block[marker.end():] if marker else block
    words = content_words(body)
    lead_words = [content_words(p) for p in lead]
    all_lead = [w for ws in lead_words for w in ws]
    cw = set(words)
    return {
        "containment_one": max((Vocabulary(ws).share(words) for ws in lead_words), default=0.0),
        "containment_lead": Vocabulary(all_lead).share(words),
        "jaccard_one": max((len(cw & set(ws)) / len(cw | set(ws)) for ws in lead_words if ws), default=0.0),
        "char5_containment": max((len(shingles(body) & shingles(p)) / max(1, len(shingles(body))) for p in lead),
                                 default=0.0),
        "marker": 1.0 if marker else 0.0,
    }


def closing_candidates(article, expected: dict | None):
    blocks = [b for b in article.blocks if b.kind == "p"]  # recap list items have their own rule
    if len(blocks) < 5:
        return
    lead = [b.text for b in blocks[:3]]
    kept = {norm(p) for p in expected["paragraphs"]} if expected else None
    for b in blocks[-2:]:
        if len(content_words(b.text)) < 4:
            continue
        label = "content" if kept is None or norm(b.text) in kept else "restatement"
        yield label, measures(b.text, lead)


def recap_candidates(article, expected: dict | None):
    """Every list of two or more items that ends the article (at most one block after it)."""
    blocks = article.blocks
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "item":
            groups.setdefault(b.group, []).append(i)
    kept = {norm(p) for p in expected["paragraphs"]} if expected else None
    for members in groups.values():
        if len(members) < 2 or len(blocks) - members[-1] - 1 > 1:
            continue
        said = Vocabulary([w for k in range(members[0]) for w in content_words(blocks[k].text)])
        items = [blocks[k] for k in members]
        label = "content" if kept is None or any(norm(b.text) in kept for b in items) else "recap"
        yield label, {
            "ordered": items[0].ordered,
            "short": len(items) <= 12,
            "sentences": all(len(content_words(b.text)) >= 6 and re.search(r"[.!?…][\"»”’)]*\s*$", b.text)
                             for b in items),
            "mean": sum(said.share(content_words(b.text)) for b in items) / len(items),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    config = CleanerConfig()
    rows, lists = [], []
    for g in goldens():
        article = prepared(g.page.read_bytes(), config)
        if article:
            rows += [("golden", label, m) for label, m in closing_candidates(article, g.expected)]
            lists += [label_m for label_m in recap_candidates(article, g.expected)]
    truth = json.loads((args.data / "ground-truth.json").read_text("utf-8"))
    for pid, t in truth.items():
        if t["synthetic"]:
            continue
        article = prepared((args.data / "html" / f"{pid}.html").read_bytes(), config)
        if article:
            rows += [("real", label, m) for label, m in closing_candidates(article, None)]
            lists += [label_m for label_m in recap_candidates(article, None)]
    pos = [m for _, label, m in rows if label == "restatement"]
    neg = [m for _, label, m in rows if label == "content"]
    print(f"closing-block candidates: {len(pos)} restatements, {len(neg)} content "
          f"({sum(1 for s, lab, _ in rows if s == 'real')} from real pages)")
    print(f"{'measure':20} {'threshold':>9} {'caught':>7} {'content dropped':>16}")
    for measure in ("containment_one", "jaccard_one", "char5_containment", "containment_lead"):
        for t in (0.3, 0.4, 0.5, 0.65, 0.8):
            caught = sum(1 for m in pos if m[measure] >= t)
            wrong = sum(1 for m in neg if m[measure] >= t)
            print(f"{measure:20} {t:9.2f} {caught:>4}/{len(pos):<2} {wrong:>10}/{len(neg)}")
    print("\nwith a summary marker only (In short, To sum up, ...):")
    for t in (0.2, 0.3, 0.4, 0.5):
        caught = sum(1 for m in pos if m["marker"] and m["containment_lead"] >= t)
        wrong = sum(1 for m in neg if m["marker"] and m["containment_lead"] >= t)
        print(f"{'containment_lead':20} {t:9.2f} {caught:>4}/{sum(1 for m in pos if m['marker']):<2} "
              f"{wrong:>10}/{sum(1 for m in neg if m['marker'])}")

    recaps = [m for label, m in lists if label == "recap"]
    others = [m for label, m in lists if label == "content"]
    print(f"\nlists ending an article: {len(recaps)} recaps, {len(others)} content lists")
    print(f"{'filter':44} {'recaps kept as candidates':>26} {'content lists dropped':>22}")
    filters = {
        "mean containment >= 0.4": lambda m: m["mean"] >= 0.4,
        "+ numbered": lambda m: m["ordered"] and m["mean"] >= 0.4,
        "+ numbered, <= 12 items, sentences": lambda m: m["ordered"] and m["short"] and m["sentences"]
        and m["mean"] >= 0.4,
        "numbered, <= 12 items, sentences, mean >= 0.6": lambda m: m["ordered"] and m["short"] and m["sentences"]
        and m["mean"] >= 0.6,
    }
    for name, f in filters.items():
        print(f"{name:44} {sum(1 for m in recaps if f(m)):>22}/{len(recaps):<3} {sum(1 for m in others if f(m)):>18}"
              f"/{len(others)}")


if __name__ == "__main__":
    main()


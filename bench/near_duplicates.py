"""Near-duplicate detection (`presswash dedup`) on generated articles whose clusters are known.

    python bench/near_duplicates.py [--articles 100000] [--thresholds 0.3,0.4,0.5,0.6,0.7,0.8] [--sweep 20000]
    python bench/near_duplicates.py --real cleaned.jsonl ...   # all pairs of real, distinct articles

The corpus: distinct stories of pseudo-words (Zipf-distributed, so common words are shared as in
real text), and of each story 0-8 copies under other ids: exact copies (session-id URLs),
copies with word edits (1-5% of words), truncations (the first 60-95% of the paragraphs),
boilerplate changes (lines added or dropped at the top and bottom) and combinations. Hard
negatives: follow-up stories that reuse 2-4 background paragraphs of another story, and every
story carries its site's boilerplate lines. Truth: a copy belongs to its story's cluster; a
follow-up is a story of its own.

Prints, for the whole `presswash dedup` process over one JSONL file: pairwise precision and
recall of the clusters, recall per kind of copy, articles/s and peak RSS; then the same run fed
in two halves (incremental), and shuffled (the same clusters); with --sweep, precision and
recall per threshold on a smaller corpus (the evidence in docs/near_duplicates.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from math import comb
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("exact", "edits", "truncated", "boilerplate", "edits+truncated", "edits+boilerplate")
SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in "aeiou"] + ["an", "er", "on", "is", "ar", "el"]


def vocabulary(rnd: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((1, 2, 2, 3, 3, 4)))))
    return sorted(words)


class Generator:
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.vocab = vocabulary(self.rnd)
        self.cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.vocab))))  # Zipf: "the" is everywhere
        self.boiler = [self.sentence(4, 8) for _ in range(40)]

    def sentence(self, lo: int = 8, hi: int = 22) -> str:
        words = self.rnd.choices(self.vocab, cum_weights=self.cum, k=self.rnd.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rnd.randint(2, 5)))

    def story(self, site: int) -> dict:
        paras = [self.paragraph() for _ in range(self.rnd.randint(5, 14))]
        start = self.rnd.randrange(0, 35)
        return {"title": self.sentence(5, 10), "paras": paras, "boiler": self.boiler[start:start + 3], "site": site}

    def follow_up(self, other: dict) -> dict:
        new = self.story(other["site"])
        k = self.rnd.randint(2, 4)
        new["paras"] = new["paras"][: max(3, len(new["paras"]) - k)] + other["paras"][:k]
        return new

    def variant(self, story: dict, kind: str) -> dict:
        v = {**story, "paras": list(story["paras"]), "boiler": list(story["boiler"])}
        if "edits" in kind:
            paras = []
            for p in v["paras"]:
                words = p.split(" ")
                for _ in range(max(1, int(len(words) * self.rnd.uniform(0.01, 0.05)))):
                    i = self.rnd.randrange(len(words))
                    op = self.rnd.random()
                    if op < 0.5:
                        words[i] = self.rnd.choice(self.vocab)
                    elif op < 0.75 and len(words) > 3:
                        del words[i]
                    else:
                        words.insert(i, self.rnd.choice(self.vocab))
                paras.append(" ".join(words))
            v["paras"] = paras
        if "truncated" in kind:
            v["paras"] = v["paras"][: max(2, round(len(v["paras"]) * self.rnd.uniform(0.6, 0.95)))]
        if "boilerplate" in kind:
            v["boiler"] = self.rnd.sample(self.boiler, self.rnd.randint(1, 4))
        return v


def record(ident: int, story: dict, rnd: random.Random) -> dict:
    top = story["boiler"][: len(story["boiler"]) // 2]
    bottom = story["boiler"][len(story["boiler"]) // 2:]
    day = 1 + rnd.randrange(28)
    return {"id": f"{ident:032x}", "url": f"https://site{story['site']}.example/{ident}?sid={rnd.randrange(10**6)}",
            "title": story["title"], "published": f"2026-02-{day:02d}T{rnd.randrange(24):02d}:00:00Z",
            "text": "\n\n".join(top + story["paras"] + bottom), "revision": 1}


def corpus(n: int, seed: int = 7) -> tuple[list[dict], dict[str, int], dict[str, str]]:
    """n articles; truth: id -> story number; kind: id -> kind of copy ("original", "follow-up", ...)."""
    gen = Generator(seed)
    rnd = random.Random(seed + 1)
    lines, truth, kind = [], {}, {}
    stories: list[dict] = []
    while len(lines) < n:
        if stories and rnd.random() < 0.15:
            story, what = gen.follow_up(rnd.choice(stories[-500:])), "follow-up"
        else:
            story, what = gen.story(rnd.randrange(20)), "original"
        stories.append(story)
        sid = len(stories) - 1
        for k in ["original"] + [rnd.choice(KINDS) for _ in range(rnd.choice((0, 0, 1, 2, 3, 4, 5, 6, 8)))]:
            if len(lines) >= n:
                break
            r = record(len(lines), story if k == "original" else gen.variant(story, k), rnd)
            lines.append(r)
            truth[r["id"]] = sid
            kind[r["id"]] = what if k == "original" else k
    return lines, truth, kind


def pair_scores(pred: dict[str, str], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall: of the pairs put in one cluster, how many are one story; of
    the pairs of one story, how many were put in one cluster."""
    both = Counter((pred[i], truth[i]) for i in pred)
    tp = sum(comb(c, 2) for c in both.values())
    predicted = sum(comb(c, 2) for c in Counter(pred.values()).values())
    actual = sum(comb(c, 2) for c in Counter(truth[i] for i in pred).values())
    return (tp / predicted if predicted else 1.0), (tp / actual if actual else 1.0)


def kind_recall(pred: dict[str, str], truth: dict[str, int], kind: dict[str, str]) -> dict[str, float]:
    """Per kind of copy: the share placed in the cluster of its story's original."""
    original = {truth[i]: i for i in pred if kind[i] in ("original", "follow-up")}
    hits, totals = Counter(), Counter()
    for i in pred:
        if kind[i] in ("original", "follow-up"):
            continue
        totals[kind[i]] += 1
        hits[kind[i]] += pred[i] == pred[original[truth[i]]]
    return {k: hits[k] / totals[k] for k in sorted(totals)}


def write_jsonl(path: Path, lines: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in lines:
            f.write(json.dumps(r) + "\n")


def run_dedup(inputs: list[Path], data: Path, out: Path, threshold: float | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole `presswash dedup` process. The peak is the child's
    own VmHWM, polled: its rusage would count the pages it shared with this (large) process at fork."""
    args = [sys.executable, "-m", "presswash.cli", "dedup", *map(str, inputs), "--data-dir", str(data), "-o", str(out)]
    if threshold is not None:
        args += ["--threshold", str(threshold)]
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_kb = 0
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak_kb = max(peak_kb, int(status.split("VmHWM:")[1].split()[0]))
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"presswash dedup failed: {err}")
    return elapsed, peak_kb / 1024


def clusters(path: Path) -> dict[str, str]:
    return {r["id"]: r["cluster"] for r in map(json.loads, path.read_text("utf-8").splitlines())}


def real_pairs(paths: list[Path], threshold: float, top: int = 15) -> None:
    """All pairs of real articles (e.g. the cleaned corpora of ../shared/data, distinct pages of
    many sites) by estimated similarity: how far unrelated text sits below the threshold, and
    which pairs reach it."""
    import numpy as np

    from corpus.near_duplicates import article_text, signature

    lines = [json.loads(x) for p in paths for x in p.read_text("utf-8").splitlines()]
    sigs = np.stack([signature(article_text(r)) for r in lines])
    best = np.zeros(len(lines))
    pairs = []
    for i in range(len(lines)):
        same = (sigs[i + 1:] == sigs[i]).mean(axis=1)
        for j in np.nonzero(same >= threshold)[0]:
            pairs.append((float(same[j]), i, i + 1 + int(j)))
        if len(same):
            best[i] = max(best[i], same.max())
            best[i + 1:] = np.maximum(best[i + 1:], same)
    print(f"\nreal articles: {len(lines)}; the most similar other article of each: median {np.median(best):.3f}, "
          f"99th percentile {np.quantile(best, 0.99):.3f}; pairs at or above {threshold}: {len(pairs)}")
    for s, i, j in sorted(pairs, reverse=True)[:top]:
        print(f"  {s:.3f}  {lines[i]['url']}  |  {lines[j]['url']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--sweep", type=int, default=0, help="articles of the threshold sweep (0: no sweep)")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real", type=Path, nargs="*", default=[],
                    help="article JSONL files of real, distinct pages: all pairs by similarity (no generated corpus)")
    args = ap.parse_args()
    if args.real:
        from corpus.near_duplicates import THRESHOLD

        real_pairs(args.real, THRESHOLD)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-neardup-") as tmp:
        tmp = Path(tmp)
        lines, truth, kind = corpus(args.articles, args.seed)
        distinct = len(set(truth.values()))
        print(f"corpus: {len(lines)} articles, {distinct} stories, kinds "
              + ", ".join(f"{k} {n}" for k, n in sorted(Counter(kind.values()).items())))
        write_jsonl(tmp / "all.jsonl", lines)
        seconds, rss = run_dedup([tmp / "all.jsonl"], tmp / "one", tmp / "one.jsonl")
        pred = clusters(tmp / "one.jsonl")
        p, r = pair_scores(pred, truth)
        print("\n| run | articles | clusters (truth) | pair precision | pair recall | articles/s | peak RSS |")
        print("|---|---|---|---|---|---|---|")
        print(f"| one run | {len(lines)} | {len(set(pred.values()))} ({distinct}) | {p:.4f} | {r:.4f} | "
              f"{len(lines) / seconds:.0f} | {rss:.0f} MB |")
        # incremental: the first half, then the second against the index the first left
        half = len(lines) // 2
        write_jsonl(tmp / "a.jsonl", lines[:half])
        write_jsonl(tmp / "b.jsonl", lines[half:])
        s1, m1 = run_dedup([tmp / "a.jsonl"], tmp / "inc", tmp / "inc-a.jsonl")
        s2, m2 = run_dedup([tmp / "b.jsonl"], tmp / "inc", tmp / "inc-b.jsonl")
        inc = {**clusters(tmp / "inc-a.jsonl"), **clusters(tmp / "inc-b.jsonl")}
        p2, r2 = pair_scores(inc, truth)
        print(f"| two runs, halves | {len(lines)} | {len(set(inc.values()))} ({distinct}) | {p2:.4f} | {r2:.4f} | "
              f"{len(lines) / (s1 + s2):.0f} | {max(m1, m2):.0f} MB |")
        shuffled = list(lines)
        random.Random(1).shuffle(shuffled)
        write_jsonl(tmp / "shuffled.jsonl", shuffled)
        run_dedup([tmp / "shuffled.jsonl"], tmp / "shuf", tmp / "shuf.jsonl")
        same = (tmp / "shuf.jsonl").read_bytes() == (tmp / "one.jsonl").read_bytes()
        print(f"\nshuffled input, same cluster table bytes: {same}")
        print("\nrecall per kind of copy (placed in its original's cluster):")
        for k, v in kind_recall(pred, truth, kind).items():
            print(f"  {k:18} {v:.4f}")
        if args.sweep:
            sweep_lines, sweep_truth, _ = corpus(args.sweep, args.seed + 100)
            write_jsonl(tmp / "sweep.jsonl", sweep_lines)
            print(f"\nthreshold sweep over {len(sweep_lines)} articles:\n")
            print("| threshold | pair precision | pair recall | clusters (truth) |")
            print("|---|---|---|---|")
            for t in map(float, args.thresholds.split(",")):
                run_dedup([tmp / "sweep.jsonl"], tmp / f"sweep-{t}", tmp / f"sweep-{t}.jsonl", t)
                sp = clusters(tmp / f"sweep-{t}.jsonl")
                a, b = pair_scores(sp, sweep_truth)
                print(f"| {t:.2f} | {a:.4f} | {b:.4f} | {len(set(sp.values()))} ({len(set(sweep_truth.values()))}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The evidence behind the thresholds of the site template profiles (corpus/site_templates.py).

    python bench/site_templates.py [--work DIR] [--shared DIR] [--seed 1] [--rounds 5]

Made of real article text: the trafilatura-eval pages as cleaned by `presswash clean` (WORK/out/te.jsonl
of a quality-gate run; the gate is run first when it is missing), whose "with" snippets say which
text is real. Those pages come from 961 different sites, so no line of theirs is any pseudo-site's
template: every line learned from them is a false one, and it costs real text when it holds a
"with" snippet.

A. chance: pseudo-sites of N unrelated real articles (N = 10 ... 200): lines learned per site,
   and the real text they would remove, for each candidate (min_share, min_line_pages);
B. copies: a pseudo-site of 20 articles where one more story is published again and again
   under other URLs (same headline and text: syndication, session ids): the story's own
   lines are on a fifth of the pages or more. Counted once per headline (the learner's rule)
   or once per URL;
C. recall: the same pseudo-sites with 4 template lines of the kind no built-in rule removes
   (a radio promo, a newsletter, a donation appeal, a "More from ..." heading) injected into
   each page with probability p, at random places: the share of injected lines removed and the
   real blocks removed with them.
Profiles are applied to the cleaned text's paragraphs the way cleaners/site_template.py applies
them to blocks (line key in the profile, not the headline or words of it).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpora import TE, corpus_truth, read_jsonl, run_corpora, shared_dir, url_key  # noqa: E402
from removal_audit import holds_snippet  # noqa: E402

import corpus.site_templates as st  # noqa: E402
from cleaners.site_template import in_title, line_key  # noqa: E402

CANDIDATES = [(0.1, 2), (0.2, 3), (0.3, 3), (0.3, 5), (0.5, 5)]  # (min_share, min_line_pages)
SIZES = (10, 20, 50, 100, 200)
INJECTED = ["Herald Radio: the day in ten minutes", "Get the morning briefing in your inbox",
            "Our journalism is free for everyone, help keep it that way", "More from the Herald"]


def learn_with(records: list[dict], share: float, line_pages: int, per_headline: bool = True) -> frozenset[str]:
    saved = st.MIN_SHARE, st.MIN_LINE_PAGES
    st.MIN_SHARE, st.MIN_LINE_PAGES = share, line_pages
    try:
        learner = st.TemplateLearner("bench")
        for i, r in enumerate(records):
            learner.add(r if per_headline else {**r, "title": f"{r.get('title')} #{i}"})
        return learner.profile().keys
    finally:
        st.MIN_SHARE, st.MIN_LINE_PAGES = saved


def removed_blocks(records: list[dict], keys: frozenset[str]) -> list[tuple[dict, str]]:
    out = []
    for r in records:
        title = line_key(r.get("title") or "")
        for p in (r.get("text") or "").split("\n\n"):
            k = line_key(p)
            if k in keys and not in_title(k, title):
                out.append((r, p))
    return out


def judge(removed: list[tuple[dict, str]], truth: dict) -> tuple[int, int]:
    """(blocks holding a "with" snippet, blocks holding a "without" one)."""
    real = sum(holds_snippet(p, truth.get(url_key(r["url"]), {}).get("with", [])) for r, p in removed)
    junk = sum(holds_snippet(p, truth.get(url_key(r["url"]), {}).get("without", [])) for r, p in removed)
    return real, junk


def chance(records: list[dict], truth: dict, rng: random.Random, rounds: int) -> list[str]:
    lines = ["A. chance: pseudo-sites of N unrelated real articles; lines learned, blocks removed, of which "
             "real text (a 'with' snippet) / boilerplate (a 'without' snippet), summed over all sites of all rounds",
             f"{'N':>5} {'sites':>6}  " + "  ".join(f"{f'share {s} pages {p}':>24}" for s, p in CANDIDATES)]
    for n in SIZES:
        cells, sites = [], 0
        per = {c: [0, 0, 0, 0] for c in CANDIDATES}
        for _ in range(rounds):
            pool = records[:]
            rng.shuffle(pool)
            groups = [pool[i:i + n] for i in range(0, len(pool) - n + 1, n)]
            sites += len(groups)
            for g in groups:
                for c in CANDIDATES:
                    keys = learn_with(g, *c)
                    gone = removed_blocks(g, keys)
                    real, junk = judge(gone, truth)
                    acc = per[c]
                    acc[0] += len(keys)
                    acc[1] += len(gone)
                    acc[2] += real
                    acc[3] += junk
        for c in CANDIDATES:
            lines_, gone, real, junk = per[c]
            cells.append(f"{f'{lines_} l, {gone} b ({real} real/{junk} bp)':>24}")
        lines.append(f"{n:>5} {sites:>6}  " + "  ".join(cells))
    return lines


def copies(records: list[dict], truth: dict, rng: random.Random, rounds: int) -> list[str]:
    lines = ["", "B. copies: 20 distinct articles, plus C copies of one more story under other URLs; the story's "
             "lines learned when pages are counted per headline (the learner) or per URL, and its blocks removed"]
    for share_, pages_ in ((0.3, 5), (0.1, 2)):
        for c in (5, 10, 30):
            found = {True: [0, 0], False: [0, 0]}
            for _ in range(rounds):
                pool = rng.sample(records, 21)
                site = pool[:20] + [dict(pool[20], url=pool[20]["url"] + f"?copy={k}") for k in range(c)]
                rng.shuffle(site)
                for per_headline in (True, False):
                    keys = learn_with(site, share_, pages_, per_headline=per_headline)
                    found[per_headline][0] += len(keys)
                    found[per_headline][1] += len(removed_blocks(site, keys))
            lines.append(f"  share {share_} pages {pages_}, C={c:>2} (the copies are {100 * c / (20 + c):.0f}% of the "
                         f"pages): per headline {found[True][0]} lines, {found[True][1]} blocks; per URL "
                         f"{found[False][0]} lines, {found[False][1]} blocks ({rounds} rounds)")
    return lines


def inject(records: list[dict], p: float, rng: random.Random) -> list[dict]:
    out = []
    for r in records:
        paras = [x for x in (r.get("text") or "").split("\n\n") if x]
        for line in INJECTED:
            if rng.random() < p:
                paras.insert(rng.randint(0, len(paras)), line)
        out.append({**r, "text": "\n\n".join(paras)})
    return out


def recall(records: list[dict], truth: dict, rng: random.Random, rounds: int) -> list[str]:
    lines = ["", "C. recall: 4 template lines injected into each page with probability p; share of the injected "
             "lines removed / real-text blocks removed, per (N, p)"]
    lines.append(f"{'N':>5} {'p':>4}  " + "  ".join(f"{f'share {s} pages {p}':>18}" for s, p in CANDIDATES))
    injected_keys = {line_key(x) for x in INJECTED}
    for n in (10, 20, 50, 200):
        for prob in (0.2, 0.4, 0.6, 1.0):
            per = {c: [0, 0, 0] for c in CANDIDATES}
            for _ in range(rounds):
                pool = rng.sample(records, n)
                site = inject(pool, prob, rng)
                total = sum(line_key(x) in injected_keys for r in site for x in r["text"].split("\n\n"))
                for c in CANDIDATES:
                    gone = removed_blocks(site, learn_with(site, *c))
                    hit = sum(line_key(x) in injected_keys for _, x in gone)
                    per[c][0] += hit
                    per[c][1] += total
                    per[c][2] += judge([(r, x) for r, x in gone if line_key(x) not in injected_keys], truth)[0]
            cells = [f"{f'{100 * h / t if t else 0:.0f}% / {real}':>18}" for h, t, real in per.values()]
            lines.append(f"{n:>5} {prob:>4}  " + "  ".join(cells))
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/pw/gate-plain"), help="a quality-gate work folder")
    ap.add_argument("--shared", help="the shared folder (default: $PRESSWASH_SHARED, ../shared)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    articles = args.work / "out" / "te.jsonl"
    if not articles.exists():
        run_corpora([TE], shared, args.work)
    truth = corpus_truth(TE, shared)
    records = [r for r in read_jsonl(articles) if url_key(r["url"]) in truth]
    rng = random.Random(args.seed)
    print(f"{len(records)} cleaned trafilatura-eval articles from {articles}")
    for part in (chance, copies, recall):
        print("\n".join(part(records, truth, rng, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quality and cost of fix_mixed_scripts on the case files, per language.

    python bench/mixed_scripts.py [--cases FILE ...] [--repeat 7] [--check]

Quality, per language of the line (the case's line_language): positives repaired exactly (%), the
known failures counted among them, and negatives changed (the target is 0); then per kind, and the
known failures. --check exits 1 when a language is under 98 % exact or changed a negative.
Cost: milliseconds per 1,000 paragraphs of clean English text and of text full of mixed words,
each beside normalize_unicode measured in the same run on the same paragraphs (a comparable single
pass over the text), timed in turns and best of --repeat, so figures compare across noisy machines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from cleaners.fix_mixed_scripts import ScriptContext, fix_text
from cleaners.normalize_unicode import normalize_text

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "fixtures" / "text_cases").glob("mixed_scripts*.json"))
SEED = ROOT / "tests" / "fixtures" / "seed" / "expected.json"
TARGET = 0.98  # of the positives of each language, repaired exactly


def run_case(case: dict) -> str:
    context = ScriptContext.of_texts([*case.get("context", []), case["input"]], case.get("language"))
    return fix_text(case["input"], context)[0]


def timed_in_turns(fns: dict, paragraphs: list[str], repeat: int) -> dict[str, float]:
    """Best of `repeat` rounds, each round running every function once, in ms per 1,000 paragraphs."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            for p in paragraphs:
                fn(p)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: t / len(paragraphs) * 1000 * 1000 for name, t in best.items()}


def quality(cases: list[dict]) -> tuple[dict, list, list, list]:
    per: dict[str, Counter] = {}
    kinds: dict[str, Counter] = {}
    misses, changed, known = [], [], []
    for case in cases:
        language = case.get("line_language") or "?"
        got = run_case(case)
        row = per.setdefault(language, Counter())
        if case["input"] == case["expected"]:
            row["negatives"] += 1
            if got != case["input"]:
                row["changed"] += 1
                changed.append((case, got))
            continue
        kind = kinds.setdefault(case["kind"], Counter())
        row["positives"] += 1
        kind["positives"] += 1
        if got == case["expected"]:
            row["exact"] += 1
            kind["exact"] += 1
        if case.get("known_failure"):
            row["known"] += 1
            known.append((case, got))
        elif got != case["expected"]:
            misses.append((case, got))
    return {"languages": per, "kinds": kinds}, misses, changed, known


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=CASES)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every language meets the targets")
    args = parser.parse_args()
    cases = [c for f in args.cases for c in json.loads(f.read_text("utf-8"))["cases"]]

    figures, misses, changed, known = quality(cases)
    failing = []
    print("positives repaired exactly (known failures counted as positives), negatives changed:")
    print(f"{'language':10} {'exact':>6} {'of':>5} {'%':>7}  {'known':>5}   {'negatives changed':>17}")
    total = Counter()
    for language, row in sorted(figures["languages"].items()):
        total.update(row)
        share = row["exact"] / row["positives"] if row["positives"] else 1.0
        if share < TARGET or row["changed"]:
            failing.append(language)
        print(f"{language:10} {row['exact']:>6} {row['positives']:>5} {100 * share:>6.1f}%  {row['known']:>5}   "
              f"{row['changed']:>8} of {row['negatives']:<5}")
    print(f"{'all':10} {total['exact']:>6} {total['positives']:>5} "
          f"{100 * total['exact'] / max(1, total['positives']):>6.1f}%  {total['known']:>5}   "
          f"{total['changed']:>8} of {total['negatives']:<5}")
    print(f"\n{'kind':40} {'exact':>6} {'of':>5}")
    for kind, row in sorted(figures["kinds"].items()):
        print(f"{kind:40} {row['exact']:>6} {row['positives']:>5}")
    for case, got in misses:
        print(f"  MISS [{case.get('line_language')}/{case['kind']}] {case['input']!r}\n"
              f"       want {case['expected']!r}\n       got  {got!r}")
    for case, got in changed:
        print(f"  CHANGED [{case.get('line_language')}/{case['kind']}] {case['input']!r}\n          got {got!r}")
    for case, got in known:
        state = "now repaired" if got == case["expected"] else "still fails"
        print(f"  KNOWN ({state}) [{case.get('line_language')}/{case['kind']}] {case['input']!r}: "
              f"{case.get('note', '')}")

    english = json.loads(SEED.read_text("utf-8"))["paragraphs"]
    clean = (english * (1000 // len(english) + 1))[:1000]
    mixed_inputs = [c["input"] for c in cases if c["input"] != c["expected"]]
    mixed = (mixed_inputs * (1000 // len(mixed_inputs) + 1))[:1000]
    print(f"\ncost per 1,000 paragraphs (best of {args.repeat}, in turns), beside normalize_unicode on the same text:")
    for label, paragraphs in (("clean English", clean), ("full of mixed words", mixed)):
        t = timed_in_turns({"fix": fix_text, "ref": normalize_text}, paragraphs, args.repeat)
        print(f"  {label:22} fix_mixed_scripts {t['fix']:8.2f} ms   normalize_unicode {t['ref']:8.2f} ms   "
              f"ratio {t['fix'] / t['ref']:6.2f}")
    if args.check and failing:
        print(f"\nunder the targets ({TARGET:.0%} exact, no negative changed): {' '.join(failing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quality and cost of fix_mixed_scripts on the case file.

    python bench/mixed_scripts.py [--cases tests/fixtures/text_cases/mixed_scripts.json]

Quality: positives repaired exactly (%), negatives changed (count; the target is 0).
Cost: microseconds per 1,000 paragraphs of clean English text and of text full of mixed words,
each beside a reference measured in the same run on the same paragraphs (the normalize_unicode
step, a comparable single pass over the text), so figures compare across noisy machines.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from cleaners.fix_mixed_scripts import ScriptContext, fix_text
from cleaners.normalize_unicode import normalize_text

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "text_cases" / "mixed_scripts.json"
SEED = ROOT / "tests" / "fixtures" / "seed" / "expected.json"


def run_case(case: dict) -> str:
    context = ScriptContext.of_texts([*case.get("context", []), case["input"]], case.get("language"))
    return fix_text(case["input"], context)[0]


def timed(fn, paragraphs: list[str], repeat: int) -> float:
    """Best of `repeat` runs, in microseconds per 1,000 paragraphs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for p in paragraphs:
            fn(p)
        best = min(best, time.perf_counter() - start)
    return best / len(paragraphs) * 1000 * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = json.loads(args.cases.read_text("utf-8"))["cases"]

    exact, total, failures = Counter(), Counter(), []
    changed = []
    for case in cases:
        got = run_case(case)
        if case["input"] == case["expected"]:
            total["negative"] += 1
            if got != case["input"]:
                changed.append((case, got))
        else:
            total[case["kind"]] += 1
            if got == case["expected"]:
                exact[case["kind"]] += 1
            else:
                failures.append((case, got))

    positives = sum(v for k, v in total.items() if k != "negative")
    print(f"{'kind':40} {'exact':>7} {'of':>5}")
    for kind in sorted(k for k in total if k != "negative"):
        print(f"{kind:40} {exact[kind]:>7} {total[kind]:>5}")
    print(f"positives repaired exactly: {sum(exact.values())}/{positives} "
          f"({100 * sum(exact.values()) / max(1, positives):.1f} %)")
    print(f"negatives changed: {len(changed)} of {total['negative']}")
    for case, got in failures:
        print(f"  MISS [{case['kind']}] {case['input']!r}\n       want {case['expected']!r}\n       got  {got!r}")
    for case, got in changed:
        print(f"  CHANGED [{case['kind']}] {case['input']!r}\n          got {got!r}")

    english = json.loads(SEED.read_text("utf-8"))["paragraphs"]
    clean = (english * (1000 // len(english) + 1))[:1000]
    mixed_inputs = [c["input"] for c in cases if c["input"] != c["expected"]]
    mixed = (mixed_inputs * (1000 // len(mixed_inputs) + 1))[:1000]
    print(f"\ncost per 1,000 paragraphs (best of {args.repeat}), beside normalize_unicode on the same text:")
    for label, paragraphs in (("clean English", clean), ("full of mixed words", mixed)):
        fix = timed(fix_text, paragraphs, args.repeat)
        ref = timed(normalize_text, paragraphs, args.repeat)
        print(f"  {label:22} fix_mixed_scripts {fix / 1000:8.1f} ms   normalize_unicode {ref / 1000:8.1f} ms   "
              f"ratio {fix / ref:5.2f}")


if __name__ == "__main__":
    main()

"""Score presswash on every golden page and compare with the recorded baseline.

    python bench/golden_pages.py            # the table, and regressions against the baseline
    python bench/golden_pages.py --record   # write the current figures as the new baseline

A golden page is a page plus its expected clean article (tests/fixtures/golden/*/, the seed,
the demo site's articles). tests/test_golden.py fails on any regression below the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from golden import BASELINE, FETCHED_AT, Golden, goldens, score  # noqa: E402

from cleaners.chain import CHAIN_VERSION, clean  # noqa: E402
from cleaners.config import CleanerConfig  # noqa: E402
from cleaners.records import Article, RawPage  # noqa: E402
from output.serialize import article_record  # noqa: E402

NEGATIVE_CONTROLS = ("legit-lists", "qa-interview", "foreign-quotes", "parallel-structure")
CHECKS = ("title", "authors", "published", "language")


def run(g: Golden, config: CleanerConfig) -> dict:
    url = g.expected.get("canonical_url") or g.page.resolve().as_uri()
    result = clean(RawPage(url=url, body=g.page.read_bytes(), fetched_at=FETCHED_AT), config)
    record = article_record(result, CHAIN_VERSION) if isinstance(result, Article) else None
    return score(record, g.expected)


def regressions(current: dict[str, dict], baseline: dict[str, dict]) -> list[str]:
    out = []
    for name, before in baseline.items():
        now = current.get(name)
        if now is None:
            out.append(f"{name}: no longer scored")
            continue
        for key in ("precision", "recall"):
            if now[key] < before[key] - 1e-9:
                out.append(f"{name}: {key} {now[key]} < {before[key]}")
        for key in ("dropped_expected", "violations", "misses"):
            if now[key] > before[key]:
                out.append(f"{name}: {key} {now[key]} > {before[key]}")
        for key in CHECKS:
            if before[key] and not now[key]:
                out.append(f"{name}: {key} no longer right")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the current figures as the baseline")
    args = parser.parse_args()
    config = CleanerConfig()
    current = {g.name: run(g, config) for g in goldens()}
    print(f"{'page':52} {'P':>6} {'R':>6} {'lost':>4} {'viol':>4} {'miss':>4}  meta")
    for name, s in current.items():
        meta = " ".join(k[0].upper() if s[k] else "-" for k in CHECKS)
        print(f"{name:52} {s['precision']:6.3f} {s['recall']:6.3f} {s['dropped_expected']:4} {s['violations']:4} "
              f"{s['misses']:4}  {meta}")
    n = len(current)
    print(f"\n{n} pages: paragraph precision {sum(s['precision'] for s in current.values()) / n:.3f}, "
          f"recall {sum(s['recall'] for s in current.values()) / n:.3f}; exact pages "
          f"{sum(1 for s in current.values() if s['precision'] == s['recall'] == 1.0)}; must_not_contain violations "
          f"{sum(s['violations'] for s in current.values())}; must_contain misses "
          f"{sum(s['misses'] for s in current.values())}; metadata right "
          + ", ".join(f"{k} {sum(s[k] for s in current.values())}/{n}" for k in CHECKS))
    controls = [name for name in current if name in NEGATIVE_CONTROLS]
    print(f"legitimate paragraphs dropped on the negative controls ({', '.join(controls)}): "
          f"{sum(current[c]['dropped_expected'] for c in controls)}")
    if args.record:
        BASELINE.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"baseline written: {BASELINE}")
        return 0
    if BASELINE.exists():
        found = regressions(current, json.loads(BASELINE.read_text("utf-8")))
        print("regressions against the baseline: " + ("none" if not found else "\n  " + "\n  ".join(found)))
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

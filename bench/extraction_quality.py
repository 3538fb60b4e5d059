"""Extraction quality on real pages: presswash's cleaned text beside trafilatura's default
extraction, scored the field's way (bench/scoring.py), with pages/s, in the same run.

    python bench/extraction_quality.py [--data ../shared/data/readability-testpages] [--repeat 1]

The pages are Mozilla Readability's test pages with Readability.js's output as ground truth
(see the data folder's README). presswash is scored on the text its chain produces before the
last gate (`validate`), since the gate's job is to refuse non-articles, not to extract; the
number of pages the gate would refuse is printed too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import trafilatura

from cleaners.chain import STEPS
from cleaners.config import CleanerConfig
from cleaners.extract import extract
from cleaners.records import Dropped, RawPage
from output.serialize import article_text

sys.path.insert(0, str(Path(__file__).parent))
from scoring import aggregate, page_scores  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "readability-testpages"


def presswash_text(html: bytes, url: str, config: CleanerConfig) -> tuple[str, str | None]:
    """(text, reason the validate gate would give, or None)."""
    result = extract(RawPage(url=url, body=html), config)
    for name, step in STEPS:
        if isinstance(result, Dropped):
            break
        if name == "validate":
            gate = step(result, config)
            return article_text(result), gate.reason if isinstance(gate, Dropped) else None
        result = step(result, config)
    if isinstance(result, Dropped):
        return "", result.reason
    return article_text(result), None


def trafilatura_default(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="timing passes (each page's best is kept)")
    parser.add_argument("--show", type=int, default=0, help="list the N pages where presswash loses most")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text("utf-8"))
    pages = {pid: (args.data / "html" / f"{pid}.html").read_bytes() for pid in sorted(truth)}
    config = CleanerConfig()

    systems = {
        "presswash": lambda html, url: presswash_text(html, url, config)[0],
        "trafilatura default": trafilatura_default,
    }
    # Timing interleaves the systems page by page and keeps each page's best of --repeat runs,
    # so a noisy neighbour on a shared machine slows both alike instead of one.
    outputs: dict[str, dict[str, str]] = {name: {} for name in systems}
    best: dict[str, dict[str, float]] = {name: {} for name in systems}
    for _ in range(args.repeat):
        for pid, html in pages.items():
            url = truth[pid].get("url") or ""
            for name, fn in systems.items():
                start = time.perf_counter()
                outputs[name][pid] = fn(html, url)
                elapsed = time.perf_counter() - start
                best[name][pid] = min(best[name].get(pid, elapsed), elapsed)
    speed = {name: len(pages) / sum(times.values()) for name, times in best.items()}

    subsets = {
        "all": list(pages),
        "real": [p for p in pages if not truth[p]["synthetic"]],
        "synthetic": [p for p in pages if truth[p]["synthetic"]],
    }
    print(f"{'system':22} {'subset':10} {'pages':>5} {'P':>7} {'R':>7} {'F1':>7} {'pages/s':>8}")
    for name in systems:
        for subset, ids in subsets.items():
            p, r, f1 = aggregate([page_scores(outputs[name][i], truth[i]["articleBody"]) for i in ids])
            rate = f"{speed[name]:8.1f}" if subset == "all" else ""
            print(f"{name:22} {subset:10} {len(ids):>5} {p:7.3f} {r:7.3f} {f1:7.3f} {rate}")
    ratio = speed["presswash"] / speed["trafilatura default"]
    print(f"speed ratio presswash / trafilatura default: {ratio:.2f}")
    refused = [pid for pid, html in pages.items() if presswash_text(html, truth[pid].get("url") or "", config)[1]]
    print(f"pages the validate gate would refuse: {len(refused)} of {len(pages)}")

    if args.show:
        losses = []
        for pid in pages:
            ours = page_scores(outputs["presswash"][pid], truth[pid]["articleBody"])
            theirs = page_scores(outputs["trafilatura default"][pid], truth[pid]["articleBody"])
            f = lambda pr: 2 * (pr[0] or 0) * (pr[1] or 0) / ((pr[0] or 0) + (pr[1] or 0) or 1)  # noqa: E731
            losses.append((f(ours) - f(theirs), pid, ours, theirs))
        for _delta, pid, ours, theirs in sorted(losses)[: args.show]:
            print(f"  {pid:45} ours P {ours[0] or 0:.2f} R {ours[1] or 0:.2f}   "
                  f"trafilatura P {theirs[0] or 0:.2f} R {theirs[1] or 0:.2f}")


if __name__ == "__main__":
    main()

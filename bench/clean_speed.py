"""`presswash clean`, the whole process, against trafilatura's default extraction alone, over the
same pages in the same run: CPU seconds, several rounds, median and range of the ratio.

    python bench/clean_speed.py [--pages 0] [--rounds 3] [--workers 1] [--shared ../shared]

The pages are the trafilatura-eval corpus (../shared/data/trafilatura-eval), packed into a WARC
with their URLs as a user would (bench/corpora.py); --pages N takes the first N (0: all 990).
trafilatura is timed in this process, `trafilatura.extract(html, url=url)` over the page bytes,
its CPU time only (it gets the pages already in memory); presswash is timed as a user runs it,
`presswash clean WARC -o OUT --workers N` in a child process, interpreter start-up, imports,
reading the WARC, every worker and writing the JSONL included (CPU time of the child and its
workers). Rounds interleave the two so a noisy neighbour slows both alike. A ratio above 1 means
presswash spent less CPU than trafilatura alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import FOLDERS, TE, shared_dir, write_warc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def load_pages(shared: Path, n: int) -> list[tuple[str, bytes]]:
    folder = shared / "data" / FOLDERS[TE]
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    urls = sorted(truth)[: n or None]
    return [(u, gzip.decompress((folder / truth[u]["file"]).read_bytes())) for u in urls]


def trafilatura_cpu(pages: list[tuple[str, bytes]]) -> float:
    import trafilatura

    start = time.process_time()
    for url, html in pages:
        try:
            trafilatura.extract(html, url=url)
        except Exception:  # noqa: BLE001 - a crash costs what it cost, as in trafilatura's benchmark
            pass
    return time.process_time() - start


def presswash_cpu(warc: Path, out: Path, workers: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `presswash clean` run, child processes included."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out), "--no-progress",
                    "--workers", str(workers)], cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="first N pages of the corpus (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="presswash clean --workers")
    parser.add_argument("--shared", help="the shared folder (default: $PRESSWASH_SHARED, else ../shared)")
    args = parser.parse_args()
    pages = load_pages(shared_dir(args.shared), args.pages)
    with tempfile.TemporaryDirectory(prefix="presswash-speed-") as tmp:
        warc = Path(tmp) / "pages.warc.gz"
        write_warc(pages, warc)
        rows = []
        for r in range(args.rounds):
            theirs = trafilatura_cpu(pages)
            ours, wall = presswash_cpu(warc, Path(tmp) / "out.jsonl", args.workers)
            rows.append((theirs, ours, wall))
            print(f"round {r + 1}: trafilatura {theirs:6.2f} s CPU   presswash clean {ours:6.2f} s CPU "
                  f"({wall:.2f} s wall)   ratio {theirs / ours:.2f}", flush=True)
    ratios = [t / o for t, o, _ in rows]
    print(f"{len(pages)} pages, --workers {args.workers}: presswash clean is {statistics.median(ratios):.2f}x "
          f"trafilatura default in CPU time (median of {len(ratios)}, range {min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

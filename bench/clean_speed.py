"""`presswash clean` against trafilatura's default extraction alone, both timed as whole processes
over the same WARC in the same run: CPU seconds and wall seconds of each process tree, and the
peak memory of the tree; several rounds, interleaved, median and range of each ratio.

    python bench/clean_speed.py [--pages 0] [--rounds 3] [--workers N] [--shared ../shared] [--before DIR]

The pages are the three corpora together (trafilatura-eval 990, htmldate-eval 800, of which 560
are trafilatura-eval's pages under the same or another url, readability-testpages 130), packed
into one WARC with their urls as a user would (bench/corpora.py); --pages N takes N of them,
evenly spaced (0: all 1,920). Each round runs, one after the other:

- trafilatura: a `python -c` that imports trafilatura and warcio, reads the WARC and calls
  `trafilatura.extract(html, url=url)` on every response (start-up and imports included);
- `presswash clean WARC -o OUT --workers 1`, and the same with --workers N (default: presswash's
  own default, up to 4, one per CPU).

CPU time is that of the whole process tree: this process is made a subreaper, so the forkserver,
the workers and multiprocessing's resource tracker, which outlive the command by a moment, are
reaped here and counted in RUSAGE_CHILDREN (a descendant still alive 30 s after its command is
reported as left behind). Memory is sampled every 20 ms from /proc: the sum of the resident set
(RSS, a page shared by several processes counted in each) and of the proportional set (PSS, a
shared page split between its sharers) over the tree; the peak of each sum is reported.

--before DIR runs both presswash commands once more per round from a second source tree (e.g.
`git archive <commit> | tar -x -C DIR`), so that a change is measured against the code before it
within one run, under the same noise: the ratios of those rows are printed as well.

Two figures answer the targets: the CPU ratio trafilatura / presswash --workers 1 (the cost of
the same work), and the wall ratio trafilatura / presswash --workers N (how soon a user has the
output with the default workers). A ratio above 1 means presswash was the cheaper or the faster.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import FOLDERS, HD, RD, TE, readability_urls, shared_dir, write_warc  # noqa: E402
from proctree import descendants, memory_kb, spread  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36
SAMPLE_EVERY = 0.02
TRAFILATURA = """
import sys
import trafilatura
from warcio.archiveiterator import ArchiveIterator
with open(sys.argv[1], "rb") as f:
    for record in ArchiveIterator(f):
        if record.rec_type == "response":
            url, html = record.rec_headers.get_header("WARC-Target-URI"), record.content_stream().read()
            try:
                trafilatura.extract(html, url=url)
            except Exception:  # a crash costs what it cost, as in trafilatura's own benchmark
                pass
"""


def load_pages(shared: Path, n: int) -> list[tuple[str, bytes]]:
    """(url, body) of every page of the three corpora, corpus by corpus in url order; n > 0: n
    of them, evenly spaced, so a small sample has some of each corpus."""
    pages = []
    for name in (TE, HD):
        folder = shared / "data" / FOLDERS[name]
        truth = json.loads((folder / "truth.json").read_text("utf-8"))
        pages += [(u, gzip.decompress((folder / truth[u]["file"]).read_bytes())) for u in sorted(truth)]
    folder = shared / "data" / FOLDERS[RD]
    urls = readability_urls(json.loads((folder / "ground-truth.json").read_text("utf-8")))
    pages += sorted((url, (folder / "html" / f"{pid}.html").read_bytes()) for pid, url in urls.items())
    if n and n < len(pages):
        pages = [pages[i * len(pages) // n] for i in range(n)]
    return pages


class TreeMemory(threading.Thread):
    """Peak sums of RSS and PSS over this process's descendants, sampled until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop, self.rss, self.pss = threading.Event(), 0, 0

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_EVERY):
            sizes = [memory_kb(p) for p in descendants(os.getpid())]
            self.rss = max(self.rss, sum(r for r, _ in sizes))
            self.pss = max(self.pss, sum(p for _, p in sizes))


def reap_orphans(timeout: float = 30.0) -> int:
    """Wait for the descendants a command left behind (reparented here); how many outlived timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.01)
        except ChildProcessError:
            return 0
    return len(descendants(os.getpid()))


def timed(cmd: list[str], code: Path | None = None) -> dict:
    """CPU seconds, wall seconds and peak tree memory (MB) of one command and all it started;
    `code`: the source tree it runs from (default: this repository)."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    memory = TreeMemory()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    memory.start()
    subprocess.run(cmd, cwd=code or ROOT, check=True, capture_output=True, env=env)
    left = reap_orphans()
    wall = time.perf_counter() - start
    memory.stop.set()
    memory.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if left:
        print(f"  {left} processes of {' '.join(cmd[:4])} ... still alive 30 s after it ended", flush=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": cpu, "wall": wall, "rss": memory.rss / 1024, "pss": memory.pss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="N pages of the three corpora, evenly spaced (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                        help="presswash clean --workers of the wall-time run (default: presswash's default)")
    parser.add_argument("--shared", help="the shared folder (default: $PRESSWASH_SHARED, else ../shared)")
    parser.add_argument("--before", type=Path, help="a second source tree the presswash rows also run from")
    args = parser.parse_args()
    before = args.before.resolve() if args.before else None
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("no subreaper: CPU of processes that outlive their command is not counted", file=sys.stderr)
    pages = load_pages(shared_dir(args.shared), args.pages)
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="presswash-speed-") as tmp:
        warc, out = Path(tmp) / "pages.warc.gz", Path(tmp) / "out.jsonl"
        write_warc(pages, warc)
        commands = {"trafilatura": ([sys.executable, "-c", TRAFILATURA, str(warc)], None)}
        for code, label in ((None, ""), *(((before, " (before)"),) if before else ())):
            for w in dict.fromkeys((1, args.workers)):
                commands[f"presswash --workers {w}{label}"] = (
                    [sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out), "--no-progress",
                     "--workers", str(w), "--force"], code)
        for r in range(args.rounds):
            for name, (cmd, code) in commands.items():
                got = timed(cmd, code)
                runs.setdefault(name, []).append(got)
                print(f"round {r + 1}  {name:33} {got['cpu']:6.2f} s CPU {got['wall']:6.2f} s wall  "
                      f"peak RSS {got['rss']:5.0f} MB  PSS {got['pss']:5.0f} MB", flush=True)
    print(f"\n{len(pages)} pages, {args.rounds} rounds: median (range)")
    print(f"{'':33} {'CPU s':>18} {'wall s':>18} {'peak RSS MB':>16} {'peak PSS MB':>16}")
    for name, got in runs.items():
        print(f"{name:33} {spread([g['cpu'] for g in got]):>18} {spread([g['wall'] for g in got]):>18} "
              f"{spread([g['rss'] for g in got], '.0f'):>16} {spread([g['pss'] for g in got], '.0f'):>16}")
    theirs = runs["trafilatura"]
    for label in ("", *((" (before)",) if before else ())):
        one, many = runs[f"presswash --workers 1{label}"], runs[f"presswash --workers {args.workers}{label}"]
        cpu = [t["cpu"] / o["cpu"] for t, o in zip(theirs, one, strict=True)]
        wall = [t["wall"] / m["wall"] for t, m in zip(theirs, many, strict=True)]
        print(f"CPU ratio, trafilatura / presswash --workers 1{label}: {spread(cpu)}")
        print(f"wall ratio, trafilatura / presswash --workers {args.workers}{label}: {spread(wall)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

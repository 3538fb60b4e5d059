"""Peak memory of `presswash crawl` over the hostile test site (tests/hostile_site.py), and of
`presswash clean` over the WARC that crawl wrote: the whole process tree (crawler or cleaner,
forkserver, cleaning workers), sampled from /proc every 50 ms. Target: under 1 GB each.

    python bench/hostile_memory.py [--bomb-mb 1024] [--huge-mb 12] [--links 50000] [--limit-mb 1024]

The site serves bombs that inflate to --bomb-mb (gzip, deflate, nested gzip), a 9 MB page
(under the chain's 10 MB, so a worker parses it), a page of 50,000 links, redirect traps, slow and
truncated answers, and the rest of the hostile cases, with the shipped settings (DOWNLOAD_MAXSIZE
16 MB). Prints peak RSS (summed over the tree: shared pages count in every process, so it is an
upper bound) and peak PSS; exits 1 when a peak RSS passes --limit-mb.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "bench"), str(REPO)]

from hostile_site import HostileSite, InternalService  # noqa: E402
from proctree import descendants, memory_kb  # noqa: E402


class TreePeak:
    """Polls a process tree's summed RSS and PSS until the root exits."""

    def __init__(self, proc: subprocess.Popen, every: float = 0.05):
        self.proc, self.every = proc, every
        self.rss_kb = self.pss_kb = self.processes = 0
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while self.proc.poll() is None:
            pids = [self.proc.pid, *descendants(self.proc.pid)]
            sizes = [memory_kb(p) for p in pids]
            self.rss_kb = max(self.rss_kb, sum(r for r, _ in sizes))
            self.pss_kb = max(self.pss_kb, sum(p for _, p in sizes))
            self.processes = max(self.processes, len(pids))
            time.sleep(self.every)

    def wait(self, timeout: float) -> tuple[str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        self._thread.join()
        return out, err


def measure(command: list[str], timeout: float = 600) -> tuple[TreePeak, float, str, str, int]:
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = TreePeak(proc)
    out, err = peak.wait(timeout)
    return peak, time.monotonic() - started, out, err, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bomb-mb", type=int, default=1024, help="what each bomb inflates to (default 1024)")
    ap.add_argument("--huge-mb", type=int, default=9,
                    help="size of the huge page (default 9: under the chain's 10 MB, so a worker parses it)")
    ap.add_argument("--links", type=int, default=50_000, help="links on the link-farm page (default 50,000)")
    ap.add_argument("--limit-mb", type=int, default=1024, help="the target peak RSS of each tree (default 1024)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="presswash-hostile-") as tmp, InternalService() as internal, \
            HostileSite(internal.base_url, bomb_bytes=args.bomb_mb << 20, huge_bytes=args.huge_mb << 20,
                        slow_seconds=5, trap_links=args.links) as site:
        data = Path(tmp) / "data"
        sites = Path(tmp) / "sites.toml"
        sites.write_text(f'[[site]]\nname = "hostile"\nbase_url = "{site.base_url}/"\n'
                         'sitemaps = ["/sitemap.xml", "/sitemap-truncated.xml", "/sitemap-xxe.xml"]\n'
                         'feeds = ["/feed-broken.xml"]\nsections = ["/"]\ndelay = 0\nconcurrency = 8\n'
                         'max_depth = 3\n')
        crawl, crawl_s, out, err, code = measure(
            [sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir", str(data),
             "--workers", str(args.workers), "-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=0"])
        if code != 0:
            print(f"crawl exited {code}:\n{out}\n{err[-3000:]}", file=sys.stderr)
            return 1
        warcs = sorted((data / "raw").glob("*.warc.gz"))
        clean, clean_s, cout, cerr, ccode = measure(
            [sys.executable, "-m", "presswash.cli", "clean", *map(str, warcs), "-o", str(Path(tmp) / "again.jsonl"),
             "--rejects", str(Path(tmp) / "again.rejects.jsonl"), "--workers", str(args.workers), "--no-progress"])
        if ccode != 0:
            print(f"clean exited {ccode}:\n{cout}\n{cerr[-3000:]}", file=sys.stderr)
            return 1
        warc_mb = sum(w.stat().st_size for w in warcs) / 2**20
        longest = max((len(line) for line in (Path(tmp) / "again.jsonl").read_bytes().splitlines()), default=0)
        internal_requests = len(internal.requests)

    print(f"hostile site: bombs of {args.bomb_mb} MB (gzip, deflate, nested), a {args.huge_mb} MB page, "
          f"{args.links:,} links on one page; WARC {warc_mb:.1f} MB; internal service contacted "
          f"{internal_requests} times")
    print(f"{'':18}{'wall s':>8}{'processes':>11}{'peak RSS MB':>13}{'peak PSS MB':>13}")
    ok = internal_requests == 0
    for name, peak, secs in (("presswash crawl", crawl, crawl_s), ("presswash clean", clean, clean_s)):
        print(f"{name:18}{secs:8.1f}{peak.processes:11d}{peak.rss_kb / 1024:13.0f}{peak.pss_kb / 1024:13.0f}")
        ok = ok and peak.rss_kb / 1024 < args.limit_mb
    print(f"longest article line of the re-clean: {longest / 1024:.0f} KB (the audit is bounded)")
    print(out.strip().splitlines()[0])
    print(cout.strip().splitlines()[-1] if cout.strip() else cerr.strip().splitlines()[-1])
    print(f"target: each tree under {args.limit_mb} MB peak RSS: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

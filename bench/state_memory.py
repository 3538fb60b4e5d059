"""Memory and time of the crawl state as the frontier grows, beside Scrapy's own duplicate filter.

    python bench/state_memory.py [--urls 1000000]

Each side runs in a fresh process and sees the same URLs (news-like paths on one host):

  (a) Scrapy's RFPDupeFilter: a request fingerprint per URL, kept in a Python set;
  (b) presswash's crawl state: CrawlState.queue for every URL (what StateDupeFilter does), then
      a lookup of every 10th URL, as the spider's due check does.

Reported: peak resident memory above the process's baseline, at a quarter, half and all of the
URLs (flat means bounded), and microseconds per URL; (b) as a ratio of (a).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
MODE, N, FOLDER = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

def urls(n):
    for i in range(n):
        yield f"https://news.example/{2000 + i % 25}/{1 + i % 12:02d}/{1 + i % 28:02d}/story-{i}-about-the-budget/"

if MODE == "scrapy":
    from scrapy import Request
    from scrapy.utils.request import RequestFingerprinter
    fingerprinter = RequestFingerprinter()
    seen = set()
    add = lambda url: seen.add(fingerprinter.fingerprint(Request(url)).hex())
else:
    from scraper.state import CrawlState
    state = CrawlState(Path(FOLDER) / "state.sqlite")
    add = lambda url: state.queue(url, "bench", "run1", "page", 1)

base, marks, started = rss_mb(), {}, time.perf_counter()
for i, url in enumerate(urls(N), 1):
    add(url)
    if i in (N // 4, N // 2, N):
        marks[i] = round(rss_mb() - base, 1)
elapsed = time.perf_counter() - started
lookups = 0.0
if MODE == "state":
    t = time.perf_counter()
    for i, url in enumerate(urls(N)):
        if i % 10 == 0:
            state.page(url)
    lookups = (time.perf_counter() - t) / (N // 10) * 1e6
    state.close()
print(json.dumps({"marks": marks, "us_per_url": elapsed / N * 1e6, "us_per_lookup": lookups,
                  "peak_mb": round(rss_mb(), 1)}))
'''


def measure(mode: str, n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="presswash-state-bench-") as folder:
        out = subprocess.run([sys.executable, "-c", CHILD, mode, str(n), folder, str(ROOT)],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        result["disk_mb"] = round(sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    args = parser.parse_args()
    a, b = measure("scrapy", args.urls), measure("state", args.urls)
    quarters = sorted(int(k) for k in a["marks"])
    print(f"{args.urls:,} URLs; memory above baseline (MB) at {', '.join(f'{q:,}' for q in quarters)} URLs\n")
    print(f"{'':44} {'memory growth (MB)':>26} {'us/URL':>8} {'ratio':>6} {'disk MB':>8}")
    for name, r in (("(a) Scrapy RFPDupeFilter, a set in memory", a), ("(b) presswash crawl state, SQLite", b)):
        growth = " / ".join(f"{r['marks'][str(q)]:6.1f}" for q in quarters)
        print(f"{name:44} {growth:>26} {r['us_per_url']:8.1f} {r['us_per_url'] / a['us_per_url']:5.2f}x "
              f"{r['disk_mb']:8.1f}")
    last = str(quarters[-1])
    print(f"\n(b) memory growth at {quarters[-1]:,} URLs: {b['marks'][last] / a['marks'][last]:.2f}x of (a); "
          f"lookups of the due check: {b['us_per_lookup']:.1f} us each")


if __name__ == "__main__":
    main()

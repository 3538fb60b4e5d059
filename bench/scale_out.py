"""Scale-out figures, the re-clean rows: `presswash clean` in one process, with two local worker
processes, and on Dask with two workers, over the same WARC in one run.

    python bench/scale_out.py [--pages 5000] [--kb 30] [--work DIR]

The pages are a generated news site (bench/sitegen.py: real-looking article pages with menus,
sidebars, share bars and comments around the body), packed into one WARC with their URLs. Each
row is a whole `presswash clean` process, run one after the other:

- `--workers 1`: the chain in the command's own process;
- `--workers 2`: the local pool of two processes;
- `--dask local:2`: a LocalCluster of two single-threaded workers, started and stopped by the
  command (its start-up counted);
- `--dask tcp://...`: a `dask scheduler` and two `dask worker --nworkers 1 --nthreads 1` started
  beforehand on 127.0.0.1 (their start-up not counted; the workers' first import of the chain is).

Pages/s of each and the ratio to one process; every output must be the bytes of the first (the
command fails otherwise). Target on this 2-core machine: Dask with two workers >= 1.7x one
process.

`--payload` instead measures what the pages inside Dask tasks cost the client (reading the WARC,
pickling its record ranges), the figure behind tasks carrying pages rather than a URL and a byte
range (docs/scaling.md).

The crawl rows (--crawl-articles N, 0 to skip): bench/crawl_speed.py's synthetic news site
(bench/newsite.py, served by nginx where installed) crawled by `presswash crawl --state redis://...`
against a fresh redis-server each: one node, then two nodes started together (`--join`) on the same
Redis, each node with --crawl-workers cleaning processes (default 1: a node is then one process, and
two nodes are what two machines' worth of crawlers would be). Articles written per second over the
wall time from the first node's start to the last node's end, and the ratio; the two nodes' articles
must be the one node's (by id and content hash), none written twice. Target: two nodes >= 1.5x one.

The Redis memory row (--redis-urls N, 0 to skip): N article URLs put through the Redis crawl state
as a crawl does (queued, fetched with validators, one revision written), and N requests waiting in
the shared frontier; bytes per URL from MEMORY USAGE of every key and from used_memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import write_warc  # noqa: E402
from sitegen import write_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
DASK = Path(sys.executable).with_name("dask")
LOOPBACK = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]


def pack(work: Path, pages: int, kb: int) -> Path:
    site = work / "site"
    articles = write_site(site, pages, kb)
    warc = work / "pages.warc.gz"
    write_warc(((f"https://gazette.example{a.path}", (site / a.path.strip("/") / "index.html").read_bytes())
                for a in articles), warc)
    return warc


def timed_clean(warc: Path, out: Path, *how: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out), "--force",
                    "--no-progress", *how], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


class Cluster:
    """A `dask scheduler` and `workers` single-threaded `dask worker` processes on 127.0.0.1,
    each in a session of its own, ended whole on the way out."""

    def __init__(self, work: Path, workers: int = 2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.procs = [self._start(work, "scheduler", "--port", str(port), *LOOPBACK)]
        self.procs += [self._start(work, "worker", self.address, "--nworkers", "1", "--nthreads", "1", *LOOPBACK,
                                   "--local-directory", str(work / f"w{n}"), "--death-timeout", "20s")
                       for n in range(workers)]
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=120)

    @staticmethod
    def _start(work: Path, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(DASK), *args], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        for proc in self.procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def same_output(work: Path, n: int) -> bool:
    """Row n's articles and rejects are row 0's bytes; where not, the first line that differs is said."""
    for suffix in (".jsonl", ".rejects.jsonl"):
        mine, first = (work / f"out-{n}{suffix}").read_bytes(), (work / f"out-0{suffix}").read_bytes()
        if mine != first:
            lines = list(zip(mine.splitlines(), first.splitlines(), strict=False))
            at = next((k for k, (x, y) in enumerate(lines) if x != y), len(lines))
            print(f"out-{n}{suffix} differs from out-0{suffix} at line {at + 1}", file=sys.stderr)
            return False
    return True


# --- the crawl rows: one node against two on the same Redis -------------------------------------

def crawl_nodes(sites: Path, work: Path, redis_url: str, nodes: int,
                workers: int) -> tuple[float, float, list[Path]]:
    """`nodes` crawl processes started together on one Redis; (wall seconds, CPU seconds of the
    nodes and their cleaning processes, their data folders)."""
    dirs = [work / f"crawl-{nodes}-{n}" for n in range(nodes)]
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                               str(d), "--workers", str(workers), "--state", redis_url, "--join", "--node", f"n{k}",
                               "--no-templates", "-s", "LOG_LEVEL=WARNING"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for k, d in enumerate(dirs)]
    codes, cpu = [], 0.0
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        codes.append(p.returncode)
        cpu += usage.ru_utime + usage.ru_stime  # its cleaning processes too, once they were waited for
    if any(codes):
        raise SystemExit(f"a crawl node exited {codes}")
    return time.monotonic() - started, cpu, dirs


def articles_of(dirs: list[Path]) -> list[tuple[str, str]]:
    import json

    return [(r["id"], r["content_hash"]) for d in dirs for f in sorted((d / "articles").rglob("*.jsonl"))
            for r in map(json.loads, f.read_text("utf-8").splitlines())]


def crawl_rows(work: Path, n_articles: int, workers: int) -> None:
    from crawl_speed import fill_base_url, free_port, serve, sites_file
    from newsite import write_news_site
    from redis_server import RedisServer

    site = work / "news-site"
    write_news_site(site, n_articles, 80, 1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    fill_base_url(site, base)
    sites = sites_file(work / "crawl-sites.toml", base, None)
    server = serve(site, port, work)
    rows = {}
    try:
        for nodes in (1, 2):
            with RedisServer(work / f"redis-{nodes}") as redis:
                seconds, cpu, dirs = crawl_nodes(sites, work, redis.url, nodes, workers)
                from scraper.redis_state import connect

                client = connect(redis.url)
                commands = int(client.info("stats")["total_commands_processed"])
                used = int(client.info("memory")["used_memory"])
                client.close()
            written = articles_of(dirs)
            rows[nodes] = (seconds, written, cpu, commands, used)
            shutil.rmtree(work / f"redis-{nodes}", ignore_errors=True)
    finally:
        server.terminate()
        server.wait()
    one = rows[1][0] / len(rows[1][1])
    print(f"\ncrawl of bench/newsite.py's site, {n_articles} articles of ~80 KB, each node --workers {workers}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'run':28} {'s':>7} {'articles':>9} {'articles/s':>11} {'x one node':>11} {'CPU ms/article':>15} "
          f"{'Redis cmds/article':>19} {'Redis MB':>9}")
    for nodes, (seconds, written, cpu, commands, used) in rows.items():
        print(f"{f'{nodes} node(s) on one Redis':28} {seconds:7.1f} {len(written):9d} {len(written) / seconds:11.1f} "
              f"{one / (seconds / len(written)):11.2f} {1000 * cpu / len(written):15.1f} "
              f"{commands / len(written):19.1f} {used / 1e6:9.1f}")
    print(f"load average meanwhile: {os.getloadavg()[0]:.2f} (other processes share the CPUs)")
    same = sorted(rows[1][1]) == sorted(rows[2][1]) and len(set(rows[2][1])) == len(rows[2][1])
    print("two nodes wrote the one node's articles, none twice: " + ("yes" if same else "NO"))
    if not same:
        sys.exit(1)


# --- what a URL costs in Redis -------------------------------------------------------------------

def redis_memory(work: Path, n: int) -> None:
    from redis_server import RedisServer
    from scrapy import Request

    from scraper import redis_frontier as rf
    from scraper.redis_state import RedisCrawlState, page_key

    with RedisServer(work / "redis-memory") as redis:
        state = RedisCrawlState(redis.url, node="bench")
        r = state.r
        base = int(r.info("memory")["used_memory"])
        urls = [f"https://gazette.example/2024/{1 + k % 12:02d}/{1 + k % 28:02d}/story-{k}-regional-council-approves-"
                f"budget/" for k in range(n)]
        for k, url in enumerate(urls):
            state.queue(url, "gazette", "20260101T000000Z-12345", "page", 1)
            state.fetched(url, "gazette", 200, "2026-01-01T00:00:00Z", f'"{k:016x}"', "Thu, 01 Jan 2026 00:00:00 GMT",
                          "2026-01-01T00:00:00Z")
            digest = f"sha256:{k:064x}"
            article = f"{k:032x}"
            rev = state.revision_for(article, digest, url)
            state.written(article, rev.revision, digest, None, url, "20260101T000000Z-12345")
        after_state = int(r.info("memory")["used_memory"])
        for k, url in enumerate(urls):  # the same URLs waiting in the frontier, as a sitemap's entries wait
            request = Request(url, priority=41, meta={"presswash_role": "page", "presswash_depth": 1,
                                                      "presswash_lastmod": "2026-01-01T00:00:00Z",
                                                      "handle_httpstatus_list": [304]},
                              headers={"If-None-Match": f'"{k:016x}"'})
            data, _ = rf.encode_request(request, None)
            r.hset(rf.requests_key("gazette"), str(k), data)
            r.zadd(rf.frontier_key("gazette"), {str(k): -41 * rf.PRIORITY_SPAN + k})
        after_frontier = int(r.info("memory")["used_memory"])
        sample = urls[:: max(1, n // 2000)]
        page = sum(r.memory_usage(page_key(u), samples=0) for u in sample) / len(sample)
        rev = sum(r.memory_usage(f"pw:rev:{k:032x}", samples=0) for k in range(0, n, max(1, n // 2000))) / len(sample)
        fq, rq = r.memory_usage(rf.frontier_key("gazette"), samples=0), r.memory_usage(rf.requests_key("gazette"),
                                                                                       samples=0)
        state.close()
    print(f"\nRedis memory of {n} URLs (redis-server {redis_version()}), bytes per URL")
    print(f"  page record pw:p:<url> (MEMORY USAGE)       {page:8.0f}")
    print(f"  article revisions pw:rev:<id> (MEMORY USAGE) {rev:8.0f}")
    print(f"  state, all keys (used_memory delta / N)     {(after_state - base) / n:8.0f}")
    print(f"  frontier entry (MEMORY USAGE of pw:fq + pw:rq / N) {(fq + rq) / n:8.0f}")
    print(f"  frontier entry (used_memory delta / N)      {(after_frontier - after_state) / n:8.0f}")


def redis_version() -> str:
    from redis_server import redis_binary

    out = subprocess.run([redis_binary(), "--version"], capture_output=True, text=True).stdout
    return next((w.split("=", 1)[1] for w in out.split() if w.startswith("v=")), "?")


def payload_costs(warc: Path) -> None:
    """What the pages inside Dask tasks cost the client, against the WARC read it does either way:
    the measure behind tasks carrying pages rather than a URL and byte range (docs/scaling.md)."""
    import pickle

    from cleaners.config import CleanerConfig
    from presswash.dask_executor import ranges
    from presswash.inputs import iter_pages

    started = time.process_time()
    pages = list(iter_pages([warc]))
    read = time.process_time() - started
    config = CleanerConfig()
    started = time.process_time()
    blobs = [pickle.dumps(batch, protocol=5) for batch in ranges([(p, r, config) for p, r in pages])]
    dumped = time.process_time() - started
    started = time.process_time()
    for blob in blobs:
        pickle.loads(blob)
    loaded = time.process_time() - started
    n = len(pages)
    print(f"Dask payload, CPU ms per page of {n}: reading the WARC {1000 * read / n:.3f}, pickling the ranges "
          f"{1000 * dumped / n:.3f} ({sum(map(len, blobs)) / n / 1024:.1f} KiB), unpickling {1000 * loaded / n:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="re-clean rows: pages (0: skip them)")
    parser.add_argument("--kb", type=int, default=30, help="size of a generated page (default 30 KB)")
    parser.add_argument("--crawl-articles", type=int, default=2000, help="crawl rows: articles of the site (0: skip)")
    parser.add_argument("--crawl-workers", type=int, default=1, help="cleaning processes of each crawl node")
    parser.add_argument("--redis-urls", type=int, default=100_000, help="Redis memory row: URLs (0: skip)")
    parser.add_argument("--work", type=Path, help="folder for the site, the WARC and the outputs (default: a temp dir)")
    parser.add_argument("--payload", action="store_true",
                        help="re-clean rows: only what the pages inside Dask tasks cost the client (no cleaning)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scale-out-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.redis_urls:
            redis_memory(work, args.redis_urls)
        if args.crawl_articles:
            crawl_rows(work, args.crawl_articles, args.crawl_workers)
        if not args.pages:
            return
        warc = pack(work, args.pages, args.kb)
        if args.payload:
            payload_costs(warc)
            return
        rows = [("--workers 1", ["--workers", "1"]), ("--workers 2", ["--workers", "2"]),
                ("--dask local:2", ["--dask", "local:2"])]
        seconds: dict[str, float] = {}
        for name, how in rows:
            seconds[name] = timed_clean(warc, work / f"out-{len(seconds)}.jsonl", *how)
        with Cluster(work) as cluster:
            name = "--dask scheduler + 2 workers"
            seconds[name] = timed_clean(warc, work / f"out-{len(seconds)}.jsonl", "--dask", cluster.address)
        differ = [name for n, name in enumerate(seconds) if not same_output(work, n)]
        same = not differ
        one = seconds["--workers 1"]
        print(f"re-clean of {args.pages} generated pages of ~{args.kb} KB, {os.cpu_count()} CPUs")
        print(f"{'run':32} {'s':>7} {'pages/s':>8} {'x one process':>14}")
        for name, s in seconds.items():
            print(f"{name:32} {s:7.1f} {args.pages / s:8.1f} {one / s:14.2f}")
        print("outputs byte-identical (articles and rejects): " + ("yes" if same else "NO: " + ", ".join(differ)))
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()

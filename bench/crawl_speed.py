"""Crawl speed as users configure presswash (issue 9): a generated news site served by nginx on
127.0.0.1, crawled three ways in the same run, each in a fresh process:

  (a) bare Scrapy: a SitemapSpider over the sitemap index that yields url and body length,
  (b) the same spider calling trafilatura.extract in its callback,
  (c) presswash crawl (presswash.crawl.run): WARC archive, crawl state, the cleaner chain in
      worker processes, with a sites file of the shipped defaults except delay = 0 and
      concurrency = 16.

    python bench/crawl_speed.py [--articles 5000 [10000 ...]] [--rounds 3] [--max-seconds 300]
                                [--kb 80] [--workers 2] [--profile] [--code DIR] [--before DIR]
                                [--site DIR] [--keep]

The site (bench/newsite.py): sitemap index with <lastmod>, a Google News sitemap of the last 48
hours, RSS, robots.txt naming both sitemaps, paginated section, tag and author listings, article
pages in a CMS layout whose tag links mostly answer 404. Its topology is printed first.

What each crawler fetches:
  (a), (b)  robots.txt, /sitemap.xml, every sitemap it lists (posts and pages), and the sitemap
            entries whose path is /YYYY/MM/DD/<slug>/ (sitemap_rules): every article once, nothing
            else; they follow no links. Rate: (a) articles fetched, (b) articles trafilatura
            extracted text from, per second.
  (c)       sitemaps = ["/sitemap.xml", "/news-sitemap.xml"], feeds = ["/rss.xml"], sections = the
            eight section fronts, every other key as shipped (max_depth 3, max_pages 10,000, ...):
            presswash decides what it fetches. Rate: pages the manifest counts as written
            (new + updated), per second. The articles the sitemaps list and no article line has
            are counted as missing.
Politeness is the same for all three: the Scrapy settings presswash.crawl.site_settings gives the
site (AutoThrottle on as shipped: start delay max(delay, 0.1), target concurrency, max delay;
CONCURRENT_REQUESTS_PER_DOMAIN = concurrency, DOWNLOAD_DELAY = delay, robots.txt obeyed, the same
user agent, timeouts and size limits) are handed to (a) and (b) too.

Rates are over the wall time of the crawler's whole process (imports and start-up included).
--max-seconds caps each crawl (CLOSESPIDER_TIMEOUT): a capped run reports its rate over the capped
time and says so. Peak RSS and PSS are of the crawler's process tree (the crawler and its cleaning
workers), polled from /proc every 0.2 s; with several --articles sizes the script prints them side
by side, to show memory flat in site size. Each run prints the CPU-seconds other processes used
on the machine meanwhile: the noise. --profile runs (c) once more under cProfile (the crawler
process only; the workers are other processes) and prints the top functions by cumulative time.
--code DIR runs (c) from another source tree (e.g. `git archive HEAD | tar -x -C DIR`); --before DIR
runs it once more per round from a second tree, as row (c0), so that a change is measured against
the code before it within one run, under the same noise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from proctree import descendants, memory_kb, spread  # noqa: E402

CONCURRENCY, DELAY = 16, 0
SECTION_FRONTS = ("politics", "economy", "society", "world", "sport", "culture", "science", "opinion")
# The settings of presswash's site that make its politeness, handed to (a) and (b) as they are.
POLITENESS_KEYS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
    "RANDOMIZE_DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY", "COOKIES_ENABLED", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE",
    "RETRY_TIMES",
)
QUIET = {"LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False}
ARTICLE_RULE = r"/\d{4}/\d{2}/\d{2}/[^/]+/$"
NAMES = {"a": "(a) bare Scrapy", "b": "(b) Scrapy + trafilatura.extract", "c": "(c) presswash crawl",
         "c0": "(c0) presswash crawl, --before tree"}


# --- the crawlers, each run as `crawl_speed.py _child KIND JSON` in a fresh process --------------

def child_scrapy(args: dict) -> dict:
    import scrapy  # noqa: F401
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    extract = None
    if args["mode"] == "trafilatura":
        from trafilatura import extract

    class NewsSitemapSpider(SitemapSpider):
        name = "bench"
        sitemap_urls = [args["base"] + "/sitemap.xml"]
        sitemap_rules = [(ARTICLE_RULE, "parse_article")]

        def parse_article(self, response):
            if extract is None:
                yield {"url": response.url, "length": len(response.body)}
                return
            text = extract(response.text)
            if text:
                self.crawler.stats.inc_value("bench/extracted")
            yield {"url": response.url, "chars": len(text or "")}

    process = CrawlerProcess(args["settings"])
    crawler = process.create_crawler(NewsSitemapSpider)
    process.crawl(crawler)
    start = time.monotonic()
    process.start()
    stats = crawler.stats.get_stats()
    pages = stats.get("item_scraped_count", 0)
    return {"articles": stats.get("bench/extracted", 0) if extract else pages, "pages": pages,
            "requests": stats.get("downloader/request_count", 0), "crawl_seconds": time.monotonic() - start,
            "finish_reason": stats.get("finish_reason"), "statuses": _statuses(stats)}


def child_presswash(args: dict) -> dict:
    from presswash.crawl import run
    from scraper.sites import load_sites

    sites = load_sites(args["sites"])
    profile = None
    if args.get("profile"):
        import cProfile
        profile = cProfile.Profile()
    start = time.monotonic()
    if profile:
        profile.enable()
    result = run(sites, Path(args["data"]), args["settings"], args["workers"])
    if profile:
        profile.disable()
        profile.dump_stats(args["profile"])
    s = result.manifest["sites"]["bench"]
    return {"articles": s["new"] + s["updated"], "pages": s["fetched"], "requests": s["requests"],
            "crawl_seconds": time.monotonic() - start, "finish_reason": s["finish_reason"],
            "summary": {k: s[k] for k in ("discovered", "requests", "fetched", "new", "rejected", "skipped")},
            "article_files": s["article_files"], "reject_files": s["reject_files"], "exit_code": result.exit_code}


def _statuses(stats: dict) -> dict:
    prefix = "downloader/response_status_count/"
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


# --- measuring a child process ---------------------------------------------------------------

def tree_pids(root: int) -> list[int]:
    return [root, *descendants(root)]


def busy_cpu_seconds() -> float:
    """CPU-seconds the whole machine has been busy since boot (all cores)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def pid_cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            total += int(parts[11]) + int(parts[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def measured(kind: str, args: dict, workdir: Path, server_pids: list[int], hard_limit: float,
             code_dir: Path | None = None) -> dict:
    """Run one crawler in a fresh process; its result with wall time, peak tree RSS/PSS and noise."""
    out, err = workdir / f"{kind}.out", workdir / f"{kind}.err"
    env = dict(os.environ)
    if code_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, server0, self0 = busy_cpu_seconds(), pid_cpu_seconds(server_pids), time.process_time()
    start = time.monotonic()
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "_child", kind, json.dumps(args)],
                                cwd=code_dir or ROOT, stdout=o, stderr=e, env=env)
        peak_rss = peak_pss = peak_procs = 0
        killed = False
        # CPU of every process of the tree as last seen: forkserver workers are grandchildren that
        # nobody up the chain reaps, so RUSAGE_CHILDREN alone misses them
        seen_cpu: dict[int, float] = {}
        while proc.poll() is None:
            pids = tree_pids(proc.pid)
            for p in pids:
                seen_cpu[p] = max(seen_cpu.get(p, 0.0), pid_cpu_seconds([p]))
            mem = [memory_kb(p) for p in pids]
            peak_rss = max(peak_rss, sum(m[0] for m in mem))
            peak_pss = max(peak_pss, sum(m[1] for m in mem))
            peak_procs = max(peak_procs, len(pids))
            if time.monotonic() - start > hard_limit:
                proc.kill()  # the crawler alone; its workers die with it (parent-death guarantee)
                killed = True
            time.sleep(0.2)
    wall = time.monotonic() - start
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    tree_cpu = (after_children.ru_utime + after_children.ru_stime
                - before_children.ru_utime - before_children.ru_stime)
    tree_cpu = max(tree_cpu, sum(seen_cpu.values()))  # polled: may miss the last 0.2 s of each process
    server_cpu = pid_cpu_seconds(server_pids) - server0
    others = busy_cpu_seconds() - busy0 - tree_cpu - server_cpu - (time.process_time() - self0)
    if killed or proc.returncode != 0:
        tail = err.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{NAMES[kind]} {'was killed after' if killed else 'failed in'} {wall:.0f} s:\n{tail}")
    result = json.loads(out.read_text().strip().splitlines()[-1])
    result.update(wall_seconds=wall, rate=result["articles"] / wall, peak_rss_mb=peak_rss / 1024,
                  peak_pss_mb=peak_pss / 1024, peak_processes=peak_procs, cpu_seconds=tree_cpu,
                  server_cpu_seconds=server_cpu, others_cpu_seconds=max(0.0, others),
                  capped=result.get("finish_reason") == "closespider_timeout")
    return result


# --- the site ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill_base_url(site: Path, base: str) -> None:
    for f in [*site.glob("*.xml"), site / "robots.txt"]:
        f.write_text(f.read_text().replace("{{BASE_URL}}", base))


def serve(site: Path, port: int, workdir: Path) -> subprocess.Popen:
    """nginx on 127.0.0.1:port over site (404 for what has no file), else presswash's own server."""
    if shutil.which("nginx"):
        conf = workdir / "nginx.conf"
        conf.write_text(f"""daemon off; worker_processes 1; pid {workdir}/nginx.pid; error_log {workdir}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; types {{ text/html html; application/xml xml; text/plain txt; text/css css; }}
  default_type application/octet-stream; sendfile on; keepalive_requests 100000;
  client_body_temp_path {workdir}; proxy_temp_path {workdir}; fastcgi_temp_path {workdir};
  uwsgi_temp_path {workdir}; scgi_temp_path {workdir};
  server {{ listen 127.0.0.1:{port}; root {site}; index index.html; }} }}""")
        proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(workdir)])
        server = "nginx"
    else:
        code = (f"from presswash.site_server import SiteServer; s = SiteServer({str(site)!r}, port={port}); "
                "s.httpd.serve_forever()")
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        server = "presswash.site_server (python; NOT the issue's set-up: apt-get install nginx-light)"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    print(f"serving {site} on 127.0.0.1:{port} with {server}")
    return proc


def sitemap_articles(site: Path) -> set[str]:
    """Article URLs (the (a)/(b) rule) of every urlset the sitemap index lists, read from disk."""
    from scraper.discovery import parse_sitemap

    urls: set[str] = set()
    _, children = parse_sitemap((site / "sitemap.xml").read_bytes())
    for child in children:
        _, entries = parse_sitemap((site / child.url.rsplit("/", 1)[1]).read_bytes())
        urls.update(e.url for e in entries if re.search(ARTICLE_RULE, e.url))
    return urls


def written_urls(files: list[str]) -> set[str]:
    """The url of every line of JSONL files (articles or rejects)."""
    urls = set()
    for name in files:
        with open(name, encoding="utf-8") as f:
            urls.update(json.loads(line).get("url") for line in f if line.strip())
    return urls


# --- the three crawlers' arguments -------------------------------------------------------------

def sites_file(path: Path, base: str, max_pages: int | None) -> Path:
    sections = ", ".join(f'"/section/{s}/"' for s in SECTION_FRONTS)
    path.write_text(f'[[site]]\nname = "bench"\nbase_url = "{base}/"\n'
                    f'sitemaps = ["/sitemap.xml", "/news-sitemap.xml"]\nfeeds = ["/rss.xml"]\n'
                    f"sections = [{sections}]\nconcurrency = {CONCURRENCY}\ndelay = {DELAY}\n"
                    + (f"max_pages = {max_pages}\n" if max_pages else ""))
    return path


def child_politeness(args: dict) -> dict:
    """The Scrapy settings presswash's crawl gives the site, limited to POLITENESS_KEYS."""
    from presswash.crawl import site_settings
    from scraper.sites import load_sites

    settings = site_settings(load_sites(args["sites"])[0], "bench", {})
    return {k: settings[k] for k in POLITENESS_KEYS}


def politeness(sites: Path, code_dir: Path | None) -> dict:
    """child_politeness, asked of the source tree (c) runs from."""
    env = dict(os.environ)
    if code_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_child", "politeness",
                          json.dumps({"sites": str(sites)})], cwd=code_dir or ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the run -----------------------------------------------------------------------------------

def one_size(n: int, args, workdir: Path) -> dict:
    from newsite import count_links, file_exists, write_news_site

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = workdir / f"site-{n}"
    if args.site:
        shutil.copytree(args.site, site)
    else:
        started = time.monotonic()
        generated = write_news_site(site, n, args.kb, args.seed)
        count_links(site, generated)
        print(f"\nsite of {n} articles, {args.kb} KB pages, seed {args.seed}, written in "
              f"{time.monotonic() - started:.0f} s: {json.dumps(generated.topology(file_exists(site)))}")
    fill_base_url(site, base)
    expected = {u.replace("{{BASE_URL}}", base) for u in sitemap_articles(site)}
    sites = sites_file(workdir / f"sites-{n}.toml", base, args.max_pages)
    polite = politeness(sites, args.code)
    print(f"sites file:\n{sites.read_text().rstrip()}\n(a), (b) settings: {json.dumps(polite)}")
    scrapy_settings = {**polite, **QUIET, "CLOSESPIDER_TIMEOUT": args.max_seconds,
                       "WARN_ON_GENERATOR_RETURN_VALUE": False}
    hard = args.max_seconds + 300
    server = serve(site, port, workdir)
    server_pids = tree_pids(server.pid)
    rounds, profile = [], None
    kinds = ["a", "b", "c", *(["c0"] if args.before else [])]
    try:
        for r in range(1, args.rounds + 1):
            print(f"\nround {r}/{args.rounds} (load average {os.getloadavg()[0]:.2f})")
            row = {}
            for kind in kinds:
                code = args.before if kind == "c0" else args.code
                if kind in ("c", "c0"):
                    data = workdir / f"data-{n}"
                    shutil.rmtree(data, ignore_errors=True)
                    child = {"sites": str(sites), "data": str(data), "workers": args.workers,
                             "settings": {**QUIET, "CLOSESPIDER_TIMEOUT": args.max_seconds}}
                else:
                    child = {"mode": "bare" if kind == "a" else "trafilatura", "base": base,
                             "settings": scrapy_settings}
                crawler = "c" if kind in ("c", "c0") else kind
                res = measured(crawler, child, workdir, server_pids, hard, code if crawler == "c" else None)
                if kind in ("c", "c0"):
                    got = written_urls(res.pop("article_files"))
                    res["missing"] = len(expected - got)
                    res["sitemap_articles"] = len(expected & got)
                    res["sitemap_rate"] = res["sitemap_articles"] / res["wall_seconds"]
                    res["rejected_articles"] = len((expected - got) & written_urls(res.pop("reject_files")))
                    shutil.rmtree(data, ignore_errors=True)
                row[kind] = res
                print(f"  {line(kind, res)}")
                if kind in ("c", "c0"):
                    print(f"      {res['sitemap_articles']} of the articles are sitemap articles "
                          f"({res['sitemap_rate']:.1f}/s); missing {res['missing']} of the {len(expected)}"
                          " sitemap articles"
                          f" ({res['rejected_articles']} of them rejected, the rest not written); "
                          f"{json.dumps(res['summary'])}")
            rounds.append(row)
        if args.profile:
            data = workdir / f"data-{n}-profile"
            prof = workdir / f"presswash-{n}.prof"
            child = {"sites": str(sites), "data": str(data), "workers": args.workers, "profile": str(prof),
                     "settings": {**QUIET, "CLOSESPIDER_TIMEOUT": args.max_seconds}}
            res = measured("c", child, workdir, server_pids, hard, args.code)
            res.pop("article_files"), res.pop("reject_files")
            print(f"\nprofiled: {line('c', res)}")
            profile = prof
            print_profile(prof, args.profile_top)
            shutil.rmtree(data, ignore_errors=True)
    finally:
        server.terminate()
        server.wait()
        if not args.keep:
            shutil.rmtree(site, ignore_errors=True)
    return {"articles": n, "rounds": rounds, "expected": len(expected), "profile": str(profile) if profile else None}


def line(kind: str, r: dict) -> str:
    capped = f" CAPPED at {r['crawl_seconds']:.0f} s" if r["capped"] else ""
    return (f"{NAMES[kind]:34} {r['articles']:>6} articles {r['requests']:>6} requests {r['wall_seconds']:>6.1f} s"
            f" {r['rate']:>7.1f}/s  cpu {r['cpu_seconds']:>5.0f} s  peak RSS {r['peak_rss_mb']:>5.0f} MB"
            f" (PSS {r['peak_pss_mb']:.0f}, {r['peak_processes']} procs)  others used {r['others_cpu_seconds']:.0f}"
            f" cpu-s{capped}" + (f"  statuses {r['statuses']}" if r.get("statuses") else ""))


def print_profile(path: Path, top: int) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    print(f"\ntop {top} functions of presswash's own code in the crawler process by cumulative time ({path}):")
    stats.sort_stats("cumulative").print_stats(r"/(scraper|presswash|cleaners|output)/", top)
    print(f"top {top} of all functions by cumulative time:")
    stats.print_stats(top)
    print(f"top {top // 2} by own time:")
    stats.sort_stats("tottime").print_stats(top // 2)


def report(result: dict) -> None:
    rounds = result["rounds"]
    if not rounds:
        return
    print(f"\n{result['articles']} articles, {len(rounds)} rounds: median (range)")
    print(f"{'crawler':36} {'articles/s':>22} {'vs (b)':>20} {'peak RSS MB':>12} {'capped':>7}")
    rows = [*((k, "rate", NAMES[k]) for k in "abc"), ("c", "sitemap_rate", "(c) sitemap articles only"),
            *((("c0", "rate", NAMES["c0"]),) if "c0" in rounds[0] else ())]
    for kind, key, name in rows:
        rates = [r[kind][key] for r in rounds]
        ratios = [r[kind][key] / r["b"]["rate"] if r["b"]["rate"] else float("nan") for r in rounds]
        capped = sum(r[kind]["capped"] for r in rounds)
        print(f"{name:36} {spread(rates):>22} {spread(ratios) + 'x':>20} "
              f"{max(r[kind]['peak_rss_mb'] for r in rounds):>12.0f} {capped:>4}/{len(rounds)}")
    if "c0" in rounds[0]:
        gains = [r["c"]["rate"] / r["c0"]["rate"] for r in rounds]
        print(f"(c) over (c0), the same run's rounds: {spread(gains)}x")
    missing = [r["c"]["missing"] for r in rounds]
    print(f"(c) sitemap articles not written: {missing} of {result['expected']}"
          f" -> {'every article written' if not any(missing) else 'NOT every article written'}")
    others = [r[k]["others_cpu_seconds"] / r[k]["wall_seconds"] for r in rounds for k in "abc"]
    print(f"noise: other processes kept {spread(others)} of the {os.cpu_count()} cores busy during the runs")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        sys.path.insert(0, os.getcwd())  # the source tree the crawler runs from (--code)
        kind, args = sys.argv[2], json.loads(sys.argv[3])
        run = {"c": child_presswash, "politeness": child_politeness}.get(kind, child_scrapy)
        print(json.dumps(run(args)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[5000],
                        help="site size(s); two sizes (2000 10000) compare peak RSS")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-seconds", type=int, default=300, help="cap of each crawl (CLOSESPIDER_TIMEOUT)")
    parser.add_argument("--kb", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="presswash's cleaning processes")
    parser.add_argument("--max-pages", type=int, help="set max_pages in the sites file (default: shipped)")
    parser.add_argument("--profile", action="store_true", help="run (c) once more under cProfile")
    parser.add_argument("--profile-top", type=int, default=30)
    parser.add_argument("--code", type=Path, help="source tree (c) runs from (default: this repository)")
    parser.add_argument("--before", type=Path, help="a second source tree (c) also runs from each round, as (c0)")
    parser.add_argument("--site", type=Path, help="reuse a site generated earlier (with --keep or bench/newsite.py)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print it")
    args = parser.parse_args()
    if args.code:
        args.code = args.code.resolve()
    if args.before:
        args.before = args.before.resolve()
    if args.site and len(args.articles) > 1:
        parser.error("--site is one site: give one --articles")

    workdir = Path(tempfile.mkdtemp(prefix="presswash-crawl-bench-"))
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"(c) from {args.code or ROOT}")
    results = []
    try:
        for n in args.articles:
            results.append(one_size(n, args, workdir))
            report(results[-1])
    finally:
        if args.keep:
            print(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if len(results) > 1:
        print("\npeak RSS (max over rounds) by site size, MB:")
        for kind in "abc":
            cells = "  ".join(f"{r['articles']}: {max((x[kind]['peak_rss_mb'] for x in r['rounds']), default=0):.0f}"
                              for r in results)
            print(f"  {NAMES[kind]:34} {cells}")


if __name__ == "__main__":
    main()

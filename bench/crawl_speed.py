"""Crawl throughput on a generated site served on 127.0.0.1, three ways in the same run:

  (a) a bare Scrapy spider that only yields url and body length,
  (b) the same spider calling trafilatura.extract in its callback,
  (c) presswash crawl: WARC archive, crawl state, the full cleaner chain in worker processes.

    python bench/crawl_speed.py [--articles 2000] [--kb 80] [--workers 2] [--site DIR]

The site is served by nginx when it is installed (apt-get install nginx-light), else by
presswash's own static server in a separate process. Every crawler runs in a fresh process with
the same concurrency (CONCURRENT_REQUESTS 16, no per-domain cap below it, no delays): only the
work done per page differs. Pages/s counts article pages fetched over the crawl's wall time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

CONCURRENCY = 16
SPEED_SETTINGS = {
    "CONCURRENT_REQUESTS": CONCURRENCY, "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY, "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False, "COOKIES_ENABLED": False, "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
    "WARN_ON_GENERATOR_RETURN_VALUE": False,  # the bench spiders live in -c code, which has no source file
}

SPIDER = '''
import json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess
from scraper.discovery import parse_sitemap

MODE, BASE, SETTINGS = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if MODE == "trafilatura":
    import trafilatura

class Bench(scrapy.Spider):
    name = "bench"
    start_urls = [BASE + "/sitemap.xml"]
    def parse(self, response):
        kind, entries = parse_sitemap(response.body)
        for entry in entries:
            yield scrapy.Request(entry.url, callback=self.parse if kind == "index" else self.page)
    def page(self, response):
        if MODE == "trafilatura":
            yield {"url": response.url, "chars": len(trafilatura.extract(response.text) or "")}
        else:
            yield {"url": response.url, "length": len(response.body)}

process = CrawlerProcess(SETTINGS)
crawler = process.create_crawler(Bench)
process.crawl(crawler)
start = time.monotonic()
process.start()
print(json.dumps({"pages": crawler.stats.get_value("item_scraped_count", 0), "seconds": time.monotonic() - start}))
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill_base_url(site: Path, base: str) -> None:
    for f in [*site.glob("*.xml"), site / "robots.txt"]:
        f.write_text(f.read_text().replace("{{BASE_URL}}", base))


def serve(site: Path, port: int, workdir: Path) -> subprocess.Popen:
    if shutil.which("nginx"):
        conf = workdir / "nginx.conf"
        conf.write_text(f"""daemon off; worker_processes 1; pid {workdir}/nginx.pid; error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{ access_log off; types {{ text/html html; application/xml xml; text/plain txt; }}
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
        server = "presswash.site_server (python)"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    print(f"serving {site} on 127.0.0.1:{port} with {server}")
    return proc


def scrapy_run(mode: str, base: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SPIDER, mode, base, json.dumps(SPEED_SETTINGS)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def presswash_run(base: str, workdir: Path, workers: int, articles: int) -> dict:
    sites = workdir / "sites.toml"
    sites.write_text(f'[[site]]\nname = "bench"\nbase_url = "{base}/"\nsitemaps = ["/sitemap.xml"]\n'
                     f"concurrency = {CONCURRENCY}\ndelay = 0\nmax_depth = 1\nmax_pages = {articles + 100}\n")
    data = workdir / "data"
    shutil.rmtree(data, ignore_errors=True)
    settings = {k: v for k, v in SPEED_SETTINGS.items() if k not in ("LOG_LEVEL", "ROBOTSTXT_OBEY")}
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from scraper.sites import load_sites\n"
        "from presswash.crawl import run\n"
        f"sites = load_sites({str(sites)!r})\n"
        "start = time.monotonic()\n"
        f"result = run(sites, Path({str(data)!r}), {{'LOG_LEVEL': 'WARNING', **{settings!r}}}, {workers})\n"
        "s = result.manifest['sites']['bench']\n"
        "print(json.dumps({'pages': s['fetched'], 'articles': s['new'], 'seconds': time.monotonic() - start}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kb", type=int, default=80)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--site", type=Path, help="reuse a site generated earlier (with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the generated site and print its folder")
    args = parser.parse_args()

    from sitegen import write_site

    workdir = Path(tempfile.mkdtemp(prefix="presswash-crawl-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = workdir / "site"
    if args.site:
        shutil.copytree(args.site, site)
    else:
        write_site(site, args.articles, args.kb)
    fill_base_url(site, base)
    server = serve(site, port, workdir)
    try:
        results = {
            "(a) bare Scrapy": scrapy_run("bare", base),
            "(b) Scrapy + trafilatura.extract in the callback": scrapy_run("trafilatura", base),
            f"(c) presswash crawl, {args.workers} cleaning processes": presswash_run(base, workdir, args.workers,
                                                                                    args.articles),
        }
    finally:
        server.terminate()
        server.wait()
    reference = results["(b) Scrapy + trafilatura.extract in the callback"]
    ref_rate = reference["pages"] / reference["seconds"]
    print(f"\n{'crawler':52} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'vs (b)':>7}")
    for name, r in results.items():
        rate = r["pages"] / r["seconds"]
        print(f"{name:52} {r['pages']:>6} {r['seconds']:>8.1f} {rate:>8.1f} {rate / ref_rate:>6.2f}x")
    if args.keep:
        print(f"site kept in {site}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

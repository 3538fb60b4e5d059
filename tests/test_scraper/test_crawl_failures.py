"""Bad input loses nothing: dead links, server errors, undecodable and empty pages become reject
lines with a reason, their bytes stay in the WARC, and the crawl goes on."""

import subprocess
import sys

from helpers import REPO, SEED, read_jsonl

from presswash.site_server import SiteServer
from scraper.warc import iter_responses


def test_failures_are_recorded_and_the_run_goes_on(tmp_path):
    site_dir = tmp_path / "site"
    (site_dir / "story").mkdir(parents=True)
    seed = (SEED / "page.html").read_text("utf-8")
    links = "".join(f'<a href="/{p}/">{p}</a> ' for p in ("missing", "broken", "binary", "short"))
    (site_dir / "story" / "index.html").write_text(seed.replace("</main>", links + "</main>"), "utf-8")
    (site_dir / "index.html").write_text('<html><head><meta property="og:type" content="website"></head><body>'
                                         '<a href="/story/">story</a></body></html>')
    (site_dir / "short").mkdir()
    (site_dir / "short" / "index.html").write_text(
        '<html><head><title>Brief</title><meta property="og:type" content="article"></head>'
        "<body><article><p>Only a few words here.</p></article></body></html>")
    data = tmp_path / "data"
    with SiteServer(site_dir) as site:
        site.canned["/broken/"] = (500, {"Content-Type": "text/html"}, b"<h1>Internal error</h1>")
        site.canned["/binary/"] = (200, {"Content-Type": "text/html"}, b"\x00\x01\x02\xff" * 64)
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={site.base_url}/",
             "-s", f"PRESSWASH_DATA_DIR={data}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "RETRY_TIMES=1"],
            cwd=REPO, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert site.count("/broken/") == 2  # retried once, then given up

    [article] = [r for f in (data / "articles").rglob("*.jsonl") for r in read_jsonl(f)]
    assert article["url"].endswith("/story/")
    rejects = {r["url"].removeprefix(site.base_url): r for f in (data / "rejects").rglob("*.jsonl")
               for r in read_jsonl(f)}
    reasons = {p: (r["stage"], r["reason"]) for p, r in rejects.items()}
    # the seed page links to pages this little site does not have: dead links, all recorded
    dead = {p for p, r in reasons.items() if r == ("fetch", "http_404")}
    assert {p for p in dead if p.startswith("/20")} == {p for p in rejects if p.startswith("/20")}
    ours = ("/missing/", "/broken/", "/binary/", "/short/")
    assert {p: reasons[p] for p in ours} == {
        "/missing/": ("fetch", "http_404"),
        "/broken/": ("fetch", "http_500"),
        "/binary/": ("extract", "decode_error"),
        "/short/": ("validate", "too_short"),
    }
    # every rejected page that answered has its bytes in the archive
    archived = {p.raw.warc_record_id: p for w in (data / "raw").iterdir() for p in iter_responses(w)}
    for r in rejects.values():
        assert archived[r["raw"]["warc_record_id"]].url == r["url"]
    assert archived[rejects["/binary/"]["raw"]["warc_record_id"]].body == b"\x00\x01\x02\xff" * 64

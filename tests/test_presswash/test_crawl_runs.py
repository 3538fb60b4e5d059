"""Scheduled runs against a local site that changes between crawls: `presswash crawl` as cron
runs it, a real HTTP server on 127.0.0.1 counting every request."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from helpers import REPO, alive, children, read_jsonl
from sitegen import make_article, page_html

from presswash.site_server import SiteServer

SITE = "testsite"


def write_page(root: Path, a, links=()) -> None:
    import random

    target = root / a.path.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page_html(a, 0, random.Random(0), list(links)), "utf-8")


def sites_file(tmp_path: Path, base_url: str, recheck_after: str, **extra) -> Path:
    lines = [f'[[site]]\nname = "{SITE}"\nbase_url = "{base_url}/"\nsitemaps = ["robots"]\nfeeds = ["/feed/"]',
             f'sections = ["/news/"]\nrecheck_after = "{recheck_after}"\ndelay = 0\nconcurrency = 4\nmax_depth = 2']
    lines += [f"{k} = {json.dumps(v)}" for k, v in extra.items()]
    path = tmp_path / f"sites-{recheck_after}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def crawl(sites: Path, data: Path, *more, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                           str(data), "--workers", "2", *more], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def manifest(data: Path, proc: subprocess.CompletedProcess) -> dict:
    return json.loads((data / "runs" / f"{m_run(proc)}.json").read_text())


def m_run(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.split()[1].rstrip(":")


def articles(data: Path) -> list[dict]:
    return [r for f in sorted((data / "articles").rglob("*.jsonl")) for r in read_jsonl(f)]


def count(site: SiteServer, path: str) -> int:
    return site.count(quote(path))  # the server logs request paths as sent: percent-encoded


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_site(root: Path, items: dict, lastmods: dict, news: list, feed: list, section: list,
               missing=()) -> None:
    """Articles (but the missing ones), sitemap (with lastmod), Google News sitemap
    (publication_date), RSS feed, a section page and robots.txt that forbids /private/."""
    for n, a in items.items():
        if n not in missing:
            write_page(root, a)
    urls = "".join(f"<url><loc>{{{{BASE_URL}}}}{items[n].path}</loc><lastmod>{lastmods[n]}</lastmod></url>"
                   for n in lastmods)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
    news_urls = "".join(
        f"<url><loc>{{{{BASE_URL}}}}{items[n].path}</loc><news:news><news:publication><news:name>T</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{items[n].day}"
        f"</news:publication_date><news:title>T</news:title></news:news></url>" for n in news)
    (root / "news-sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{news_urls}</urlset>')
    (root / "feed").mkdir(exist_ok=True)
    feed_items = "".join(f"<item><title>T</title><link>{{{{BASE_URL}}}}{items[n].path}</link>"
                         f"<pubDate>Thu, 14 Mar 2024 10:00:00 +0000</pubDate></item>" for n in feed)
    (root / "feed" / "index.rss").write_text(f'<rss version="2.0"><channel>{feed_items}</channel></rss>')
    (root / "news").mkdir(exist_ok=True)
    links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in section)
    (root / "news" / "index.html").write_text(
        '<html><head><meta property="og:type" content="website"><title>News</title></head>'
        f"<body><ul>{links}</ul></body></html>")
    (root / "robots.txt").write_text(
        "User-agent: *\nDisallow: /private/\n"
        "Sitemap: {{BASE_URL}}/sitemap.xml\nSitemap: {{BASE_URL}}/news-sitemap.xml\n")


def test_a_second_run_fetches_only_what_is_new_or_due(tmp_path):
    import random

    rng = random.Random(7)
    items = {f"a{i}": make_article(i, rng, paragraphs=6) for i in range(1, 8)}
    a7 = items["a7"]  # a path the sitemap gives unescaped, as many Cyrillic-language sites do
    items["a7"] = a7.__class__("жаңалық-7", a7.title, a7.day, a7.body)
    root, data = tmp_path / "site", tmp_path / "data"
    (root / "private" / "secret").mkdir(parents=True)
    (root / "private" / "secret" / "index.html").write_text("<html><body><p>secret</p></body></html>")
    old = {n: items[n].day for n in ("a1", "a2", "a3", "a7")}
    build_site(root, items, old, ["a4"], ["a5"], [items["a5"].path, "/private/secret/"], missing={"a6"})

    with SiteServer(root) as site:
        first = crawl(sites_file(tmp_path, site.base_url, "0s"), data)
        assert first.returncode == 0, first.stderr[-3000:]
        run1 = {unquote(r["url"].removeprefix(site.base_url)): r for r in articles(data)}
        assert sorted(run1) == sorted(items[n].path for n in ("a1", "a2", "a3", "a4", "a5", "a7"))
        assert all(r["revision"] == 1 and r["previous_content_hash"] == "" for r in run1.values())
        before = {p: count(site, p) for p in (a.path for a in items.values())}
        assert set(before.values()) == {0, 1}  # each article fetched once in the first run

        # Between the runs: a2 edited, a3 re-dated but the same, a5 deleted, a6 new.
        later = stamp(datetime.now(UTC) + timedelta(minutes=5))
        edited = items["a2"].__class__(items["a2"].slug, items["a2"].title, items["a2"].day,
                                       ("A correction was added to this story on Friday.",) + items["a2"].body)
        items["a2"] = edited
        (root / items["a5"].path.strip("/") / "index.html").unlink()
        build_site(root, items, {"a1": old["a1"], "a2": later, "a3": later, "a6": later, "a7": old["a7"]},
                   ["a4"], ["a5"],
                   [items["a5"].path, items["a6"].path, "/private/secret/"], missing={"a5"})
        second = crawl(sites_file(tmp_path, site.base_url, "0s"), data)
        assert second.returncode == 0, second.stderr[-3000:]
        requests = {n: count(site, a.path) - before[a.path] for n, a in items.items()}
        statuses = {p: s for _, p, s in site.requests}
        # a1, a7 and a4: unchanged by sitemap lastmod and news:publication_date, not requested;
        # a2: changed; a3: conditional GET answered 304; a5: gone; a6: new
        assert requests == {"a1": 0, "a2": 1, "a3": 1, "a4": 0, "a5": 1, "a6": 1, "a7": 0}
        assert statuses[items["a3"].path] == 304 and statuses[items["a5"].path] == 404
        assert site.count("/private/secret/") == 0 and site.count("/robots.txt") >= 2

        m = manifest(data, second)["sites"][SITE]
        assert (m["new"], m["updated"], m["not_modified"]) == (1, 1, 1)
        assert m["skipped"] == {"unchanged_since_lastmod": 3}  # a1, a4 and a7
        rejects = [r for f in (data / "rejects").glob(f"rejects-{m_run(second)}-*.jsonl") for r in read_jsonl(f)]
        assert {"url": site.base_url + items["a5"].path, "reason": "http_404"} in [
            {"url": r["url"], "reason": r["reason"]} for r in rejects]
        written = [r for r in articles(data) if unquote(r["url"].removeprefix(site.base_url)) not in run1
                   or r["revision"] > 1]
        by_path = {unquote(r["url"].removeprefix(site.base_url)): r for r in written}
        assert sorted(by_path) == sorted([items["a2"].path, items["a6"].path])
        a2 = by_path[items["a2"].path]
        assert (a2["revision"], a2["previous_content_hash"]) == (2, run1[items["a2"].path]["content_hash"])
        assert a2["id"] == run1[items["a2"].path]["id"] and by_path[items["a6"].path]["revision"] == 1

        # Within the freshness window nothing is fetched again, not even with a conditional GET.
        counts = {a.path: count(site, a.path) for a in items.values()}
        third = crawl(sites_file(tmp_path, site.base_url, "1h"), data)
        assert third.returncode == 0, third.stderr[-3000:]
        assert {a.path: count(site, a.path) for a in items.values()} == counts
        m3 = manifest(data, third)["sites"][SITE]
        assert m3["requests"] > 0  # hubs are always read
        # Each page counted once however many hubs list it: a1-a7 fresh, and /private/ too (its
        # robots.txt refusal is an answer that lasts the freshness window, like a 404).
        assert (m3["skipped"], m3["discovered"]) == ({"fresh": 8}, 8)


def test_runs_over_the_same_site_never_overlap(tmp_path):
    import random

    root, data = tmp_path / "site", tmp_path / "data"
    rng = random.Random(1)
    items = {f"a{i}": make_article(i, rng, paragraphs=4) for i in range(8)}
    build_site(root, items, {n: a.day for n, a in items.items()}, [], [], [])
    with SiteServer(root, delay=0.4) as site:
        sites = sites_file(tmp_path, site.base_url, "0s")
        first = subprocess.Popen([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites),
                                  "--data-dir", str(data), "--workers", "1"], cwd=REPO, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        lock = data / "locks" / f"{SITE}.lock"
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        started = time.monotonic()
        second = crawl(sites, data)
        assert second.returncode == 75
        assert "not started" in second.stderr and f"pid {first.pid}" in second.stderr
        assert time.monotonic() - started < 15  # refused at once, not after waiting
        out, err = first.communicate(timeout=120)
        assert first.returncode == 0, err[-3000:]


def _revisions(data: Path) -> int:
    try:
        with sqlite3.connect(data / "state.sqlite") as db:
            return db.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def crawl_until_written(sites: Path, data: Path, articles_written: int) -> subprocess.Popen:
    """A crawl in the background, returned once it has written that many articles (still running)."""
    proc = subprocess.Popen([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                             str(data), "--workers", "2"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while _revisions(data) < articles_written and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl finished before it could be disturbed"
    return proc


def test_a_killed_run_resumes_without_losing_or_duplicating(tmp_path):

    from sitegen import write_site

    root = tmp_path / "site"
    write_site(root, n=40, kb=20, seed=3)
    with SiteServer(root, delay=0.05) as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "{SITE}"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         'delay = 0\nconcurrency = 2\nrecheck_after = "1h"\n')
        reference = crawl(sites, tmp_path / "reference")
        assert reference.returncode == 0, reference.stderr[-3000:]
        want = sorted((r["id"], r["content_hash"]) for r in articles(tmp_path / "reference"))
        assert len(want) == 40

        data = tmp_path / "data"
        victim = crawl_until_written(sites, data, 8)
        workers = children(victim.pid)
        assert workers  # the cleaning processes
        os.kill(victim.pid, signal.SIGKILL)  # the crawler alone, as the OOM killer would
        victim.wait()
        assert 0 < _revisions(data) < 40
        assert any(data.rglob("*.inprogress")) or any(data.rglob("*.open"))  # it died mid-write

        resumed = crawl(sites, data)  # not refused: no orphaned worker holds the site's lock
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert not any(alive(pid) for pid in workers)  # and none is left behind
        assert manifest(data, resumed)["recovered_runs"]
        got = sorted((r["id"], r["content_hash"]) for r in articles(data))
        assert got == want  # exactly the uninterrupted crawl's articles: none lost, none twice
        assert not any(data.rglob("*.inprogress")) and not any(data.rglob("*.open"))
        check = subprocess.run([sys.executable, "-c", "from warcio.cli import main; main()", "check",
                                *map(str, (data / "raw").iterdir())], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_retries_wait_for_retry_after(tmp_path):
    import random

    rng = random.Random(5)
    items = {f"a{i}": make_article(i, rng, paragraphs=4) for i in range(2)}
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, items, {n: a.day for n, a in items.items()}, [], [], [])
    with SiteServer(root) as site:
        path, later = items["a0"].path, items["a1"].path
        site.canned[path] = [(429, {"Retry-After": "2", "Content-Type": "text/html"}, b"slow down"), None]
        site.canned[later] = [(503, {"Retry-After": "3600", "Content-Type": "text/html"}, b"back in an hour"), None]
        sites = sites_file(tmp_path, site.base_url, "1h")
        proc = crawl(sites, data)
        assert proc.returncode == 0, proc.stderr[-3000:]
        times = [t for t, p in site.times if p == path]
        assert len(times) == 2 and times[1] - times[0] >= 1.9
        # longer than PRESSWASH_RETRY_MAX_DELAY: not retried in this run, rejected, still due
        assert [p for _, p in site.times].count(later) == 1
        assert [unquote(r["url"]).endswith(path) for r in articles(data)] == [True]
        again = crawl(sites, data)
        assert again.returncode == 0, again.stderr[-3000:]
        assert [p for _, p in site.times].count(later) == 2 and [p for _, p in site.times].count(path) == 2
        assert len(articles(data)) == 2


def test_a_site_that_fails_entirely_gives_a_non_zero_exit(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "gone"\nbase_url = "http://127.0.0.1:9/"\nsections = ["/"]\n'
                     'delay = 0\n')
    proc = crawl(sites, tmp_path / "data", "-s", "PRESSWASH_RETRY_BASE_DELAY=0.1", timeout=180)
    assert proc.returncode == 1
    m = manifest(tmp_path / "data", proc)
    assert m["exit_code"] == 1 and m["sites"]["gone"]["status"] == "failed"


@pytest.mark.parametrize("args,code,message", [
    (["--site", "nope"], 2, "no site named 'nope'"),
    (["-s", "DOWNLOAD_DELAY"], 2, "expected NAME=VALUE"),
])
def test_bad_invocations(tmp_path, args, code, message):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "a"\nbase_url = "http://127.0.0.1:9/"\n')
    proc = crawl(sites, tmp_path / "data", *args)
    assert proc.returncode == code and message in proc.stderr


def test_sites_of_one_run_keep_their_own_cleaner_additions(tmp_path):
    """Two sites in one run, one pool of cleaning processes: only the site that lists a line in
    extra_boilerplate loses it."""
    import random

    rng = random.Random(11)
    promo = "Testsite Morning Briefing: the day's news in your inbox at 7am"
    items = {f"a{i}": make_article(i, rng, paragraphs=5) for i in range(3)}
    items = {n: a.__class__(a.slug, a.title, a.day, a.body + (promo,)) for n, a in items.items()}
    root, data = tmp_path / "site", tmp_path / "data"
    build_site(root, items, {n: a.day for n, a in items.items()}, [], [], [])
    with SiteServer(root) as plain, SiteServer(root) as tuned:
        sites = tmp_path / "sites.toml"
        common = 'sitemaps = ["robots"]\ndelay = 0\nmax_depth = 0\n'
        sites.write_text(f'[[site]]\nname = "plain"\nbase_url = "{plain.base_url}/"\n{common}'
                         f'[[site]]\nname = "tuned"\nbase_url = "{tuned.base_url}/"\n{common}'
                         'extra_boilerplate = ["Testsite Morning Briefing"]\n')
        proc = crawl(sites, data)
        assert proc.returncode == 0, proc.stderr[-3000:]
    by_site = {}
    for r in articles(data):
        by_site.setdefault(r["url"].startswith(plain.base_url) and "plain" or "tuned", []).append(r)
    assert len(by_site["plain"]) == len(by_site["tuned"]) == 3
    assert all(r["text"].endswith(promo) for r in by_site["plain"])
    for r in by_site["tuned"]:
        assert promo not in r["text"]
        assert [(x["reason"], x["text"]) for x in r["audit"]["removed"]] == [("site_phrase", promo)]
        plain_text = next(p["text"] for p in by_site["plain"] if p["id"] == r["id"])
        assert plain_text == r["text"] + "\n\n" + promo  # nothing else differs
    assert set(manifest(data, proc)["sites"]) == {"plain", "tuned"}
    # Re-cleaning the archive with the sites file gives each page its site's options again.
    out = tmp_path / "reclean.jsonl"
    again = subprocess.run([sys.executable, "-m", "presswash.cli", "clean", *map(str, (data / "raw").iterdir()),
                            "--sites", str(sites), "-o", str(out), "--no-progress"], cwd=REPO, capture_output=True,
                           text=True)
    assert again.returncode == 0, again.stderr[-3000:]
    assert {r["url"]: (r["text"], r["audit"]) for r in read_jsonl(out)} == {
        r["url"]: (r["text"], r["audit"]) for r in articles(data)}


def test_a_cleaning_process_killed_mid_crawl_costs_no_article(tmp_path):
    from sitegen import write_site

    root = tmp_path / "site"
    write_site(root, n=30, kb=20, seed=4)
    with SiteServer(root, delay=0.05) as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "{SITE}"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         'delay = 0\nconcurrency = 2\nmax_depth = 0\n')
        data = tmp_path / "data"
        proc = crawl_until_written(sites, data, 5)
        servers = [p for p in children(proc.pid) if b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()]
        workers = [w for p in servers for w in children(p)]  # forked by the forkserver
        assert workers
        os.kill(workers[0], signal.SIGKILL)  # the OOM killer's choice
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    assert len({r["id"] for r in articles(data)}) == 30 and len(articles(data)) == 30


def test_deny_and_allow_apply_to_every_candidate_page(tmp_path):
    """Path-anchored patterns, as the sites file documents them, for pages found by a sitemap and
    by a section page's links alike."""
    import random

    rng = random.Random(2)
    items = {f"a{i}": make_article(i, rng, paragraphs=4) for i in range(1, 5)}  # a1: 2024-02-02
    root, data = tmp_path / "site", tmp_path / "data"
    paths = [a.path for a in items.values()]
    build_site(root, items, {n: a.day for n, a in items.items()}, [], [], paths + ["/about/"])
    with SiteServer(root) as site:
        proc = crawl(sites_file(tmp_path, site.base_url, "0s", deny=["^/2024/02/"], allow=["^/20"]), data)
        assert proc.returncode == 0, proc.stderr[-3000:]
        requested = {p for _, p, _ in site.requests}
    assert items["a1"].path not in requested and "/about/" not in requested
    assert {items[n].path for n in ("a2", "a3", "a4")} <= requested
    skipped = manifest(data, proc)["sites"][SITE]["skipped"]
    assert skipped["denied"] >= 1 and skipped["not_allowed"] >= 1

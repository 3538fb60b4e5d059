"""A crawl shared by two `presswash crawl` processes over a real redis-server, against a local site
of 300 articles served on 127.0.0.1 with every request counted: each page is fetched once between
the two nodes and their articles are a single-process crawl's; a node SIGKILLed mid-run and
restarted leaves the article set exact, with no line twice."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers import REPO, read_jsonl
from redis_server import RedisServer, redis_binary
from sitegen import write_site

from presswash.site_server import SiteServer

PAGES = 300


def sites_file(path: Path, base_url: str, state: str = "", recheck_after: str = "0s", concurrency: int = 4) -> Path:
    defaults = f'[defaults]\nstate = "{state}"\n' if state else ""
    path.write_text(f'{defaults}[[site]]\nname = "gazette"\nbase_url = "{base_url}/"\nsitemaps = ["robots"]\n'
                    f'delay = 0\nconcurrency = {concurrency}\nrecheck_after = "{recheck_after}"\nmax_depth = 1\n')
    return path


def start_crawl(sites: Path, data: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                             str(data), "--workers", "1", "--no-templates", "-s", "LOG_LEVEL=WARNING", *more],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float = 90) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"exit {proc.returncode}:\n{out}\n{err[-3000:]}"
    return out


def article_lines(*data_dirs: Path) -> list[dict]:
    return [r for d in data_dirs for f in sorted((d / "articles").rglob("*.jsonl")) for r in read_jsonl(f)]


def identity(r: dict) -> tuple:
    """What an article is, whichever process wrote it and when."""
    return r["id"], r["url"], r["content_hash"], r["revision"]


def page_fetches(site: SiteServer, start: int = 0) -> Counter:
    return Counter(path for _, path, _ in site.requests[start:] if path != "/robots.txt")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    redis_binary()  # skip (or, on CI, fail) before building anything
    root = tmp_path_factory.mktemp("site")
    articles = write_site(root, PAGES, kb=4)
    with SiteServer(root) as server:
        server.article_paths = {a.path for a in articles}
        yield server


@pytest.fixture(scope="module")
def single(site, tmp_path_factory):
    """The reference: one process, the default SQLite state."""
    tmp = tmp_path_factory.mktemp("single")
    start = len(site.requests)
    finish(start_crawl(sites_file(tmp / "sites.toml", site.base_url), tmp / "data"))
    lines = article_lines(tmp / "data")
    assert {r["url"].removeprefix(site.base_url) for r in lines} == site.article_paths
    assert set(page_fetches(site, start).values()) == {1}
    return {identity(r) for r in lines}


def test_two_nodes_fetch_each_page_once_and_write_what_one_process_writes(site, single, tmp_path):
    with RedisServer(tmp_path / "redis") as redis:
        sites = sites_file(tmp_path / "sites.toml", site.base_url, state=redis.url)  # [defaults] state
        start = len(site.requests)
        nodes = [start_crawl(sites, tmp_path / f"data-{n}", "--join", "--node", n) for n in "ab"]
        outs = [finish(p) for p in nodes]
        fetches = page_fetches(site, start)
        assert set(fetches.values()) == {1}, {p: n for p, n in fetches.items() if n > 1}
        assert site.article_paths <= set(fetches)
        lines = article_lines(tmp_path / "data-a", tmp_path / "data-b")
        assert Counter(identity(r) for r in lines).most_common(1)[0][1] == 1  # no line twice
        assert {identity(r) for r in lines} == single
        by_node = {n: article_lines(tmp_path / f"data-{n}") for n in "ab"}
        assert all(by_node.values()), "both nodes took a share of the pages"
        # every file name carries its node; the run is one, its manifest lists both nodes' counts
        for n in "ab":
            assert all(f"-{n}-" in f.name for f in (tmp_path / f"data-{n}" / "raw").iterdir())
            assert all(f"-{n}-" in f.name for f in (tmp_path / f"data-{n}" / "articles").rglob("*.jsonl"))
        runs = {out.split()[1].rstrip(":") for out in outs}
        assert len(runs) == 1
        run_id = runs.pop()
        manifests = [json.loads((tmp_path / f"data-{n}" / "runs" / f"{run_id}.json").read_text()) for n in "ab"]
        last = max(manifests, key=lambda m: sum(v.get("status") == "finished" for v in m["nodes"].values()))
        assert len(last["nodes"]) == 2 and all(v["status"] == "finished" for v in last["nodes"].values())
        assert last["totals"]["gazette"]["new"] == len(single)
        assert sorted(m["joined"] for m in manifests) == [False, True]


def test_a_node_killed_mid_run_and_restarted_leaves_the_articles_exact(site, single, tmp_path):
    with RedisServer(tmp_path / "redis") as redis:
        # a slower site (one request at a time per node), so that the kill lands mid-run; a short
        # lease, so that the other node may also take the dead one's requests before its restart
        site.delay = 0.01
        sites = sites_file(tmp_path / "sites.toml", site.base_url, recheck_after="1d", concurrency=1)
        more = ("--state", redis.url, "--join", "-s", "PRESSWASH_REDIS_LEASE_SECONDS=2")
        start = len(site.requests)
        try:
            a = start_crawl(sites, tmp_path / "data-a", *more, "--node", "a")
            b = start_crawl(sites, tmp_path / "data-b", *more, "--node", "b")
            deadline = time.monotonic() + 60
            while sum(len(p.read_bytes().splitlines()) for p in (tmp_path / "data-b").rglob(".part-*")) < 20:
                assert time.monotonic() < deadline and b.poll() is None, "node b wrote no article in time"
                time.sleep(0.05)
            os.kill(b.pid, signal.SIGKILL)
            b.communicate()
            restarted = start_crawl(sites, tmp_path / "data-b", *more, "--node", "b")
            out_a, out_b = finish(a), finish(restarted)
        finally:
            site.delay = 0.0
        lines = article_lines(tmp_path / "data-a", tmp_path / "data-b")
        twice = [k for k, n in Counter(identity(r) for r in lines).items() if n > 1]
        assert not twice, twice
        assert {identity(r) for r in lines} == single
        fetches = page_fetches(site, start)
        assert site.article_paths <= set(fetches)
        # fetched again: at most what the killed node had in flight (Scrapy hands out 16 at a time)
        assert sum(n - 1 for n in fetches.values()) <= 16
        manifest_b = json.loads((tmp_path / "data-b" / "runs" / f"{out_b.split()[1].rstrip(':')}.json").read_text())
        recovered = manifest_b["recovered_runs"]
        counts = {k: {x: v[x] for x in v if not isinstance(v[x], list)} for k, v in recovered.items()}
        print(f"re-fetched {sum(n - 1 for n in fetches.values())}; joined {manifest_b['joined']}; recovered {counts}")
        assert len(recovered) == 1 and next(iter(recovered)).endswith(f"-b-{b.pid}")
        assert not list((tmp_path / "data-b").rglob(".part-*")) and not list((tmp_path / "data-b").rglob("*.open"))
        manifest_a = json.loads((tmp_path / "data-a" / "runs" / f"{out_a.split()[1].rstrip(':')}.json").read_text())
        if manifest_a["run_id"] == manifest_b["run_id"]:  # the restart joined the run: a's manifest says so
            assert manifest_a["nodes"] or manifest_b["nodes"]
            statuses = {**manifest_a["nodes"], **manifest_b["nodes"]}
            assert statuses[f"b-{b.pid}"]["status"] == "killed"


def test_join_and_node_need_a_redis_state_and_state_is_one_for_the_crawl(tmp_path):
    from helpers import run_cli

    sites = sites_file(tmp_path / "sites.toml", "http://127.0.0.1:9")
    proc = run_cli("crawl", "--sites", sites, "--data-dir", tmp_path / "data", "--join", check=False)
    assert proc.returncode == 2 and "--join and --node need a Redis crawl state" in proc.stderr
    sites.write_text(sites.read_text() + 'state = "redis://127.0.0.1:9/0"\n')  # in the [[site]] table
    proc = run_cli("crawl", "--sites", sites, "--data-dir", tmp_path / "data", check=False)
    assert proc.returncode == 2 and "set it in [defaults]" in proc.stderr

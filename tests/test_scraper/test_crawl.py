"""A real Scrapy crawl (`scrapy crawl news` from the repo root) of the bundled demo site,
served by a real HTTP server on 127.0.0.1; then `presswash clean` over the crawl's WARC."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from golden import compare, load_expected
from helpers import FIXTURES, REPO, read_jsonl, run_cli

from output.schema import validate_lines
from presswash.site_server import SiteServer, demo_site_root
from scraper.warc import iter_responses

EXPECTED = {e["canonical_url"]: e for e in map(load_expected, (FIXTURES / "demo_expected").glob("*.json"))}


@pytest.fixture(scope="module")
def site():
    with SiteServer(demo_site_root()) as server:
        yield server


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={site.base_url}/",
         "-s", f"PRESSWASH_DATA_DIR={data}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "PRESSWASH_RUN_ID=test"],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return data


def articles(data: Path) -> list[dict]:
    return [r for f in sorted((data / "articles").rglob("*.jsonl")) for r in read_jsonl(f)]


def rejects(data: Path) -> list[dict]:
    return [r for f in sorted((data / "rejects").rglob("*.jsonl")) for r in read_jsonl(f)]


def test_every_demo_article_is_written_once(crawl):
    got = [a["canonical_url"] for a in articles(crawl)]
    assert sorted(got) == sorted(EXPECTED)


def test_article_metadata_matches_the_pages(crawl):
    for a in articles(crawl):
        want = EXPECTED[a["canonical_url"]]
        assert (a["title"], sorted(a["authors"]), a["language"]) == (want["title"], sorted(want["authors"]),
                                                                     want["language"])
        assert a["published"].startswith(want["published"])


def test_the_seed_article_comes_out_exactly(crawl):
    [seed] = [a for a in articles(crawl) if "expansion-of-administrative-units" in a["url"]]
    assert compare(seed, load_expected(FIXTURES / "seed" / "expected.json")) == {}


def test_non_article_pages_are_rejected_with_a_reason(crawl, site):
    by_path = {r["url"].removeprefix(site.base_url): r for r in rejects(crawl)}
    for path in ("/contact/", "/about/", "/tag/children/", "/category/society/", "/category/society/page/2/"):
        assert by_path[path]["reason"] == "not_article", path
        assert by_path[path]["raw"]["warc_file"]  # its bytes are in the archive
    assert "/contact/" in {r["url"].removeprefix(site.base_url) for r in rejects(crawl) if r["stage"] == "extract"}
    assert "/" not in by_path  # the start page is a hub the crawl reads for links, not a candidate article


def test_robots_txt_is_obeyed(crawl, site):
    paths = {p for _, p, _ in site.requests}
    assert "/robots.txt" in paths and "/sitemap.xml" in paths and "/feed/" in paths
    assert "/login/" not in paths and "/subscribe/" not in paths


def test_outputs_are_schema_valid_and_complete(crawl):
    for kind, schema in (("articles", "article"), ("rejects", "reject")):
        files = [f for f in (crawl / kind).rglob("*") if f.is_file()]
        assert files
        for f in files:
            assert f.suffix == ".jsonl" and not f.name.startswith(".")  # no in-progress leftovers
            assert list(validate_lines(open(f, "rb"), schema)) == []
    for record in articles(crawl):  # partitioned by publication day
        assert f"date={record['published'][:10]}" in {p.parent.name for p in (crawl / "articles").rglob("*.jsonl")}


def test_warc_is_valid_and_holds_every_article(crawl):
    [warc] = list((crawl / "raw").iterdir())
    assert warc.name.endswith(".warc.gz")
    check = subprocess.run([sys.executable, "-c", "from warcio.cli import main; main()", "check", str(warc)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    records = {p.raw.warc_record_id: p for p in iter_responses(warc)}
    for a in articles(crawl):
        assert a["raw"]["warc_file"] == warc.name
        assert records[a["raw"]["warc_record_id"]].raw.payload_digest == a["raw"]["payload_digest"]


def test_recleaning_the_warc_gives_the_same_article_lines(crawl, tmp_path):
    [warc] = list((crawl / "raw").iterdir())
    out = tmp_path / "again.jsonl"
    run_cli("clean", warc, "-o", out, "--workers", "2")
    crawl_lines = sorted(line for f in (crawl / "articles").rglob("*.jsonl") for line in f.read_bytes().splitlines())
    assert sorted(out.read_bytes().splitlines()) == crawl_lines  # the very same lines, byte for byte
    again = {r["url"] for r in read_jsonl(tmp_path / "again.rejects.jsonl")}
    assert again == {r["url"] for r in rejects(crawl) if r["raw"]}  # robots.txt refusals were never fetched


def test_an_uncompressed_warc_cleans_to_the_same_articles(crawl, tmp_path):
    [warc] = list((crawl / "raw").iterdir())
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(warc.read_bytes()))  # every record is its own gzip member
    out = tmp_path / "plain.jsonl"
    run_cli("clean", plain, "-o", out)
    strip = lambda r: json.dumps({k: v for k, v in r.items() if k != "raw"})  # noqa: E731 (offsets differ)
    assert sorted(map(strip, read_jsonl(out))) == sorted(map(strip, articles(crawl)))

"""Scrapy's own feed exports write articles: `scrapy crawl news -a url=... -O out.jsonl` (and .csv)
as a Scrapy user types it, from the repo root, against the demo site on 127.0.0.1."""

import csv
import json
import subprocess
import sys

import pytest
from helpers import REPO

from output.schema import record_errors
from presswash.site_server import SiteServer, demo_site_root


@pytest.fixture(scope="module")
def site():
    with SiteServer(demo_site_root()) as server:
        yield server


def scrapy_crawl(site, out, data) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={site.base_url}/", "-O",
                           str(out), "-s", f"PRESSWASH_DATA_DIR={data}", "-s", "AUTOTHROTTLE_START_DELAY=0",
                           "-s", "DOWNLOAD_DELAY=0"], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_json_lines_feed_holds_the_articles(site, tmp_path):
    proc = scrapy_crawl(site, tmp_path / "out.jsonl", tmp_path / "data")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "not JSON serializable" not in proc.stderr and "Dropped:" not in proc.stderr
    feed = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert len(feed) == 9 and all(record_errors(r, "article")[1] == [] for r in feed)
    written = [json.loads(line) for f in sorted((tmp_path / "data" / "articles").rglob("*.jsonl"))
               for line in f.read_text("utf-8").splitlines()]
    assert sorted(feed, key=lambda r: r["id"]) == sorted(written, key=lambda r: r["id"])  # the very records
    assert any(r["language"] == "ru" for r in feed) and "\\u04" not in (tmp_path / "out.jsonl").read_text("utf-8")


def test_csv_feed_keeps_nested_fields_as_json(site, tmp_path):
    proc = scrapy_crawl(site, tmp_path / "out.csv", tmp_path / "data")
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 9 and rows[0]["schema_version"] == "2.1.0"
    for row in rows:
        assert isinstance(json.loads(row["authors"]), list)
        assert json.loads(row["raw"])["payload_digest"].startswith("sha1:")
        assert set(json.loads(row["audit"])) == {"removed", "replaced", "site_template"}

"""`presswash report`, `crawl --report`, `clean --report`: the data behind the tables, the
before/after alignment, windows of runs, and bad input. Real crawls of the demo site on 127.0.0.1."""

import json
import re
from pathlib import Path

import pytest
from helpers import read_jsonl, run_cli

from presswash.report.beforeafter import KEPT, REMOVED, UNAUDITED, align
from presswash.report.collect import collect
from presswash.report.render import _repaired
from presswash.report.sources import UsageError, parse_since, select_runs
from presswash.site_server import SiteServer, demo_site_root

pytest.importorskip("matplotlib", reason="the report extra (matplotlib) is a test extra")


def line(text_blocks, removed=(), replaced=()):
    return {"id": "x" * 32, "text": "\n\n".join(text_blocks),
            "audit": {"removed": [{"step": s, "reason": r, "text": t} for t, s, r in removed],
                      "replaced": [{"step": "fix_mixed_scripts", "rule": "homoglyph", "from": a, "to": b, "count": 1}
                                   for a, b in replaced]}}


def test_align_puts_removals_where_the_page_had_them():
    draft = ["Read also: the other story", "First paragraph.", "📈 Banner 📉", "Second  paragraph.",
             "Share this on Facebook"]
    got = align(draft, line(["First paragraph.", "Second paragraph."],
                            [("Read also: the other story", "strip_boilerplate", "read_also"),
                             ("📈 Banner 📉", "strip_boilerplate", "emoji_banner"),
                             ("Share this on Facebook", "strip_boilerplate", "share_line")]))
    assert [(b.status, b.reason) for b in got] == [(REMOVED, "read_also"), (KEPT, None), (REMOVED, "emoji_banner"),
                                                  (KEPT, None), (REMOVED, "share_line")]
    assert got[3].text == "Second paragraph."  # the output's text, not the draft's


def test_align_matches_repaired_blocks_and_shows_what_it_cannot_place():
    # the draft still holds the Cyrillic look-alike; the output and the audit have the repair
    draft = ["Director Тemirov spoke.", "A caption nothing kept", "Closing words of the story here."]
    got = align(draft, line(["Director Temirov spoke.", "Closing words of the story here!"],
                            replaced=[("Тemirov", "Temirov")]))
    assert [b.status for b in got] == [KEPT, UNAUDITED, KEPT]  # "!" for "." is within the fuzzy match
    no_raw = align(None, line(["Kept."], [("Gone.", "validate", "x")]))
    assert [(b.status, b.text) for b in no_raw] == [(KEPT, "Kept."), (REMOVED, "Gone.")]


def test_repairs_are_shown_from_to():
    html = _repaired("Director Temirov & co.", [{"step": "fix_mixed_scripts", "rule": "homoglyph",
                                                 "from": "Тemirov", "to": "Temirov", "count": 1}])
    assert "<del>Тemirov</del>→<ins>Temirov</ins>" in html and "&amp; co." in html


def test_since_windows():
    from datetime import UTC, datetime

    now = datetime(2026, 1, 8, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_since("90m", now).hour == 22
    with pytest.raises(UsageError, match="like 90m"):
        parse_since("a week", now)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Two scheduled runs of the demo site, the first with --report."""
    tmp = tmp_path_factory.mktemp("runs")
    data = tmp / "data"
    sites = tmp / "sites.toml"
    with SiteServer(demo_site_root()) as site:
        text = (Path(__file__).resolve().parents[2] / "sites.example.toml").read_text("utf-8")
        sites.write_text(text.replace("http://127.0.0.1:8765/", site.base_url + "/")
                         .replace('recheck_after = "6h"', 'recheck_after = "0s"').replace("delay = 0.5", "delay = 0"))
        first = run_cli("crawl", "--sites", sites, "--data-dir", data, "--workers", "1", "--report", tmp / "first.html")
        second = run_cli("crawl", "--sites", sites, "--data-dir", data, "--workers", "1")
    return data, tmp, first, second


def test_crawl_report_is_the_report_of_its_run(crawled):
    data, tmp, first, _ = crawled
    run_id = first.stdout.split()[1].rstrip(":")
    assert f"presswash crawl: report {tmp / 'first.html'}" in first.stdout
    again = run_cli("report", run_id, "--data-dir", data, "-o", tmp / "again.html")
    assert "9 articles, 6 rejected" in again.stdout
    # the same files give the same bytes, whoever writes the report and when
    assert (tmp / "first.html").read_bytes() == (tmp / "again.html").read_bytes()
    html = (tmp / "first.html").read_text("utf-8")
    for heading in ("Runs: per site", "Rejected pages by stage and reason", "Removals by step and reason",
                    "Words per article", "Languages", "Mixed-script repairs", "HTTP status mix and latency",
                    "slowest fetches"):
        assert heading in html
    assert len(re.findall(r"<svg\b", html)) >= 7
    assert "http://" not in html.split("<main>")[0]  # no stylesheet, font or script from anywhere
    assert "<script" not in html
    # every removal reason of the articles is a row, with the right block count
    lines = [r for f in (data / "articles").rglob("*.jsonl") for r in read_jsonl(f)]
    link_lines = sum(1 for r in lines for x in r["audit"]["removed"] if x["reason"] == "link_line")
    assert re.search(rf"<td>link_line</td><td class=\"n\">{link_lines}</td>", html)
    assert 'href="#removed-strip_boilerplate-link_line"' in html
    assert re.search(r"<td>extract</td><td>not_article</td><td class=\"n\">4</td>", html)
    # latency recorded in the WARC, and the slowest fetches link their article's view
    assert "p50 ms" in html and "before/after</a>" in html


def test_window_covers_both_runs_over_time(crawled):
    data, tmp, _, second = crawled
    proc = run_cli("report", "--since", "1d", "--data-dir", data, "-o", tmp / "week.html")
    assert proc.stdout.startswith("presswash report: 2 run(s), 9 articles")  # the second run wrote nothing new
    html = (tmp / "week.html").read_text("utf-8")
    again = json.loads((data / "runs" / (second.stdout.split()[1].rstrip(":") + ".json")).read_text())
    not_modified = again["sites"]["steppe-digest-demo"]["not_modified"]
    assert not_modified >= 9  # the server answered 304 for every article
    assert html.count("<td>steppe-digest-demo</td>") >= 2  # one row per run
    row = "<td>steppe-digest-demo</td>" + '<td class="n">0</td>' * 3 + f'<td class="n">{not_modified}</td>'
    assert row in html


def test_one_article_page(crawled):
    data, tmp, _, _ = crawled
    some = next(r for f in sorted((data / "articles").rglob("*.jsonl")) for r in read_jsonl(f))
    out = tmp / "one.html"
    run_cli("report", "--since", "1d", "--data-dir", data, "--article", some["id"], "-o", out)
    html = out.read_text("utf-8")
    assert html.count('class="blk removed"') == len(some["audit"]["removed"])
    assert "raw page not found" not in html  # placed in page order, from the WARC record


def test_clean_report_over_warcs_and_html_files(crawled, tmp_path):
    data, _, _, _ = crawled
    warcs = sorted((data / "raw").glob("*.warc.gz"))
    proc = run_cli("clean", *warcs, "-o", tmp_path / "a.jsonl", "--no-progress", "--report", tmp_path / "c.html")
    assert f"report {tmp_path / 'c.html'}" in proc.stdout
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "9 articles" in html and "p50 ms" in html and "raw page not found" not in html
    pages = sorted(p for p in demo_site_root().rglob("index.html") if "/2024/" in str(p))
    run_cli("clean", *pages, "-o", tmp_path / "h.jsonl", "--no-progress", "--report", tmp_path / "h.html")
    html = (tmp_path / "h.html").read_text("utf-8")
    assert "nothing was fetched" in html and "raw page not found" not in html
    assert html.count('class="blk removed"') > 9


def test_bad_input_is_one_line(tmp_path):
    proc = run_cli("report", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr.strip() == f"presswash report: {tmp_path}: no runs/ folder " \
                                                           "(not a crawl's data folder?)"
    (tmp_path / "runs").mkdir()
    proc = run_cli("report", "nope", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 1 and "no run 'nope'" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("report", "--since", "soon", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    proc = run_cli("report", "x", "--since", "1d", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 2


def test_collect_is_bounded_by_the_examples(crawled):
    data, _, _, _ = crawled
    d = collect(select_runs(data, since="1d"), examples_per_reason=1)
    assert all(len(ids) <= 1 for ids in d.examples.values())
    assert len(d.lines) <= len(d.examples) + len(d.slowest)


def test_report_of_a_parquet_crawl(tmp_path):
    pytest.importorskip("output.parquet", reason="Parquet output is not in this tree")
    run_cli("demo", "--data-dir", tmp_path, "--format", "parquet")
    assert list((tmp_path / "articles").rglob("*.parquet"))
    proc = run_cli("report", "--data-dir", tmp_path, "-o", tmp_path / "r.html")
    assert "9 articles, 6 rejected" in proc.stdout
    assert "raw page not found" not in (tmp_path / "r.html").read_text("utf-8")

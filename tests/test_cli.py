"""The presswash command as users run it: demo, clean, validate."""

import json
import shutil

from golden import compare, load_expected
from helpers import SEED, read_jsonl, run_cli


def test_demo_crawls_the_bundled_site_and_reports(tmp_path):
    proc = run_cli("demo", "--data-dir", tmp_path / "d")
    out = proc.stdout
    assert "articles written  9" in out and "not_article" in out
    for folder in ("raw", "articles", "rejects"):
        files = list((tmp_path / "d" / folder).iterdir())
        assert files and not any(f.name.startswith(".") or f.name.endswith(".open") for f in files)
    assert sum(len(read_jsonl(f)) for f in (tmp_path / "d" / "articles").iterdir()) == 9


def test_clean_an_html_file(tmp_path):
    out = tmp_path / "seed.jsonl"
    proc = run_cli("clean", SEED / "page.html", "-o", out, "--no-progress")
    [record] = read_jsonl(out)
    assert record["url"] == (SEED / "page.html").resolve().as_uri()
    assert record["fetched_at"] is None and record["raw"]["warc_file"] is None
    assert compare(record, load_expected(SEED / "expected.json")) == {}
    assert (tmp_path / "seed.rejects.jsonl").read_text() == ""
    assert "1 articles" in proc.stdout


def test_clean_with_url_and_same_bytes_every_time(tmp_path):
    url = "https://steppe-digest.example/2024/03/14/expansion/"
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_cli("clean", SEED / "page.html", "--url", url, "-o", a)
    run_cli("clean", SEED / "page.html", "--url", url, "-o", b, "--workers", "1")
    assert a.read_bytes() == b.read_bytes()
    assert read_jsonl(a)[0]["url"] == url


def test_clean_a_folder_keeps_going_past_bad_pages(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED / "page.html", pages / "b-seed.html")
    (pages / "a-empty.html").write_bytes(b"")
    (pages / "c-contact.html").write_text('<html><head><script type="application/ld+json">{"@type":"ContactPage"}'
                                          "</script></head><body><p>Call us on 123.</p></body></html>")
    (pages / "notes.txt").write_text("ignored: not a page")
    out = tmp_path / "out.jsonl"
    run_cli("clean", pages, "-o", out, "--rejects", tmp_path / "rej.jsonl")
    assert len(read_jsonl(out)) == 1
    rejected = {r["url"].rsplit("/", 1)[1]: (r["stage"], r["reason"]) for r in read_jsonl(tmp_path / "rej.jsonl")}
    assert rejected == {"a-empty.html": ("extract", "decode_error"), "c-contact.html": ("extract", "not_article")}


def test_clean_reports_missing_input(tmp_path):
    proc = run_cli("clean", tmp_path / "nope.html", "-o", tmp_path / "o.jsonl", check=False)
    assert proc.returncode == 1 and "no such file" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_validate_good_and_broken_files(tmp_path):
    good = tmp_path / "good.jsonl"
    run_cli("clean", SEED / "page.html", "-o", good)
    proc = run_cli("validate", good)
    assert "1 lines valid" in proc.stdout

    record = json.loads(good.read_text())
    broken = dict(record, language="english", word_count=-1)
    del broken["title"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text() + "{oops\n" + json.dumps(broken) + "\n")
    proc = run_cli("validate", bad, check=False)
    assert proc.returncode == 1
    assert f"{bad}:2: not JSON" in proc.stdout
    assert f"{bad}:3: (record): 'title' is a required property" in proc.stdout
    assert f"{bad}:3: language: 'english' does not match" in proc.stdout
    assert f"{bad}:3: word_count: -1 is less than the minimum of 0" in proc.stdout
    assert "2 of 3 lines invalid" in proc.stderr

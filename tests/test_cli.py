"""The presswash command as users run it: demo, clean, validate."""

import json
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

from golden import compare, load_expected
from helpers import REPO, SEED, read_jsonl, run_cli


def test_demo_crawls_the_bundled_site_and_reports(tmp_path):
    proc = run_cli("demo", "--data-dir", tmp_path / "d")
    out = proc.stdout
    assert "articles written  9  (new 9" in out and "not_article" in out
    for folder in ("raw", "articles", "rejects", "runs"):
        files = [f for f in (tmp_path / "d" / folder).rglob("*") if f.is_file()]
        assert files and not any(f.name.startswith(".") or f.name.endswith(".open") for f in files)
    assert sum(len(read_jsonl(f)) for f in (tmp_path / "d" / "articles").rglob("*.jsonl")) == 9
    again = run_cli("demo", "--data-dir", tmp_path / "d")  # an incremental re-run: the same origin, all fresh
    assert again.stdout.splitlines()[0] == proc.stdout.splitlines()[0]  # "served on http://127.0.0.1:PORT/"
    assert "pages fetched 0" in again.stdout and "articles written  0" in again.stdout
    assert "fresh 15" in again.stdout
    with sqlite3.connect(tmp_path / "d" / "state.sqlite") as db:  # the state knows the site by one origin
        origins = {urlsplit(url).netloc for (url,) in db.execute("SELECT url FROM pages")}
    assert len(origins) == 1


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
    assert "1 file, 1 records valid (1 article)" in proc.stdout

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
    assert "2 of 3 records invalid" in proc.stderr


def _fix_scripts(data: bytes, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presswash.cli", "fix-scripts", *args], input=data,
                          capture_output=True, cwd=REPO, timeout=60)


def test_fix_scripts_repairs_line_by_line_and_keeps_every_line():
    data = ("Ombudsperson Dиnara Закиеva spoke on Monday.\r\n"
            "Цены в Kазахстане выросли.\n"
            "\n".encode() + b"\xff not utf-8, but Pres. \xd0\xa0utin stays a line\n" +
            "Олена Ковальчук and «Біз біргеміз» stay.\n"
            "no final newline, Рutin".encode())
    proc = _fix_scripts(data, "--explain")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("Ombudsperson Dinara Zakieva spoke on Monday.\r\n"
                           "Цены в Казахстане выросли.\n"
                           "\n".encode() + b"\xff not utf-8, but Pres. Putin stays a line\n" +
                           "Олена Ковальчук and «Біз біргеміз» stay.\n"
                           "no final newline, Putin".encode())
    assert proc.stdout.count(b"\n") == data.count(b"\n")
    assert "line 2: homoglyph: Kазахстане -> Казахстане" in proc.stderr.decode()


def test_fix_scripts_language_hint_decides_a_line_without_context():
    # no context, no hint: the word decides by itself (four of its five letters Latin, one stray)
    assert _fix_scripts("Рutin\n".encode()).stdout == b"Putin\n"
    assert _fix_scripts("Рutin\n".encode(), "--language", "en").stdout == b"Putin\n"
    assert _fix_scripts("Рutin\n".encode(), "--language", "ru").stdout == "Рутин\n".encode()  # Р reads R
    assert _fix_scripts(b"x\n", "--language", "xx").returncode == 2

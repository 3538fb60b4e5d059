"""The habits Unix tools taught: --version, `-o -`, `-o out.jsonl.gz`, `-` for standard input,
gzipped HTML, a folder's skipped files named, no silent overwrite."""

import gzip
import subprocess
import sys

from helpers import REPO, SEED, run_cli

from cleaners.version import CHAIN_VERSION
from output.serialize import SCHEMA_VERSION

URL = "https://steppe-digest.example/2024/03/14/expansion/"


def clean_stdin(data: bytes, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presswash.cli", "clean", *map(str, args)], input=data, cwd=REPO,
                          capture_output=True, timeout=120)


def test_version_names_package_chain_and_schema():
    proc = run_cli("--version")
    assert proc.stdout.strip() == f"presswash 0.1.0 (cleaner chain {CHAIN_VERSION}, output schema {SCHEMA_VERSION})"


def test_stdout_stdin_and_gzip_give_the_very_same_lines(tmp_path):
    plain = tmp_path / "plain.jsonl"
    run_cli("clean", SEED / "page.html", "--url", URL, "-o", plain)
    expected = plain.read_bytes()

    html = (SEED / "page.html").read_bytes()
    piped = clean_stdin(html, "-", "--url", URL, "-o", "-")
    assert piped.returncode == 0 and piped.stdout == expected  # the summary goes to stderr, not into the data
    assert b"1 articles -> -" in piped.stderr and b"not kept" in piped.stderr
    gz_piped = clean_stdin(gzip.compress(html), "-", "--url", URL, "-o", "-")
    assert gz_piped.stdout == expected

    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html))
    packed = tmp_path / "out.jsonl.gz"
    run_cli("clean", tmp_path / "page.html.gz", "--url", URL, "-o", packed)
    assert gzip.decompress(packed.read_bytes()) == expected
    assert gzip.decompress((tmp_path / "out.rejects.jsonl.gz").read_bytes()) == b""
    first = packed.read_bytes()
    run_cli("clean", tmp_path / "page.html.gz", "--url", URL, "-o", packed, "--force")
    assert packed.read_bytes() == first  # no time or name in the gzip header
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.gz", "out.rejects.jsonl.gz", "page.html.gz",
                                                          "plain.jsonl", "plain.rejects.jsonl"]


def test_an_existing_output_is_kept_without_force(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    proc = run_cli("clean", SEED / "page.html", "-o", out, check=False)
    assert proc.returncode == 2 and f"{out} exists: pass --force to overwrite it" in proc.stderr
    assert out.read_text() == "precious\n" and not (tmp_path / "out.rejects.jsonl").exists()
    (tmp_path / "r.jsonl").write_text("old\n")
    proc = run_cli("clean", SEED / "page.html", "-o", tmp_path / "new.jsonl", "--rejects", tmp_path / "r.jsonl",
                   check=False)
    assert proc.returncode == 2 and not (tmp_path / "new.jsonl").exists()
    run_cli("clean", SEED / "page.html", "-o", out, "--force")
    assert out.read_text().startswith('{"schema_version"')


def test_a_folder_says_what_it_skipped_and_nothing_cleaned_fails(tmp_path):
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "sub" / "a.html.gz").write_bytes(gzip.compress((SEED / "page.html").read_bytes()))
    (pages / "notes.txt").write_text("not a page")
    (pages / "data.csv").write_text("a,b")
    proc = run_cli("clean", pages, "-o", tmp_path / "out.jsonl")
    assert f"skipped {pages / 'data.csv'}: not HTML" in proc.stderr and "extension .csv" in proc.stderr
    assert f"skipped {pages / 'notes.txt'}:" in proc.stderr
    assert "1 articles" in proc.stdout and "skipped files 2" in proc.stdout

    (pages / "sub" / "a.html.gz").unlink()
    proc = run_cli("clean", pages, "-o", tmp_path / "none.jsonl", check=False)
    assert proc.returncode == 1 and "nothing to clean: no HTML or WARC file" in proc.stderr
    assert not (tmp_path / "none.jsonl").exists()


def test_a_broken_gzip_page_is_one_line_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(gzip.compress(b"<html>" * 100)[:-4])  # cut short: the trailer is missing
    proc = run_cli("clean", bad, "-o", tmp_path / "o.jsonl", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"presswash clean: {bad}: not a readable gzip file: "
                                                + proc.stderr.split("gzip file: ", 1)[1].strip()]
    assert not (tmp_path / "o.jsonl").exists()


def test_an_unknown_setting_name_is_warned_about(tmp_path):
    from presswash.site_server import SiteServer

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body><p>front</p></body></html>")
    with SiteServer(tmp_path / "site") as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "t"\nbase_url = "{site.base_url}/"\nsections = ["/"]\ndelay = 0\n')
        proc = run_cli("crawl", "--sites", sites, "--data-dir", tmp_path / "data", "--workers", "1",
                       "-s", "DOWNLOAD_DELAYY=0", "-s", "DOWNLOAD_DELAY=0", "-s", "PRESSWASH_PART_LINES=5")
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert warnings == ["presswash crawl: warning: -s DOWNLOAD_DELAYY: not a Scrapy or presswash setting "
                        "(did you mean DOWNLOAD_DELAY?); passed on, but nothing may read it"]


def _on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    """presswash with its stderr on a pseudo-terminal, as a user at a shell sees it."""
    import os
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "presswash.cli", *args], stdout=subprocess.DEVNULL, stderr=slave,
                            cwd=REPO)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=60), seen


def test_the_progress_bar_has_a_total_a_rate_and_an_eta(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(4):
        (pages / f"p{i}.html").write_bytes((SEED / "page.html").read_bytes().replace(b"Steppe", b"Step%d" % i))
    code, terminal = _on_a_terminal(["clean", str(pages), "-o", str(tmp_path / "bar.jsonl"), "--workers", "1"])
    assert code == 0
    text = terminal.decode("utf-8", "replace")
    assert "100%" in text and "4 pages," in text and "pages/s" in text and "ETA" in text
    assert " 0%" not in text.split("100%")[-1]  # it ends full, not back at zero
    run_cli("clean", pages, "-o", tmp_path / "plain.jsonl", "--workers", "1", "--no-progress")
    assert (tmp_path / "bar.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_logging_flags_for_schedulers(tmp_path):
    import json

    from presswash.site_server import SiteServer

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body><p>front</p></body></html>")
    with SiteServer(tmp_path / "site") as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "t"\nbase_url = "{site.base_url}/"\nsections = ["/"]\ndelay = 0\n')
        common = ["crawl", "--sites", sites, "--data-dir", tmp_path / "data", "--workers", "1"]
        log = tmp_path / "crawl.log"
        proc = run_cli(*common, "--log-format", "json", "--log-level", "info", "--log-file", log)
        assert proc.stderr == "" and proc.stdout.startswith("run ")  # the log went to the file
        records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
        assert {"time", "level", "logger", "message"} <= set(records[0])
        assert any(r["message"] == "Spider closed (finished)" for r in records)
        quiet = run_cli(*common, "--quiet")
        assert quiet.stdout == "" and quiet.stderr == ""
        bad = run_cli(*common, "--log-file", tmp_path / "no" / "such" / "dir.log", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("presswash crawl: --log-file:")
    assert "Traceback" not in bad.stderr


def test_clear_errors_for_a_bad_data_dir_and_a_site_that_is_down(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "gone"\nbase_url = "http://127.0.0.1:9/"\nsections = ["/"]\ndelay = 0\n')
    (tmp_path / "a-file").write_text("")
    for data_dir, why in ((tmp_path / "a-file", "not a folder"), (tmp_path / "a-file" / "sub", "cannot be created")):
        proc = run_cli("crawl", "--sites", sites, "--data-dir", data_dir, check=False)
        assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
            f"presswash crawl: --data-dir {data_dir}: {why}" + proc.stderr.split(why, 1)[1].rstrip()]
    down = run_cli("crawl", "--sites", sites, "--data-dir", tmp_path / "data", "-s", "RETRY_TIMES=0",
                   check=False)
    assert down.returncode == 1 and "site gone: failed" in down.stdout
    assert "Traceback" not in down.stderr and len(down.stderr.splitlines()) <= 4, down.stderr
    assert "Connection was refused" in down.stderr and "http://127.0.0.1:9/" in down.stderr


def test_crawl_progress_per_site_live_on_a_terminal_and_as_lines_elsewhere(tmp_path):
    from presswash.demo import demo_site_root
    from presswash.site_server import SiteServer

    with SiteServer(demo_site_root(), delay=0.02) as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "demo"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         'delay = 0\nmax_depth = 0\n')
        common = ["crawl", "--sites", str(sites), "--workers", "1", "-s", "PRESSWASH_PROGRESS_INTERVAL=0.2"]
        logged = run_cli(*common, "--data-dir", tmp_path / "a")  # not a terminal: plain lines, like cron's log
        lines = [line for line in logged.stderr.splitlines() if "[presswash.progress]" in line]
        assert lines and lines[-1].endswith(", done") and "site demo: " in lines[-1], lines
        assert all("requests" in line and "articles" in line and "rejects" in line for line in lines)
        code, terminal = _on_a_terminal([*common, "--data-dir", str(tmp_path / "b")])
    assert code == 0
    text = terminal.decode("utf-8", "replace")
    assert "crawling site demo:" in text and "queued" in text and "done" in text
    assert "[presswash.progress]" not in text  # drawn in place, not logged


def test_scrapy_log_settings_mean_the_logging_flags():
    import argparse

    from presswash import logs

    parser = argparse.ArgumentParser()
    logs.add_arguments(parser)
    args = parser.parse_args([])
    logs.adopt_scrapy_flags(args, ["LOG_LEVEL=debug", "LOG_FILE=crawl.log", "DOWNLOAD_DELAY=1"])
    assert (args.log_level, args.log_file, logs.level_of(args)) == ("DEBUG", "crawl.log", "DEBUG")
    args = parser.parse_args(["--log-level", "error"])
    logs.adopt_scrapy_flags(args, ["LOG_LEVEL=DEBUG"])
    assert args.log_level == "ERROR"  # the flag wins

"""`presswash validate` over what a crawl leaves: folders, globs, several files, gzipped JSON
Lines and Parquet, articles and rejects told apart by content, one summary line."""

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import SEED, run_cli

from output.parquet import AtomicParquetWriter


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """A folder like a crawl's: articles in JSON Lines, gzipped and Parquet, and rejects."""
    base = tmp_path_factory.mktemp("validate")
    data = base / "data"
    (data / "articles" / "date=2024-03-14").mkdir(parents=True)
    (data / "rejects").mkdir()
    article = data / "articles" / "date=2024-03-14" / "part-a-00000.jsonl"
    run_cli("clean", SEED / "page.html", "-o", article, "--rejects", data / "rejects" / "rejects-a.jsonl",
            "--no-progress")
    empty = b"<html><body></body></html>"
    (base / "empty.html").write_bytes(empty)
    run_cli("clean", base / "empty.html", "-o", base / "none.jsonl", "--rejects", data / "rejects" / "rejects-b.jsonl")
    line = article.read_bytes()
    (data / "articles" / "date=2024-03-14" / "part-b-00000.jsonl.gz").write_bytes(gzip.compress(line + line))
    with AtomicParquetWriter(data / "articles" / "date=2024-03-14" / "part-c-00000.parquet") as w:
        w.write(line)
    (data / "articles" / "date=2024-03-14" / ".part-d-00000.jsonl.inprogress").write_bytes(b"{half")  # not published
    return base, data, line


def test_a_crawl_folder_is_checked_whole(outputs):
    _, data, _ = outputs
    proc = run_cli("validate", data)
    assert proc.stdout.strip().splitlines() == [
        "presswash validate: 5 files, 5 records valid (4 article, 1 reject)"]


def test_globs_several_files_and_a_forced_schema(outputs):
    _, data, _ = outputs
    proc = run_cli("validate", f"{data}/articles/**/*.parquet", data / "rejects" / "rejects-b.jsonl")
    assert "2 files, 2 records valid (1 article, 1 reject)" in proc.stdout
    proc = run_cli("validate", "--schema", "reject", data / "articles", check=False)
    assert proc.returncode == 1 and "'stage' is a required property" in proc.stdout


def test_every_problem_named_with_its_file_and_line(outputs, tmp_path):
    base, data, line = outputs
    record = json.loads(line)
    broken = dict(record, language="english", previous_content_hash=None)
    del broken["title"]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(line + b"{oops\n" + json.dumps(broken).encode() + b"\n")
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["x"], "revision": ["1"]}), other)
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"not parquet at all")
    proc = run_cli("validate", bad, other, fake, tmp_path / "nope", check=False)
    assert proc.returncode == 1
    out = proc.stdout
    assert f"{bad}:2: not JSON" in out
    assert f"{bad}:3: (record): 'title' is a required property" in out
    assert f"{bad}:3: language: 'english' does not match" in out
    assert f"{bad}:3: previous_content_hash: None is not of type 'string'" in out
    assert f"{other}: not the published Arrow schema of the article record" in out and "revision: " in out
    assert f"{fake}: cannot read" in out
    assert "nope: no such file" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "presswash validate: 2 of 3 records invalid, 3 of 3 files with problems (6 errors); valid: 1 article")
    assert "Traceback" not in proc.stderr


def test_nothing_to_check_is_a_failure(tmp_path):
    proc = run_cli("validate", tmp_path, check=False)
    assert proc.returncode == 1 and "no such file, or no .jsonl" in proc.stderr

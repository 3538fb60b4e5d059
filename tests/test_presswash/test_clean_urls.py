"""`presswash clean` on fsspec URLs (presswash/remote_files.py): file:// end to end (files, folder
prefixes, outputs), fsspec's in-process memory:// filesystem (the temporary-name-then-move publish),
a real S3-compatible server on 127.0.0.1 (moto's, where moto and s3fs are installed: the one-PUT
publish), and the one-line errors. Each run must write the bytes the same inputs give as paths."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, run_cli

from scraper.warc import WarcArchive

GOLDEN = sorted((FIXTURES / "golden").glob("*/page.html"))[:4]
FETCHED = "2024-03-14T10:00:00Z"
HTML = [("Content-Type", "text/html; charset=utf-8")]


def write_raw(folder: Path) -> Path:
    """Two WARC files (the same pages under two sets of URLs: the second copies are duplicates,
    so input order shows in the output, and a 404 each), a sub-folder with an HTML page and a
    file that is no page (skipped, and said so)."""
    for n in range(2):
        warc = WarcArchive(folder, prefix=f"part{n}", run_id="test")
        for page in GOLDEN:
            warc.write_exchange(f"https://news.example/{n}/{page.parent.name}/", 200, "OK", HTML, page.read_bytes(),
                                role="page", fetched_at=FETCHED)
        warc.write_exchange(f"https://news.example/{n}/gone/", 404, "Not Found", HTML, b"<p>gone</p>", role="page",
                            fetched_at=FETCHED)
        warc.close()
    (folder / "sub").mkdir()
    (folder / "sub" / "a.html").write_bytes(GOLDEN[-1].read_bytes())
    (folder / "sub" / "notes.txt").write_text("not a page\n")
    return folder


def clean(*args, check=True) -> subprocess.CompletedProcess:
    return run_cli("clean", *args, "--workers", "1", "--no-progress", check=check, timeout=120)


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    """The raw folder, and what a run over it as a plain path writes (articles, rejects)."""
    tmp = tmp_path_factory.mktemp("url-raw")
    folder = write_raw(tmp / "raw")
    done = clean(folder, "-o", tmp / "local.jsonl")
    assert "skipped" in done.stderr and "notes.txt" in done.stderr
    local = (tmp / "local.jsonl").read_bytes(), (tmp / "local.rejects.jsonl").read_bytes()
    assert local[0].count(b"\n") >= len(GOLDEN) and b'"duplicate"' in local[1] and b"http_404" in local[1]
    return folder, local


@pytest.fixture(scope="module")
def warcs_only(raw, tmp_path_factory):
    """What a plain-path run writes from the raw folder's WARC files alone (an HTML page read
    through another filesystem has that filesystem's URL as its own)."""
    tmp = tmp_path_factory.mktemp("url-warcs")
    clean(*sorted(raw[0].glob("*.warc.gz")), "-o", tmp / "warcs.jsonl")
    return (tmp / "warcs.jsonl").read_bytes(), (tmp / "warcs.rejects.jsonl").read_bytes()


def test_file_urls_read_folders_and_files_and_write_the_same_bytes(raw, tmp_path):
    folder, local = raw
    out = tmp_path / "out" / "urls.jsonl"
    done = clean(folder.as_uri() + "/", "-o", out.as_uri())
    assert (out.read_bytes(), out.with_name("urls.rejects.jsonl").read_bytes()) == local
    assert "notes.txt" in done.stderr  # a folder's other files are said, as for a path
    assert sorted(p.name for p in out.parent.iterdir()) == ["urls.jsonl", "urls.rejects.jsonl"]  # nothing hidden left
    # the files one by one, in the folder's order, gzipped output: the same lines
    files = [p.as_uri() for p in sorted(folder.glob("*.warc.gz"))] + [(folder / "sub" / "a.html").as_uri()]
    clean(*files, "-o", (tmp_path / "files.jsonl.gz").as_uri())
    assert gzip.decompress((tmp_path / "files.jsonl.gz").read_bytes()) == local[0]
    # an output that exists is not overwritten without --force, URL or not
    again = clean(folder.as_uri(), "-o", out.as_uri(), check=False)
    assert again.returncode == 2 and "exists" in again.stderr


def test_memory_urls_publish_under_a_temporary_name_then_move(raw, tmp_path, capsys):
    """fsspec's memory:// filesystem, in this process: inputs listed and read through fsspec (the
    WARCs copied to a local file one at a time), outputs put beside the target and moved over it.
    Compared with the same WARCs as paths cleaned in this process too (the same code loaded)."""
    fsspec = pytest.importorskip("fsspec")
    from presswash.cli import main

    folder, local = raw
    fs = fsspec.filesystem("memory")
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix != ".html":  # an HTML page's URL would be its memory:// URL
            fs.pipe_file(f"/raw/{path.relative_to(folder).as_posix()}", path.read_bytes())
    try:
        local = tmp_path / "warcs.jsonl"
        assert main(["clean", *map(str, sorted(folder.glob("*.warc.gz"))), "-o", str(local), "--workers", "1",
                     "--no-progress"]) == 0
        argv = ["clean", "memory://raw/", "-o", "memory://out/a.jsonl.gz", "--workers", "1", "--no-progress"]
        assert main(argv) == 0
        assert "notes.txt" in capsys.readouterr().err
        assert sorted(fs.find("/out")) == ["/out/a.jsonl.gz", "/out/a.rejects.jsonl.gz"]  # no temporary name left
        assert gzip.decompress(fs.cat_file("/out/a.jsonl.gz")).splitlines() == local.read_bytes().splitlines()
        assert gzip.decompress(fs.cat_file("/out/a.rejects.jsonl.gz")) == \
            (tmp_path / "warcs.rejects.jsonl").read_bytes()
        assert main(argv) == 2  # exists: --force to overwrite
        assert main([*argv, "--force"]) == 0
        assert main(["clean", "memory://nothing/here", "-o", str(tmp_path / "x.jsonl"), "--no-progress"]) == 1
        assert "memory://nothing/here: no such file or folder" in capsys.readouterr().err
    finally:
        fs.rm("/", recursive=True)


@pytest.mark.parametrize("args, said", [
    (["gs://bucket/raw/", "-o", "{tmp}/out.jsonl"], "gs://bucket/raw/: the gs:// filesystem is not installed"),
    (["{raw}", "-o", "nosuch://bucket/out.jsonl"], "nosuch://bucket/out.jsonl: Protocol not known: nosuch"),
    (["{raw}", "-o", "{tmp}/out.jsonl", "--rejects", "gs://bucket/rejects.jsonl"], "the gs:// filesystem"),
])
def test_a_protocol_that_is_not_installed_is_one_line_and_exit_2(raw, tmp_path, args, said):
    args = [a.format(tmp=tmp_path, raw=raw[0]) for a in args]
    done = clean(*args, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and said in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_plain_path_needs_no_fsspec_and_a_url_without_it_is_one_line(raw, tmp_path):
    """With fsspec not importable (an install without the extra; warcio then opens files itself):
    a plain path cleans as always, a URL is one line and exit 2."""
    code = ("import sys; sys.modules['fsspec'] = None; from presswash.cli import main; "
            f"rc = main(['clean', {str(raw[0])!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, '--workers', '1', "
            "'--no-progress']); assert rc == 0, rc; "
            f"sys.exit(main(['clean', 'file://{raw[0]}', '-o', {str(tmp_path / 'u.jsonl')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == \
        f"presswash clean: file://{raw[0]}: URLs need fsspec: pip install 'presswash[fsspec]'"
    assert (tmp_path / "o.jsonl").read_bytes() == raw[1][0] and not (tmp_path / "u.jsonl").exists()


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A real S3-compatible server on 127.0.0.1 (moto's ThreadedMotoServer), with a bucket; the
    environment the command needs to reach it (boto's variables)."""
    pytest.importorskip("s3fs", reason="s3fs is not installed: pip install 'presswash[s3-test]'")
    server_mod = pytest.importorskip("moto.server", reason="moto is not installed: pip install 'presswash[s3-test]'")
    import fsspec

    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    fs = fsspec.filesystem("s3", key="test", secret="test", endpoint_url=env["AWS_ENDPOINT_URL"],
                           skip_instance_cache=True)
    fs.mkdir("raw-bucket")
    try:
        yield fs, env
    finally:
        server.stop()


def test_s3_urls_on_a_real_s3_server(raw, warcs_only, s3, tmp_path):
    fs, env = s3
    folder, _ = raw
    for path in sorted(folder.glob("*.warc.gz")):
        fs.put_file(str(path), f"raw-bucket/archive/2024/{path.name}")
    fs.pipe_file("raw-bucket/archive/2024/README.txt", b"not a page\n")
    proc = subprocess.run([sys.executable, "-m", "presswash.cli", "clean", "s3://raw-bucket/archive/", "-o",
                           "s3://raw-bucket/out/clean.jsonl.gz", "--workers", "1", "--no-progress"], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "skipped s3://raw-bucket/archive/2024/README.txt" in proc.stderr
    fs.invalidate_cache()
    assert sorted(fs.find("raw-bucket/out")) == ["raw-bucket/out/clean.jsonl.gz",
                                                 "raw-bucket/out/clean.rejects.jsonl.gz"]  # nothing else left
    assert gzip.decompress(fs.cat_file("raw-bucket/out/clean.jsonl.gz")) == warcs_only[0]
    assert gzip.decompress(fs.cat_file("raw-bucket/out/clean.rejects.jsonl.gz")) == warcs_only[1]
    # a bucket that is not there: the upload fails, one line, exit 1, nothing there
    missing = subprocess.run([sys.executable, "-m", "presswash.cli", "clean", str(folder), "-o",
                              "s3://no-such-bucket/x.jsonl", "--no-progress"], cwd=REPO, env={**os.environ, **env},
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr, missing.stderr
    assert missing.stderr.splitlines()[-1].startswith("presswash clean: s3://no-such-bucket/x.jsonl: not written: ")

import gzip
import subprocess
import sys

from scraper.warc import OPEN_SUFFIX, WarcArchive, iter_responses

HTML = "<html><body><p>Қазақстан — a page</p></body></html>".encode()


def warcio_check(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from warcio.cli import main; main()", "check", "-v", str(path)],
                          capture_output=True, text=True)


def write_one(archive: WarcArchive, url="https://news.example/a/", body=HTML, encoding=None, status=200):
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]
    if encoding == "gzip":
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    return archive.write_exchange(url, status, "OK", headers, body, request_headers=[("User-Agent", "presswash")],
                                  ip_address="127.0.0.1")


def test_roundtrip_gives_back_the_page_the_spider_saw(tmp_path):
    archive = WarcArchive(tmp_path, run_id="run1")
    ref, date, headers = write_one(archive, encoding="gzip")
    assert (tmp_path / (ref.warc_file + OPEN_SUFFIX)).exists()  # ".open" while written
    [path] = archive.close()
    assert path.name == ref.warc_file and not (tmp_path / (ref.warc_file + OPEN_SUFFIX)).exists()
    [page] = list(iter_responses(path))
    assert page.body == HTML  # content encoding removed
    assert page.url == "https://news.example/a/" and page.status == 200
    assert page.fetched_at == date and page.raw == ref
    assert page.headers == headers and ("X-Crawler-Transfer-Encoding", "chunked") in page.headers
    assert ref.payload_digest.startswith("sha1:") and ref.warc_record_id.startswith("<urn:uuid:")


def test_files_are_valid_for_warcio(tmp_path):
    archive = WarcArchive(tmp_path)
    write_one(archive)
    write_one(archive, url="https://news.example/missing", status=404)
    [path] = archive.close()
    proc = warcio_check(path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [p.status for p in iter_responses(path)] == [200, 404]


def test_files_rotate_by_size(tmp_path):
    archive = WarcArchive(tmp_path, max_bytes=1)
    refs = [write_one(archive, url=f"https://news.example/{i}")[0] for i in range(3)]
    files = archive.close()
    assert len(files) == 3 and len({r.warc_file for r in refs}) == 3
    assert all(r.warc_offset > 0 for r in refs)  # after the warcinfo record


def test_gzip_level_is_a_setting_and_every_record_is_its_own_member(tmp_path):
    import random
    import zlib

    import pytest
    from warcio.archiveiterator import ArchiveIterator

    rng = random.Random(0)
    body = " ".join(rng.choice(["budget", "akimat", "river", "school", "tenge"]) + str(rng.randint(0, 99))
                    for _ in range(20000)).encode()
    sizes = {}
    for level in (1, 9):
        archive = WarcArchive(tmp_path / str(level), gzip_level=level)
        refs = [write_one(archive, url=f"https://news.example/{i}", body=body)[0] for i in range(2)]
        [path] = archive.close()
        sizes[level] = path.stat().st_size
        assert warcio_check(path).returncode == 0
        assert [p.body for p in iter_responses(path)] == [body, body]
        with open(path, "rb") as f:  # a reader seeks straight to a record by its offset
            f.seek(refs[1].warc_offset)
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_headers.get_header("WARC-Record-ID") == refs[1].warc_record_id
            f.seek(refs[1].warc_offset)
            assert zlib.decompressobj(zlib.MAX_WBITS + 16).decompress(f.read()).startswith(b"WARC/1.1")
    assert sizes[1] > sizes[9]
    with pytest.raises(ValueError, match="gzip level"):
        WarcArchive(tmp_path / "bad", gzip_level=11)


def test_archives_need_nothing_but_the_standard_library_to_read(tmp_path):
    """Records are deflated by zlib-ng; what it writes is plain gzip, one member a record."""
    archive = WarcArchive(tmp_path)
    bodies = [HTML * (i + 1) for i in range(3)]
    for i, body in enumerate(bodies):
        write_one(archive, url=f"https://news.example/{i}", body=body)
    [path] = archive.close()
    whole = gzip.decompress(path.read_bytes())  # every member, concatenated
    assert whole.count(b"WARC/1.1\r\n") == 1 + 2 * len(bodies)  # warcinfo, then response and request records
    assert all(body in whole for body in bodies)
    assert [p.body for p in iter_responses(path)] == bodies

"""Reading archives is bounded like the crawl: a payload inflates no further than the size cap
(the crawl's, from the file's warcinfo), and a record cut short is a DamagedPage, never a page."""

import gzip
import tracemalloc
import zlib

import pytest

from scraper.warc import MAXSIZE_FIELD, DamagedPage, WarcArchive, iter_records

PAGE = b"<html><body><p>" + b"A council story. " * 200 + b"</p></body></html>"


def archive(tmp_path, cap=None, pages=3, **bodies):
    a = WarcArchive(tmp_path, info={MAXSIZE_FIELD: str(cap)} if cap else None)
    for i in range(pages):
        a.write_exchange(f"https://news.example/{i}", 200, "OK", [("Content-Type", "text/html")], PAGE)
    for name, (body, encoding) in bodies.items():
        a.write_exchange(f"https://news.example/{name}", 200, "OK",
                         [("Content-Type", "text/html"), ("Content-Encoding", encoding)], body)
    [path] = a.close()
    return path


def read(path, **kw):
    return [(p.url.rsplit("/", 1)[-1], getattr(p, "problem", None)) for p, _ in iter_records(path, **kw)]


def test_bombs_stop_at_the_cap_the_crawl_wrote(tmp_path):
    zeros = b"\0" * (32 * 1024 * 1024)
    path = archive(tmp_path, cap=1_000_000, gzip=(gzip.compress(zeros, 9), "gzip"),
                   deflate=(zlib.compress(zeros, 9), "deflate"),
                   nested=(gzip.compress(gzip.compress(zeros, 9), 9), "gzip, gzip"),
                   small=(gzip.compress(PAGE), "gzip"))
    tracemalloc.start()
    got = read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert got == [("0", None), ("1", None), ("2", None), ("gzip", "too_large"), ("deflate", "too_large"),
                   ("nested", "too_large"), ("small", None)]
    assert peak < 8_000_000  # a few times the cap, never the 32 MB a bomb inflates to


def test_an_explicit_cap_wins_and_a_plain_body_over_it_is_too_large(tmp_path):
    path = archive(tmp_path, pages=1)
    assert read(path) == [("0", None)]
    assert read(path, max_bytes=100) == [("0", "too_large")]


def test_pages_read_back_are_the_bytes_the_crawl_handed_on(tmp_path):
    path = archive(tmp_path, pages=1, gz=(gzip.compress(PAGE), "gzip"), raw=(zlib.compress(PAGE)[2:-4], "deflate"))
    assert [p.body for p, _ in iter_records(path)] == [PAGE, PAGE, PAGE]


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
def test_a_cut_archive_ends_with_a_truncated_record(tmp_path, compressed, keep):
    path = archive(tmp_path, pages=4)
    data = path.read_bytes() if compressed else gzip.decompress(path.read_bytes())
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(data[: int(len(data) * keep)])
    pages = [p for p, _ in iter_records(cut)]
    assert isinstance(pages[-1], DamagedPage) and pages[-1].problem == "truncated" and pages[-1].body == b""
    assert all(p.body == PAGE for p in pages[:-1])  # whole records before the cut read as ever


@pytest.mark.parametrize("compressed", [True, False])
def test_a_cut_anywhere_is_noticed(tmp_path, compressed):
    path = archive(tmp_path, pages=3)
    data = path.read_bytes() if compressed else gzip.decompress(path.read_bytes())
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    missed = []
    for end in range(len(data) // 2, len(data) - 4, 37):  # the last records, the last bytes included
        if data[end:].startswith((b"WARC/", b"\r\nWARC/", b"\r\n\r\nWARC/")):
            continue  # between two records, no byte of a record lost: a shorter archive
        cut.write_bytes(data[:end])
        if not any(isinstance(p, DamagedPage) and p.problem == "truncated" for p, _ in iter_records(cut)):
            missed.append(end)
    assert missed == []

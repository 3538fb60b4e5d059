"""Parquet parts: the published Arrow schema, nothing visible before close, same rows same bytes,
a killed run's lines recovered into a whole Parquet file."""

import pyarrow.parquet as pq
import pytest
from helpers import SEED

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import RawPage, RawRef
from output.arrow_schema import arrow_schema
from output.parquet import AtomicParquetWriter, iter_parquet_records, salvage_parquet
from output.partitioned import PartitionedJsonlWriter, partition_of
from output.serialize import article_record, to_line
from output.sinks import inprogress_path
from presswash.recovery import recover_run
from scraper.state import CrawlState


@pytest.fixture(scope="module")
def records():
    body = (SEED / "page.html").read_bytes()
    page = RawPage(url="https://x.example/p", body=body, fetched_at="2024-03-14T10:00:00.25Z",
                   raw=RawRef("sha1:" + "A" * 32, "w.warc.gz", "<urn:uuid:1>", 7))
    first = article_record(clean(page, CleanerConfig()), CHAIN_VERSION)
    second = dict(first, revision=2, previous_content_hash=first["content_hash"], content_hash="sha256:" + "b" * 64,
                  published=None, published_at=None)
    return [first, second]


def test_nothing_visible_until_close_then_the_published_schema(tmp_path, records):
    target = tmp_path / "part-00000.parquet"
    w = AtomicParquetWriter(target)
    for r in records:
        w.write(to_line(r))
    assert not target.exists() and inprogress_path(target).exists()
    assert w.close() == target
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no in-progress or half-written file left
    assert pq.read_schema(target).remove_metadata() == arrow_schema("article")
    assert list(iter_parquet_records(target)) == records  # read back, the very JSON records


def test_same_rows_same_bytes(tmp_path, records):
    paths = []
    for name in ("a.parquet", "b.parquet"):
        with AtomicParquetWriter(tmp_path / name) as w:
            for r in records:
                w.write(to_line(r))
        paths.append(tmp_path / name)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_a_line_off_the_schema_is_refused(tmp_path, records):
    w = AtomicParquetWriter(tmp_path / "x.parquet")
    w.write(to_line(dict(records[0], revision="two")))
    with pytest.raises(Exception, match="revision"):
        w.close()
    assert not (tmp_path / "x.parquet").exists()


def test_partitioned_parquet_parts_and_an_empty_one_left_out(tmp_path, records):
    w = PartitionedJsonlWriter(tmp_path, "part-run1-x", max_lines=1, part_format="parquet")
    for r in records:
        w.write(to_line(r), partition_of(r))
    names = sorted(str(p.relative_to(tmp_path)) for p in w.close())
    assert names == ["date=2024-03-14/part-run1-x-00000.parquet", "date=2024-03-14/part-run1-x-00001.parquet"]
    with pytest.raises(ValueError, match="unknown output format"):
        PartitionedJsonlWriter(tmp_path, "p", part_format="csv")


def test_a_killed_parquet_part_is_recovered_and_recorded(tmp_path, records):
    part = tmp_path / "articles" / "date=2024-03-14" / "part-run1-x-00000.parquet"
    w = AtomicParquetWriter(part)
    for r in records:
        w.write(to_line(r))
    w.abandon()
    with open(inprogress_path(part), "ab") as f:
        f.write(b'{"schema_version": "2.0.0", "id": "cut sho')  # the write the kill interrupted
    state = CrawlState(tmp_path / "state.sqlite")
    files = recover_run(tmp_path, "run1", state)
    assert files["articles"] == [str(part)] and pq.read_metadata(part).num_rows == 2
    assert not inprogress_path(part).exists()
    assert not state.revision_for(records[1]["id"], records[1]["content_hash"]).new  # the latest content is known
    assert state.revision_of(records[0]["id"], records[0]["content_hash"]).previous_content_hash is None  # not ""
    assert state.revision_of(records[1]["id"], records[1]["content_hash"]).revision == 2


def test_salvage_of_an_empty_part_publishes_nothing(tmp_path):
    tmp = tmp_path / ".p.parquet.inprogress"
    tmp.write_bytes(b'{"half')
    assert salvage_parquet(tmp, tmp_path / "p.parquet") == 0
    assert list(tmp_path.iterdir()) == []

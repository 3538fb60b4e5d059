import json
import subprocess
import sys

import pytest

from output.partitioned import PartitionedJsonlWriter, partition_of
from output.sinks import AtomicJsonlWriter, inprogress_path
from presswash.locks import Locked, SiteLocks
from presswash.recovery import recover_run, salvage_warc
from scraper.state import CrawlState
from scraper.warc import OPEN_SUFFIX, WarcArchive, iter_responses


def test_a_second_holder_is_refused_and_told_who_holds_it(tmp_path):
    with SiteLocks(tmp_path, ["b", "a"], "run1"):
        with pytest.raises(Locked, match=r"site 'a' is being crawled by pid \d+, run run1"):
            with SiteLocks(tmp_path, ["a"], "run2"):
                pass
    with SiteLocks(tmp_path, ["a"], "run3"):  # released on exit
        pass


def test_a_lock_dies_with_its_process(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from pathlib import Path; from presswash.locks import SiteLocks\n"
                               f"l = SiteLocks(Path({str(tmp_path)!r}), ['a'], 'r').__enter__()\n"
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"held"
    with pytest.raises(Locked):
        SiteLocks(tmp_path, ["a"], "r2").__enter__()
    holder.kill()
    holder.wait()
    with SiteLocks(tmp_path, ["a"], "r3"):
        pass


def test_partitions_by_publication_day(tmp_path):
    w = PartitionedJsonlWriter(tmp_path, "part-run1-x", max_lines=2, max_open=1)
    for day in ("2024-03-14", "2024-03-15", "2024-03-14", "2024-03-14"):
        record = {"published": f"{day}T10:00:00+06:00", "fetched_at": "2024-06-01T00:00:00Z"}
        w.write((json.dumps(record) + "\n").encode(), partition_of(record))
    w.write(b'{"published": null}\n', partition_of({"published": None, "fetched_at": "2024-06-01T00:00:00Z"}))
    names = sorted(str(p.relative_to(tmp_path)) for p in w.close())
    assert names == ["date=2024-03-14/part-run1-x-00000.jsonl", "date=2024-03-14/part-run1-x-00001.jsonl",
                     "date=2024-03-15/part-run1-x-00000.jsonl", "date=2024-06-01/part-run1-x-00000.jsonl"]


def test_recovery_publishes_complete_lines_and_records_revisions(tmp_path):
    part = tmp_path / "articles" / "date=2024-03-14" / "part-run1-x-00000.jsonl"
    w = AtomicJsonlWriter(part)
    line = {"id": "a" * 32, "revision": 1, "content_hash": "sha256:" + "0" * 64, "previous_content_hash": None,
            "url": "https://x.example/a"}
    w.write((json.dumps(line) + "\n").encode())
    w.abandon()
    with open(inprogress_path(part), "ab") as f:
        f.write(b'{"id": "cut sho')  # the write the kill interrupted
    archive = WarcArchive(tmp_path / "raw", run_id="run1")
    archive.write_exchange("https://x.example/a", 200, "OK", [("Content-Type", "text/html")], b"<p>a</p>")
    warc_open = next((tmp_path / "raw").glob(f"*{OPEN_SUFFIX}"))
    with open(warc_open, "ab") as f:
        f.write(b"\x1f\x8b\x08\x00 half a record")
    state = CrawlState(tmp_path / "state.sqlite")
    files = recover_run(tmp_path, "run1", state)
    assert files["articles"] == [str(part)] and part.read_text().count("\n") == 1
    assert not state.revision_for("a" * 32, "sha256:" + "0" * 64).new
    [warc] = files["warc"]
    assert [p.url for p in iter_responses(warc)] == ["https://x.example/a"]


def test_salvaging_a_complete_warc_keeps_every_record(tmp_path):
    archive = WarcArchive(tmp_path, run_id="r")
    for i in range(3):
        archive.write_exchange(f"https://x.example/{i}", 200, "OK", [], b"x" * 100)
    path = next(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    assert len(list(iter_responses(salvage_warc(path)))) == 3


def test_a_record_cut_short_is_dropped_even_when_its_gzip_reads_to_the_end(tmp_path):
    import random

    archive = WarcArchive(tmp_path, run_id="r")
    bodies = [random.Random(i).randbytes(8000) for i in range(3)]  # incompressible: a cut lands in the body
    for i, body in enumerate(bodies):
        archive.write_exchange(f"https://x.example/{i}", 200, "OK", [("Content-Type", "text/html")], body)
    path = next(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size - 3000)  # the kill came in the middle of the last page
    pages = list(iter_responses(salvage_warc(path)))
    assert [(p.url, p.body) for p in pages] == [(f"https://x.example/{i}", bodies[i]) for i in range(2)]


def test_recovery_records_parts_published_before_it_and_can_run_twice(tmp_path):
    """A recovery killed after publishing but before recording leaves nothing hidden: the next
    one records the run's published parts all the same."""
    part = tmp_path / "articles" / "date=2024-03-14" / "part-run1-x-00000.jsonl"
    part.parent.mkdir(parents=True)
    lines = [{"id": c * 32, "revision": 1, "content_hash": "sha256:" + c * 64, "previous_content_hash": None,
              "url": f"https://x.example/{c}"} for c in "ab"]
    part.write_text("".join(json.dumps(r) + "\n" for r in lines))
    other = tmp_path / "articles" / "date=2024-03-14" / "part-run10-x-00000.jsonl"  # another run's
    other.write_text(json.dumps({**lines[0], "id": "c" * 32}) + "\n")
    state = CrawlState(tmp_path / "state.sqlite")
    for _ in range(2):
        assert recover_run(tmp_path, "run1", state)["articles"] == []  # nothing left to publish
        assert all(not state.revision_for(r["id"], r["content_hash"]).new for r in lines)
    assert state.revision_for("c" * 32, lines[0]["content_hash"]).new


def test_the_recovery_lock_waits_its_turn(tmp_path):
    import time

    from presswash.locks import waiting_lock

    lock, marker = tmp_path / "locks" / ".recovery.lock", tmp_path / "got-it"
    code = (f"from pathlib import Path; from presswash.locks import waiting_lock\n"
            f"with waiting_lock(Path({str(lock)!r})): Path({str(marker)!r}).write_text('x')")
    with waiting_lock(lock):
        other = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(0.5)
        assert not marker.exists() and other.poll() is None  # waiting, not refused
    assert other.wait(timeout=10) == 0 and marker.exists()

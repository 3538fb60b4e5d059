"""After a run was killed: publish what it had written, and make the crawl state agree.

A killed run leaves hidden in-progress JSONL parts and ".open" WARC files. Their complete
lines and records are kept (a trailing partial line or record, the write the kill cut short,
is dropped) and published under their final names, which the article lines already refer to.
Every article line of the run is recorded in the state's revisions, so the next run finds the content
written and does not write it again.
"""

from __future__ import annotations

import os
import re
import shutil
import zlib
from pathlib import Path
from typing import BinaryIO

from output.sinks import INPROGRESS_SUFFIX, salvage
from scraper.state import CrawlState
from scraper.warc import OPEN_SUFFIX


def salvage_jsonl(folder: Path, run_id: str) -> list[Path]:
    """Publish the complete lines of every in-progress part of the run under `folder`."""
    from output.parquet import salvage_parquet  # pyarrow: only imported when a run has to be recovered

    published = []
    for tmp in sorted(folder.rglob(f".*-{run_id}-*{INPROGRESS_SUFFIX}")):
        target = tmp.with_name(tmp.name[1:-len(INPROGRESS_SUFFIX)])
        if (salvage_parquet if target.suffix == ".parquet" else salvage)(tmp, target):
            published.append(target)
    return published


def whole_records_end(f: BinaryIO, chunk_size: int = 1 << 20) -> int:
    """The length of the longest prefix of a .warc.gz stream made of whole records: each record
    one complete gzip member, holding as many block bytes as its Content-Length says. (A reader
    that stops at end of file takes a cut-short member for a short record; this does not.)"""
    end = offset = 0  # offset: where `chunk` starts in the file
    inflater, record = zlib.decompressobj(zlib.MAX_WBITS | 16), bytearray()
    pending = b""
    while chunk := pending or f.read(chunk_size):
        pending = b""
        try:
            record += inflater.decompress(chunk)
        except zlib.error:
            break
        if not inflater.eof:
            offset += len(chunk)
            continue
        used = len(chunk) - len(inflater.unused_data)
        if not _whole_record(record):
            break
        end = offset = offset + used
        pending = inflater.unused_data
        inflater, record = zlib.decompressobj(zlib.MAX_WBITS | 16), bytearray()
    return end


def _whole_record(record: bytes) -> bool:
    head_end = record.find(b"\r\n\r\n")
    if not record.startswith(b"WARC/") or head_end < 0:
        return False
    length = re.search(rb"\r\nContent-Length:\s*(\d+)", record[:head_end], re.IGNORECASE)
    return length is not None and len(record) == head_end + 4 + int(length[1]) + 4  # block, then CRLF CRLF


def salvage_warc(path: Path) -> Path:
    """Cut an .open WARC file after its last whole record and give it its final name."""
    with open(path, "r+b") as f:
        f.truncate(whole_records_end(f))
        f.flush()
        os.fsync(f.fileno())
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    os.replace(path, final)
    return final


def recover_run(data_dir: Path, run_id: str, state: CrawlState) -> dict[str, list[str]]:
    """Everything a killed run left, published and recorded; returns the files per kind."""
    for jobdir in (data_dir / "jobs").glob(f"{run_id}-*"):  # its queue: the state has the frontier
        shutil.rmtree(jobdir, ignore_errors=True)
    articles = salvage_jsonl(data_dir / "articles", run_id)
    rejects = salvage_jsonl(data_dir / "rejects", run_id)
    warcs = [salvage_warc(p) for p in sorted((data_dir / "raw").glob(f"*-{run_id}-*{OPEN_SUFFIX}"))]
    # Every part of the run, not only those salvaged now: the run may have published parts
    # before its state knew, or an earlier recovery may have died between the two steps.
    from output.parquet import iter_part_records

    parts = (p for p in (data_dir / "articles").rglob(f"part-{run_id}-*") if p.suffix in (".jsonl", ".parquet"))
    for part in sorted(parts):
        for r in iter_part_records(part):
            state.written(r["id"], r["revision"], r["content_hash"], r["previous_content_hash"] or None, r["url"],
                          run_id)
    return {"articles": [str(p) for p in articles], "rejects": [str(p) for p in rejects],
            "warc": [str(p) for p in warcs]}

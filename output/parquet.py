"""Article parts as Parquet files, with the published Arrow schema, finalized atomically.

A Parquet file is only readable once its footer is written, so lines go first to the part's
hidden in-progress file, exactly as for JSON Lines (".NAME.parquet.inprogress", flushed line by
line): a killed run loses no written article, and `salvage_parquet` turns what it left into the
part. Closing converts the in-progress lines into a hidden ".NAME.parquet.writing", fsyncs it and
renames it into place, so a reader sees a whole Parquet file or none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from .arrow_schema import arrow_schema
from .dates import UTC_FORMAT
from .sinks import AtomicJsonlWriter, _fsync_dir, inprogress_path

WRITING_SUFFIX = ".writing"
COMPRESSION = "zstd"  # text compresses ~3x better than with snappy, at a small CPU cost


def read_jsonl_table(path: str | os.PathLike, name: str = "article") -> pa.Table:
    """JSON Lines records as an Arrow table of the published schema; a field of another type,
    a null where none may be, or a field the schema does not know is an error."""
    schema = arrow_schema(name)
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    # The reader keeps types but not nullability; the cast restores it (and refuses a null where none may be).
    return pj.read_json(path, parse_options=options).select(schema.names).cast(schema)


def write_parquet(table: pa.Table, target: Path) -> Path:
    """Publish `table` as `target`, atomically. Same rows, same pyarrow: same bytes."""
    writing = target.with_name("." + target.name + WRITING_SUFFIX)
    pq.write_table(table, writing, compression=COMPRESSION)
    with open(writing, "rb") as f:
        os.fsync(f.fileno())
    os.replace(writing, target)
    _fsync_dir(target.parent)
    return target


def jsonl_to_parquet(source: Path, target: Path, name: str = "article") -> int:
    table = read_jsonl_table(source, name)
    write_parquet(table, target)
    return table.num_rows


class AtomicParquetWriter(AtomicJsonlWriter):
    """AtomicJsonlWriter's interface (write a line, close publishes, abandon keeps the
    in-progress lines), publishing a Parquet file of the article schema instead."""

    def _publish(self) -> None:
        jsonl_to_parquet(self.tmp, self.path)
        self.tmp.unlink()


def salvage_parquet(tmp: Path, target: Path) -> int:
    """Publish the complete lines of an abandoned in-progress part as the Parquet `target`."""
    data = tmp.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut:
        with open(tmp, "r+b") as f:
            f.truncate(cut)
        jsonl_to_parquet(tmp, target)
    tmp.unlink()
    return data[:cut].count(b"\n")


def _plain(value):
    """A value read back from Parquet, in its JSON Lines form."""
    if isinstance(value, datetime):
        text = value.strftime(UTC_FORMAT)
        return text if not value.microsecond else text[:-1] + f".{value.microsecond:06d}".rstrip("0") + "Z"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def iter_parquet_records(path: str | os.PathLike, batch_rows: int = 1000) -> Iterator[dict]:
    """The rows of a Parquet file as JSON-ready records, a batch at a time."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
        for row in batch.to_pylist():
            yield _plain(row)


def iter_part_records(path: Path) -> Iterator[dict]:
    """The records of a published part, JSON Lines or Parquet."""
    if path.suffix == ".parquet":
        yield from iter_parquet_records(path)
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


__all__ = ["AtomicParquetWriter", "inprogress_path", "iter_part_records", "read_jsonl_table", "salvage_parquet"]

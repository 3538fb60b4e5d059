"""Article parts partitioned by publication date, the layout data lakes read directly:

    articles/date=2024-03-14/part-<run>-<site>-00000.jsonl      (or .parquet, --format parquet)

The day is the publisher's own (the first ten characters of `published`); an article without
a publication date goes under the day it was fetched. Every part is
published atomically (see sinks.py); at most `max_open` partitions are open at once, the least
recently used is published first, so a crawl over years of archives keeps a bounded number of
files open.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from .sinks import AtomicJsonlWriter, RollingJsonlWriter

FORMATS = ("jsonl", "parquet")


def part_options(part_format: str) -> dict:
    """How the parts of a partitioned dataset are published: JSON Lines, or Parquet (pyarrow is
    imported only then)."""
    if part_format == "parquet":
        from .parquet import AtomicParquetWriter

        return {"writer": AtomicParquetWriter, "suffix": ".parquet"}
    if part_format == "jsonl":
        return {"writer": AtomicJsonlWriter, "suffix": ".jsonl"}
    raise ValueError(f"unknown output format {part_format!r}: one of {', '.join(FORMATS)}")


def partition_of(record: dict) -> str:
    day = (record.get("published") or record.get("fetched_at") or "")[:10]
    return f"date={day or 'unknown'}"


class PartitionedJsonlWriter:
    def __init__(self, folder: str | os.PathLike, stem: str, max_lines: int = 10_000, max_open: int = 128,
                 part_format: str = "jsonl"):
        self.folder = Path(folder)
        self.part_options = part_options(part_format)
        self.stem = stem
        self.max_lines = max_lines
        self.max_open = max_open
        self.published: list[Path] = []
        self.count = 0
        self._open: OrderedDict[str, RollingJsonlWriter] = OrderedDict()
        self._parts: dict[str, int] = {}  # partition -> parts already published there

    def write(self, line: bytes, partition: str) -> None:
        writer = self._open.pop(partition, None)
        if writer is None:  # continue the numbering after parts published earlier in this run
            writer = RollingJsonlWriter(self.folder / partition, self.stem, self.max_lines,
                                        first_part=self._parts.get(partition, 0), **self.part_options)
        self._open[partition] = writer
        writer.write(line)
        self.count += 1
        if len(self._open) > self.max_open:
            self._publish(*self._open.popitem(last=False))

    def _publish(self, partition: str, writer: RollingJsonlWriter) -> None:
        self.published.extend(writer.close())
        self._parts[partition] = writer.next_part

    def close(self) -> list[Path]:
        while self._open:
            self._publish(*self._open.popitem(last=False))
        return self.published

    def abandon(self) -> None:
        for writer in self._open.values():
            writer.abandon()

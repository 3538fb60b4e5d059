"""Article parts partitioned by publication date, the layout data lakes read directly:

    articles/date=2024-03-14/part-<run>-<site>-00000.jsonl

An article without a publication date goes under the day it was fetched. Every part is
published atomically (see sinks.py); at most `max_open` partitions are open at once, the least
recently used is published first, so a crawl over years of archives keeps a bounded number of
files open.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from .sinks import RollingJsonlWriter


def partition_of(record: dict) -> str:
    day = (record.get("published") or record.get("fetched_at") or "")[:10]
    return f"date={day or 'unknown'}"


class PartitionedJsonlWriter:
    def __init__(self, folder: str | os.PathLike, stem: str, max_lines: int = 10_000, max_open: int = 128):
        self.folder = Path(folder)
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
                                        first_part=self._parts.get(partition, 0))
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

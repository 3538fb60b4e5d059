"""The progress bar of `presswash clean`: a real total from the start, rate and time left.

The total is the size of the inputs in bytes (a stat per file: free, where counting the records
of a WARC would mean reading it twice). A page counts as done at the byte where its record
ends; pages are read ahead of cleaning, so the position of each page read waits in a queue until
its result is written, in the same order. Standard input has no size: it counts as it is read.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from cleaners.records import RawPage

from .inputs import STDIN, iter_pages


def input_bytes(files: list[Path]) -> int:
    return sum(f.stat().st_size for f in files if str(f) != STDIN)


class CleanProgress:
    def __init__(self, files: list[Path], console=None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self.files = files
        self.started = time.monotonic()
        self.pages = 0
        self._done_at: deque[int] = deque()  # the byte position of each page read, not yet written
        # stderr: standard output may be the articles themselves (-o -)
        self.progress = Progress(TextColumn("cleaning"), BarColumn(), TaskProgressColumn(),
                                 TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s"),
                                 TextColumn("ETA"), TimeRemainingColumn(),
                                 console=console or Console(stderr=True), transient=True)
        self.task = self.progress.add_task("clean", total=input_bytes(files) or None, pages=0, rate="-")

    def read(self, url: str | None = None) -> Iterator[tuple[RawPage, str | None]]:
        """The pages of self.files (presswash.inputs.iter_pages), noting where each one ends."""
        before = 0  # bytes of the files wholly read
        for f in self.files:
            size = 0 if str(f) == STDIN else f.stat().st_size
            pending = None
            for page, role in iter_pages([f], url):
                if pending is not None:  # a WARC record ends where the next one begins
                    offset = page.raw.warc_offset if page.raw is not None else None
                    self._done_at.append(before + (offset if offset is not None else size))
                    yield pending
                pending = (page, role)
            if pending is not None:
                self._done_at.append(before + size)
                yield pending
            before += size

    def page_done(self) -> None:
        self.pages += 1
        position = self._done_at.popleft() if self._done_at else None
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(self.task, completed=position, pages=self.pages, rate=f"{self.pages / elapsed:.1f}")

    def __enter__(self) -> CleanProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

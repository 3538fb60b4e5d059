"""JSON Lines files that no reader ever sees half-written.

Lines go to a hidden temporary file beside the target (".NAME.inprogress"); closing flushes,
fsyncs and renames it into place, which is atomic on POSIX. A killed run leaves only the hidden
file, never a visible partial line; `salvage` recovers its complete lines.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path

INPROGRESS_SUFFIX = ".inprogress"


def inprogress_path(path: Path) -> Path:
    return path.with_name("." + path.name + INPROGRESS_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJsonlWriter:
    """Write lines to `path`, published atomically on close(). Use as a context manager: an
    exception inside the block discards nothing already written but does not publish either."""

    def __init__(self, path: str | os.PathLike, keep_empty: bool = True, flush_lines: bool = False):
        self.path = Path(path)
        self.flush_lines = flush_lines
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = inprogress_path(self.path)
        self.keep_empty = keep_empty
        self.count = 0
        self._f = open(self.tmp, "wb")

    def write(self, line: bytes) -> None:
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise ValueError("a JSON Lines record must be exactly one newline-terminated line")
        self._f.write(line)
        if self.flush_lines:
            self._f.flush()  # in the OS's hands: a killed process loses no written line
        self.count += 1

    def close(self) -> Path | None:
        """Publish the file; returns its path, or None when empty and keep_empty is False."""
        if self._f.closed:
            return self.path if self.path.exists() else None
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
        if self.count == 0 and not self.keep_empty:
            self.tmp.unlink()
            return None
        self._publish()
        return self.path

    def _publish(self) -> None:
        """The sealed in-progress file becomes the published one (a subclass may convert it)."""
        os.replace(self.tmp, self.path)
        _fsync_dir(self.path.parent)

    def abandon(self) -> None:
        """Stop without publishing; the hidden file stays for `salvage`."""
        if not self._f.closed:
            self._f.flush()
            self._f.close()

    def __enter__(self) -> AtomicJsonlWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()


class RollingJsonlWriter:
    """A series of atomically published parts, `<stem>-00000.jsonl`, ... of at most max_lines
    each, so consumers of a long run see finished parts early and a kill loses no finished part."""

    def __init__(self, folder: str | os.PathLike, stem: str, max_lines: int = 10_000, flush_lines: bool = True,
                 first_part: int = 0, writer: type[AtomicJsonlWriter] = AtomicJsonlWriter, suffix: str = ".jsonl"):
        self.folder = Path(folder)
        self.stem = stem
        self.writer, self.suffix = writer, suffix  # what a part is published as (output/parquet.py)
        self.flush_lines = flush_lines
        self.max_lines = max_lines
        self.published: list[Path] = []
        self.count = 0
        self._part = first_part
        self._current: AtomicJsonlWriter | None = None

    def write(self, line: bytes) -> None:
        if self._current is None:
            self._current = self.writer(self.folder / f"{self.stem}-{self._part:05d}{self.suffix}", keep_empty=False,
                                        flush_lines=self.flush_lines)
        self._current.write(line)
        self.count += 1
        if self._current.count >= self.max_lines:
            self._roll()

    def _roll(self) -> None:
        if self._current is not None:
            done = self._current.close()
            if done:
                self.published.append(done)
            self._current = None
            self._part += 1

    @property
    def next_part(self) -> int:
        return self._part

    def close(self) -> list[Path]:
        self._roll()
        return self.published

    def abandon(self) -> None:
        if self._current is not None:
            self._current.abandon()


def salvage(tmp: Path, target: Path) -> int:
    """Publish the complete lines of an abandoned in-progress file as `target`; returns how many.
    A trailing partial line (the write the kill interrupted) is cut off."""
    data = tmp.read_bytes()
    cut = data.rfind(b"\n") + 1
    with open(tmp, "r+b") as f:
        f.truncate(cut)
        f.flush()
        os.fsync(f.fileno())
    if cut == 0:
        tmp.unlink()
        return 0
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return data[:cut].count(b"\n")


def write_text_atomic(path: Path, text: str) -> Path:
    """A whole text file (a report, a profile), written beside the target under a hidden unique
    name, fsynced, then renamed over it: written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=INPROGRESS_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def publish_gzip(source: Path, target: Path) -> Path:
    """`source` gzipped into `target`, atomically; the same bytes in, the same bytes out (no
    name, no time in the gzip header)."""
    tmp = inprogress_path(target)
    with open(source, "rb") as src, open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            shutil.copyfileobj(src, gz, 1 << 20)
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target

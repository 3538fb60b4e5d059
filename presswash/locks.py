"""One crawl per site at a time: an exclusive flock per site, taken without waiting.

The operating system releases a lock when its process dies, however it dies, so a killed run
never blocks the next one; the lock file says who holds it, for the message of the refused run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Locked(RuntimeError):
    pass


class SiteLocks:
    def __init__(self, folder: Path, sites: list[str], run_id: str):
        self.folder = folder
        self.sites = sorted(set(sites))  # one order for every run: no two runs wait on each other
        self.run_id = run_id
        self._held: list[int] = []

    def __enter__(self) -> SiteLocks:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            for site in self.sites:
                path = self.folder / f"{site}.lock"
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
                    os.close(fd)
                    raise Locked(f"site {site!r} is being crawled by {holder} (lock {path})") from None
                os.ftruncate(fd, 0)
                os.write(fd, f"pid {os.getpid()}, run {self.run_id}\n".encode())
                self._held.append(fd)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        while self._held:
            fd = self._held.pop()
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


@contextmanager
def waiting_lock(path: Path) -> Iterator[None]:
    """An exclusive flock that waits its turn: for short work that two runs over different
    sites may both want to do, such as recovering the killed run they have in common."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock

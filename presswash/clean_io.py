"""Where `presswash clean` writes, as Unix tools do: `-o -` is standard output, a name ending in
.gz is gzipped, and an existing file is not overwritten without --force.

The cleaner run always writes plain JSON Lines to a work file (published atomically, see
output/sinks.py); `finish` then publishes it as asked: renamed into place, gzipped into place,
or copied to standard output once complete, so a reader never sees part of a run. An fsspec URL
(presswash/remote_files.py) is written as standard output is, to a work file, then published there
in one step; a file:// URL is its local path.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from output.sinks import publish_gzip

from .remote_files import RemoteTarget, is_url

STDOUT = "-"


@dataclass
class Target:
    name: str  # as given: a path, or "-"
    work: Path  # where the run writes plain JSON Lines
    path: Path | None  # the final file; None for standard output or for rejects that are not kept
    gzip: bool = False
    remote: RemoteTarget | None = None  # a URL's filesystem and path: the work file is published there

    def finish(self) -> None:
        """Publish the run's work file; OSError when a URL's filesystem fails (nothing is then there)."""
        if self.remote is not None:
            sealed = publish_gzip(self.work, self.work.with_name(self.work.name + ".gz")) if self.gzip else self.work
            try:
                self.remote.publish(sealed)
            finally:
                sealed.unlink(missing_ok=True)
                self.work.unlink(missing_ok=True)
        elif self.path is None:
            if self.name == STDOUT:
                with open(self.work, "rb") as f:
                    shutil.copyfileobj(f, sys.stdout.buffer, 1 << 20)
                sys.stdout.buffer.flush()
            self.work.unlink(missing_ok=True)
        elif self.gzip:
            publish_gzip(self.work, self.path)
            self.work.unlink()
        # else the run wrote the file in place

    def discard(self) -> None:
        if self.work != self.path:
            self.work.unlink(missing_ok=True)


def default_rejects(output: str) -> str | None:
    """OUT.jsonl -> OUT.rejects.jsonl (OUT.jsonl.gz -> OUT.rejects.jsonl.gz); none for standard output."""
    if output == STDOUT:
        return None
    gz = output.endswith(".gz")
    stem = output.removesuffix(".gz").removesuffix(".jsonl")
    return stem + ".rejects.jsonl" + (".gz" if gz else "")


def plan(output: str, rejects: str | None, scratch: Path) -> tuple[Target, Target]:
    """The articles' and the rejects' targets; their work files go to `scratch` or beside them."""
    return _target(output, scratch, "articles"), _target(rejects or default_rejects(output), scratch, "rejects")


def _target(name: str | None, scratch: Path, kind: str) -> Target:
    if name is None:  # rejects of a run writing to standard output, without --rejects: counted, not kept
        return Target("", scratch / f"{kind}.jsonl", None)
    if name == STDOUT:
        return Target(name, scratch / f"{kind}.jsonl", None)
    if is_url(name):
        from .remote_files import output_target

        target = output_target(name)
        if isinstance(target, RemoteTarget):
            return Target(name, scratch / f"{kind}.jsonl", None, gzip=name.endswith(".gz"), remote=target)
        name = str(target)  # file://: the local path, written as one
    path = Path(name)
    if name.endswith(".gz"):
        return Target(name, path.with_name("." + path.name + ".plain"), path, gzip=True)
    return Target(name, path, path)


def existing(targets: tuple[Target, ...]) -> list[Path | str]:
    return [t.path if t.remote is None else t.name for t in targets
            if (t.path is not None and t.path.exists()) or (t.remote is not None and t.remote.exists())]


def scratch_dir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="presswash-out-", dir=os.environ.get("TMPDIR"))

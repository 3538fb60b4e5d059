"""Data derived from installed packages, kept on disk between runs so a process does not rebuild it:
only ever a copy. A cache that cannot be read is rebuilt; one that cannot be written is skipped."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def cache_path(name: str, files: list[str], version: int) -> Path:
    """`name-<key>.bin` in $XDG_CACHE_HOME/presswash (else ~/.cache/presswash). The key covers the
    source files (name, size, mtime), the cache's format version, the Python version (marshal's
    format is Python's) and the byte order (arrays are stored as the machine has them)."""
    stats = [(os.path.basename(n), os.stat(n).st_size, os.stat(n).st_mtime_ns) for n in files]
    key = repr((version, sys.version_info[:2], sys.byteorder, files, stats))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "presswash" / f"{name}-{digest}.bin"


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a name of this process, then rename: two first runs at once never mix, and a
    reader never sees half a file. A cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass

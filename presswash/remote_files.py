"""fsspec URLs as `presswash clean` inputs and outputs (`s3://bucket/raw/`, `file:///srv/raw`).

Only a URL brings fsspec in: a plain path never imports it, and its code path is the one it always
was. A `file://` URL is resolved by fsspec to its local path and then takes that same local path
(the same bytes, fsync and rename). Any other filesystem:

- inputs: a "folder" is a prefix, listed through fsspec recursively and sorted as a local folder's
  files are (by path components); an HTML file is read whole, as a local one is; a WARC file is
  copied to a temporary local file under its own name (warcio wants a seekable file, and the
  damage checks read its end again), read, and removed before the next file is copied: one WARC
  at a time on the local disk, never in memory;
- outputs: the run writes and seals a local work file as for standard output; `publish` then puts
  it in place in one step, so a reader never sees part of it: on an object store (OBJECT_STORES)
  in one PUT (a multipart upload too appears only when it completes), elsewhere under a hidden
  temporary name beside the target, then moved over it (a rename on an SFTP or HDFS server).

Credentials and endpoints are the filesystem's own (for s3://, boto's: AWS_* variables, ~/.aws;
fsspec's FSSPEC_S3_* configuration variables work as well).
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
# a PUT of a whole object is atomic there: readers see the old object or the new one, whole
OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "abfs", "abfss", "az", "adl", "oss"})
INPROGRESS_SUFFIX = ".inprogress"


class UrlError(ValueError):
    """A URL that cannot be used here: fsspec or its protocol is not installed, or it is unknown."""


def is_url(arg: str | None) -> bool:
    return bool(arg) and URL.match(arg) is not None


def check_urls(inputs: list[str], outputs: list[str | None]) -> None:
    """Fail now, in one line, on every URL whose filesystem cannot be had, and on an output URL
    whose filesystem does not answer (no credentials, no such host), before anything runs."""
    for arg in inputs:
        if is_url(arg):
            resolve(arg)
    for arg in outputs:
        if is_url(arg) and isinstance(target := output_target(arg), RemoteTarget):
            try:
                target.exists()
            except OSError as exc:
                raise UrlError(str(exc)) from None


def _failed(url: str, what: str, exc: Exception) -> OSError:
    """A filesystem's own error (botocore's, aiohttp's, ...) as one line."""
    return OSError(f"{url}: {what}: {type(exc).__name__}: {exc}")


def resolve(url: str) -> tuple[Any, str]:
    """(the fsspec filesystem, the path inside it) of a URL; UrlError when it has none."""
    protocol = url.split("://", 1)[0].lower()
    try:
        import fsspec
    except ImportError:
        raise UrlError(f"{url}: URLs need fsspec: pip install 'presswash[fsspec]'") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # a known protocol whose package is missing (s3fs, gcsfs, ...)
        hint = " (pip install 'presswash[s3]')" if protocol in ("s3", "s3a") else ""
        raise UrlError(f"{url}: the {protocol}:// filesystem is not installed: {exc}{hint}") from None
    except ValueError as exc:  # "Protocol not known"
        raise UrlError(f"{url}: {exc}") from None


def local_path(fs, path: str) -> Path | None:
    """The local path a URL names (file://, local://), else None."""
    from fsspec.implementations.local import LocalFileSystem

    return Path(path) if isinstance(fs, LocalFileSystem) else None


def _url(fs, path: str) -> str:
    return fs.unstrip_protocol(path)


@dataclass(frozen=True)
class RemoteFile:
    """A file behind a URL, with what presswash.inputs and the progress bar ask of a Path."""

    fs: Any
    path: str
    size: int

    @property
    def url(self) -> str:
        return _url(self.fs, self.path)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    @property
    def suffixes(self) -> list[str]:
        return PurePosixPath(self.name).suffixes

    def __str__(self) -> str:
        return self.url

    def stat(self) -> os.stat_result:
        return os.stat_result((0, 0, 0, 0, 0, 0, self.size, 0, 0, 0))

    def read_bytes(self) -> bytes:
        try:
            return self.fs.cat_file(self.path)
        except Exception as exc:  # noqa: BLE001 - each filesystem has errors of its own
            raise _failed(self.url, "cannot be read", exc) from None

    @contextmanager
    def local_copy(self) -> Iterator[Path]:
        """The file copied into a temporary folder under its own name (records name their WARC file)."""
        with tempfile.TemporaryDirectory(prefix="presswash-in-", dir=os.environ.get("TMPDIR")) as folder:
            copy = Path(folder) / self.name
            try:
                self.fs.get_file(self.path, str(copy))
            except Exception as exc:  # noqa: BLE001 - each filesystem has errors of its own
                raise _failed(self.url, "cannot be read", exc) from None
            yield copy


def listing(url: str) -> Path | RemoteFile | list[RemoteFile] | None:
    """What a URL names: its local path (file://), a file, a folder's files (sorted as a local
    folder's are), or None when nothing is there. OSError when the filesystem fails."""
    fs, path = resolve(url)
    if (local := local_path(fs, path)) is not None:
        return local
    path = path.rstrip("/")
    try:
        if fs.isfile(path):
            return RemoteFile(fs, path, int(fs.size(path) or 0))
        if not fs.isdir(path):
            return None
        found = fs.find(path, detail=True)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - each filesystem has errors of its own
        raise _failed(url, "cannot be listed", exc) from None
    files = [RemoteFile(fs, p, int(info.get("size") or 0)) for p, info in found.items() if info.get("type") == "file"]
    return sorted(files, key=lambda f: f.path.split("/"))


@dataclass(frozen=True)
class RemoteTarget:
    """An output file behind a URL: written locally, then published in one step."""

    fs: Any
    path: str

    @property
    def url(self) -> str:
        return _url(self.fs, self.path)

    def exists(self) -> bool:
        try:
            return bool(self.fs.exists(self.path))
        except Exception as exc:  # noqa: BLE001 - each filesystem has errors of its own
            raise _failed(self.url, "cannot be reached", exc) from None

    def publish(self, sealed: Path) -> None:
        publish(sealed, self.fs, self.path)


def output_target(url: str) -> Path | RemoteTarget:
    fs, path = resolve(url)
    return local_path(fs, path) or RemoteTarget(fs, path)


def _protocols(fs) -> set[str]:
    protocol = fs.protocol
    return {protocol} if isinstance(protocol, str) else set(protocol)


def publish(sealed: Path, fs, path: str) -> None:
    """A sealed local file becomes `path` on `fs` in one step: one PUT on an object store, a
    hidden temporary name beside it moved over it elsewhere. OSError when the filesystem fails."""
    parent = posixpath.dirname(path)
    try:
        if _protocols(fs) & OBJECT_STORES:
            fs.put_file(str(sealed), path)
            return
        if parent:
            fs.makedirs(parent, exist_ok=True)
        tmp = posixpath.join(parent, "." + posixpath.basename(path) + INPROGRESS_SUFFIX)
        fs.put_file(str(sealed), tmp)
        fs.mv(tmp, path)
    except Exception as exc:  # noqa: BLE001 - each filesystem has errors of its own
        raise _failed(_url(fs, path), "not written", exc) from None

"""Raw pages from what a data engineer points `presswash clean` at: HTML files (gzipped or not),
folders of them, WARC files written by the crawl (gzipped or not), or `-`: one HTML page on
standard input. Order is deterministic: arguments in the order given, folder contents sorted,
WARC records in file order. A folder's other files are skipped, and said so. An argument may be an
fsspec URL (presswash/remote_files.py): a file, or a folder (a prefix) listed as a local one is."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from cleaners.records import RawPage, RawRef
from scraper.warc import iter_records

from .remote_files import RemoteFile, is_url

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
HTML_NAMES = HTML_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES)
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.open", ".warc.gz.open")
STDIN = "-"
STDIN_URL = "file:///dev/stdin"  # the page's URL without --url
MAX_HTML_BYTES = 64 << 20  # a page larger than this, once decompressed, is not a news page: refused
GZIP_MAGIC = b"\x1f\x8b"


class InputError(ValueError):
    pass


def payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def is_warc(path: Path) -> bool:
    return path.name.endswith(WARC_SUFFIXES)


def is_page_file(path: Path) -> bool:
    return path.name.endswith(HTML_NAMES) or is_warc(path)


def expand(paths: list[str]) -> list[Path]:
    """Files to read, folders expanded (recursively, sorted); unknown file types are an error."""
    return expand_with_skips(paths)[0]


def expand_with_skips(paths: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to read, (file, why) for each file of a folder that is not read). A file named on
    the command line must be a page file; `-` is standard input."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for arg in paths:
        p = Path(arg)
        if arg != STDIN and is_url(arg):  # only a URL imports fsspec
            from .remote_files import listing

            try:
                found = listing(arg)  # a file:// URL is its local path, and read as one
            except OSError as exc:
                raise InputError(str(exc)) from None
            if found is None:
                raise InputError(f"{arg}: no such file or folder")
            if isinstance(found, list):
                _folder(found, out, skipped)
                continue
            p = found
        if arg == STDIN:
            out.append(p)
        elif isinstance(p, RemoteFile):
            if not is_page_file(p):
                raise InputError(f"{p}: not an HTML file (.html/.htm, or .html.gz) or a WARC file (.warc/.warc.gz)")
            out.append(p)
        elif p.is_dir():
            _folder(sorted(f for f in p.rglob("*") if f.is_file()), out, skipped)
        elif p.is_file():
            if not is_page_file(p):
                raise InputError(f"{p}: not an HTML file (.html/.htm, or .html.gz) or a WARC file (.warc/.warc.gz)")
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out, skipped


def _folder(files: list, out: list, skipped: list) -> None:
    for f in files:
        if is_page_file(f):
            out.append(f)
        else:
            kind = "".join(f.suffixes[-2:]) or "none"
            skipped.append((f, f"not HTML (.html, .htm, .xhtml, gzipped or not) or WARC: extension {kind}"))


def _page_bytes(data: bytes, where: str) -> bytes:
    """The HTML of a file or of standard input, gunzipped when gzipped, never beyond MAX_HTML_BYTES."""
    if data[:2] == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
                data = f.read(MAX_HTML_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise OSError(f"{where}: not a readable gzip file: {exc}") from None
    if len(data) > MAX_HTML_BYTES:
        raise OSError(f"{where}: larger than {MAX_HTML_BYTES >> 20} MiB: not a page")
    return data


def html_page(path: Path, url: str | None = None) -> RawPage:
    if str(path) == STDIN:
        body = _page_bytes(sys.stdin.buffer.read(MAX_HTML_BYTES + 1), "standard input")
        return RawPage(url=url or STDIN_URL, body=body, raw=RawRef(payload_digest=payload_digest(body)))
    if isinstance(path, RemoteFile):
        body = _page_bytes(path.read_bytes(), str(path))
        return RawPage(url=url or path.url, body=body, raw=RawRef(payload_digest=payload_digest(body)))
    body = _page_bytes(path.read_bytes(), str(path))
    return RawPage(url=url or path.resolve().as_uri(), body=body, raw=RawRef(payload_digest=payload_digest(body)))


def iter_pages(files: list[Path], url: str | None = None) -> Iterator[tuple[RawPage, str | None]]:
    """(page, role) for every page of every file. A WARC yields its HTTP response records,
    statuses other than 200 included (they become rejects, as in the crawl), with the role the
    crawler fetched them as; an HTML file is a page."""
    for f in files:
        if isinstance(f, RemoteFile) and is_warc(f):
            with f.local_copy() as copy:  # one WARC on the local disk at a time
                yield from iter_records(copy)
        elif is_warc(f):
            yield from iter_records(f)
        else:
            yield html_page(f, url), "page"

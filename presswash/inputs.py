"""Raw pages from what a data engineer points `presswash clean` at: HTML files, folders of them,
WARC files written by the crawl (gzipped or not). Order is deterministic: arguments in the
order given, folder contents sorted, WARC records in file order."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

from cleaners.records import RawPage, RawRef
from scraper.warc import iter_records

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.open", ".warc.gz.open")


class InputError(ValueError):
    pass


def payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def is_warc(path: Path) -> bool:
    return path.name.endswith(WARC_SUFFIXES)


def expand(paths: list[str]) -> list[Path]:
    """Files to read, folders expanded (recursively, sorted); unknown file types are an error."""
    out: list[Path] = []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and (f.suffix in HTML_SUFFIXES or is_warc(f))))
        elif p.is_file():
            if not (p.suffix in HTML_SUFFIXES or is_warc(p)):
                raise InputError(f"{p}: not an HTML file (.html/.htm) or a WARC file (.warc/.warc.gz)")
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out


def html_page(path: Path, url: str | None = None) -> RawPage:
    body = path.read_bytes()
    return RawPage(url=url or path.resolve().as_uri(), body=body, raw=RawRef(payload_digest=payload_digest(body)))


def iter_pages(files: list[Path], url: str | None = None) -> Iterator[tuple[RawPage, str | None]]:
    """(page, role) for every page of every file. A WARC yields its HTTP response records,
    statuses other than 200 included (they become rejects, as in the crawl), with the role the
    crawler fetched them as; an HTML file is a page."""
    for f in files:
        if is_warc(f):
            yield from iter_records(f)
        else:
            yield html_page(f, url), "page"

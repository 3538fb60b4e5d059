"""The raw archive: gzipped WARC files written during a crawl, read back for re-cleaning.

Writing follows Heritrix's habits: a warcinfo record opens every file, each exchange is a
response record plus its request record (WARC-Concurrent-To), a file is named ".open" while
written and renamed when complete, and files rotate by size. The payload is stored as it came
off the wire (still gzip/br encoded; only the chunked transfer coding is undone by the HTTP
client, so that header is renamed). Nothing here imports Scrapy: `presswash clean` reads
archives without it.
"""

from __future__ import annotations

import io
import os
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from zlib_ng import zlib_ng

from cleaners.records import RawPage, RawRef

OPEN_SUFFIX = ".open"
ROLE_FIELD = "Presswash-Role"  # an extension field: what the crawler fetched the URL as
LATENCY_FIELD = "Presswash-Fetch-Latency"  # seconds from request sent to response read (Scrapy's download_latency)
SOFTWARE = "presswash"
DEFAULT_MAX_BYTES = 1_000_000_000  # the customary 1 GB per WARC file
# zlib's own default: warcio's fixed 9 costs 1.6x the CPU for archives 1% smaller; 1 costs a third
# of 6 for archives ~18% larger (PRESSWASH_WARC_GZIP_LEVEL). Records are deflated by zlib-ng, which
# writes the same gzip format as zlib, members as small at level 6, in 40% of zlib's CPU time.
DEFAULT_GZIP_LEVEL = 6


def warc_date(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _header_list(headers) -> list[tuple[str, str]]:
    out = []
    for name, value in headers:
        if name.lower() == "transfer-encoding":
            name = "X-Crawler-Transfer-Encoding"  # the body below is no longer chunked
        out.append((name, value))
    return out


class WarcArchive:
    """Rotating writer of `<prefix>-<run id>-<serial>.warc.gz` files in one folder; the run id
    defaults to the UTC time and the pid."""

    def __init__(self, folder: str | os.PathLike, prefix: str = "presswash", max_bytes: int = DEFAULT_MAX_BYTES,
                 info: dict[str, str] | None = None, run_id: str | None = None,
                 gzip_level: int = DEFAULT_GZIP_LEVEL):
        if not 0 <= gzip_level <= 9:
            raise ValueError(f"gzip level {gzip_level} is not between 0 and 9")
        self.gzip_level = gzip_level
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = info or {}
        self.stamp = run_id or f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"
        self.serial = 0
        self.finished: list[Path] = []
        self._file = None
        self._writer: WARCWriter | None = None
        self._name = ""

    def _open(self) -> None:
        self._name = f"{self.prefix}-{self.stamp}-{self.serial:05d}.warc.gz"
        self._file = open(self.folder / (self._name + OPEN_SUFFIX), "wb")
        # records are serialized uncompressed, then gzipped one member each at our own level
        self._writer = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")
        fields = {"software": SOFTWARE, "format": "WARC File Format 1.1", **self.info}
        self._write(self._writer.create_warcinfo_record(self._name, fields))

    def _write(self, record) -> None:
        """One record as one gzip member, the form WARC readers seek to by offset."""
        buffer = io.BytesIO()
        self._writer.out = buffer
        self._writer.write_record(record)
        compressor = zlib_ng.compressobj(self.gzip_level, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS + 16)
        self._file.write(compressor.compress(buffer.getvalue()) + compressor.flush())

    def _rotate_if_full(self) -> None:
        if self._file is not None and self._file.tell() >= self.max_bytes:
            self._close_current()
            self.serial += 1
        if self._file is None:
            self._open()

    def write_exchange(
        self,
        url: str,
        status: int,
        reason: str,
        response_headers,
        body: bytes,
        *,
        method: str = "GET",
        request_headers=(),
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
        fetched_at: str | None = None,
        role: str | None = None,
        latency: float | None = None,
    ) -> tuple[RawRef, str, tuple[tuple[str, str], ...]]:
        """Archive one exchange. Returns (reference to the response record, its WARC-Date,
        the response headers as stored), which are what a RawPage of this response holds.
        `role` (page, section, feed, sitemap, robots) is kept in a Presswash-Role field, so a
        re-clean treats the record as the crawl did."""
        self._rotate_if_full()
        assert self._writer is not None and self._file is not None
        date = fetched_at or warc_date()
        headers = _header_list(response_headers)
        http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol)
        record_id = f"<urn:uuid:{uuid.uuid4()}>"
        warc_headers = {"WARC-Date": date, "WARC-Record-ID": record_id}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        if role:
            warc_headers[ROLE_FIELD] = role
        if latency is not None:
            warc_headers[LATENCY_FIELD] = f"{latency:.3f}"
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict=warc_headers,
        )
        path = urlsplit_path(url)
        req_http = StatusAndHeaders(f"{method} {path} {protocol}", list(request_headers), is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, http_headers=req_http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        offset = self._file.tell()
        self._write(response)
        self._write(request)
        self._file.flush()  # a killed crawl keeps every record it wrote
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        ref = RawRef(payload_digest=digest, warc_file=self._name, warc_record_id=record_id, warc_offset=offset)
        return ref, date, tuple(headers)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def _close_current(self) -> None:
        if self._file is None:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        final = self.folder / self._name
        os.replace(self.folder / (self._name + OPEN_SUFFIX), final)
        self.finished.append(final)
        self._file = self._writer = None

    def close(self) -> list[Path]:
        self._close_current()
        return self.finished


def urlsplit_path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def iso_from_warc_date(date: str) -> str:
    """WARC-Date (second or sub-second precision, always UTC) in the article's fetched_at form."""
    return date if date.endswith("Z") else date + "Z"


READ_MAX_BYTES = 16 * 1024 * 1024  # the crawl's default DOWNLOAD_MAXSIZE (scraper/settings.py)
MAXSIZE_FIELD = "presswash-download-maxsize"  # warcinfo field: the crawl's size cap, applied when reading
_READ_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class DamagedPage(RawPage):
    """A response record that cannot be read as the crawl received it: `problem` is too_large
    (its payload inflates past the size cap) or truncated (shorter than its Content-Length)."""

    problem: str = ""
    detail: str = ""


def _warcinfo_cap(record) -> int | None:
    for line in record.content_stream().read(65536).decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == MAXSIZE_FIELD and value.strip().isdigit():
            return int(value.strip()) or None
    return None


def _decoders(encodings: list[str]):
    """One incremental decoder per content coding, outermost last as the header lists them;
    None when a coding is unknown (the payload is then kept as stored, as warcio does)."""
    out = []
    for coding in reversed(encodings):
        if coding in ("gzip", "x-gzip"):
            out.append(zlib.decompressobj(zlib.MAX_WBITS | 32))
        elif coding == "deflate":
            out.append(_Deflate())
        elif coding == "br":
            import brotli

            out.append(_Brotli(brotli.Decompressor()))
        elif coding in ("identity", ""):
            continue
        else:
            return None
    return out


class _Deflate:
    """HTTP deflate is zlib-wrapped in theory and raw deflate in much practice: try both."""

    def __init__(self):
        self.d, self.first = zlib.decompressobj(), True

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        if self.first:
            self.first = False
            try:
                return self.d.decompress(data, max_length)
            except zlib.error:
                self.d = zlib.decompressobj(-zlib.MAX_WBITS)
        return self.d.decompress(data, max_length)

    @property
    def unconsumed_tail(self) -> bytes:
        return self.d.unconsumed_tail


class _Brotli:
    def __init__(self, d):
        self.d, self.unconsumed_tail = d, b""

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        return self.d.process(data)


class _TooLarge(Exception):
    pass


def _inflate(raw: bytes, decoders, cap: int) -> bytes:
    """Run raw bytes through the decoders, stopping as soon as the output passes `cap`."""
    data = raw
    for d in decoders:
        out, pending = [], data
        size = 0
        while pending:
            piece = d.decompress(pending, cap + 1 - size)
            size += len(piece)
            out.append(piece)
            if size > cap:
                raise _TooLarge(f"payload inflates past the size cap of {cap} bytes")
            pending = d.unconsumed_tail
            if not piece and pending:  # no progress: a decoder that does not take max_length
                break
        data = b"".join(out)
    return data


def _page(record, name: str, offset_of, cap: int) -> RawPage:
    """The page of one response record; `offset_of` gives the record's offset once its payload
    is read (warcio's get_record_offset reads the record to its end)."""
    stream, chunks, size = record.raw_stream, [], 0
    problem = detail = None
    try:
        while True:
            chunk = stream.read(_READ_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:  # the stored bytes alone pass the cap: not read further
                problem, detail = "too_large", f"payload larger than {cap} bytes"
                break
            chunks.append(chunk)
    except (EOFError, zlib.error) as exc:
        problem, detail = "truncated", f"the archive ends inside this record: {exc}"
    if problem is None and getattr(stream, "limit", 0) > 0:
        problem, detail = "truncated", f"the record is {stream.limit} bytes shorter than its Content-Length"
    rec = record.rec_headers
    fields = dict(
        url=rec.get_header("WARC-Target-URI"),
        headers=tuple(record.http_headers.headers),
        status=int(record.http_headers.get_statuscode() or 0),
        fetched_at=iso_from_warc_date(rec.get_header("WARC-Date")),
        raw=RawRef(payload_digest=rec.get_header("WARC-Payload-Digest"), warc_file=name,
                   warc_record_id=rec.get_header("WARC-Record-ID"), warc_offset=offset_of()),
    )
    if problem is not None:
        return DamagedPage(body=b"", problem=problem, detail=detail, **fields)
    raw = b"".join(chunks)
    encodings = [e.strip().lower() for e in (record.http_headers.get_header("Content-Encoding") or "").split(",")]
    decoders = _decoders([e for e in encodings if e])
    if not decoders:
        return RawPage(body=raw, **fields)
    try:
        body = _inflate(raw, decoders, cap)
    except _TooLarge as exc:
        return DamagedPage(body=b"", problem="too_large", detail=str(exc), **fields)
    except Exception:  # noqa: BLE001 - zlib's or brotli's error for a broken coding: the bytes as stored, as warcio gives
        return RawPage(body=raw, **fields)
    return RawPage(body=body, **fields)


def iter_responses(path: str | os.PathLike) -> Iterator[RawPage]:
    """Every HTTP response record of a WARC file (gzipped or not) as a RawPage, in file order."""
    for page, _role in iter_records(path):
        yield page


def iter_records(path: str | os.PathLike, max_bytes: int | None = None) -> Iterator[tuple[RawPage, str | None]]:
    """(RawPage, role) for every HTTP response record of a WARC file, in file order.

    The body is the payload with its content encoding removed, exactly as the crawler's
    HTTP stack handed it to the spider; url, headers, date and reference are the record's;
    role is what the crawler fetched it as (None in WARCs from other crawlers).

    Reading is bounded like the crawl: a payload is inflated in steps and never past the size
    cap (`max_bytes`, else the cap the crawl wrote into the file's warcinfo, else
    READ_MAX_BYTES), so a decompression bomb the crawl archived as served costs no memory here.
    Such a record, and one shorter than its Content-Length (a file cut short), comes as a
    DamagedPage with an empty body and the reason.
    """
    name = Path(path).name
    if name.endswith(OPEN_SUFFIX):
        name = name[: -len(OPEN_SUFFIX)]
    cap = max_bytes
    size = os.path.getsize(path)
    last, cut = 0, False  # offset of the last record read; whether a cut was reported
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        try:
            for record in it:
                if record.rec_type == "warcinfo" and max_bytes is None:
                    cap = _warcinfo_cap(record) or cap
                elif record.rec_type == "response" and record.http_headers is not None:
                    page = _page(record, name, it.get_record_offset, cap or READ_MAX_BYTES)
                    cut = cut or getattr(page, "problem", None) == "truncated"
                    yield page, record.rec_headers.get_header(ROLE_FIELD)
                    last = it.get_record_offset()
                    continue
                while record.raw_stream.read(_READ_CHUNK):
                    pass
                last = it.get_record_offset()
                if record.raw_stream.limit > 0:
                    cut = True
                    yield _cut(name, last, f"a {record.rec_type} record {record.raw_stream.limit} bytes shorter "
                                           f"than its Content-Length"), None
        except Exception as exc:  # noqa: BLE001 - warcio fails in many ways on a record cut inside its headers
            yield _cut(name, it.offset, f"the archive cannot be read past offset {it.offset}: {exc!r}"), None
            return
    # warcio stops at a gzip member cut short without a word: the members from the last record on
    # must all be whole
    if not cut and (it.offset < size or not _tail_whole(path, last)):
        yield _cut(name, last, f"the archive ends inside a record (after the record at offset {last})"), None


def _tail_whole(path: str | os.PathLike, start: int) -> bool:
    """Whether the file ends with whole records: an uncompressed WARC with the blank lines that
    close a record, a gzipped one with whole gzip members from `start` on (inflated in bounded
    steps and thrown away: a bomb costs nothing)."""
    with open(path, "rb") as f:
        if f.read(2) != b"\x1f\x8b":
            f.seek(max(0, os.path.getsize(path) - 4))
            return f.read(4) in (b"\r\n\r\n", b"")
        f.seek(start)
        pending = f.read(_READ_CHUNK)
        while pending:
            d = zlib.decompressobj(zlib.MAX_WBITS | 16)
            while not d.eof:
                try:
                    d.decompress(pending, _READ_CHUNK)
                except zlib.error:
                    return False
                pending = d.unconsumed_tail
                if not pending:
                    pending = f.read(_READ_CHUNK)
                    if not pending and not d.eof:
                        return False  # the file ends inside this member
            pending = d.unused_data + (b"" if d.unused_data else f.read(_READ_CHUNK))
        return True


def _cut(name: str, offset: int, detail: str) -> DamagedPage:
    return DamagedPage(url=f"{name}#offset={offset}", body=b"", raw=RawRef("", name, None, offset),
                       problem="truncated", detail=detail)

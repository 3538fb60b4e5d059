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
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.records import RawPage, RawRef

OPEN_SUFFIX = ".open"
ROLE_FIELD = "Presswash-Role"  # an extension field: what the crawler fetched the URL as
SOFTWARE = "presswash"
DEFAULT_MAX_BYTES = 1_000_000_000  # the customary 1 GB per WARC file
# zlib's own default: warcio's fixed 9 costs 1.6x the CPU for archives 1% smaller; 1 halves the
# cost again for archives ~18% larger (PRESSWASH_WARC_GZIP_LEVEL).
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
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
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


def iter_responses(path: str | os.PathLike) -> Iterator[RawPage]:
    """Every HTTP response record of a WARC file (gzipped or not) as a RawPage, in file order."""
    for page, _role in iter_records(path):
        yield page


def iter_records(path: str | os.PathLike) -> Iterator[tuple[RawPage, str | None]]:
    """(RawPage, role) for every HTTP response record of a WARC file, in file order.

    The body is the payload with its content encoding removed, exactly as the crawler's
    HTTP stack handed it to the spider; url, headers, date and reference are the record's;
    role is what the crawler fetched it as (None in WARCs from other crawlers).
    """
    name = Path(path).name
    if name.endswith(OPEN_SUFFIX):
        name = name[: -len(OPEN_SUFFIX)]
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            rec = record.rec_headers
            status = int(record.http_headers.get_statuscode() or 0)
            body = record.content_stream().read()
            yield RawPage(
                url=rec.get_header("WARC-Target-URI"),
                body=body,
                headers=tuple(record.http_headers.headers),
                status=status,
                fetched_at=iso_from_warc_date(rec.get_header("WARC-Date")),
                raw=RawRef(
                    payload_digest=rec.get_header("WARC-Payload-Digest"),
                    warc_file=name,
                    warc_record_id=rec.get_header("WARC-Record-ID"),
                    warc_offset=it.get_record_offset(),
                ),
            ), rec.get_header(ROLE_FIELD)

"""Downloader middleware that archives every HTTP exchange to WARC before anything else sees it.

It sits next to the downloader (order 950, after HttpCompressionMiddleware's 590 on the way
in), so it stores the body as received, redirects, robots.txt and error pages included. The
reference to the stored record travels with the request (meta["presswash_raw"]) to the spider.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from scrapy import Request, signals
from scrapy.http import Response

from .warc import WarcArchive

META_KEY = "presswash_raw"


def _decode_headers(headers) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcArchiveMiddleware:
    def __init__(self, folder: Path, max_bytes: int, info: dict[str, str]):
        self.folder, self.max_bytes, self.info = folder, max_bytes, info
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        folder = Path(settings.get("PRESSWASH_DATA_DIR", "data")) / "raw"
        info = {
            "http-header-user-agent": settings.get("USER_AGENT", ""),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }
        mw = cls(folder, settings.getint("PRESSWASH_WARC_MAX_BYTES"), info)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        mw.stats = crawler.stats
        return mw

    def spider_opened(self, spider) -> None:
        self.archive = WarcArchive(self.folder, max_bytes=self.max_bytes, info=self.info,
                                   run_id=getattr(spider, "run_id", None))

    def process_response(self, request: Request, response: Response) -> Response:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        ref, date, headers = self.archive.write_exchange(
            response.url,
            response.status,
            reason,
            _decode_headers(response.headers),
            response.body,
            method=request.method,
            request_headers=_decode_headers(request.headers),
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        request.meta[META_KEY] = (ref, date, headers)
        self.stats.inc_value("presswash/warc_records")
        return response

    def spider_closed(self, spider) -> None:
        finished = self.archive.close() if self.archive else []
        self.stats.set_value("presswash/warc_files", [str(p) for p in finished])

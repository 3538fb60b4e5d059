"""Downloader middlewares: the WARC archive, and retries that back off.

WarcArchiveMiddleware archives every HTTP exchange before anything else sees it: it sits next
to the downloader (order 950, after HttpCompressionMiddleware's 590 on the way in), so it stores
the body as received, redirects, robots.txt and error pages included. The reference to the
stored record travels with the request (meta["presswash_raw"]) to the spider.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import task

from .warc import DEFAULT_GZIP_LEVEL, MAXSIZE_FIELD, WarcArchive

META_KEY = "presswash_raw"


def _decode_headers(headers) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcArchiveMiddleware:
    def __init__(self, folder: Path, max_bytes: int, info: dict[str, str], gzip_level: int = DEFAULT_GZIP_LEVEL):
        self.folder, self.max_bytes, self.info, self.gzip_level = folder, max_bytes, info, gzip_level
        self.archive: WarcArchive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        folder = Path(settings.get("PRESSWASH_DATA_DIR", "data")) / "raw"
        info = {
            "http-header-user-agent": settings.get("USER_AGENT", ""),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            # the size cap a re-clean applies when it inflates these payloads (scraper/warc.py)
            MAXSIZE_FIELD: str(settings.getint("DOWNLOAD_MAXSIZE")),
        }
        mw = cls(folder, settings.getint("PRESSWASH_WARC_MAX_BYTES"), info,
                 settings.getint("PRESSWASH_WARC_GZIP_LEVEL", DEFAULT_GZIP_LEVEL))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        mw.stats = crawler.stats
        return mw

    def spider_opened(self, spider) -> None:
        site = getattr(spider, "site", None)
        # named by the run, and by the node too in a crawl shared by several (scraper/redis_frontier.py)
        stamp = getattr(spider, "file_stamp", getattr(spider, "run_id", None))
        self.archive = WarcArchive(self.folder, prefix=f"presswash-{site.name}" if site else "presswash",
                                   max_bytes=self.max_bytes, info=self.info, run_id=stamp, gzip_level=self.gzip_level)

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
            role=request.meta.get("presswash_role", "robots" if response.url.endswith("/robots.txt") else None),
            latency=request.meta.get("download_latency"),
        )
        request.meta[META_KEY] = (ref, date, headers)
        self.stats.inc_value("presswash/warc_records")
        return response

    def spider_closed(self, spider) -> None:
        finished = self.archive.close() if self.archive else []
        self.stats.set_value("presswash/warc_files", [str(p) for p in finished])


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but polite: a retried request waits, Retry-After seconds when the server
    says so, else an exponential backoff from PRESSWASH_RETRY_BASE_DELAY. A server asking for
    more than PRESSWASH_RETRY_MAX_DELAY is not retried in this run: the page is recorded as
    failed, and a failure that says "later" leaves it due for the next run. The wait happens
    before the download slot is taken, so other requests keep going meanwhile."""

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        mw.base_delay = crawler.settings.getfloat("PRESSWASH_RETRY_BASE_DELAY", 2.0)
        mw.max_delay = crawler.settings.getfloat("PRESSWASH_RETRY_MAX_DELAY", 120.0)
        return mw

    def _delay(self, request: Request, response: Response | None) -> float | None:
        """Seconds to wait before the retry; None when the server asks for longer than we wait."""
        if response is not None:
            header = response.headers.get(b"Retry-After")
            if header:
                wait = retry_after_seconds(header.decode("latin-1"))
                if wait is not None:
                    return wait if wait <= self.max_delay else None
        return min(self.base_delay * 2 ** request.meta.get("retry_times", 0), self.max_delay)

    def _retry_later(self, request: Request, reason, response: Response | None) -> Request | None:
        wait = self._delay(request, response)
        if wait is None:
            self.crawler.stats.inc_value("presswash/retry_after_too_long")
            return None
        retry = self._retry(request, reason)
        if retry is not None:
            retry.meta["presswash_not_before"] = time.monotonic() + wait
            self.crawler.stats.inc_value("presswash/retry_wait_seconds", int(wait))
        return retry

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        return self._retry_later(request, response_status_message(response.status), response) or response

    def process_exception(self, request: Request, exception: Exception):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            return self._retry_later(request, exception, None)
        return None

    async def process_request(self, request: Request) -> None:
        wait = request.meta.get("presswash_not_before", 0) - time.monotonic()
        if wait > 0:
            from twisted.internet import reactor  # imported late: Scrapy installs the reactor first

            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return None


def retry_after_seconds(value: str) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": RFC 5322's UTC of unknown origin
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

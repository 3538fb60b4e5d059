"""What the spider hands to the pipeline: a fetched page, a page that did not change since the
last fetch (HTTP 304), or a page that could not be fetched. The pipeline records each in the
crawl state only after its output is written, so a killed run never forgets an article."""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.records import RawPage, RawRef


@dataclass(frozen=True, slots=True)
class Fetched:
    page: RawPage
    site: str
    sitemap_lastmod: str | None = None  # what the sitemap said when this fetch was decided
    aliases: tuple[str, ...] = ()  # URLs that redirected here


@dataclass(frozen=True, slots=True)
class NotModified:
    url: str
    site: str
    fetched_at: str
    sitemap_lastmod: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchFailed:
    url: str
    reason: str  # http_404, timeout, dns_error, connection_refused, ...
    detail: str
    fetched_at: str | None = None
    raw: RawRef | None = None  # error pages are archived too
    site: str = ""
    status: int | None = None
    aliases: tuple[str, ...] = ()  # the hops of a redirect chain that ended here
    lasting: bool = False  # a refusal asking again soon will not change (scraper/guard.py LASTING)

"""What the spider hands to the pipeline besides RawPage: a page that could not be fetched."""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.records import RawRef


@dataclass(frozen=True, slots=True)
class FetchFailed:
    url: str
    reason: str  # http_404, timeout, dns_error, connection_refused, ...
    detail: str
    fetched_at: str | None = None
    raw: RawRef | None = None  # error pages are archived too

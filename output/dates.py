"""`published_at`: the publisher's `published` string as one UTC instant, for consumers that sort,
filter or partition by time. The string itself stays in `published`, as the page gave it."""

from __future__ import annotations

from datetime import UTC, datetime

UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def published_at(published: str | None) -> str | None:
    """A date alone is midnight UTC of that day (the day is known, the time is not); a time
    without an offset is read as UTC (the page does not say which zone it meant)."""
    if not published:
        return None
    moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(UTC_FORMAT)

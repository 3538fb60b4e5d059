from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from scraper.middlewares import retry_after_seconds


@pytest.mark.parametrize("value,want", [("120", 120.0), (" 0 ", 0.0), ("soon", None), ("", None), ("-5", None)])
def test_delta_seconds_and_garbage(value, want):
    assert retry_after_seconds(value) == want


def test_http_dates_count_from_now():
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert 85 <= retry_after_seconds(format_datetime(later, usegmt=True)) <= 90
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # already past: go now
    naive = (datetime.now(UTC) + timedelta(seconds=60)).strftime("%a, %d %b %Y %H:%M:%S -0000")
    assert 55 <= retry_after_seconds(naive) <= 60

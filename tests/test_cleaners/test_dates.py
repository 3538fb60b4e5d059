import lxml.html
import pytest

from cleaners import dates


def tree(html: str):
    return lxml.html.document_fromstring(f"<html><head></head><body>{html}</body></html>")


def test_sources_vote_for_a_day():
    found = [("json-ld", "2024-05-02"), ("time", "2024-04-09T10:00:00+06:00"), ("url", "2024-04-09")]
    assert dates.choose(found, "2024-06-01T00:00:00Z") == "2024-04-09T10:00:00+06:00"


def test_ties_go_to_the_more_trustworthy_source():
    assert dates.choose([("url", "2024-04-08"), ("json-ld", "2024-04-09")], None) == "2024-04-09"


def test_placeholders_and_future_dates_never_win():
    found = [("meta", "2000-01-01"), ("json-ld", "2024-07-01"), ("url", "2024-04-09")]
    assert dates.choose(found, "2024-06-01T00:00:00Z") == "2024-04-09"
    assert dates.choose([("meta", "1970-01-01T00:00:00Z")], None) is None


@pytest.mark.parametrize("text,iso", [
    ("Posted on March 14, 2024 by Aigerim", "2024-03-14"),
    ("Thu 14 Mar 2024, 10:00", "2024-03-14"),
    ("14 марта 2024 г., 12:30", "2024-03-14"),
    ("2024 жылғы 14 наурыз", "2024-03-14"),
    ("Обновлено 14.03.2024", "2024-03-14"),
    ("Sept. 3, 2019", "2019-09-03"),
    ("31 February 2024", None),
    ("Call 2024 3 14 now", None),
])
def test_written_dates(text, iso):
    assert dates.written_date(text) == iso


def test_the_date_line_is_read_when_nothing_machine_readable_exists():
    t = tree("<header><span class='posted-on'>Posted on 12 May 2024</span></header>"
             "<p>The event is on 1 July 2024.</p>")
    assert dates.published(t, {}, [], "https://blog.example/post", None) == ("2024-05-12", ["visible"])


def test_a_listing_page_with_many_time_elements_gives_no_time_date():
    items = "".join(f'<article><time class="published" datetime="2024-03-1{i}">d</time></article>' for i in range(3))
    assert dates.candidates(tree(items), {}, [], "https://x.example/") == []

import lxml.html
import pytest

from cleaners import dates


def tree(html: str):
    return lxml.html.document_fromstring(f"<html><head></head><body>{html}</body></html>")


def test_sources_vote_for_a_day():
    found = [("json-ld", "2024-05-02"), ("time", "2024-04-09T10:00:00+06:00"), ("url", "2024-04-09")]
    assert dates.choose(found, "2024-06-01T00:00:00Z") == "2024-04-09T10:00:00+06:00"


def test_votes_weigh_by_how_often_a_source_is_right():
    # the URL (right on 97% of pages) outweighs a lone meta tag (92%)
    assert dates.choose([("meta", "2024-04-09"), ("url", "2024-04-08")], None) == "2024-04-08"
    # a date line below the headline (3.7) does not outweigh JSON-LD and htmldate together (2.3 + 2.3)
    assert dates.choose([("headline", "2024-04-08"), ("json-ld", "2024-04-09"), ("htmldate", "2024-04-09")],
                        None) == "2024-04-09"


def test_ties_go_to_the_more_trustworthy_source():
    weights = {src: 1.0 for src in dates.SOURCE_ORDER}
    assert dates.choose([("json-ld", "2024-04-09"), ("url", "2024-04-08")], None, weights) == "2024-04-08"
    assert dates.choose([("htmldate", "2024-04-08"), ("meta", "2024-04-09")], None, weights) == "2024-04-09"


def test_the_same_stamp_in_several_places_is_one_vote():
    # JSON-LD and meta written by one CMS do not outvote the URL by repeating themselves
    stamp = "2020-02-18T15:00:00+01:00"
    assert dates.choose([("json-ld", stamp), ("meta", stamp), ("url", "2020-02-19")], None) == "2020-02-19"
    # ... while two different sources naming the same day both count
    assert dates.choose([("json-ld", "2020-02-18"), ("meta", "2020-02-18"), ("url", "2020-02-19")],
                        None) == "2020-02-18"


def test_a_utc_stamp_votes_for_the_local_day_another_source_names():
    found = [("json-ld", "2023-11-09T03:28:35Z"), ("meta", "2023-11-09T03:28:35Z"), ("url", "2023-11-08")]
    assert dates.choose(found, None) == "2023-11-08"  # the publisher's day; its UTC stamp is not shown


def test_the_publishers_offset_is_kept():
    found = [("json-ld", "2023-11-09T02:11:03Z"), ("time", "2023-11-08T21:11:03-05:00")]
    assert dates.choose(found, None) == "2023-11-08T21:11:03-05:00"


def test_a_utc_stamp_is_kept_when_no_source_names_another_day():
    assert dates.choose([("json-ld", "2023-11-09T03:28:35Z")], None) == "2023-11-09T03:28:35Z"
    # 15:00 UTC is the 9th from UTC-12 to UTC+8:59 and the 10th east of that: never the 8th
    found = [("meta", "2023-11-09T15:00:00Z"), ("json-ld", "2023-11-09T15:00:00Z"), ("htmldate", "2023-11-08")]
    assert dates.choose(found, None) == "2023-11-09T15:00:00Z"


def test_htmldate_reading_a_utc_stamp_names_no_day_of_its_own():
    # htmldate says the UTC day of the same stamp; the page's date line says the local day
    found = [("meta", "2021-11-04T23:00:00Z"), ("visible", "2021-11-05"), ("htmldate", "2021-11-04")]
    assert dates.choose(found, None) == "2021-11-05"


def test_placeholders_and_future_dates_never_win():
    found = [("meta", "2000-01-01"), ("json-ld", "2024-07-01"), ("url", "2024-04-09")]
    assert dates.choose(found, "2024-06-01T00:00:00Z") == "2024-04-09"
    assert dates.choose([("meta", "1970-01-01T00:00:00Z")], None) is None


def test_the_date_line_is_read_when_nothing_machine_readable_exists():
    t = tree("<header class='entry-header'><h1>Spring fair</h1><span class='posted-on'>Posted on 12 May 2024</span>"
             "</header><p>The event is on 1 July 2024.</p>")
    date, sources = dates.published(t, {}, [], "https://blog.example/post", None)
    assert date == "2024-05-12" and "visible" in sources


def test_a_listing_page_with_many_time_elements_gives_no_time_date():
    items = "".join(f'<article><time class="published" datetime="2024-03-1{i}">d</time></article>' for i in range(3))
    assert dates.candidates(tree(items), {}, [], "https://x.example/") == []


@pytest.mark.parametrize("day,others,found,counts", [
    ("2021-01-01", {}, [], False),  # a bare year read as 1 January
    ("2021-01-01", {}, [("url", "2021-01-01")], True),  # ... unless another source names that day
    ("2019-04-21", {"2019-04-21": "embedded"}, [], False),  # an embedded social post's date
    ("2023-10-03", {"2023-10-03": "other", "2023-09-28": "other"}, [], False),  # a list of teasers
    ("2023-10-03", {"2023-10-03": "other"}, [("meta", "2023-09-01")], False),  # the page has its own
    ("2023-10-03", {"2023-10-03": "other"}, [], True),  # one such date alone may be the article's
    ("2023-10-03", {}, [("meta", "2023-09-01")], True),
])
def test_when_htmldates_answer_votes(day, others, found, counts):
    assert dates.library_counts(day, others, found) is counts


def test_htmldate_is_asked_only_when_the_pages_sources_disagree_or_say_nothing():
    # no markup, no printed date: htmldate finds the date in the text
    t = tree("<h2>Ein Bericht</h2><p>Am Rande bemerkt, Stand der Dinge 2019-05-14 im Archiv.</p>")
    date, sources = dates.published(t, {}, [], "https://site.example/bericht", "2024-01-01T00:00:00Z")
    assert (date, sources) == ("2019-05-14", ["htmldate"])
    # the page's own sources agree: htmldate is not asked
    date, sources = dates.published(t, {"article:published_time": "2020-02-02"}, [], "https://site.example/b",
                                    "2024-01-01T00:00:00Z")
    assert (date, sources) == ("2020-02-02", ["meta"])

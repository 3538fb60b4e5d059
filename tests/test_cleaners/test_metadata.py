import lxml.html
import pytest

from cleaners import dates, metadata
from cleaners.urls import article_id, normalize_url, resolve_canonical


@pytest.mark.parametrize("raw,iso", [
    ("2024-03-14T09:12:00+05:00", "2024-03-14T09:12:00+05:00"),
    ("2024-03-14T09:12:00+0500", "2024-03-14T09:12:00+05:00"),
    ("2024-03-14T04:12:00.123Z", "2024-03-14T04:12:00Z"),
    ("2024-03-14 09:12", "2024-03-14T09:12:00"),
    ("2024-03-14", "2024-03-14"),
    ("2024-02-30", None),
    ("March 14, 2024", None),
])
def test_parse_date(raw, iso):
    assert dates.parse_date(raw) == iso


def test_dates_in_the_future_or_placeholders_are_not_plausible():
    fetched = "2024-03-14T10:00:00Z"
    assert dates.plausible("2024-03-14T09:12:00+05:00", fetched)
    assert not dates.plausible("2024-03-20", fetched)
    assert not dates.plausible("2000-01-01", fetched)
    assert not dates.plausible("1970-01-01T00:00:00Z", None)


def test_published_prefers_the_precise_stamp_of_the_same_day():
    html = """<html><head>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-03-14","author":[{"name":"A B"},"C D"]}]}
      </script><meta property="article:published_time" content="2024-03-14T09:12:00+05:00"></head>
      <body><article><time class="published" datetime="2024-03-14T09:12:00+05:00">x</time></article></body></html>"""
    tree = lxml.html.document_fromstring(html)
    tags, ld = metadata.meta_tags(tree), metadata.read_jsonld(tree)
    found = dates.candidates(tree, tags, metadata.article_objects(ld), "https://x.example/news/1")
    assert dates.choose(found, "2024-03-15T00:00:00Z") == "2024-03-14T09:12:00+05:00"
    assert metadata.authors(tree, tags, ld) == ("A B", "C D")
    assert metadata.declared_types(tags, ld) == ("webpage", "newsarticle")


@pytest.mark.parametrize("title,site,expected", [
    ("Tenge holds steady – Steppe Daily Digest", "Steppe Daily Digest", "Tenge holds steady"),
    ("Steppe Daily Digest | Tenge holds steady", "Steppe Daily Digest", "Tenge holds steady"),
    ("Expansion of Administrative Units: Governorates in Kazakhstan", "Steppe Daily Digest",
     "Expansion of Administrative Units: Governorates in Kazakhstan"),
    ("Left - right - centre", "Other Site", "Left - right - centre"),
])
def test_site_suffix_goes_only_when_it_is_the_site_name(title, site, expected):
    assert metadata.strip_site_suffix(title, site) == expected


def test_canonical_to_the_front_page_is_ignored():
    page = "https://news.example/2024/03/14/story/?utm_source=tg"
    assert resolve_canonical("https://news.example/", page) == "https://news.example/2024/03/14/story/"
    assert resolve_canonical("/2024/03/14/story/", page) == "https://news.example/2024/03/14/story/"


def test_ids_are_stable_across_scheme_case_and_tracking():
    a = article_id(normalize_url("https://News.Example:443/a/1?utm_medium=x#top"))
    b = article_id(normalize_url("http://news.example/a/1"))
    assert a == b and len(a) == 32
    assert article_id(normalize_url("https://news.example/a/2")) != a


def test_authors_from_meta_and_from_the_visible_byline():
    t = lxml.html.document_fromstring('<html><head><meta name="author" content="A. Seitkali, B. Omarov"></head>'
                                      '<body></body></html>')
    assert metadata.authors(t, metadata.meta_tags(t), []) == ("A. Seitkali", "B. Omarov")
    t = lxml.html.document_fromstring('<html><body><div class="entry-meta"><span class="byline">By Daniyar Omarov '
                                      'and Madina Abenova</span></div></body></html>')
    assert metadata.authors(t, {}, []) == ("Daniyar Omarov", "Madina Abenova")
    t = lxml.html.document_fromstring('<html><body><div class="author-box">Posted 12 May 2024</div></body></html>')
    assert metadata.authors(t, {}, []) == ()


def test_title_prefers_og_title_and_drops_the_site_name():
    t = lxml.html.document_fromstring("<html><head><title>Steppe Daily — Tenge holds steady</title></head>"
                                      "<body><h1>Tenge holds steady</h1></body></html>")
    tags = metadata.meta_tags(t)
    assert metadata.title(t, tags, [], "Steppe Daily") == "Tenge holds steady"

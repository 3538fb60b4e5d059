import lxml.html
import pytest

from cleaners import date_sources


def tree(body: str):
    return lxml.html.document_fromstring(f"<html><head></head><body>{body}</body></html>")


@pytest.mark.parametrize("url,day", [
    ("https://news.example/2024/03/14/story/", "2024-03-14"),
    ("https://news.example/2024-03-14-story", "2024-03-14"),
    ("https://www.befifty.example/home/2017/7/12/unter-uns", "2017-07-12"),
    ("https://archiv.example/berichte/20030331_jahresbericht.html", "2003-03-31"),
    ("https://verein.example/news/29-10-2021/herbstfest", "2021-10-29"),
    ("https://web.archive.org/web/20130217080612/http://tv.example/2012/08/02/film/", "2012-08-02"),
    # not dates: an id, a day that does not exist, a month alone, an archive's own stamp
    ("https://shop.example/artikel/20211345_bohrer", None),
    ("https://shop.example/p/2021123456/", None),
    ("https://news.example/2024/02/30/story/", None),
    ("https://news.example/2024/03/story/", None),
    ("https://web.archive.org/web/20130217080612/http://tv.example/film/", None),
    ("https://news.example/id/1582045946_459487.html", None),
])
def test_url_dates(url, day):
    assert date_sources.url_date(url) == day


def test_jsonld_objects_of_a_listing_count_only_when_they_name_this_page():
    objects = [{"@type": "NewsArticle", "datePublished": "2023-10-25T12:00:00Z", "url": "https://x.example/other"},
               {"@type": "NewsArticle", "datePublished": "2023-11-01T08:20:40Z", "url": "https://x.example/this/"}]
    assert date_sources.jsonld_dates(objects, "https://www.x.example/this") == [("json-ld", "2023-11-01T08:20:40Z")]
    assert date_sources.jsonld_dates(objects[:1], "https://x.example/this") == [("json-ld", "2023-10-25T12:00:00Z")]
    assert date_sources.jsonld_dates([objects[0], {**objects[0], "url": "https://x.example/3"},
                                      {**objects[1], "url": "https://x.example/4"}], "https://x.example/this") == []


def test_a_time_element_of_an_embedded_post_is_not_the_articles():
    t = tree("<article><h1>T</h1><blockquote class='instagram-media'><time datetime='2019-04-21T23:47:18+00:00'>"
             "Apr 21</time></blockquote></article>")
    assert date_sources.markup_dates(t, {}, [], "https://x.example/a") == []


@pytest.mark.parametrize("body,ours,theirs", [
    # the article's date line, with the site header's today's date before it
    ("<header class='site-header'><div class='site-header__date'>Thursday, November 9, 2023</div></header>"
     "<div class='byline'><span class='post-date'>November 8, 2023</span></div>",
     "2023-11-08", {"2023-11-09": "other"}),
    # an article header (it holds the headline) is the article's own
    ("<div class='ArticleHeader'><div class='ArticleHeader_date'>January 19, 2020</div><h1>Parasite wins</h1></div>",
     "2020-01-19", {}),
    # comments, teasers, a forum's "last post", an embedded post: other items
    ("<div class='comment'><span class='comment-date'>4. Februar 2022</span></div>"
     "<ul class='relateditems'><li><span class='item__date'>27.10.2023</span></li></ul>"
     "<ol class='similar_threads'><li><div class='thread-date'>Letzter Beitrag: 18.10.2010</div></li></ol>"
     "<blockquote><time datetime='2019-04-21T23:47:18Z'>Apr 21</time></blockquote>",
     None, {"2022-02-04": "other", "2023-10-27": "other", "2010-10-18": "other", "2019-04-21": "embedded"}),
    # a post's tags are no mark of another item; "datenschutz" and "update" are no date line
    ("<article class='post tag-twitter category-forum'><span class='posted-on'>3 May 2021</span></article>",
     "2021-05-03", {}),
    ("<div class='datenschutz'>Stand 1.1.2020</div><div class='last-update'>2.2.2020</div>", None, {}),
])
def test_date_lines(body, ours, theirs):
    assert date_sources.date_lines(tree(body)) == (ours, theirs)


def test_a_labelled_date_anywhere_on_the_page():
    t = tree("<h1>Trinkwasser belastet</h1><p>Text.</p><p>Erstellt am: 01.11.2023</p>")
    assert date_sources.labelled_date(t) == "2023-11-01"
    assert date_sources.labelled_date(tree("<p>Published: 3 May 2021 in the paper</p>")) == "2021-05-03"
    # an update's label is none; a label in a comment is another item's
    assert date_sources.labelled_date(tree("<h1>T</h1><p>Letzte Änderung: 31.10.2023</p>")) is None
    assert date_sources.labelled_date(tree("<div class='comment'><p>Veröffentlicht am 2.2.2022</p></div>")) is None


def test_a_date_right_after_the_only_headline():
    t = tree("<h1>Elder: Aus dem Ghetto nach Augusta</h1><div><p><br>1. Februar 2022 , Daniel Dillenburg</p>"
             "<p>Kämpfte sich allen Widerständen zum Trotz nach Augusta.</p></div>")
    assert date_sources.after_headline_date(t) == "2022-02-01"
    far = "<p>" + "Ein langer Absatz ohne Datum. " * 20 + "</p>"
    assert date_sources.after_headline_date(tree(f"<h1>T</h1>{far}<p>1. Februar 2022</p>")) is None
    assert date_sources.after_headline_date(tree("<h1>A</h1><p>1. Februar 2022</p><h1>B</h1>")) is None
    teaser = "<h1>T</h1><aside class='related'><p>1. Februar 2022</p></aside><p>Text ohne Datum.</p>"
    assert date_sources.after_headline_date(tree(teaser)) is None


def test_htmldate_is_bounded_by_the_fetch_day_and_deterministic_without_one():
    t = tree("<p>Veranstaltung am 2031-05-14 im Saal.</p>")
    assert date_sources.library_date(t, "https://x.example/a", "2024-01-01T00:00:00Z") is None
    assert date_sources.library_date(t, "https://x.example/a", None) == "2031-05-14"

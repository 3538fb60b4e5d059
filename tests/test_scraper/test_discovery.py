import gzip

import pytest

from scraper import discovery

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://x.example/sitemap-1.xml</loc><lastmod>2024-03-14</lastmod></sitemap>
  <sitemap><loc>https://x.example/news.xml.gz</loc></sitemap>
</sitemapindex>"""
NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://x.example/a/1</loc>
    <news:news><news:publication><news:name>X</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2024-03-14T10:00:00+06:00</news:publication_date><news:title>A</news:title></news:news>
  </url>
  <url><loc>https://x.example/a/2</loc><lastmod>2024-03-15</lastmod></url>
</urlset>"""


def test_sitemap_index_and_news_sitemap():
    assert discovery.parse_sitemap(INDEX) == ("index", [
        discovery.Entry("https://x.example/sitemap-1.xml", "2024-03-14"), discovery.Entry("https://x.example/news.xml.gz")])
    kind, entries = discovery.parse_sitemap(gzip.compress(NEWS))
    assert kind == "urlset"
    assert entries == [discovery.Entry("https://x.example/a/1", "2024-03-14T10:00:00+06:00"),
                       discovery.Entry("https://x.example/a/2", "2024-03-15")]


def test_hostile_xml_is_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>')
    try:
        kind, entries = discovery.parse_sitemap(bomb)
    except discovery.PartialDocument as exc:  # the item holding the entity is refused whole, and said so
        entries = exc.entries
    assert all("lollollol" not in e.url for e in entries)


@pytest.mark.parametrize("body", [b"<html><body>not a sitemap</body></html>", b"", b"\x1f\x8bnot gzip"])
def test_not_a_sitemap(body):
    with pytest.raises(discovery.DiscoveryError):
        discovery.parse_sitemap(body)


def test_rss_and_atom_feeds():
    rss = b"""<rss version="2.0"><channel><item><title>A</title><link>https://x.example/a/1</link>
      <pubDate>Thu, 14 Mar 2024 10:00:00 +0600</pubDate></item><item><link> https://x.example/a/2 </link></item>
      </channel></rss>"""
    assert discovery.parse_feed(rss) == [discovery.Entry("https://x.example/a/1"),  # pubDate is not a lastmod
                                         discovery.Entry("https://x.example/a/2")]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://x.example/b"/>
      <link rel="edit" href="https://x.example/edit/b"/><updated>2024-03-14T04:00:00Z</updated></entry></feed>"""
    assert discovery.parse_feed(atom) == [discovery.Entry("https://x.example/b", "2024-03-14T04:00:00Z")]


def test_robots_sitemaps_and_lastmod_normalization():
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://x.example/s1.xml\nsitemap:https://x.example/s2.xml\n"
    assert discovery.robots_sitemaps(robots) == ["https://x.example/s1.xml", "https://x.example/s2.xml"]
    assert discovery.normalized_lastmod("2024-03-14T10:00:00+06:00") == "2024-03-14T04:00:00Z"
    assert discovery.normalized_lastmod("garbage") is None


def test_pagination_links():
    import lxml.html

    tree = lxml.html.document_fromstring('<html><head><link rel="next" href="/page/2/"></head><body>'
                                         '<a class="next page-numbers" href="/page/2/">Older</a>'
                                         '<a href="/x">x</a></body></html>')
    assert discovery.next_pages(tree) == ["/page/2/"]

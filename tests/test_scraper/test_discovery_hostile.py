"""Malformed and hostile sitemaps and feeds: complete entries only, never half a <loc>, and the
parser's message for the run's hub errors."""

import pytest

from scraper import discovery

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
WHOLE = (f'<?xml version="1.0"?><urlset {NS}><url><loc>https://x.example/a/</loc></url>'
         f"<url><loc>https://x.example/b/long-slug/</loc></url></urlset>").encode()


@pytest.mark.parametrize("cut", [20, 30, 45, 60])
def test_a_cut_sitemap_gives_its_complete_entries_only(cut):
    with pytest.raises(discovery.PartialDocument) as caught:
        discovery.parse_sitemap(WHOLE[:-cut])
    assert [e.url for e in caught.value.entries] == ["https://x.example/a/"]
    assert caught.value.kind == "urlset" and "not well-formed XML" in str(caught.value)


def test_entity_references_are_refused_whole():
    body = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset {NS}>'
            f"<url><loc>https://x.example/a/</loc></url><url><loc>https://x.example/b/&x;</loc></url></urlset>").encode()
    with pytest.raises(discovery.PartialDocument) as caught:
        discovery.parse_sitemap(body)
    assert [e.url for e in caught.value.entries] == ["https://x.example/a/"] and "entity" in str(caught.value)


def test_a_malformed_feed_says_why():
    with pytest.raises(discovery.PartialDocument) as caught:
        discovery.parse_feed(b"<rss><channel><item><link>https://x.example/a/</link></item><item><link>oops</chan")
    assert [e.url for e in caught.value.entries] == ["https://x.example/a/"]


def test_items_freed_while_reading_lose_no_entry():
    body = (f'<?xml version="1.0"?><urlset {NS}>' + "".join(
        f"<url><loc>https://x.example/story/{i}/</loc><lastmod>2024-03-14</lastmod></url>" for i in range(20_000))
        + "</urlset>").encode()
    kind, entries = discovery.parse_sitemap(body)
    assert kind == "urlset" and [e.url for e in entries] == [f"https://x.example/story/{i}/" for i in range(20_000)]
    assert {e.lastmod for e in entries} == {"2024-03-14"}

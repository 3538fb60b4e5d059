"""The crawl benchmark's generated news site (bench/newsite.py), checked on disk: no server."""

import hashlib
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import newsite  # noqa: E402

from scraper.discovery import next_pages, parse_feed, parse_sitemap, robots_sitemaps  # noqa: E402

N = 400


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("news") / "site"
    generated = newsite.write_news_site(root, N, kb=4, seed=5)
    newsite.count_links(root, generated)
    return root, generated


def paths_of(body: bytes) -> list[str]:
    kind, entries = parse_sitemap(body)
    return [e.url.replace("{{BASE_URL}}", "") for e in entries]


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path):
    for name, seed in (("one", 5), ("again", 5), ("other", 6)):
        newsite.write_news_site(tmp_path / name, 60, kb=4, seed=seed)
    assert digest(tmp_path / "again") == digest(tmp_path / "one")
    assert digest(tmp_path / "other") != digest(tmp_path / "one")


def test_every_article_is_in_the_sitemap_index_once_and_robots_names_both_sitemaps(site):
    root, generated = site
    kind, children = parse_sitemap((root / "sitemap.xml").read_bytes())
    assert kind == "index" and all(c.lastmod for c in children)
    listed = [p for c in children for p in paths_of((root / c.url.rsplit("/", 1)[1]).read_bytes())]
    articles = [p for p in listed if newsite.ARTICLE_PATH_RE.match(p)]
    assert sorted(articles) == sorted(s.path for s in generated.stories)
    assert all((root / p.strip("/") / "index.html").is_file() for p in listed)
    robots = [u.replace("{{BASE_URL}}", "") for u in robots_sitemaps((root / "robots.txt").read_bytes())]
    assert robots == ["/sitemap.xml", "/news-sitemap.xml"]


def test_the_news_sitemap_holds_the_last_48_hours_with_publication_dates(site):
    root, generated = site
    body = (root / "news-sitemap.xml").read_bytes()
    assert b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in body
    kind, entries = parse_sitemap(body)
    fresh = [s.path for s in generated.stories if s.published >= newsite.NOW - newsite.NEWS_WINDOW]
    assert kind == "urlset" and 0 < len(entries) == len(fresh) < N
    assert [e.url.replace("{{BASE_URL}}", "") for e in entries] == fresh and all(e.lastmod for e in entries)
    assert len(parse_feed((root / "rss.xml").read_bytes())) == 50


def test_listing_pages_paginate_and_every_pagination_link_resolves(site):
    import lxml.html

    root, _ = site
    exists = newsite.file_exists(root)
    economy = sorted((root / "section" / "economy").rglob("index.html"))
    assert len(economy) > 1  # pagination
    for page in [*economy, *(root / "tag").rglob("index.html"), *(root / "author").rglob("index.html")]:
        tree = lxml.html.document_fromstring(page.read_bytes())
        numbered = tree.xpath("//a[contains(@class, 'page-numbers')]/@href")
        assert all(exists(h) for h in [*next_pages(tree), *numbered])
    first = lxml.html.document_fromstring((root / "section/economy/index.html").read_bytes())
    assert next_pages(first) == ["/section/economy/page/2/"]
    last = root / "section/economy/page" / str(len(economy)) / "index.html"
    assert next_pages(lxml.html.document_fromstring(last.read_bytes())) == []


def test_most_tag_links_answer_404_and_the_topology_says_how_many(site):
    root, generated = site
    exists = newsite.file_exists(root)
    topo = generated.topology(exists)
    tag_links = [p for p in generated.links if p.startswith("/tag/")]
    absent = [p for p in tag_links if not exists(p)]
    assert 0.5 < len(absent) / len(tag_links) < 0.9  # three quarters of the tags have no page
    assert any(exists(p) for p in tag_links)
    assert 0.4 < topo["tag_links_404_share"] < 0.9 and 0 < topo["links_404_share"] < topo["tag_links_404_share"]
    assert topo["pages"]["article"] == N and topo["pages_total"] == sum(1 for p in root.rglob("*") if p.is_file())
    page = (root / generated.stories[0].path.strip("/") / "index.html").read_text("utf-8")
    for needed in ('href="/about/"', 'href="/contact/"', 'rel="tag"', 'class="related-posts"', "replytocom=",
                   'href="/section/'):
        assert needed in page
    assert len(re.findall(r"<a\b", page)) > 50

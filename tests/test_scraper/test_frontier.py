"""The crawl's order and its link handling: unit cases, then a real crawl of a generated site
served on 127.0.0.1 whose request log shows the order."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import lxml.html
from helpers import REPO

from presswash.site_server import SiteServer
from scraper import frontier
from scraper.discovery import Entry

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def iso(delta: timedelta) -> str:
    return (NOW - delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_hubs_then_listed_pages_then_sections_then_links_breadth_first():
    hub = frontier.role_priority("sitemap")
    listed = frontier.listed_priority(None, NOW)
    section = frontier.role_priority("section", 2)
    assert hub > listed > section > frontier.role_priority("page", 1) > frontier.role_priority("page", 2)
    assert frontier.role_priority("robots") == frontier.role_priority("feed") == hub


def test_newer_listed_pages_run_first():
    day, week, month, year = (frontier.listed_priority(iso(d), NOW) for d in
                              (timedelta(hours=3), timedelta(days=5), timedelta(days=20), timedelta(days=400)))
    assert day > week > month > year == frontier.listed_priority(None, NOW)
    assert frontier.listed_priority("not a date", NOW) == frontier.listed_priority(None, NOW)
    assert year > frontier.role_priority("section")  # an old listed article still comes before a section


def test_newest_first_keeps_undated_entries_in_their_order_at_the_end():
    entries = [Entry("/a"), Entry("/b", "2024-01-02T00:00:00Z"), Entry("/c"), Entry("/d", "2024-03-01T00:00:00Z")]
    assert [e.url for e in frontier.newest_first(entries)] == ["/d", "/b", "/a", "/c"]


def tree(body: str):
    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


def test_page_links_are_absolute_once_each_without_fragments_media_or_scripts():
    links, cut = frontier.page_links(tree(
        '<a href="/news/one/">1</a><a href="/news/one/#comments">1 again</a><a href=" two/ ">2</a>'
        '<a href="javascript:void(0)">x</a><a href="mailto:desk@example.com">mail</a><a href="#top">top</a>'
        '<a href="/img/photo.JPG">photo</a><a href="/files/report.pdf">pdf</a><a href="ftp://example.com/x">ftp</a>'
        '<a>no href</a><a href="https://other.example/story/">elsewhere</a>'), "https://example.com/section/")
    assert links == ["https://example.com/news/one/", "https://example.com/section/two/",
                     "https://other.example/story/"]  # off-site links are the spider's to refuse
    assert cut is False


def test_page_links_follow_the_base_element():
    doc = lxml.html.document_fromstring('<html><head><base href="https://example.com/m/"></head>'
                                        '<body><a href="story/">s</a></body></html>')
    assert frontier.page_links(doc, "https://example.com/x/y/") == (["https://example.com/m/story/"], False)


def test_page_links_are_bounded():
    body = "".join(f'<a href="/p/{i}/">{i}</a>' for i in range(30))
    links, cut = frontier.page_links(tree(body), "https://example.com/", limit=10)
    assert len(links) == 10 and cut is True
    assert links[0] == "https://example.com/p/0/"  # the first ones, in page order
    assert frontier.page_links(tree(body), "https://example.com/", limit=30)[1] is False


def test_parse_html_refuses_what_is_no_html():
    assert frontier.parse_html(b"") is None
    assert frontier.parse_html(b"<p>x</p>") is not None


def test_recent_urls_forget_the_oldest_beyond_their_size():
    recent = frontier.RecentURLs(size=3)
    for url in "abcd":
        recent.add(url)
    recent.add("d")  # once only
    assert "a" not in recent and all(u in recent for u in "bcd") and len(recent) == 3


def test_a_crawl_fetches_what_the_sitemap_lists_before_pages_found_by_links(tmp_path):
    """One request at a time, so the server's log is the frontier's order: the sitemap's
    articles newest first, and only then the section pages the articles' menus link to."""
    sys.path.insert(0, str(REPO / "bench"))
    from sitegen import SECTIONS, write_site

    root = tmp_path / "site"
    articles = write_site(root, n=12, kb=10, seed=5)
    with SiteServer(root) as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "order"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         "delay = 0\nconcurrency = 1\nmax_depth = 2\n")
        proc = subprocess.run([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                               str(tmp_path / "data"), "--workers", "1", "-s", "CONCURRENT_REQUESTS=1",
                               "-s", "AUTOTHROTTLE_START_DELAY=0"],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        paths = [p for _, p, _ in site.requests]
    listed = [a.path for a in sorted(articles, key=lambda a: a.day, reverse=True)]
    sections = {f"/section/{w}/" for w in SECTIONS}
    pages = [p for p in paths if p in sections or p in listed]
    assert pages[:len(listed)] == listed  # every listed article, newest first, before any section link
    assert set(pages[len(listed):]) == sections

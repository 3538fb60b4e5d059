"""The origin guard and the robots directives, as pure functions (the hostile crawl checks them
end to end in test_hostile_crawl.py)."""

import pytest

from scraper.guard import is_internal_host, refusal, site_origins
from scraper.robots_meta import directives, meta_refresh

NEWS = site_origins(["https://news.example/", "https://news.example/sitemap.xml"], {"news.example"})
LOCAL = site_origins(["http://127.0.0.1:8765/"], {"127.0.0.1:8765"})


@pytest.mark.parametrize("url", ["https://news.example/a", "http://news.example/a", "https://NEWS.example:443/a"])
def test_the_site_own_origins_pass(url):
    assert refusal(url, NEWS) is None


@pytest.mark.parametrize("url, reason", [
    ("https://news.example:8443/admin", "off_origin"),  # another port of the same host
    ("https://cdn.other.example/x", "off_origin"),
    ("http://127.0.0.1:6379/", "refused_address"),
    ("http://localhost/", "refused_address"),
    ("http://169.254.169.254/latest/meta-data/", "refused_address"),
    ("http://10.0.0.7/", "refused_address"),
    ("http://[::1]:8080/", "refused_address"),
    ("http://[::ffff:192.168.1.1]/", "refused_address"),
    ("ftp://news.example/file", "unsupported_scheme"),
    ("http://news.example:notaport/", "unsupported_scheme"),
])
def test_everything_else_is_refused(url, reason):
    assert refusal(url, NEWS)[0] == reason


def test_a_local_site_allows_exactly_its_own_port():
    assert refusal("http://127.0.0.1:8765/a/", LOCAL) is None
    assert refusal("http://127.0.0.1:8766/a/", LOCAL)[0] == "refused_address"
    assert refusal("https://127.0.0.1:8765/a/", LOCAL)[0] == "refused_address"  # not the configured scheme
    assert refusal("http://localhost:8765/a/", LOCAL)[0] == "refused_address"  # same service, other name


def test_public_addresses_are_not_internal():
    assert not is_internal_host("93.184.216.34") and not is_internal_host("news.example")


@pytest.mark.parametrize("headers, body, want", [
    ([("X-Robots-Tag", "noindex")], b"", {"noindex"}),
    ([("X-Robots-Tag", "otherbot: noindex")], b"", set()),
    ([("X-Robots-Tag", "presswash: none")], b"", {"none", "noindex", "nofollow"}),
    ([("X-Robots-Tag", "unavailable_after: 2030-01-01")], b"", {"unavailable_after: 2030-01-01"}),
    ([], b'<head><meta content="NOINDEX, follow" name="Robots"></head>', {"noindex", "follow"}),
    ([], b"<head><meta name='presswash' content='nofollow'></head>", {"nofollow"}),
    ([], b'<meta name="description" content="noindex of stories">', set()),  # negative: not a robots tag
    ([], b'<p>the word noindex in the text</p>', set()),
    # among a CMS head's many other <meta> tags (only those naming an agent are read)
    ([], b'<meta charset="utf-8"><meta property="og:title" content="x">'
         b'<META NAME="ROBOTS" CONTENT="NoFollow"><meta name="viewport" content="width=device-width">', {"nofollow"}),
    ([], b'<meta name="description" content="robots and presswash: noindex">', set()),  # named in content only
])
def test_robots_directives(headers, body, want):
    assert directives(headers, body) == want


def test_meta_refresh_is_a_redirect_only_when_quick():
    assert meta_refresh(b'<head><meta http-equiv="refresh" content="0; url=/b/"></head>', "http://x/a/") == "http://x/b/"
    assert meta_refresh(b'<head><meta http-equiv="refresh" content="300; url=/b/"></head>', "http://x/a/") is None
    assert meta_refresh(b"<p>refresh your browser</p>", "http://x/a/") is None

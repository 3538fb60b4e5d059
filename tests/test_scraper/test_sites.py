import pytest

from scraper.sites import SiteConfigError, load_sites, parse_duration, select

GOOD = """
[defaults]
contact = "https://example.org/crawler"
recheck_after = "6h"

[[site]]
name = "steppe"
base_url = "https://steppe.example/"
sitemaps = ["robots", "/news-sitemap.xml"]
feeds = ["/feed/"]
sections = ["/category/society/", "https://steppe.example/category/world/"]
allow = ['^/20\\\\d\\\\d/']
concurrency = 3
max_pages = 100
recheck_after = "1d"
extra_boilerplate = ["Steppe on Telegram"]

[[site]]
name = "other"
base_url = "http://other.example/"
sections = ["/"]
"""


def write(tmp_path, text):
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_good_file(tmp_path):
    steppe, other = load_sites(write(tmp_path, GOOD))
    assert steppe.sitemaps == ("https://steppe.example/robots.txt", "https://steppe.example/news-sitemap.xml")
    assert steppe.sections[1] == "https://steppe.example/category/world/"
    assert (steppe.concurrency, steppe.max_pages, steppe.recheck_after) == (3, 100, 86400.0)
    assert steppe.user_agent == "presswash/0.1 (+https://example.org/crawler)"
    assert other.recheck_after == 6 * 3600 and other.delay == 0.5  # defaults, then the defaults table
    assert [s.name for s in select([steppe, other], ["other"], "f")] == ["other"]


@pytest.mark.parametrize("text,message", [
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\nconcurency = 2\n",
     "site 'a': unknown key 'concurency' (did you mean 'concurrency'?)"),
    ("[[site]]\nname = 'a'\nbase_url = 'ftp://a.example/'\n", "site 'a': base_url: must be an absolute http(s) URL"),
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\nrecheck_after = 'soon'\n",
     "site 'a': recheck_after: 'soon' is not a duration"),
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\ndeny = ['(']\n", "site 'a': deny: '(' is not a regular"),
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\nmax_pages = 0\n",
     "site 'a': max_pages: must be at least 1"),
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\ndelay = 'fast'\n", "site 'a': delay: must be a number"),
    ("[[site]]\nname = 'a b'\nbase_url = 'https://a.example/'\n", "site #1: name: must be letters"),
    ("[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\n[[site]]\nname = 'a'\nbase_url = 'https://b.example/'\n",
     "site 'a': name: used twice"),
    ("[defaults]\nspeed = 1\n[[site]]\nname = 'a'\nbase_url = 'https://a.example/'\n", "defaults: unknown key 'speed'"),
    ("[[site]\n", "not valid TOML"),
    ("", "no [[site]] entries"),
])
def test_errors_name_the_file_the_site_and_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SiteConfigError) as err:
        load_sites(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_unknown_site_names_are_refused(tmp_path):
    sites = load_sites(write(tmp_path, GOOD))
    with pytest.raises(SiteConfigError, match="no site named 'nope'"):
        select(sites, ["nope"], "sites.toml")


def test_durations():
    assert parse_duration("90s", "x") == 90 and parse_duration("1.5h", "x") == 5400 and parse_duration(30, "x") == 30


def test_the_example_file_is_valid():
    from presswash.demo import example_sites_file

    [demo] = load_sites(example_sites_file())
    assert demo.name == "steppe-digest-demo" and demo.feeds and demo.sections

"""The throttle's policy: 200s adapt, "slow down" answers may only raise the delay, other
error answers leave it alone; the site's delay and robots.txt Crawl-delay are floors."""

import pytest

from scraper.throttle import MAX_CRAWL_DELAY, adjusted_delay, crawl_delay

FAST = 0.004  # seconds of latency: a server on the same machine


def test_a_fast_200_lowers_the_delay_towards_latency_over_target():
    delay = 0.1
    for _ in range(12):
        delay = adjusted_delay(delay, FAST, 16, 200, 0.0, 30.0)
    assert delay < 0.001


@pytest.mark.parametrize("status", [301, 304, 403, 404, 410])
def test_answers_that_say_nothing_of_load_leave_the_delay_alone(status):
    assert adjusted_delay(0.1, FAST, 16, status, 0.0, 30.0) == 0.1
    assert adjusted_delay(0.1, 3.0, 2, status, 0.0, 30.0) == 0.1  # a slow 404 does not ratchet it up either


def test_a_404_ratchet_cannot_hold_back_a_fast_site():
    """Three dead tag links for every article: the delay still falls as fast as the 200s take it."""
    delay = 0.1
    for i in range(40):
        delay = adjusted_delay(delay, FAST if i % 4 == 0 else 0.05, 16, 200 if i % 4 == 0 else 404, 0.0, 30.0)
    assert delay < 0.001


@pytest.mark.parametrize("status", [429, 500, 503])
def test_overload_answers_raise_but_never_lower(status):
    assert adjusted_delay(0.1, 2.0, 2, status, 0.0, 30.0) == pytest.approx(1.0)
    assert adjusted_delay(0.1, FAST, 2, status, 0.0, 30.0) == 0.1


def test_floor_and_ceiling_hold():
    assert adjusted_delay(0.5, FAST, 16, 200, 0.5, 30.0) == 0.5  # the site's delay or its Crawl-delay
    assert adjusted_delay(10.0, 100.0, 1, 200, 0.0, 30.0) == 30.0


def test_crawl_delay_is_read_for_our_agent_or_everyone():
    robots = b"User-agent: *\nCrawl-delay: 2\n\nUser-agent: presswash\nCrawl-delay: 5\nDisallow: /private/\n"
    assert crawl_delay(robots, "presswash/0.1 (+https://example.org/bot)") == 5.0
    assert crawl_delay(robots, "OtherBot/1.0") == 2.0
    assert crawl_delay(b"User-agent: *\nDisallow: /x/\n", "presswash/0.1") is None
    assert crawl_delay(b"User-agent: *\nCrawl-delay: 86400\n", "presswash/0.1") == MAX_CRAWL_DELAY
    assert crawl_delay(b"\xff\xfe garbage \x00", "presswash/0.1") is None


def test_a_crawl_keeps_the_crawl_delay_robots_txt_asks_for(tmp_path):
    """A real crawl, delay 0 in the sites file, AutoThrottle on: robots.txt's Crawl-delay: 1 is
    the floor between two requests to the site, counted at the server."""
    import subprocess
    import sys

    from helpers import REPO

    from presswash.site_server import SiteServer

    sys.path.insert(0, str(REPO / "bench"))
    from sitegen import write_site

    root = tmp_path / "site"
    write_site(root, n=3, kb=5, seed=2)
    with SiteServer(root) as site:
        robots = f"User-agent: *\nCrawl-delay: 1\nSitemap: {site.base_url}/sitemap.xml\n".encode()
        site.canned["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots)
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "polite"\nbase_url = "{site.base_url}/"\nsitemaps = ["robots"]\n'
                         "delay = 0\nconcurrency = 4\nmax_depth = 0\n")
        proc = subprocess.run([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir",
                               str(tmp_path / "data"), "--workers", "1"], cwd=REPO, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        times = [t for t, _ in site.times]
    assert len(times) >= 6  # robots.txt (twice), the sitemaps, three articles
    after_robots = times[1:]
    gaps = [b - a for a, b in zip(after_robots, after_robots[1:], strict=False)]
    assert min(gaps) >= 0.95, gaps  # not Scrapy's +-50% random spread of a delay: a floor is a floor

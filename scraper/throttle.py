"""Politeness that adapts to the server and never to our own error pages.

Scrapy's AutoThrottle aims at AUTOTHROTTLE_TARGET_CONCURRENCY requests in flight: after each
answer the delay moves halfway to latency / target, but an answer other than 200 may only raise
it (error pages are small and fast, so lowering on them would feed back). On a news site whose
pages link to many dead tag pages that is a ratchet: the 404s can raise the delay, only the
200s bring it down, and a site that answers in milliseconds is crawled at a tenth of the rate
the user asked for. Here:

- 200 answers adjust the delay as in Scrapy;
- answers that say "slow down" (429, 503) or fail on the server (5xx) may raise it, never lower;
- every other answer (redirects, 304, 404, 410...) says nothing about the server's load and
  leaves the delay as it is;
- the target is the site's own `concurrency` (presswash.crawl.site_settings), not a constant;
- floors: the site's `delay` (DOWNLOAD_DELAY) and its robots.txt Crawl-delay for our user agent,
  read from the robots.txt answer whichever part of Scrapy fetched it, applied with AutoThrottle
  off too. A Crawl-delay is kept exactly (its slot's random jitter is turned off; Scrapy's
  RANDOMIZE_DOWNLOAD_DELAY would otherwise wait as little as half of it).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from protego import Protego
from scrapy import signals
from scrapy.extensions.throttle import AutoThrottle

logger = logging.getLogger(__name__)

SLOW_DOWN = frozenset({429, 503})
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is taken as asking for this much


def crawl_delay(robots_txt: bytes, user_agent: str) -> float | None:
    """The Crawl-delay robots.txt gives our user agent (or *), in seconds; None when none."""
    try:
        delay = Protego.parse(robots_txt.decode("utf-8", "replace")).crawl_delay(user_agent)
    except Exception:  # noqa: BLE001 - a robots.txt Protego cannot read sets no delay
        return None
    return min(float(delay), MAX_CRAWL_DELAY) if delay else None


def adjusted_delay(delay: float, latency: float, target_concurrency: float, status: int,
                   floor: float, ceiling: float) -> float:
    """The slot's next delay after an answer (see the module docstring)."""
    if status != 200 and status not in SLOW_DOWN and status < 500:
        return delay
    target = latency / target_concurrency
    new = max(target, (delay + target) / 2.0)
    new = min(max(floor, new), ceiling)
    if status != 200 and new <= delay:
        return delay
    return new


class SiteThrottle(AutoThrottle):
    """AutoThrottle with the policy above; replaces scrapy.extensions.throttle.AutoThrottle."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.adaptive = crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
        self.floors: dict[str, float] = {}  # download slot -> Crawl-delay
        self.user_agent = crawler.settings.get("USER_AGENT", "")
        if self.adaptive:
            super().__init__(crawler)  # connects spider_opened and response_downloaded
        else:
            crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    def _response_downloaded(self, response, request, spider) -> None:
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key is not None else None
        if slot is None:
            return
        if urlsplit(request.url).path == "/robots.txt" and response.status == 200:
            self._read_crawl_delay(key, slot, response.body)
        latency = request.meta.get("download_latency")
        if not self.adaptive or latency is None or request.meta.get("autothrottle_dont_adjust_delay") is True:
            return
        old = slot.delay
        floor = max(self.mindelay, self.floors.get(key, 0.0))
        slot.delay = adjusted_delay(old, latency, self.target_concurrency, response.status, floor, self.maxdelay)
        if self.debug:
            logger.info("slot %s: delay %d ms (%+d), latency %d ms, status %d", key, slot.delay * 1000,
                        (slot.delay - old) * 1000, latency * 1000, response.status)

    def _read_crawl_delay(self, key: str, slot, body: bytes) -> None:
        delay = crawl_delay(body, self.user_agent)
        if delay is None:
            return
        self.floors[key] = delay
        self.crawler.stats.set_value("presswash/crawl_delay", delay)
        slot.jitter = 0.0  # Scrapy spreads delays by +-50%: a floor must not be halved
        if slot.delay < delay:
            logger.info("robots.txt of %s asks for a Crawl-delay of %.1f s", key, delay)
            slot.delay = delay

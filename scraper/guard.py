"""What the crawler refuses to fetch, and the one reason every refused or dropped request gets.

Origins. A site is its configured origins: scheme, host and port of its base URL and start
points (and https on the default port of each host given without a port, the usual upgrade).
Every request, every HTTP redirect hop and every meta-refresh hop must stay on one of them.
Scrapy's offsite check compares host names only, so a redirect from the site to another port of
the same host (an internal service) would be followed; here it is refused before any connection
is made. A target on a loopback, private, link-local, reserved or metadata address (or named
localhost) is refused as `refused_address` unless it is exactly a configured origin: the demo and
the tests crawl 127.0.0.1, and only that port of it.

Redirects. A hop back to a URL the chain has already visited is `redirect_loop` (Scrapy's
duplicate filter would otherwise drop it without a word); Scrapy's REDIRECT_MAX_TIMES gives
`too_many_redirects`.

Reasons. `fetch_reason` names every way a request can end without a response: the refusals
above, robots.txt, size caps (the body, or its decompression: a bomb), timeouts, truncated bodies.
`LASTING` are the answers that will not change by asking again soon: the page is settled for
the site's recheck window instead of being fetched again by the next run.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

DEFAULT_PORTS = {"http": 80, "https": 443}
LASTING = frozenset({"refused_address", "off_origin", "redirect_loop", "too_many_redirects", "robots_txt",
                     "too_large", "unsupported_scheme"})
# Scrapy's IgnoreRequest messages, by the reason they mean
_IGNORE_MESSAGES = (
    ("max redirections reached", "too_many_redirects"),
    ("forbidden by robots.txt", "robots_txt"),
    ("filtered offsite request", "off_origin"),
    ("download_maxsize", "too_large"),
)

Origin = tuple[str, str, int]  # scheme, lower-case host, port


class Refused(IgnoreRequest):
    """A request presswash will not send (or a redirect it will not follow), with its reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def origin(url: str) -> Origin | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def site_origins(urls, hosts) -> frozenset[Origin]:
    """The origins of a site: those of its configured URLs, plus http and https on the default
    ports of each host (netloc) given without a port."""
    found = {o for o in map(origin, urls) if o is not None}
    for netloc in hosts:
        if ":" not in netloc.rsplit("]", 1)[-1]:
            found.update((scheme, netloc.lower().strip("[]"), port) for scheme, port in DEFAULT_PORTS.items())
    return frozenset(found)


def is_internal_host(host: str) -> bool:
    """Loopback, private, link-local (169.254.169.254, the cloud metadata service), reserved,
    multicast or unspecified addresses, and localhost names."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global


def refusal(url: str, origins: frozenset[Origin]) -> tuple[str, str] | None:
    """(reason, detail) when `url` must not be requested for a site of these origins, else None."""
    o = origin(url)
    if o is None:
        return "unsupported_scheme", f"not an http(s) URL with a host: {url}"
    if o in origins:
        return None
    if is_internal_host(o[1]):
        return "refused_address", f"{o[0]}://{o[1]}:{o[2]} is an internal address, not one of the site's origins"
    return "off_origin", f"{o[0]}://{o[1]}:{o[2]} is not one of the site's origins"


def fetch_reason(failure) -> tuple[str, str] | None:
    """(reason, detail) for a failed request, when it is one of the refusals and size or
    integrity errors this module knows; None for the other errors."""
    exc = failure.value
    if isinstance(exc, Refused):
        return exc.reason, exc.detail
    name, text = type(exc).__name__, str(exc)
    if isinstance(exc, IgnoreRequest):
        low = text.lower()
        for needle, reason in _IGNORE_MESSAGES:
            if needle in low:
                return reason, text
        return "ignored", text or "request ignored"
    if name == "DownloadCancelledError" and "max size" in text:
        return "too_large", text
    if name in ("ResponseDataLossError", "_DataLoss") or "DataLoss" in text:
        return "truncated", "the connection closed before the body its Content-Length announced"
    if name in ("DownloadTimeoutError", "TimeoutError"):
        return "timeout", text
    return None


class _Guarded:
    """Checks every redirect hop before Scrapy schedules it (and its duplicate filter can drop it)."""

    def _redirect(self, redirected, request, reason):
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if redirected.url in chain:
            raise Refused("redirect_loop", f"{request.url} redirects back to {redirected.url} "
                                           f"after {len(chain)} hop(s)")
        spider = self.crawler.spider
        origins = getattr(spider, "origins", None)
        if origins is not None:
            refused = refusal(redirected.url, origins)
            if refused is not None:
                raise Refused(refused[0], f"redirect from {request.url}: {refused[1]}")
        redirected = super()._redirect(redirected, request, reason)
        state = getattr(spider, "crawl_state", None)
        if state is not None and not redirected.dont_filter:
            known = state.page(redirected.url)
            if known is not None and known.queued_run == spider.run_id:
                # The target is fetched under its own URL in this run: Scrapy's duplicate filter
                # drops this hop, so its chain is settled here, as the pipeline settles aliases.
                self.crawler.stats.inc_value("presswash/redirects_to_known_pages")
                for url in chain:
                    state.fetched(url, spider.site.name, reason if isinstance(reason, int) else 200,
                                  spider.iso_now())
        return redirected


class GuardedRedirectMiddleware(_Guarded, RedirectMiddleware):
    pass


class GuardedMetaRefreshMiddleware(_Guarded, MetaRefreshMiddleware):
    pass


class OriginGuardMiddleware:
    """Refuses any request off the spider's origins before it reaches the network (order 40,
    before Scrapy's offsite and robots.txt middlewares)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        origins = getattr(self.crawler.spider, "origins", None)
        if origins is None:
            return None
        refused = refusal(request.url, origins)
        if refused is not None:
            self.crawler.stats.inc_value(f"presswash/refused/{refused[0]}")
            raise Refused(*refused)
        return None

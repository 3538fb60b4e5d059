"""The news spider: discovers pages through sitemaps, feeds, section pages and links, decides
what is due using the crawl state, fetches, and hands every page to the pipeline. It never
parses article text.

    scrapy crawl news -a sites=sites.toml -a site_name=NAME  # a site of a sites file
    scrapy crawl news -a url=https://example.com/           # a home page: robots.txt sitemaps,
                                                            # feeds it links to, its links
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError
from w3lib.url import safe_url_string

from cleaners.records import RawPage
from output.serialize import new_run_id
from scraper import discovery, frontier, guard, robots_meta, url_clean
from scraper.items import Fetched, FetchFailed, NotModified
from scraper.middlewares import META_KEY
from scraper.sites import SiteConfig, load_sites, select
from scraper.state import iso, open_state, utc_now

# Paths that never hold articles; following them only costs requests.
DEFAULT_DENY = (
    r"/wp-admin/", r"/wp-login", r"/wp-json/", r"/xmlrpc\.php", r"/feed/?$", r"/(?:comments/)?feed/",
    r"[?&](?:replytocom|share|print|amp)=", r"/(?:login|logout|register|signup|cart|checkout|search)(?:/|$)",
)
FEED_LINKS_XPATH = "//link[@rel='alternate'][@type='application/rss+xml' or @type='application/atom+xml']/@href"
HUB_ROLES = ("robots", "sitemap", "feed", "section")
MAX_HUB_ERRORS = 100  # listed in the manifest; the count of them all is in the crawl stats


def _snake(text: str) -> str:
    """'ResponseNeverReceived' -> 'response_never_received'; 'Forbidden by robots.txt' -> 'forbidden_by_robots_txt'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def site_from_url(url: str, max_depth: int) -> SiteConfig:
    host = urlsplit(url).hostname or "site"
    robots = urljoin(url, "/robots.txt")
    return SiteConfig(name=re.sub(r"[^A-Za-z0-9_-]", "-", host), base_url=url, sitemaps=(robots,), sections=(url,),
                      max_depth=max_depth, hosts=frozenset({urlsplit(url).netloc}))


def page_url(url: str) -> str:
    """A URL as Scrapy will request it, which is how the crawl state knows it: percent-encoded
    (sitemaps and feeds often give Cyrillic paths raw) and without its fragment ("#comments" is
    the same page)."""
    return safe_url_string(urldefrag(url)[0])


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # One id names every file of this run: WARC files, article and reject parts.
        spider.run_id = crawler.settings.get("PRESSWASH_RUN_ID") or new_run_id()
        spider.pattern_budget = crawler.settings.getint("PRESSWASH_PATTERN_BUDGET", 500)
        # SQLite in the data folder, or Redis shared by the nodes of a distributed crawl
        node = crawler.settings.get("PRESSWASH_NODE") or "local"
        spider.crawl_state = open_state(crawler.settings.get("PRESSWASH_STATE"),
                                        crawler.settings.get("PRESSWASH_DATA_DIR", "data"), node)
        # what this process's files are named by: the run, and the node when several share the run
        spider.file_stamp = f"{spider.run_id}-{node}" if crawler.settings.get("PRESSWASH_NODE") else spider.run_id
        return spider

    def __init__(self, site: SiteConfig | None = None, url: str | None = None, sites: str | None = None,
                 site_name: str | None = None, max_depth: str | int = 4, deny: str | None = None, pool=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.pool = pool  # the cleaning processes of `presswash crawl`, shared by its sites
        if site is None and sites:
            site = select(load_sites(sites), [site_name] if site_name else None, sites)[0]
        if site is None and url:
            site = site_from_url(url, int(max_depth))
        if site is None:
            raise ValueError("the news spider needs -a sites=FILE [-a site_name=NAME] or -a url=HOME_PAGE")
        self.site = site
        self.auto = url is not None and sites is None  # discover feeds from the home page
        self.allowed_domains = sorted({h.split(":")[0] for h in site.hosts})
        # the only scheme, host and port triples requested, redirects and meta refreshes included
        self.origins = guard.site_origins((site.base_url, *site.sitemaps, *site.feeds, *site.sections), site.hosts)
        self.recent = frontier.RecentURLs()  # URLs this run decided about: most links repeat
        # Both lists are searched in the path and query of every candidate page, however it was
        # found: a link, a sitemap, a feed.
        self.allow = [re.compile(p) for p in site.allow]
        extra_deny = tuple(p for p in (deny or "").split(",") if p)
        self.deny = [re.compile(p) for p in DEFAULT_DENY + tuple(site.deny) + extra_deny]
        self.scheduled_pages = 0
        self.patterns: Counter = Counter()  # link-found URLs requested per URL shape

    # --- requests --------------------------------------------------------------------------

    def _request(self, url: str, role: str, depth: int = 0, priority: int | None = None, **meta) -> scrapy.Request:
        url = page_url(url)
        callback = {"robots": self.parse_robots, "sitemap": self.parse_sitemap, "feed": self.parse_feed,
                    "section": self.parse_section, "page": self.parse_page}[role]
        meta = {"presswash_role": role, "presswash_depth": depth, **meta}
        if role == "robots":
            meta["dont_obey_robotstxt"] = True
        if priority is None:
            priority = frontier.role_priority(role, depth)
        return scrapy.Request(url, callback=callback, errback=self.failed, meta=meta, priority=priority)

    def page_requests(self, candidates, listed: bool = False) -> list[scrapy.Request]:
        """Requests for possible articles, from (url, depth, lastmod) candidates: the entries of
        a sitemap or feed (`listed`: their priority follows their lastmod) or a page's links.
        No request for a URL off-site, denied, over budget, decided already in this run, or not due:
        fetched within recheck_after, or unchanged since the sitemap's lastmod. The crawl
        state is asked once for all of them."""
        stats = self.crawler.stats
        todo = []
        for link, depth, lastmod in candidates:
            if link in self.recent:
                continue  # this run has decided about it already: a duplicate link, not a skip to report
            url = url_clean.strip_session(page_url(link))  # one story, not one per session or campaign
            if url != link:
                self.recent.add(link)  # the raw form too: the next page's same link costs no encoding
            if url in self.recent:
                continue
            parts = urlsplit(url)
            if parts.netloc not in self.site.hosts or parts.scheme not in ("http", "https"):
                continue
            where = parts.path + (f"?{parts.query}" if parts.query else "")
            if self.allow and not any(p.search(where) for p in self.allow):
                stats.inc_value("presswash/skipped/not_allowed")
                continue
            if any(p.search(where) for p in self.deny):
                stats.inc_value("presswash/skipped/denied")
                continue
            todo.append((url, depth, lastmod))
        known_pages = self.crawl_state.pages(list(dict.fromkeys(u for u, _, _ in todo))) if todo else {}
        now, window = utc_now(), timedelta(seconds=self.site.recheck_after)
        requests, settled = [], []
        for url, depth, lastmod in todo:
            if url in self.recent:
                continue  # twice in this batch
            known = known_pages.get(url)
            if known is not None and known.queued_run == self.run_id:
                self.recent.add(url)
                continue
            stats.inc_value("presswash/discovered")
            if self.scheduled_pages >= self.site.max_pages:
                stats.inc_value("presswash/skipped/over_budget")
                continue
            lastmod = discovery.normalized_lastmod(lastmod)
            self.recent.add(url)
            if known is not None and known.state in ("fetched", "failed"):
                if self.crawl_state.is_fresh(known, window, now):
                    stats.inc_value("presswash/skipped/fresh")
                    settled.append(url)
                    continue
                if known.state == "fetched" and lastmod and known.fetched_at and lastmod <= known.fetched_at:
                    stats.inc_value("presswash/skipped/unchanged_since_lastmod")
                    settled.append(url)
                    continue
            if not listed:  # a trap: link-found URLs of one shape beyond the budget (scraper/url_clean.py)
                shape = url_clean.pattern(url)
                if self.patterns[shape] >= self.pattern_budget:
                    stats.inc_value("presswash/skipped/trap_pattern")
                    continue
                self.patterns[shape] += 1
            priority = frontier.listed_priority(lastmod, now) if listed else None
            request = self._request(url, "page", depth, priority, presswash_lastmod=lastmod,
                                    handle_httpstatus_list=[304])
            if known is not None and known.etag:
                request.headers["If-None-Match"] = known.etag
            if known is not None and known.last_modified:
                request.headers["If-Modified-Since"] = known.last_modified
            self.scheduled_pages += 1
            requests.append(request)
        self.crawl_state.settle_many(settled, self.run_id)
        return requests

    async def start(self):
        left = self.crawl_state.unfinished(self.site.name)  # what a killed run left behind
        for url, role, depth in left:
            if role != "page":
                yield self._request(url, role, depth)
        # its pages were due then: they go with the listed ones
        for request in self.page_requests([(url, depth, None) for url, role, depth in left if role == "page"],
                                          listed=True):
            yield request
        for url in self.site.sitemaps:
            yield self._request(url, "robots" if url.endswith("/robots.txt") else "sitemap")
        for url in self.site.feeds:
            yield self._request(url, "feed")
        for url in self.site.sections:
            yield self._request(url, "section")

    # --- hubs ------------------------------------------------------------------------------

    def _hub_done(self, response) -> None:
        self.crawl_state.fetched(response.url, self.site.name, response.status, iso(utc_now()))
        self.crawler.stats.inc_value("presswash/hubs_fetched")

    def parse_robots(self, response):
        self._hub_done(response)
        for url in discovery.robots_sitemaps(response.body):
            yield self._request(response.urljoin(url), "sitemap")

    def _hub_error(self, response, exc: discovery.DiscoveryError) -> None:
        """A sitemap or feed that is malformed or unreadable: the parser's message goes to the
        log, the crawl stats and the run manifest (hub_errors)."""
        role = response.meta.get("presswash_role", "hub")
        self.logger.warning("unreadable %s %s: %s", role, response.url, exc)
        stats = self.crawler.stats
        stats.inc_value(f"presswash/{role}s_unreadable")
        errors = stats.get_value("presswash/hub_errors") or []
        if len(errors) < MAX_HUB_ERRORS:
            stats.set_value("presswash/hub_errors", [*errors, {"url": response.url, "role": role, "error": str(exc)}])

    def parse_sitemap(self, response):
        self._hub_done(response)
        try:
            kind, entries = discovery.parse_sitemap(response.body)
        except discovery.PartialDocument as exc:  # the complete entries before the error are good
            self._hub_error(response, exc)
            kind, entries = exc.kind, exc.entries
        except discovery.DiscoveryError as exc:
            self._hub_error(response, exc)
            return
        if kind == "index":
            for entry in entries:
                yield self._request(response.urljoin(entry.url), "sitemap")
            return
        yield from self.page_requests([(response.urljoin(e.url), 1, e.lastmod) for e in frontier.newest_first(entries)],
                                      listed=True)

    def parse_feed(self, response):
        self._hub_done(response)
        try:
            entries = discovery.parse_feed(response.body)
        except discovery.PartialDocument as exc:
            self._hub_error(response, exc)
            entries = exc.entries
        except discovery.DiscoveryError as exc:
            self._hub_error(response, exc)
            return
        yield from self.page_requests([(response.urljoin(e.url), 1, e.lastmod) for e in frontier.newest_first(entries)],
                                      listed=True)

    def parse_section(self, response):
        self._hub_done(response)
        if not isinstance(response, scrapy.http.HtmlResponse):
            return
        depth = response.meta["presswash_depth"]
        if "nofollow" in robots_meta.directives(response.meta[META_KEY][2], response.body):
            self.crawler.stats.inc_value("presswash/robots/nofollow")
            return
        tree = frontier.parse_html(response.body)
        if tree is None:
            return
        if depth < self.site.max_depth:
            for href in discovery.next_pages(tree):
                url = response.urljoin(href)
                if urlsplit(url).netloc in self.site.hosts:
                    yield self._request(url, "section", depth + 1)
        if self.auto and depth == 0:
            for href in tree.xpath(FEED_LINKS_XPATH):
                yield self._request(response.urljoin(href), "feed")
        yield from self._follow(tree, response.url, depth)

    # --- pages -----------------------------------------------------------------------------

    def parse_page(self, response):
        meta = response.meta
        aliases = tuple(meta.get("redirect_urls", ()))
        if response.status == 304:
            yield NotModified(response.url, self.site.name, iso(utc_now()), meta.get("presswash_lastmod"), aliases)
            return
        ref, date, headers = meta[META_KEY]
        robots = robots_meta.directives(headers, response.body)
        if "noindex" in robots:  # archived, never published; settled like any answer
            self.crawler.stats.inc_value("presswash/robots/noindex")
            yield FetchFailed(url=response.url, reason="noindex", detail="the page asks not to be indexed "
                              "(robots <meta> or X-Robots-Tag)", fetched_at=date, raw=ref, site=self.site.name,
                              status=response.status, aliases=aliases, lasting=True)
        else:
            page = RawPage(url=response.url, body=response.body, headers=headers, status=response.status,
                           fetched_at=date, raw=ref)
            yield Fetched(page, self.site.name, meta.get("presswash_lastmod"), aliases)
        if "nofollow" in robots:
            self.crawler.stats.inc_value("presswash/robots/nofollow")
            return
        depth = meta["presswash_depth"]
        if depth < self.site.max_depth and isinstance(response, scrapy.http.HtmlResponse):
            tree = frontier.parse_html(response.body)
            if tree is not None:
                yield from self._follow(tree, response.url, depth)

    def _follow(self, tree, url: str, depth: int):
        if depth >= self.site.max_depth:
            return
        links, cut = frontier.page_links(tree, url)
        stats = self.crawler.stats
        stats.inc_value("presswash/links_seen", len(links))
        if cut:
            stats.inc_value("presswash/links_cut_pages")  # a page with more links than MAX_LINKS_PER_PAGE
        yield from self.page_requests([(link, depth + 1, None) for link in links])

    def failed(self, failure):
        """Every request that did not give a page is reported: an error page (archived), a network
        error, or a refusal (robots.txt, a size cap, a redirect loop or one off the site's
        origins, scraper/guard.py). Every URL of a failed redirect chain ends in a final state."""
        request = failure.request
        role = request.meta.get("presswash_role", "page")
        ref = date = status = None
        lasting = False
        known = guard.fetch_reason(failure)
        if failure.check(HttpError):
            response = failure.value.response
            status = response.status
            reason, detail = f"http_{status}", f"HTTP {status} for {response.url}"
            ref, date, _ = response.meta.get(META_KEY, (None, None, None))
        elif known is not None:
            (reason, detail), lasting = known, known[0] in guard.LASTING
            ref, date, _ = request.meta.get(META_KEY, (None, None, None))  # a bomb's compressed bytes are archived
        elif failure.check(DNSLookupError):
            reason, detail = "dns_error", str(failure.value)
        elif failure.check(TimeoutError):
            reason, detail = "timeout", str(failure.value)
        elif failure.check(ConnectionRefusedError):
            reason, detail = "connection_refused", str(failure.value)
        else:
            reason, detail = _snake(failure.type.__name__), str(failure.value)
        self.crawler.stats.inc_value(f"presswash/fetch_failed/{reason}")
        if role in HUB_ROLES:
            self.crawler.stats.inc_value(f"presswash/hub_failed/{reason}")
            if role == "robots":
                return  # robots.txt is optional: a site without one simply lists no sitemaps there
        yield FetchFailed(url=request.url, reason=reason, detail=detail, fetched_at=date, raw=ref,
                          site=self.site.name, status=status, aliases=tuple(request.meta.get("redirect_urls", ())),
                          lasting=lasting)

    @staticmethod
    def iso_now() -> str:
        return iso(utc_now())

    def closed(self, reason):
        self.crawl_state.close()

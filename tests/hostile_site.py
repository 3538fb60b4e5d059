"""A hostile news site for tests and bench/hostile_memory.py: bombs, wrong encodings, redirect
tricks, URL traps, malformed XML, slow and truncated answers, robots directives, and a redirect
to an "internal service" on another port of 127.0.0.1. Binds 127.0.0.1 only.

    with InternalService() as internal, HostileSite(internal.base_url) as site:
        site.base_url, site.requests, internal.requests

Every path the site serves is in `site.routes`; `PAGES` says what each one is and what the
crawl must make of it. Sizes are small by default (a bomb inflates to `bomb_bytes`), so a test
crawl takes seconds; the benchmark passes larger ones.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SENTENCES = (
    "The council met on Tuesday to discuss the new budget for roads, schools and the river bridge.",
    "Residents asked about bus routes, and several of them wanted the night service back.",
    "The mayor said repairs would begin in spring after a long winter of delays.",
    "A teacher from the northern district spoke about heating in the old school building.",
    "Engineers estimate that the bridge needs three months of work and a new railing.",
    "Shop owners on the square worry that the works will keep customers away in April.",
    "The finance officer presented figures showing a small surplus from last year.",
    "Two members voted against the plan, saying the cost of asphalt had been underestimated.",
    "A decision on the summer festival was put off until the next meeting in May.",
    "Volunteers offered to clean the riverbank before the construction crews arrive.",
    "The local library will extend its opening hours on Saturdays from next month.",
    "Police reported fewer traffic accidents on the ring road than a year before.",
)


def prose(n_words: int, seed: int = 0) -> str:
    """About n_words of distinct, article-like sentences."""
    out, i = [], seed
    while sum(len(s.split()) for s in out) < n_words:
        out.append(SENTENCES[i % len(SENTENCES)])
        i += 5
    return " ".join(out)


def article(title: str, paragraphs: list[str], head: str = "", body_extra: str = "", charset: str = "utf-8") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta property="og:type" content="article">{head}</head><body><article><h1>{title}</h1>'
            f'<p class="byline">By Ann Reporter, 14 March 2024</p>{ps}</article>{body_extra}</body></html>')


def _bomb(size: int, wbits: int) -> bytes:
    """`size` zero bytes compressed (gzip or zlib by wbits), made in steps: a 1 GB bomb costs
    the server a megabyte, not a gigabyte."""
    c, chunk, out = zlib.compressobj(9, zlib.DEFLATED, wbits), b"\0" * (1 << 20), []
    for _ in range(size >> 20):
        out.append(c.compress(chunk))
    out.append(c.compress(b"\0" * (size & ((1 << 20) - 1))) + c.flush())
    return b"".join(out)


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252")


def plain_article(title: str, seed: int = 0, **kw) -> str:
    return article(title, [prose(55, seed), prose(55, seed + 4), prose(55, seed + 8)], **kw)


# path -> (kind in the list, what the crawl makes of it: "article" or "stage/reason").
# Paths reached only through redirects or traps are checked by the tests directly.
PAGES = {
    "/ok/": ("control", "article"),
    "/bomb/gzip/": ("silent drops: gzip bomb", "fetch/too_large"),
    "/bomb/deflate/": ("silent drops: deflate bomb", "fetch/too_large"),
    "/bomb/nested/": ("silent drops: nested gzip bomb", "fetch/too_large"),
    "/huge/": ("silent drops: body over the size cap", "fetch/too_large"),
    "/redirect/loop-a/": ("silent drops: redirect loop", "fetch/redirect_loop"),
    "/redirect/chain/0/": ("silent drops: long redirect chain", "fetch/too_many_redirects"),
    "/refresh/loop-a/": ("silent drops: meta refresh loop", "fetch/redirect_loop"),
    "/private/page/": ("silent drops: robots.txt Disallow", "fetch/robots_txt"),
    "/redirect/offsite/": ("silent drops: redirect off the site", "fetch/off_origin"),
    # to a page fetched under its own URL in the run: Scrapy's duplicate filter drops the hop
    "/redirect/to-known/": ("silent drops: redirect to a page already queued", "settled"),
    "/ssrf/port/": ("ssrf: redirect to another port", "fetch/refused_address"),
    "/ssrf/refresh/": ("ssrf: meta refresh to another port", "fetch/refused_address"),
    "/ssrf/localhost/": ("ssrf: redirect to localhost", "fetch/refused_address"),
    "/ssrf/metadata/": ("ssrf: redirect to the metadata address", "fetch/refused_address"),
    "/slow/": ("slow response", "fetch/timeout"),
    "/truncated/": ("truncated body", "fetch/truncated"),
    "/enc/utf8-stray/": ("decoding: one invalid byte in UTF-8", "article"),
    "/enc/nul/": ("decoding: NUL byte near the top", "article"),
    "/enc/mojibake/": ("decoding: mojibake", "article"),
    "/enc/controls/": ("decoding: noncharacters and controls", "article"),
    "/enc/japanese/": ("decoding: Japanese", "article"),
    "/enc/cp1251/": ("decoding: windows-1251 declared", "article"),
    "/robots/noindex/": ("robots: meta noindex", "fetch/noindex"),
    "/robots/x-robots/": ("robots: X-Robots-Tag noindex", "fetch/noindex"),
    "/robots/nofollow/": ("robots: meta nofollow", "article"),
    # a page that is one paragraph of 3,000 links: not an article, whatever its og:type says
    # (cleaners/page_kind.py link_farm); the crawl takes 1,000 of its links, 50 of one shape
    "/trap/links/": ("traps: a page of many links", "validate/not_article"),
    "/session/story/?sid=1a2b3c4d5e6f7a8b": ("traps: session id", "article"),
}
# Never fetched: what the nofollow page links to, a trap's far end.
NEVER = ("/robots/followed-anyway/", "/trap/calendar/999/")
SESSION_COPIES = 7
TRAP_LINKS = 3000
CALENDAR_PAGES = 400  # /trap/calendar/N/ links to N+1: a counter without end


class _Server:
    """A ThreadingHTTPServer on 127.0.0.1 whose answers come from `self.routes`: path -> handler."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (method, path with query)
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"server_obj": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a crawler hanging up is no error here
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, h: _Handler, path: str, query: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def count(self, prefix: str) -> int:
        with self._lock:
            return sum(1 for _, p in self.requests if p.startswith(prefix))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_obj: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with self.server_obj._lock:
            self.server_obj.requests.append(("GET", self.path))
        try:
            self.server_obj.answer(self, parts.path, parts.query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (a size cap, a timeout): as intended

    def send(self, status: int, body: bytes, ctype: str | None = "text/html; charset=utf-8",
             headers: dict | None = None, length: int | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)


class InternalService(_Server):
    """What SSRF would reach: a service on another port of the same host. Any request to it is a failure."""

    def answer(self, h: _Handler, path: str, query: str) -> None:
        h.send(200, plain_article("INTERNAL SECRET PAGE").encode())


class HostileSite(_Server):
    def __init__(self, internal_url: str, bomb_bytes: int = 8 * 1024 * 1024, huge_bytes: int = 6 * 1024 * 1024,
                 slow_seconds: float = 4.0, trap_links: int = TRAP_LINKS) -> None:
        super().__init__()
        self.internal_url = internal_url
        self.slow_seconds = slow_seconds
        gz = _bomb(bomb_bytes, zlib.MAX_WBITS | 16)
        deflated = _bomb(bomb_bytes, zlib.MAX_WBITS)
        nested = gzip.compress(gz, 9, mtime=0)
        # a 150-word story in a page of `huge_bytes` of "Read also" lines: what the chain removes
        # is audited, and the audit must not grow with the page
        also = [f'Read also: <a href="#related-{i}">{prose(12, i)}</a>' for i in range(huge_bytes // 130)]
        huge = article("A short story on a huge page", [prose(55, 0), prose(55, 4), prose(55, 8), *also]).encode()
        r: dict[str, Callable[[_Handler, str], None]] = {}
        r["/robots.txt"] = lambda h, q: h.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        r["/"] = lambda h, q: h.send(200, self.home().encode())
        r["/ok/"] = lambda h, q: h.send(200, plain_article("A plain story").encode())
        r["/bomb/gzip/"] = lambda h, q: h.send(200, gz, headers={"Content-Encoding": "gzip"})
        r["/bomb/deflate/"] = lambda h, q: h.send(200, deflated, headers={"Content-Encoding": "deflate"})
        r["/bomb/nested/"] = lambda h, q: h.send(200, nested, headers={"Content-Encoding": "gzip, gzip"})
        r["/huge/"] = lambda h, q: h.send(200, huge)
        r["/redirect/loop-a/"] = lambda h, q: h.send(302, b"", headers={"Location": "/redirect/loop-b/"})
        r["/redirect/loop-b/"] = lambda h, q: h.send(302, b"", headers={"Location": "/redirect/loop-a/"})
        for n in range(30):
            r[f"/redirect/chain/{n}/"] = self.chain_hop(n)
        r["/redirect/chain/30/"] = lambda h, q: h.send(200, plain_article("End of the chain").encode())
        r["/refresh/loop-a/"] = lambda h, q: h.send(200, self.refresh("/refresh/loop-b/"))
        r["/refresh/loop-b/"] = lambda h, q: h.send(200, self.refresh("/refresh/loop-a/"))
        r["/private/page/"] = lambda h, q: h.send(200, plain_article("Private").encode())
        r["/redirect/to-known/"] = lambda h, q: h.send(301, b"", headers={"Location": "/ok/"})
        r["/redirect/offsite/"] = lambda h, q: h.send(302, b"", headers={"Location": "http://offsite.invalid/x"})
        r["/ssrf/port/"] = lambda h, q: h.send(302, b"", headers={"Location": f"{self.internal_url}/secret"})
        r["/ssrf/refresh/"] = lambda h, q: h.send(200, self.refresh(f"{self.internal_url}/refresh-secret"))
        r["/ssrf/localhost/"] = lambda h, q: h.send(
            302, b"", headers={"Location": self.internal_url.replace("127.0.0.1", "localhost") + "/named"})
        r["/ssrf/metadata/"] = lambda h, q: h.send(
            302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        r["/slow/"] = self.slow
        r["/truncated/"] = self.truncated
        r["/enc/utf8-stray/"] = lambda h, q: h.send(200, plain_article("Caf\u00e9 council").encode().replace(
            b"Tuesday", b"Tues\xffday", 1), "text/html")
        r["/enc/nul/"] = lambda h, q: h.send(200, plain_article("A NUL in the head").encode().replace(
            b"<title>", b"<title>\0", 1), "text/html")
        r["/enc/mojibake/"] = lambda h, q: h.send(200, article(  # UTF-8 read as windows-1252, then saved as UTF-8
            _mojibake("Caf\u00e9 owners meet the mayor"),
            [prose(40) + _mojibake(" at the caf\u00e9 on the square"), prose(55, 4), prose(55, 8)]
        ).encode("utf-8"), "text/html; charset=utf-8")
        r["/enc/controls/"] = lambda h, q: h.send(200, article(
            "Controls in the text", [prose(40) + " \ufffe\uffff\ufdd0\x07\x1b more", prose(55, 4), prose(55, 8)]
        ).encode("utf-8"), "text/html; charset=utf-8")
        r["/enc/japanese/"] = lambda h, q: h.send(200, article(
            "市議会が新しい予算を審議",
            ["市議会は火曜日に道路や学校、川に架かる橋のための新しい予算について話し合った。" * 3,
             "住民はバス路線について質問し、市長は長い冬の遅れの後、春に修理が始まると述べた。" * 3],
            head='<meta http-equiv="content-language" content="ja">').encode("utf-8"), "text/html; charset=utf-8")
        r["/enc/cp1251/"] = lambda h, q: h.send(200, article(
            "Городской совет обсудил бюджет", ["Городской совет во вторник обсудил новый бюджет на дороги, школы и "
                                               "мост через реку. Жители спрашивали о маршрутах автобусов. " * 3,
                                               "Мэр сказал, что ремонт начнётся весной после долгой зимы. " * 4],
            charset="windows-1251").encode("cp1251"), "text/html")
        r["/robots/noindex/"] = lambda h, q: h.send(200, plain_article(
            "Not for indexes", head='<meta name="robots" content="noindex, follow">').encode())
        r["/robots/x-robots/"] = lambda h, q: h.send(200, plain_article("Header says no").encode(),
                                                     headers={"X-Robots-Tag": "noindex"})
        r["/robots/nofollow/"] = lambda h, q: h.send(200, plain_article(
            "Read but do not follow", head='<meta name="robots" content="nofollow">',
            body_extra='<a href="/robots/followed-anyway/">more</a>').encode())
        r["/robots/followed-anyway/"] = lambda h, q: h.send(200, plain_article("Should not be here").encode())
        r["/trap/links/"] = lambda h, q: h.send(200, self.link_farm(trap_links).encode())
        r["/session/story/"] = lambda h, q: h.send(200, plain_article("One story, many session URLs").encode())
        r["/sitemap.xml"] = lambda h, q: h.send(200, self.sitemap(["/ok/", "/enc/japanese/"]), "application/xml")
        r["/sitemap-truncated.xml"] = lambda h, q: h.send(
            200, self.sitemap(["/enc/cp1251/", "/ok/never-cut-here/"])[:-40], "application/xml")
        r["/sitemap-xxe.xml"] = lambda h, q: h.send(200, self.xxe_sitemap(), "application/xml")
        r["/feed-broken.xml"] = lambda h, q: h.send(200, b"<rss><channel><item><link>oops</chan", "application/xml")
        self.routes = r

    # --- pages ------------------------------------------------------------------------------

    def answer(self, h: _Handler, path: str, query: str) -> None:
        if path.startswith("/trap/calendar/"):
            return self.calendar(h, path)
        route = self.routes.get(path)
        if route is None:
            return h.send(404, b"<html><body><h1>Not found</h1></body></html>")
        route(h, query)

    def home(self) -> str:
        links = [p for p in PAGES if not p.startswith(("/session/",))]
        links += [f"/session/story/?sid={n:016x}" for n in range(SESSION_COPIES - 2)]
        links += ["/session/story/;jsessionid=ABCDEF0123456789", "/session/story/?utm_source=x&utm_medium=y"]
        links += ["/trap/calendar/0/"]
        a = "".join(f'<li><a href="{p}">{p}</a></li>' for p in links)
        return (f'<!doctype html><html><head><title>Hostile</title><meta property="og:type" content="website">'
                f'</head><body><ul>{a}</ul></body></html>')

    def chain_hop(self, n: int) -> Callable[[_Handler, str], None]:
        return lambda h, q: h.send(301, b"", headers={"Location": f"/redirect/chain/{n + 1}/"})

    def refresh(self, to: str) -> bytes:
        return (f'<html><head><meta http-equiv="refresh" content="0; url={to}"><title>Moved</title></head>'
                f'<body>moved</body></html>').encode()

    def slow(self, h: _Handler, query: str) -> None:
        time.sleep(self.slow_seconds)
        h.send(200, plain_article("Slow").encode())

    def truncated(self, h: _Handler, query: str) -> None:
        """Announces 5,000 bytes, sends 400 and hangs up."""
        h.send(200, plain_article("Cut short").encode()[:400], length=5000)
        h.close_connection = True

    def link_farm(self, n: int) -> str:
        links = "".join(f'<a href="/farm/{i}/">{prose(30, i)}</a> ' for i in range(n))
        return (f'<html><head><title>Links</title><meta property="og:type" content="article"></head>'
                f'<body><article><h1>Links</h1><p>{links}</p></article></body></html>')

    def calendar(self, h: _Handler, path: str) -> None:
        n = int(path.strip("/").rsplit("/", 1)[-1] or 0)
        links = f'<a href="/trap/calendar/{n + 1}/">next month</a>' if n < CALENDAR_PAGES else ""
        h.send(200, (f"<html><head><title>Calendar {n}</title></head><body><h1>Events</h1>"
                     f"<p>No events.</p>{links}</body></html>").encode())

    def sitemap(self, paths: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{self.base_url}{p}</loc></url>" for p in paths)
        return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
                f"</urlset>").encode()

    def xxe_sitemap(self) -> bytes:
        return (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">'
                f'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{self.base_url}/ok/</loc></url>"
                f"<url><loc>{self.base_url}/xxe/&x;</loc></url>"
                f"<url><loc>{self.base_url}/laughs/&b;</loc></url></urlset>").encode()

"""A small static web server for the bundled demo site and for tests: binds 127.0.0.1 only.

It behaves like a real news server where the crawler can tell: directory URLs ("/a/b/" ->
a/b/index.html, index.rss or index.xml), 301 to the slash form, gzip when asked, ETag and
Last-Modified with conditional GET (304), and {{BASE_URL}} filled into XML, RSS and text files
so sitemaps and feeds carry absolute URLs. Every request is logged for tests to count.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html",  # no charset: pages declare their own, like many real servers
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css",
}
INDEX_FILES = ("index.html", "index.rss", "index.xml")
TEMPLATED = (".rss", ".xml", ".txt")
FIXED_MTIME = 1710403200  # 2024-03-14: a stable Last-Modified, whatever the checkout's file times


def demo_site_root() -> Path:
    return Path(str(resources.files("presswash").joinpath("demo_site")))


class SiteServer:
    """`with SiteServer(root) as site: site.base_url ...`; `site.requests` lists (method, path, status)."""

    def __init__(self, root: str | Path, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0):
        self.root = Path(root).resolve()
        self.delay = delay  # seconds before each answer: a slow site, for crawls that must take a while
        self.requests: list[tuple[str, str, int]] = []
        self.times: list[tuple[float, str]] = []  # (monotonic time, path) of each request
        # path -> (status, headers, body), or a list of them answered in turn (the last one then
        # for good; None: the file): canned answers that win over files (tests use them for 429s,
        # 500s and such)
        self.canned: dict[str, tuple | list[tuple]] = {}
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))

    def next_canned(self, path: str) -> tuple | None:
        with self._lock:
            answer = self.canned.get(path)
            if isinstance(answer, list):
                return answer.pop(0) if len(answer) > 1 else answer[0]
            return answer

    def last_modified(self, target: Path | None) -> float:
        """The demo's files carry one fixed date (checkouts change file times); other roots
        their real modification time, so a test that edits a page sees it change."""
        if target is None or self.root == demo_site_root().resolve():
            return FIXED_MTIME
        return int(target.stat().st_mtime)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for _, p, _ in self.requests if p == path)

    def resolve(self, url_path: str) -> Path | None:
        """The file for a URL path, or None; never a file outside the root."""
        rel = unquote(url_path).lstrip("/")
        candidate = (self.root / rel).resolve()
        if self.root not in candidate.parents and candidate != self.root:
            return None
        if candidate.is_dir():
            for name in INDEX_FILES:
                if (candidate / name).is_file():
                    return candidate / name
            return None
        return candidate if candidate.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    site: SiteServer
    server_version = "presswash-demo/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # quiet: the request log is self.site.requests
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        path = urlsplit(self.path).path
        with self.site._lock:
            self.site.times.append((time.monotonic(), path))
        if self.site.delay:
            time.sleep(self.site.delay)
        canned = self.site.next_canned(path)  # None: the file, as usual
        if canned is not None:
            status, headers, body = canned
            return self._send(status, body, headers.get("Content-Type"), head,
                              {k: v for k, v in headers.items() if k != "Content-Type"})
        target = self.site.resolve(path)
        if target is None:
            return self._send(HTTPStatus.NOT_FOUND, b"<html><body><h1>Not found</h1></body></html>", "text/html", head)
        if target.name in INDEX_FILES and not path.endswith("/"):
            return self._redirect(path + "/")
        body = target.read_bytes()
        if target.suffix in TEMPLATED:
            body = body.replace(b"{{BASE_URL}}", self.site.base_url.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        last_modified = formatdate(self.site.last_modified(target), usegmt=True)
        if self._not_modified(etag):
            return self._send(HTTPStatus.NOT_MODIFIED, b"", None, True, {"ETag": etag, "Last-Modified": last_modified})
        headers = {"ETag": etag, "Last-Modified": last_modified}
        ctype = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and target.suffix in (".html", ".xml", ".rss"):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._send(HTTPStatus.OK, body, ctype, head, headers)

    def _not_modified(self, etag: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= self.site.last_modified(self.site.resolve(
                    urlsplit(self.path).path))
            except (TypeError, ValueError):
                return False
        return False

    def _redirect(self, location: str) -> None:
        self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html", False, {"Location": location})

    def _send(self, status, body: bytes, ctype: str | None, head: bool, headers: dict | None = None) -> None:
        self.site.log(self.command, urlsplit(self.path).path, int(status))
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

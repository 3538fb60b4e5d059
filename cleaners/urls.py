"""URL normalization for canonical URLs and the stable article id."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the visitor; they never select different content.
TRACKING_PARAMS = frozenset(
    "fbclid gclid dclid msclkid yclid mc_cid mc_eid igshid _ga ref_src spm".split()
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def resolve_canonical(href: str | None, page_url: str) -> str:
    """The page's declared canonical URL when it is usable, else the page URL itself.

    A canonical pointing at a site's front page from a deeper page is a CMS misconfiguration
    (every article would share one id), so it is ignored.
    """
    page = normalize_url(page_url)
    if not href:
        return page
    absolute = urljoin(page_url, href.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return page
    if parts.path in ("", "/") and not parts.query and urlsplit(page).path not in ("", "/"):
        return page
    return normalize_url(absolute)


def article_id(canonical_url: str) -> str:
    """32 hex characters of SHA-256 over the canonical URL without its scheme, so the http and
    https copies of one article share an id."""
    parts = urlsplit(canonical_url)
    key = urlunsplit(("", parts.netloc, parts.path, parts.query, ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host

"""What a page itself says about crawlers: robots directives and meta refresh. Pure functions
over headers and bytes, no Scrapy: the crawl and `presswash clean` decide alike.

- `<meta name="robots" content="noindex">` (or name="presswash"), and the `X-Robots-Tag` header
  (without a user agent, or for presswash): `noindex` pages are archived and rejected with
  reason `noindex`, never published; `nofollow` pages give no links to follow (`none` is both).
- A meta refresh is a redirect, as Scrapy's MetaRefreshMiddleware treats it in the crawl: a
  re-clean skips such a page as it skips a 3xx answer.
"""

from __future__ import annotations

import re

from w3lib.html import get_meta_refresh

HEAD_BYTES = 65536  # where <meta> tags are looked for, as for <meta charset> (cleaners/decode.py)
REFRESH_BYTES = 4096  # what Scrapy's MetaRefreshMiddleware reads
REFRESH_MAX_DELAY = 100  # Scrapy's METAREFRESH_MAXDELAY: a slower refresh is not a redirect
AGENTS = ("robots", "presswash")
_AGENT_BYTES = tuple(a.encode("ascii") for a in AGENTS)
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _tokens(value: str) -> set[str]:
    out = {t.strip().lower() for t in value.split(",") if t.strip()}
    if "none" in out:
        out |= {"noindex", "nofollow"}
    return out


_VALUED = ("unavailable_after", "max-snippet", "max-image-preview", "max-video-preview")


def _header_directives(value: str) -> set[str]:
    """'noindex, nofollow' for every crawler, or 'otherbot: noindex' for one (ignored unless it
    names presswash)."""
    agent, sep, rest = value.partition(":")
    agent = agent.strip().lower()
    if not sep or agent in _VALUED or "," in agent or " " in agent:
        return _tokens(value)
    return _tokens(rest) if agent == "presswash" else set()


def directives(headers, body: bytes) -> set[str]:
    """The robots directives (noindex, nofollow, ...) of a response, from X-Robots-Tag headers
    and robots <meta> tags in its first HEAD_BYTES."""
    found: set[str] = set()
    for name, value in headers:
        if name.lower() == "x-robots-tag":
            found |= _header_directives(value)
    for tag in _META.findall(body[:HEAD_BYTES]):
        low = tag.lower()
        if not any(agent in low for agent in _AGENT_BYTES):
            continue  # a page's other <meta> tags (a dozen on a CMS page) name none of AGENTS
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}
        if attrs.get(b"name", b"").strip().lower().decode("latin-1") in AGENTS:
            found |= _tokens(attrs.get(b"content", b"").decode("latin-1"))
    return found


def meta_refresh(body: bytes, url: str) -> str | None:
    """The target of a meta refresh Scrapy would follow, else None."""
    if b"refresh" not in body[:REFRESH_BYTES].lower():
        return None
    interval, target = get_meta_refresh(body[:REFRESH_BYTES].decode("latin-1"), url,
                                        ignore_tags=("script", "noscript"))
    return target if target and interval < REFRESH_MAX_DELAY else None

"""URLs as the crawler queues them: without session ids and tracking parameters, and grouped by
pattern to spot traps.

One story served under seven session URLs is one page: `strip_session` drops the parameters
that only say who is looking or where they came from (the names are data below, after the
lists courlan and the big crawlers keep), and `;jsessionid=` path parameters. Everything else
keeps its order and spelling: a parameter that selects content (id, p, page) is never touched.

A trap (a calendar with a "next month" link for ever, a link farm, ids that change on every
visit) shows as many URLs that differ only in numbers or long opaque tokens. `pattern` gives
the shape they share; the spider allows each shape a budget of link-found URLs per run.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# exact parameter names (compared lower-cased)
SESSION_PARAMS = frozenset({
    "sid", "sessid", "sessionid", "session_id", "phpsessid", "jsessionid", "aspsessionid", "cfid", "cftoken",
    "zenid", "oscsid", "s_id", "wicket_session",
})
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "_openstat", "xtor", "at_medium", "at_campaign",
    "ncid", "cmpid", "ito", "wt_mc", "spm", "share_source",
})
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "matomo_", "piwik_", "oly_", "vero_", "itm_", "hsa_")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.I)
_NUMBER = re.compile(r"\d+")
_TOKEN = re.compile(r"(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}")


def _dropped(name: str) -> bool:
    name = name.lower()
    return name in SESSION_PARAMS or name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def strip_session(url: str) -> str:
    """The URL without session ids and tracking parameters; unchanged when it has none."""
    if ";" not in url and "?" not in url:
        return url
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path) if ";" in parts.path else parts.path
    query = parts.query
    if query:
        kept = [p for p in query.split("&") if p and not _dropped(p.split("=", 1)[0])]
        query = "&".join(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def pattern(url: str) -> str:
    """The shape of a URL: host, then path and parameter names with opaque tokens and numbers
    blanked ('/trap/calendar/17/' and '/trap/calendar/18/' share '/trap/calendar/0/')."""
    parts = urlsplit(url)
    path = _NUMBER.sub("0", _TOKEN.sub("T", parts.path))
    names = "&".join(sorted({p.split("=", 1)[0] for p in parts.query.split("&") if p})) if parts.query else ""
    return f"{parts.netloc}{path}?{names}" if names else f"{parts.netloc}{path}"

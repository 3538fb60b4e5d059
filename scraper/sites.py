"""The sites file (TOML): which sites to crawl, where to start, how politely, how far.

    [defaults]                      # optional; every site key can be set here
    contact = "https://example.org/about-our-crawler"
    recheck_after = "6h"
    state = "redis://10.0.0.5:6379/0"   # only here: a crawl state shared by crawler nodes (docs/scaling.md);
                                        # default: state.sqlite in the data folder

    [[site]]
    name = "steppe-digest"          # letters, digits, - and _
    base_url = "https://steppe-digest.example/"
    sitemaps = ["/sitemap.xml"]     # sitemap indexes and Google News sitemaps too; "robots" reads robots.txt
    feeds = ["/feed/"]              # RSS or Atom
    sections = ["/category/society/"]   # listing pages; their pagination is followed
    allow = ['^/20\\d\\d/']         # regular expressions on the URL path (and query)
    deny = ['/tag/']
    concurrency = 2                 # requests at a time to this site
    delay = 0.5                     # seconds between requests (AutoThrottle adapts from there)
    max_pages = 5000                # page budget of one run
    max_depth = 3                   # link hops from a start point
    recheck_after = "1d"            # a page fetched more recently is not fetched again
    extra_boilerplate = ["Steppe Digest on Telegram"]

Start URLs may be paths, resolved against base_url. Errors name the file, the site and the key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from cleaners.config import CleanerConfig

DEFAULTS = {
    "contact": "https://github.com/presswash/presswash",
    "concurrency": 2,
    "delay": 0.5,
    "max_pages": 10_000,
    "max_depth": 3,
    "recheck_after": "6h",
    "extra_boilerplate": [],
    "allow": [],
    "deny": [],
    "sitemaps": [],
    "feeds": [],
    "sections": [],
}
SITE_KEYS = {"name", "base_url", *DEFAULTS}
RUN_KEYS = {"state"}  # [defaults] only: one for the whole crawl
STATE_SCHEMES = ("redis://", "rediss://", "unix://")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class SiteConfigError(ValueError):
    pass


@dataclass(frozen=True)
class SiteConfig:
    name: str
    base_url: str
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    concurrency: int = 2
    delay: float = 0.5
    max_pages: int = 10_000
    max_depth: int = 3
    recheck_after: float = 6 * 3600  # seconds
    extra_boilerplate: tuple[str, ...] = ()
    contact: str = DEFAULTS["contact"]
    hosts: frozenset[str] = field(default_factory=frozenset)
    state: str = ""  # the crawl state's Redis URL ([defaults] state); empty: SQLite in the data folder

    @property
    def user_agent(self) -> str:
        return f"presswash/0.1 (+{self.contact})"

    def cleaner_config(self) -> CleanerConfig:
        """The cleaner options of this site's pages, for the crawl and a re-clean alike."""
        return CleanerConfig(extra_boilerplate_phrases=tuple(self.extra_boilerplate))


def configs_by_host(sites: list[SiteConfig]) -> dict[str, CleanerConfig]:
    """host[:port] -> the cleaner options of the site it belongs to."""
    return {host: site.cleaner_config() for site in sites for host in site.hosts}


def parse_duration(value, where: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value)
    m = _DURATION_RE.match(str(value))
    if not m:
        raise SiteConfigError(f"{where}: {value!r} is not a duration (like 90s, 30m, 6h, 1d)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SiteConfigError(f"{where}: unknown key {key!r}{hint}")


def _urls(value, base: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SiteConfigError(f"{where}: must be a list of URLs or paths")
    out = []
    for v in value:
        if v == "robots":
            out.append(urljoin(base, "/robots.txt"))
            continue
        url = urljoin(base, v.strip())
        if urlsplit(url).scheme not in ("http", "https"):
            raise SiteConfigError(f"{where}: {v!r} is not an http(s) URL")
        out.append(url)
    return tuple(out)


def _patterns(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SiteConfigError(f"{where}: must be a list of regular expressions")
    for v in value:
        try:
            re.compile(v)
        except re.error as exc:
            raise SiteConfigError(f"{where}: {v!r} is not a regular expression: {exc}") from None
    return tuple(value)


def _number(value, kind: type, low: float, where: str):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise SiteConfigError(f"{where}: must be {'an integer' if kind is int else 'a number'}, not {value!r}")
    if value < low:
        raise SiteConfigError(f"{where}: must be at least {low}")
    return kind(value)


def _build(name: str, table: dict, source: str) -> SiteConfig:
    where = f"{source}: site {name!r}"
    base = table.get("base_url")
    if not isinstance(base, str) or urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc:
        raise SiteConfigError(f"{where}: base_url: must be an absolute http(s) URL, not {base!r}")
    v = {**DEFAULTS, **table}
    starts = {k: _urls(v[k], base, f"{where}: {k}") for k in ("sitemaps", "feeds", "sections")}
    contact = v["contact"]
    if not isinstance(contact, str) or not contact.strip():
        raise SiteConfigError(f"{where}: contact: must be a URL or e-mail address people can reach you at")
    extra = v["extra_boilerplate"]
    if not isinstance(extra, list) or not all(isinstance(x, str) and x.strip() for x in extra):
        raise SiteConfigError(f"{where}: extra_boilerplate: must be a list of phrases")
    hosts = {urlsplit(u).netloc for u in (base, *starts["sitemaps"], *starts["feeds"], *starts["sections"])}
    return SiteConfig(
        name=name,
        base_url=base,
        **starts,
        allow=_patterns(v["allow"], f"{where}: allow"),
        deny=_patterns(v["deny"], f"{where}: deny"),
        concurrency=_number(v["concurrency"], int, 1, f"{where}: concurrency"),
        delay=_number(v["delay"], float, 0, f"{where}: delay"),
        max_pages=_number(v["max_pages"], int, 1, f"{where}: max_pages"),
        max_depth=_number(v["max_depth"], int, 0, f"{where}: max_depth"),
        recheck_after=parse_duration(v["recheck_after"], f"{where}: recheck_after"),
        extra_boilerplate=tuple(extra),
        contact=contact.strip(),
        hosts=frozenset(hosts),
        state=_state(v.get("state", ""), f"{where}: state"),
    )


def _state(value, where: str) -> str:
    if not isinstance(value, str) or (value and not value.startswith(STATE_SCHEMES)):
        raise SiteConfigError(f"{where}: must be a redis://HOST:PORT/DB URL (the default, without it, is the "
                              f"SQLite file in the data folder), not {value!r}")
    return value


def load_sites(path: str | Path, overrides: dict[str, dict] | None = None) -> list[SiteConfig]:
    """Every site of a sites file; `overrides` replaces keys of named sites (the demo site's
    base_url, which is only known once its server has a port)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SiteConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(f"{path}: not valid TOML: {exc}") from None
    _check_keys(data, {"defaults", "site"}, str(path))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SiteConfigError(f"{path}: defaults: must be a table")
    _check_keys(defaults, set(DEFAULTS) | RUN_KEYS, f"{path}: defaults")
    tables = data.get("site", [])
    if not isinstance(tables, list) or not tables:
        raise SiteConfigError(f"{path}: no [[site]] entries")
    sites, seen = [], set()
    for n, table in enumerate(tables, start=1):
        name = table.get("name")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise SiteConfigError(f"{path}: site #{n}: name: must be letters, digits, - or _, not {name!r}")
        if name in seen:
            raise SiteConfigError(f"{path}: site {name!r}: name: used twice")
        seen.add(name)
        if "state" in table:
            raise SiteConfigError(f"{path}: site {name!r}: state: one crawl state for every site: set it in [defaults]")
        _check_keys(table, SITE_KEYS, f"{path}: site {name!r}")
        sites.append(_build(name, {**defaults, **table, **(overrides or {}).get(name, {})}, str(path)))
    return sites


def select(sites: list[SiteConfig], names: list[str] | None, source: str) -> list[SiteConfig]:
    if not names:
        return sites
    known = {s.name: s for s in sites}
    for name in names:
        if name not in known:
            raise SiteConfigError(f"{source}: no site named {name!r} (there are: {', '.join(known)})")
    return [known[n] for n in names]

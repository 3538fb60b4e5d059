"""`presswash demo`: serve the bundled demo news site on 127.0.0.1 and crawl it like any site of
a sites file: the demo entry of sites.example.toml, with the server's address as base_url.

The site keeps one origin across runs, so that a second demo is an incremental re-run (pages
fresh in the crawl state are not fetched again) rather than a new site on a new random port:
the port of the last run (remembered in the data folder), else DEMO_PORT, else the next free
one of a few after it, and only then any free port."""

from __future__ import annotations

import sys
from pathlib import Path

from scraper.sites import load_sites, select

from .crawl import RunResult, run
from .site_server import SiteServer, demo_site_root

DEMO_SITE = "steppe-digest-demo"
DEMO_PORT = 8765  # the base_url of the demo entry in sites.example.toml, and serve-demo's default
FALLBACK_PORTS = 10
PORT_FILE = "demo-port"  # in the data folder: the port the demo's state knows the site by


def example_sites_file() -> Path:
    """sites.example.toml: in the checkout, or where `pip install .` put it (share/presswash)."""
    checkout = Path(__file__).resolve().parent.parent / "sites.example.toml"
    return checkout if checkout.exists() else Path(sys.prefix) / "share" / "presswash" / "sites.example.toml"


def remembered_port(data_dir: Path) -> int | None:
    try:
        port = int((data_dir / PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def demo_server(data_dir: Path) -> SiteServer:
    """The demo site's server on the most stable port free now."""
    ports = dict.fromkeys([remembered_port(data_dir), *range(DEMO_PORT, DEMO_PORT + FALLBACK_PORTS), 0])
    for port in ports:
        if port is None:
            continue
        try:
            return SiteServer(demo_site_root(), port=port)
        except OSError:  # in use: try the next
            continue
    raise OSError("no port of 127.0.0.1 is free for the demo site")


def remember_port(data_dir: Path, base_url: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / f".{PORT_FILE}.tmp"
    tmp.write_text(base_url.rsplit(":", 1)[1] + "\n")
    tmp.replace(data_dir / PORT_FILE)


def run_demo(data_dir: Path, log_level: str = "WARNING", part_format: str = "jsonl",
             settings: dict | None = None) -> tuple[RunResult, str]:
    """Serve and crawl the demo site; `settings` override Scrapy's (logging ones, say)."""
    with demo_server(data_dir) as site:
        remember_port(data_dir, site.base_url)
        path = example_sites_file()
        sites = load_sites(path, {DEMO_SITE: {"base_url": site.base_url + "/", "delay": 0.0}})
        demo = select(sites, [DEMO_SITE], str(path))
        # our own server on loopback: no need to wait between requests
        result = run(demo, data_dir, {"LOG_LEVEL": log_level, "AUTOTHROTTLE_START_DELAY": 0.0,
                                      "PRESSWASH_FORMAT": part_format, **(settings or {})})
        return result, site.base_url

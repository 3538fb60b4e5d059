"""`presswash demo`: serve the bundled demo news site on 127.0.0.1 and crawl it like any site of
a sites file: the demo entry of sites.example.toml, with the server's address as base_url."""

from __future__ import annotations

import sys
from pathlib import Path

from scraper.sites import load_sites, select

from .crawl import RunResult, run
from .site_server import SiteServer, demo_site_root

DEMO_SITE = "steppe-digest-demo"


def example_sites_file() -> Path:
    """sites.example.toml: in the checkout, or where `pip install .` put it (share/presswash)."""
    checkout = Path(__file__).resolve().parent.parent / "sites.example.toml"
    return checkout if checkout.exists() else Path(sys.prefix) / "share" / "presswash" / "sites.example.toml"


def run_demo(data_dir: Path, log_level: str = "WARNING") -> tuple[RunResult, str]:
    with SiteServer(demo_site_root()) as site:
        path = example_sites_file()
        sites = load_sites(path, {DEMO_SITE: {"base_url": site.base_url + "/", "delay": 0.0}})
        demo = select(sites, [DEMO_SITE], str(path))
        # our own server on loopback: no need to wait between requests
        result = run(demo, data_dir, {"LOG_LEVEL": log_level, "AUTOTHROTTLE_START_DELAY": 0.0})
        return result, site.base_url

"""`presswash demo`: serve the bundled demo news site on 127.0.0.1, crawl it, print a summary."""

from __future__ import annotations

import time
from pathlib import Path

from .crawl import run_crawl
from .site_server import SiteServer, demo_site_root


def run_demo(data_dir: Path, log_level: str = "WARNING") -> tuple[dict, str, float]:
    with SiteServer(demo_site_root()) as site:
        started = time.monotonic()
        stats = run_crawl(
            {"url": site.base_url + "/"},
            {
                "PRESSWASH_DATA_DIR": str(data_dir),
                "LOG_LEVEL": log_level,
                # our own server on loopback: no need to wait between requests
                "AUTOTHROTTLE_START_DELAY": 0.0,
                "DOWNLOAD_DELAY": 0.0,
            },
        )
        return stats, site.base_url, time.monotonic() - started


def summary(stats: dict, base_url: str, seconds: float) -> str:
    rejected = {k.removeprefix("presswash/rejected/"): v for k, v in sorted(stats.items())
                if k.startswith("presswash/rejected/")}
    by_reason = ", ".join(f"{k} {v}" for k, v in rejected.items()) or "none"
    lines = [
        f"presswash demo: crawled {base_url}/ in {seconds:.1f} s",
        f"  pages fetched     {stats.get('downloader/response_count', 0)}"
        f"  (HTTP 200: {stats.get('downloader/response_status_count/200', 0)})",
        f"  articles written  {stats.get('presswash/articles', 0)}",
        f"  rejected          {stats.get('presswash/rejected', 0)}  ({by_reason})",
        f"  raw WARC          {', '.join(stats.get('presswash/warc_files', [])) or '-'}",
        f"  articles          {', '.join(stats.get('presswash/article_files', [])) or '-'}",
        f"  rejects           {', '.join(stats.get('presswash/reject_files', [])) or '-'}",
    ]
    return "\n".join(lines)

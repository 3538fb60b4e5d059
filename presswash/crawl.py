"""`presswash crawl`: one scheduled run over the sites of a sites file.

A run takes a lock per site (a second run over the same sites exits at once), recovers what a
killed earlier run left, crawls every site with its own politeness settings in one Scrapy
process (one crawler per site, one pool of cleaning processes for all), and writes a manifest:
data/runs/<run>.json, with per-site counts and the exit code. With a Redis crawl state, the run
is shared by several such processes (nodes), each one a run of this function (presswash/crawl_nodes.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from output.serialize import new_run_id
from output.sinks import AtomicJsonlWriter
from scraper.pipelines import clean_page
from scraper.sites import SiteConfig
from scraper.spiders.news import NewsSpider
from scraper.state import is_redis, iso, utc_now
from scraper.worker_signals import workers_ignore_sigint
from scraper.workers import CleaningPool

from .crawl_nodes import LocalRun, NodeRun
from .locks import Locked
from .site_profiles import EXIT_DRIFT, after_run, current_profiles, with_profiles

EXIT_OK, EXIT_SITE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75  # 75: EX_TEMPFAIL, "try again later"
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}  # 128 + the signal, as shells report it
STOP_SECONDS = 7.0  # after SIGINT/SIGTERM: a graceful stop gets this long, then the reactor is stopped


class InterruptibleProcess(CrawlerProcess):
    """Scrapy's process, remembering the signal that stopped it, and stopping within STOP_SECONDS
    however long the downloads and cleanings in flight would take. A stop that had to be forced
    leaves the run as a killed run leaves it: the next run recovers its files (presswash.recovery)."""

    interrupted: int | None = None
    graceful = True

    def _signal_shutdown(self, signum: int, frame) -> None:
        from twisted.internet import reactor

        self.interrupted = self.interrupted or signum
        super()._signal_shutdown(signum, frame)
        reactor.callFromThread(reactor.callLater, STOP_SECONDS, self._force_stop)

    def _signal_kill(self, signum: int, frame) -> None:
        self.graceful = False
        super()._signal_kill(signum, frame)

    def _force_stop(self) -> None:
        self.graceful = False
        self._stop_reactor()


def crawler_settings(overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def site_settings(site: SiteConfig, run_id: str, overrides: dict) -> Settings:
    """Scrapy settings for one site: its politeness, its user agent with the contact URL."""
    return crawler_settings({
        "USER_AGENT": site.user_agent,
        "CONCURRENT_REQUESTS_PER_DOMAIN": site.concurrency,
        "DOWNLOAD_DELAY": site.delay,
        "AUTOTHROTTLE_START_DELAY": max(site.delay, 0.1),
        # AutoThrottle aims at the site's concurrency in flight, lower when the server slows down
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(site.concurrency),
        "PRESSWASH_RUN_ID": run_id,
        **overrides,
    })


@dataclass
class RunResult:
    manifest: dict
    path: Path

    @property
    def exit_code(self) -> int:
        return self.manifest["exit_code"]


def site_summary(stats: dict) -> dict:
    def n(key: str) -> int:
        return int(stats.get(key, 0))

    rejected = {k.removeprefix("presswash/rejected/"): v for k, v in sorted(stats.items())
                if k.startswith("presswash/rejected/")}
    fetched = sum(n(f"presswash/pages/{k}") for k in ("new", "updated", "unchanged", "rejected"))
    summary = {
        "discovered": n("presswash/discovered"),  # distinct candidate pages, on-site and allowed
        "requests": n("downloader/request_count"),
        "fetched": fetched,
        "not_modified": n("presswash/pages/not_modified"),
        "new": n("presswash/pages/new"),
        "updated": n("presswash/pages/updated"),
        "unchanged": n("presswash/pages/unchanged"),
        "rejected": rejected,
        "skipped": {k.removeprefix("presswash/skipped/"): v for k, v in sorted(stats.items())
                    if k.startswith("presswash/skipped/")},
        # sitemaps and feeds that are malformed or unreadable, with the parser's message
        "hub_errors": stats.get("presswash/hub_errors", []),
        "warc_files": stats.get("presswash/warc_files", []),
        "article_files": stats.get("presswash/article_files", []),
        "reject_files": stats.get("presswash/reject_files", []),
    }
    # A site failed entirely when nothing at all came back from it: no start point, no page.
    ok = n("presswash/hubs_fetched") + fetched + summary["not_modified"]
    summary["status"] = "ok" if ok else "failed"
    summary["finish_reason"] = stats.get("finish_reason")
    return summary


def run(sites: list[SiteConfig], data_dir: Path, overrides: dict | None = None, workers: int = 0,
        templates: bool = True, fail_on_drift: bool = False, state: str | None = None, join: bool = False,
        node: str | None = None) -> RunResult:
    """Crawl the sites once; raises Locked when another run holds one of them. With `templates`,
    each site is cleaned with its learned template profile and the profile is learned again
    after the run; `fail_on_drift` exits EXIT_DRIFT when a site's figures moved sharply.
    `state` (else the sites file's [defaults] state) names a Redis server: this process is then one
    node of a crawl shared with others (`join`: of the run in progress, if any; presswash/crawl_nodes.py)."""
    data_dir = Path(data_dir)
    run_id = new_run_id()
    started = iso(utc_now())
    overrides = {"PRESSWASH_DATA_DIR": str(data_dir), **(overrides or {})}
    spec = state if state is not None else next((s.state for s in sites if s.state), "")
    if join and not is_redis(spec):
        raise ValueError("--join needs a Redis crawl state (--state redis://HOST:PORT/DB)")
    session = (NodeRun(spec, sites, data_dir, run_id, started, join, node,
                       float(overrides.get("PRESSWASH_REDIS_LEASE_SECONDS", 0)) or None)
               if is_redis(spec) else LocalRun(sites, data_dir, run_id, started))
    with session:  # the sites' locks, the state, what killed runs left recovered
        recovered, run_id = session.recovered, session.run_id  # a node joining a run takes its id
        used = current_profiles(sites, data_dir) if templates else {}
        workers = workers or os.cpu_count() or 1
        pool = CleaningPool(workers, clean_page) if workers > 1 else None
        if pool is not None:
            workers_ignore_sigint()  # the forkserver starts now, the preload set by the pool
        process = InterruptibleProcess(crawler_settings(overrides))
        crawlers = {}
        try:
            for site in with_profiles(sites, used) if templates else sites:
                # the frontier: Scrapy's JOBDIR queues on disk, or the shared one in Redis
                settings = site_settings(site, run_id, {**overrides, "PRESSWASH_WORKERS": workers,
                                                        **session.site_settings(site)})
                # the first crawler installs the reactor, as CrawlerProcess.create_crawler would
                crawlers[site.name] = crawler = Crawler(NewsSpider, settings, init_reactor=not crawlers)
                # settings are copied: the pool (and a node's lease) travel apart
                process.crawl(crawler, site=site, pool=pool, **session.spider_args())
            process.start()
        finally:
            if pool is not None:
                pool.shutdown()
        summaries = session.settle_summaries({name: site_summary(dict(c.stats.get_stats()))
                                              for name, c in crawlers.items()})
        for site in sites:
            shutil.rmtree(data_dir / "jobs" / f"{run_id}-{site.name}", ignore_errors=True)
        code = EXIT_SITE_FAILED if any(s["status"] == "failed" for s in summaries.values()) else EXIT_OK
        if process.interrupted:  # a scheduler must not take a stopped run for a finished one
            code = EXIT_SIGNAL.get(process.interrupted, 128 + process.interrupted)
            for summary in summaries.values():
                summary["status"] = "interrupted"
        drifted = [] if process.interrupted else after_run(run_id, started, summaries, data_dir, used, templates)
        if fail_on_drift and drifted and code == EXIT_OK:
            code = EXIT_DRIFT
        finished = iso(utc_now())
        manifest = {"run_id": run_id, "started_at": started, "finished_at": finished, "exit_code": code,
                    "recovered_runs": recovered, "sites": summaries, "drifted": drifted}
        if process.interrupted:
            manifest["interrupted"] = {"signal": signal.Signals(process.interrupted).name,
                                       "stop": "graceful" if process.graceful else "forced; the next run recovers it"}
        session.annotate(manifest)  # a node's manifest: every node's counts
        path = write_manifest(data_dir, manifest)
        session.finish(process.graceful, finished, manifest["exit_code"])
    return RunResult(manifest, path)


def write_manifest(data_dir: Path, manifest: dict) -> Path:
    path = data_dir / "runs" / f"{manifest['run_id']}.json"
    with AtomicJsonlWriter(path) as w:  # atomic like every output: written whole or not at all
        w.write((json.dumps(manifest, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return path


__all__ = ["EXIT_DRIFT", "EXIT_LOCKED", "EXIT_OK", "EXIT_SITE_FAILED", "EXIT_USAGE", "Locked", "run"]

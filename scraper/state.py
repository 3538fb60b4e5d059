"""The crawl's memory between runs: one SQLite file in the data folder.

It holds, per URL, what the crawler knows (queued or fetched, when, validators for a
conditional GET, the sitemap lastmod it was fetched for) and, per article id, every revision
written (content hash, previous hash). It is the frontier too: URLs queued but not fetched when
a run died are queued again by the next one. Nothing of it lives in Python sets, so memory
stays flat however many URLs a site has; lookups go through the primary-key indexes.

Only the crawling process opens it (SQLite in WAL mode, one writer); worker processes never do.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    state TEXT NOT NULL,            -- queued | fetched | failed
    role TEXT,                      -- what the spider fetches it as: page, section, feed, sitemap, robots
    depth INTEGER,                  -- link hops from a start point when queued
    queued_run TEXT,                -- the last run that queued it
    fetched_at TEXT,                -- last answer from the server (200 or 304), ISO UTC
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sitemap_lastmod TEXT,           -- the sitemap's lastmod or news:publication_date at that fetch
    article_id TEXT
);
CREATE INDEX IF NOT EXISTS pages_site_state ON pages (site, state);
CREATE TABLE IF NOT EXISTS revisions (
    article_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    previous_content_hash TEXT,
    url TEXT NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
DROP INDEX IF EXISTS revisions_hash;  -- unique in 0.1 builds: a story put back as it was is a new revision
CREATE INDEX IF NOT EXISTS revisions_content ON revisions (article_id, content_hash);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    sites TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    exit_code INTEGER
);
"""


LOOKUP_BATCH = 500  # URLs per IN (...) query, far below SQLite's variable limit
PASSING_STATUSES = frozenset({408, 425, 429})  # client errors that say "later", not "never"


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PageState:
    url: str
    state: str
    fetched_at: str | None
    etag: str | None
    last_modified: str | None
    sitemap_lastmod: str | None
    queued_run: str | None


@dataclass(frozen=True)
class Revision:
    revision: int
    previous_content_hash: str | None
    new: bool  # False: this content was written before, nothing to write


def is_fresh(page: PageState | None, window: timedelta, now: datetime) -> bool:
    """Fetched recently enough that a re-check is not due yet (whichever state said when)."""
    if page is None or page.fetched_at is None:
        return False
    return datetime.fromisoformat(page.fetched_at.replace("Z", "+00:00")) > now - window


class CrawlState:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)  # autocommit; batches use transactions
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses nothing; a power cut the last commit
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # --- pages ---------------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        row = self.db.execute(
            "SELECT url, state, fetched_at, etag, last_modified, sitemap_lastmod, queued_run FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        return PageState(*row) if row else None

    def pages(self, urls: list[str]) -> dict[str, PageState]:
        """page() for many URLs in few queries (the links of one page, a sitemap's entries)."""
        found: dict[str, PageState] = {}
        for start in range(0, len(urls), LOOKUP_BATCH):
            chunk = urls[start:start + LOOKUP_BATCH]
            rows = self.db.execute(
                "SELECT url, state, fetched_at, etag, last_modified, sitemap_lastmod, queued_run FROM pages "
                f"WHERE url IN ({','.join('?' * len(chunk))})", chunk)
            found.update((row[0], PageState(*row)) for row in rows)
        return found

    def is_fresh(self, page: PageState | None, window: timedelta, now: datetime) -> bool:
        return is_fresh(page, window, now)

    def queue(self, url: str, site: str, run_id: str, role: str = "page", depth: int = 0) -> bool:
        """Mark a URL queued by this run; False when this run queued it already (a duplicate).
        A URL fetched before keeps its state: being queued again is a re-check."""
        cur = self.db.execute(
            "INSERT INTO pages (url, site, state, role, depth, queued_run) VALUES (?, ?, 'queued', ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET queued_run = excluded.queued_run, role = excluded.role, "
            "depth = excluded.depth, state = CASE WHEN pages.state = 'fetched' THEN 'fetched' ELSE 'queued' END "
            "WHERE pages.queued_run IS NOT excluded.queued_run",
            (url, site, role, depth, run_id),
        )
        return cur.rowcount == 1

    def settle(self, url: str, run_id: str) -> None:
        """Note that this run has decided about a known URL without queueing it (fresh, unchanged):
        later links to it in the same run are duplicates. Its state is left as it was."""
        self.db.execute("UPDATE pages SET queued_run = ? WHERE url = ?", (run_id, url))

    def settle_many(self, urls: list[str], run_id: str) -> None:
        """settle() for many URLs in one transaction."""
        if urls:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("UPDATE pages SET queued_run = ? WHERE url = ?", [(run_id, u) for u in urls])

    def unfinished(self, site: str) -> list[tuple[str, str, int]]:
        """(url, role, depth) of URLs queued and never fetched: what a killed run left behind."""
        return list(self.db.execute(
            "SELECT url, COALESCE(role, 'page'), COALESCE(depth, 0) FROM pages "
            "WHERE site = ? AND state = 'queued' ORDER BY url", (site,)))

    def fetched(self, url: str, site: str, status: int, fetched_at: str, etag: str | None = None,
                last_modified: str | None = None, sitemap_lastmod: str | None = None) -> None:
        """A 200 or a 304: the page is known as of now, with its validators."""
        self.db.execute(
            "INSERT INTO pages (url, site, state, fetched_at, status, etag, last_modified, sitemap_lastmod) "
            "VALUES (?, ?, 'fetched', ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET state = 'fetched', "
            "fetched_at = excluded.fetched_at, status = excluded.status, "
            "etag = COALESCE(excluded.etag, pages.etag), "
            "last_modified = COALESCE(excluded.last_modified, pages.last_modified), "
            "sitemap_lastmod = COALESCE(excluded.sitemap_lastmod, pages.sitemap_lastmod)",
            (url, site, fetched_at, status, etag, last_modified, sitemap_lastmod),
        )

    def failed(self, url: str, site: str, status: int | None, at: str | None = None, lasting: bool = False) -> None:
        """A page that could not be fetched. A lasting answer (404, 410, 403, or a refusal such as
        a decompression bomb or a redirect loop: `lasting`) counts as an answer for the freshness
        window; a passing one (5xx, 429, 408) or a network error (status None) does not, so the
        next run tries again."""
        lasting = lasting or (status is not None and 400 <= status < 500 and status not in PASSING_STATUSES)
        self.db.execute(
            "INSERT INTO pages (url, site, state, status, fetched_at) VALUES (?, ?, 'failed', ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET state = 'failed', status = excluded.status, "
            "fetched_at = excluded.fetched_at",
            (url, site, status, at if lasting else None),
        )

    # --- articles ------------------------------------------------------------------------------

    def revision_for(self, article_id: str, content_hash: str, url: str | None = None) -> Revision:
        """The revision this content from `url` is written as: unchanged (new=False) when it is
        the latest revision's content; else the next one. A story edited and then put back as it
        was is a change to its readers, so a new revision too; but content that `url` gave before,
        while the latest revision came from another URL (two pages declaring one canonical URL,
        fetched in turn), is not written again and again."""
        last = self.db.execute(
            "SELECT revision, content_hash, previous_content_hash, url FROM revisions WHERE article_id = ? "
            "ORDER BY revision DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        if last is None:
            return Revision(1, None, new=True)
        if last[1] == content_hash:
            return Revision(last[0], last[2], new=False)
        older = self.db.execute(
            "SELECT revision, previous_content_hash, url FROM revisions WHERE article_id = ? AND content_hash = ? "
            "ORDER BY revision DESC LIMIT 1",
            (article_id, content_hash),
        ).fetchone()
        if older is not None and url is not None and older[2] == url != last[3]:
            return Revision(older[0], older[1], new=False)
        return Revision(last[0] + 1, last[1], new=True)

    def revision_of(self, article_id: str, content_hash: str) -> Revision | None:
        """The latest revision written with this content, if any (for re-cleaning stored pages)."""
        row = self.db.execute(
            "SELECT revision, previous_content_hash FROM revisions WHERE article_id = ? AND content_hash = ? "
            "ORDER BY revision DESC LIMIT 1",
            (article_id, content_hash),
        ).fetchone()
        return Revision(row[0], row[1], new=False) if row else None

    def written(self, article_id: str, revision: int, content_hash: str, previous: str | None, url: str,
                run_id: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO revisions VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, revision, content_hash, previous, url, run_id),
        )
        self.db.execute("UPDATE pages SET article_id = ? WHERE url = ?", (article_id, url))

    # --- runs ----------------------------------------------------------------------------------

    def run_started(self, run_id: str, sites: list[str], started_at: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO runs (run_id, sites, started_at) VALUES (?, ?, ?)",
                        (run_id, ",".join(sorted(sites)), started_at))

    def run_finished(self, run_id: str, finished_at: str, exit_code: int) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, exit_code = ? WHERE run_id = ?",
                        (finished_at, exit_code, run_id))

    def interrupted_runs(self, site: str) -> list[str]:
        """Runs over this site that started and never finished: killed."""
        rows = self.db.execute("SELECT run_id, sites FROM runs WHERE finished_at IS NULL ORDER BY run_id")
        return [run_id for run_id, sites in rows if site in sites.split(",")]


def is_redis(spec: str | None) -> bool:
    """Whether a state setting names a Redis server (redis://, rediss://, unix://) rather than SQLite."""
    return bool(spec) and str(spec).startswith(("redis://", "rediss://", "unix://"))


def open_state(spec: str | None, data_dir: str | Path, node: str = "local"):
    """The crawl state a setting names: empty for the default SQLite file in the data folder,
    a path for another SQLite file, or a Redis URL (scraper/redis_state.py, shared by nodes)."""
    if is_redis(spec):
        from .redis_state import RedisCrawlState  # redis-py: only imported when a crawl uses it

        return RedisCrawlState(str(spec), node=node)
    return CrawlState(Path(spec) if spec else Path(data_dir) / "state.sqlite")

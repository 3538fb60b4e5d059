"""The crawl state in Redis: what scraper/state.py keeps in SQLite, shared by crawler processes
on many machines (`state = "redis://host:6379/0"` in the sites file's [defaults], or
`presswash crawl --state URL`).

The same interface and the same answers as CrawlState (tests/test_scraper/test_redis_state.py
runs the SQLite state's cases against it). What differs is only where it lives, and what sharing
it between processes asks for:

- Every step that reads and then writes (queueing a URL, numbering a revision) is one Lua script,
  so two nodes never both queue one URL in a run, nor both write revision 2 of one article.
- A new revision is claimed when it is numbered (`revision_for`), before its line is written, and
  the claim is marked in the node's writing set until `written` confirms it. A node killed between
  the two leaves the mark: whoever recovers that node's files (presswash.crawl, on its machine)
  confirms the claims whose lines it finds and takes back the others, and until then no other node
  re-fetches those pages (scraper/redis_frontier.py holds them back), so no line is written twice.

Keys (one Redis database per crawl installation; see docs/scaling.md for the bytes each costs):

    pw:p:<url digest>     hash   s state (q queued, f fetched, x failed), r role, d depth, q run that
                                 queued it, t fetched at, st status, e ETag, lm Last-Modified,
                                 sl sitemap lastmod (absent fields are NULL)
    pw:queued:<site>      set    URLs in state q: the frontier a killed run leaves for the next one
    pw:rev:<article id>   hash   n latest revision; per revision k: "k" content hash, "kp" the previous
                                 one, "ku" a digest of its URL; "h<hash prefix>" latest revision with it
    pw:writing:<node>     hash   url -> article id TAB revision TAB content hash: claimed, line not confirmed
    pw:runs               hash   run id -> {"sites", "started_at", "finished_at", "exit_code"} (JSON)
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

import redis

from .state import PageState, Revision, is_fresh

PAGE_FIELDS = ("s", "t", "e", "lm", "sl", "q")
STATES = {"q": "queued", "f": "fetched", "x": "failed"}
LOOKUP_BATCH = 500
PASSING_STATUSES = frozenset({408, 425, 429})

# KEYS: page, queued set; ARGV: url, run, role, depth. 1 when this run had not queued it yet.
_QUEUE = """
local q = redis.call('HGET', KEYS[1], 'q')
if q == ARGV[2] then return 0 end
local s = redis.call('HGET', KEYS[1], 's')
if s ~= 'f' then s = 'q' end
redis.call('HSET', KEYS[1], 's', s, 'q', ARGV[2], 'r', ARGV[3], 'd', ARGV[4])
if s == 'q' then redis.call('SADD', KEYS[2], ARGV[1]) end
return 1
"""

# KEYS: page keys; ARGV[1]: run. Marks known URLs decided by this run (SQLite: UPDATE ... WHERE url = ?).
_SETTLE = """
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('HSET', key, 'q', ARGV[1]) end
end
return #KEYS
"""

# Revisions are kept in small fields (every value at most 64 bytes, so Redis keeps the hash in its
# compact listpack form): "<k>" content hash (hex, without "sha256:"), "<k>p" the previous one,
# "<k>u" a digest of the URL it came from, "h<first 16 hex of a hash>" the latest revision with it.

# The revision this content from this URL is written as (CrawlState.revision_for), claimed at once
# when new. KEYS: revisions, writing set; ARGV: content hex, url digest, url.
# Returns {revision, previous hex or '', 1 new | 0 not}.
_CLAIM = """
local function claim(rev, prev)
  local k = tostring(rev)
  redis.call('HSET', KEYS[1], 'n', rev, k, ARGV[1], k .. 'p', prev, k .. 'u', ARGV[2],
             'h' .. string.sub(ARGV[1], 1, 16), rev)
  redis.call('HSET', KEYS[2], ARGV[3], KEYS[1] .. '\\t' .. rev .. '\\t' .. ARGV[1])
  return {rev, prev, 1}
end
local n = tonumber(redis.call('HGET', KEYS[1], 'n'))
if not n then return claim(1, '') end
local k = tostring(n)
local last = redis.call('HMGET', KEYS[1], k, k .. 'p', k .. 'u')
if last[1] == ARGV[1] then return {n, last[2], 0} end
local older = redis.call('HGET', KEYS[1], 'h' .. string.sub(ARGV[1], 1, 16))
if older and ARGV[3] ~= '' then
  local o = redis.call('HMGET', KEYS[1], older, older .. 'p', older .. 'u')
  if o[1] == ARGV[1] and o[3] == ARGV[2] and o[3] ~= last[3] then return {tonumber(older), o[2], 0} end
end
return claim(n + 1, last[1])
"""

# A revision written (CrawlState.written: INSERT OR IGNORE), its claim confirmed.
# KEYS: revisions, writing set; ARGV: revision, content hex, previous hex, url digest, url.
_WRITTEN = """
local rev = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[1] .. 'p', ARGV[3], ARGV[1] .. 'u', ARGV[4])
  local n = tonumber(redis.call('HGET', KEYS[1], 'n'))
  if not n or rev > n then redis.call('HSET', KEYS[1], 'n', rev) end
  local hk = 'h' .. string.sub(ARGV[2], 1, 16)
  local h = tonumber(redis.call('HGET', KEYS[1], hk))
  if not h or rev > h then redis.call('HSET', KEYS[1], hk, rev) end
end
redis.call('HDEL', KEYS[2], ARGV[5])
return 1
"""

# Take back a claim whose line was never written. KEYS: revisions, writing set; ARGV: revision,
# content hex, url. Only the latest revision is taken back (a later one stands on it).
_UNCLAIM = """
redis.call('HDEL', KEYS[2], ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[1], 'n'))
if n ~= tonumber(ARGV[1]) then return 0 end
local k = tostring(n)
redis.call('HDEL', KEYS[1], k, k .. 'p', k .. 'u')
local hk = 'h' .. string.sub(ARGV[2], 1, 16)
if tonumber(redis.call('HGET', KEYS[1], hk)) == n then redis.call('HDEL', KEYS[1], hk) end
if n <= 1 then redis.call('DEL', KEYS[1]) else redis.call('HSET', KEYS[1], 'n', n - 1) end
return 1
"""

HASH_PREFIX = "sha256:"


def _hex(content_hash: str | None) -> str:
    return (content_hash or "").removeprefix(HASH_PREFIX)


def _unhex(value) -> str | None:
    value = _text(value)
    return HASH_PREFIX + value if value else None


def url_digest(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def page_key(url: str) -> str:
    """A digest of the URL, not the URL: 20 bytes a key instead of ~80 (no collision to fear below
    2^40 URLs); the URLs themselves are kept only while queued (pw:queued:<site>)."""
    return "pw:p:" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:20]


def queued_key(site: str) -> str:
    return f"pw:queued:{site}"


def revisions_key(article_id: str) -> str:
    return f"pw:rev:{article_id}"


def writing_key(node: str) -> str:
    return f"pw:writing:{node}"


RUNS_KEY = "pw:runs"


def connect(url: str) -> redis.Redis:
    """A client for redis://host:port/db (rediss:// and unix:// too), checked with a PING."""
    client = redis.Redis.from_url(url, socket_connect_timeout=10, socket_timeout=30, health_check_interval=30)
    client.ping()
    return client


def _text(value) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _page_state(url: str, values: list) -> PageState | None:
    s, t, e, lm, sl, q = (_text(v) for v in values)
    if s is None:
        return None
    return PageState(url, STATES.get(s, s), t, e, lm, sl, q)


class RedisCrawlState:
    """CrawlState's interface over Redis; `node` names the process in the writing set."""

    backend = "redis"

    def __init__(self, url: str, node: str = "local", client: redis.Redis | None = None):
        self.url = url
        self.node = node
        self.r = client or connect(url)
        self._queue = self.r.register_script(_QUEUE)
        self._settle = self.r.register_script(_SETTLE)
        self._claim = self.r.register_script(_CLAIM)
        self._written = self.r.register_script(_WRITTEN)
        self._unclaim = self.r.register_script(_UNCLAIM)
        # A claim revision_for made that `written` has not confirmed: the line write failed (the
        # sink writes between the two without yielding to the event loop), so it is taken back.
        self._open_claim: tuple[str, int, str, str] | None = None

    def close(self) -> None:
        self.r.close()

    # --- pages ---------------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        return _page_state(url, self.r.hmget(page_key(url), PAGE_FIELDS))

    def pages(self, urls: list[str]) -> dict[str, PageState]:
        found: dict[str, PageState] = {}
        for start in range(0, len(urls), LOOKUP_BATCH):
            chunk = urls[start:start + LOOKUP_BATCH]
            pipe = self.r.pipeline(transaction=False)
            for url in chunk:
                pipe.hmget(page_key(url), PAGE_FIELDS)
            for url, values in zip(chunk, pipe.execute(), strict=True):
                if (page := _page_state(url, values)) is not None:
                    found[url] = page
        return found

    def is_fresh(self, page: PageState | None, window: timedelta, now: datetime) -> bool:
        return is_fresh(page, window, now)

    def queue(self, url: str, site: str, run_id: str, role: str = "page", depth: int = 0) -> bool:
        return bool(self._queue(keys=[page_key(url), queued_key(site)], args=[url, run_id, role, depth]))

    def settle(self, url: str, run_id: str) -> None:
        self.settle_many([url], run_id)

    def settle_many(self, urls: list[str], run_id: str) -> None:
        for start in range(0, len(urls), LOOKUP_BATCH):
            self._settle(keys=[page_key(u) for u in urls[start:start + LOOKUP_BATCH]], args=[run_id])

    def unfinished(self, site: str) -> list[tuple[str, str, int]]:
        urls = sorted(_text(u) for u in self.r.sscan_iter(queued_key(site), count=1000))
        out = []
        for start in range(0, len(urls), LOOKUP_BATCH):
            chunk = urls[start:start + LOOKUP_BATCH]
            pipe = self.r.pipeline(transaction=False)
            for url in chunk:
                pipe.hmget(page_key(url), ("s", "r", "d"))
            for url, (s, role, depth) in zip(chunk, pipe.execute(), strict=True):
                if _text(s) == "q":
                    out.append((url, _text(role) or "page", int(depth or 0)))
        return out

    def fetched(self, url: str, site: str, status: int, fetched_at: str, etag: str | None = None,
                last_modified: str | None = None, sitemap_lastmod: str | None = None) -> None:
        fields = {"s": "f", "t": fetched_at, "st": status}
        for name, value in (("e", etag), ("lm", last_modified), ("sl", sitemap_lastmod)):
            if value is not None:  # COALESCE: a 304 keeps the validators
                fields[name] = value
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(page_key(url), mapping=fields)
        pipe.srem(queued_key(site), url)
        pipe.execute()

    def failed(self, url: str, site: str, status: int | None, at: str | None = None, lasting: bool = False) -> None:
        lasting = lasting or (status is not None and 400 <= status < 500 and status not in PASSING_STATUSES)
        key = page_key(url)
        pipe = self.r.pipeline(transaction=True)
        pipe.hset(key, "s", "x")
        pipe.hset(key, "st", status) if status is not None else pipe.hdel(key, "st")
        pipe.hset(key, "t", at) if lasting and at is not None else pipe.hdel(key, "t")
        pipe.srem(queued_key(site), url)
        pipe.execute()

    # --- articles ------------------------------------------------------------------------------

    def revision_for(self, article_id: str, content_hash: str, url: str | None = None) -> Revision:
        if self._open_claim is not None:  # the last claim's line was never written
            self.unclaim(*self._open_claim)
        rev, prev, new = self._claim(keys=[revisions_key(article_id), writing_key(self.node)],
                                     args=[_hex(content_hash), url_digest(url) if url else "", url or ""])
        if new:
            self._open_claim = (article_id, int(rev), content_hash, url or "")
        return Revision(int(rev), _unhex(prev), new=bool(new))

    def unclaim(self, article_id: str, revision: int, content_hash: str, url: str) -> bool:
        """Take back a claimed revision whose line was not written (if nothing came after it)."""
        if self._open_claim is not None and self._open_claim[:2] == (article_id, revision):
            self._open_claim = None
        return bool(self._unclaim(keys=[revisions_key(article_id), writing_key(self.node)],
                                  args=[revision, _hex(content_hash), url]))

    def revision_of(self, article_id: str, content_hash: str) -> Revision | None:
        key, digest = revisions_key(article_id), _hex(content_hash)
        rev = _text(self.r.hget(key, "h" + digest[:16]))
        if rev is None:
            return None
        stored, prev = self.r.hmget(key, rev, rev + "p")
        if _text(stored) != digest:
            return None
        return Revision(int(rev), _unhex(prev), new=False)

    def written(self, article_id: str, revision: int, content_hash: str, previous: str | None, url: str,
                run_id: str) -> None:
        """Recorded as SQLite records it, less the run id and the page's article id, which nothing reads."""
        if self._open_claim is not None and self._open_claim[:2] == (article_id, revision):
            self._open_claim = None
        self._written(keys=[revisions_key(article_id), writing_key(self.node)],
                      args=[revision, _hex(content_hash), _hex(previous), url_digest(url), url])

    def writing(self, node: str | None = None) -> dict[str, tuple[str, int, str]]:
        """url -> (article id, revision, content hash) claimed by `node` and not confirmed."""
        out = {}
        for url, value in self.r.hgetall(writing_key(node or self.node)).items():
            key, rev, digest = _text(value).split("\t")
            out[_text(url)] = (key.removeprefix("pw:rev:"), int(rev), _unhex(digest))
        return out

    def settle_claims(self, node: str, lines: set[tuple[str, int]]) -> tuple[int, int]:
        """After `node`'s files were recovered: its claims whose (article id, revision) has a line
        are confirmed, the others taken back. Returns (confirmed, taken back)."""
        confirmed = taken = 0
        for url, (article_id, rev, digest) in self.writing(node).items():
            if (article_id, rev) in lines:
                self.r.hdel(writing_key(node), url)
                confirmed += 1
            else:
                self._unclaim(keys=[revisions_key(article_id), writing_key(node)], args=[rev, _hex(digest), url])
                taken += 1
        return confirmed, taken

    # --- runs ----------------------------------------------------------------------------------

    def _run(self, run_id: str) -> dict | None:
        value = self.r.hget(RUNS_KEY, run_id)
        return json.loads(value) if value else None

    def run_started(self, run_id: str, sites: list[str], started_at: str) -> None:
        self.r.hset(RUNS_KEY, run_id, json.dumps({"sites": sorted(sites), "started_at": started_at,
                                                  "finished_at": None, "exit_code": None}))

    def run_finished(self, run_id: str, finished_at: str, exit_code: int) -> None:
        run = self._run(run_id) or {"sites": [], "started_at": None}
        run.update(finished_at=finished_at, exit_code=exit_code)
        self.r.hset(RUNS_KEY, run_id, json.dumps(run))

    def interrupted_runs(self, site: str) -> list[str]:
        out = []
        for run_id, value in self.r.hgetall(RUNS_KEY).items():
            run = json.loads(value)
            if run.get("finished_at") is None and site in run.get("sites", []):
                out.append(_text(run_id))
        return sorted(out)

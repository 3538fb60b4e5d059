"""The shared frontier of a crawl over Redis: a Scrapy scheduler whose queue is in Redis, so that
several crawler processes (nodes) on one or many machines take their requests from one frontier,
each request fetched by one of them, and no request lost when one of them is killed.

scrapy-redis pops a request and forgets it: a node killed with requests in flight loses them.
Here a pop is a lease (docs/scaling.md says why these are presswash's own components on redis-py):

    pw:fq:<site>              sorted set  lease id -> score (priority first, then FIFO: frontier.py's order)
    pw:rq:<site>              hash        lease id -> the request (JSON; bytes in base64)
    pw:inflight:<site>:<node> set         lease ids a node has popped and not finished
    pw:nodes:<site>           set         nodes that ever popped from this site's frontier
    pw:seq                    counter     lease ids

- A pop moves the lease id into the node's in-flight set, atomically (one Lua script).
- A lease is finished when its request is done with: its response (or failure) went through the
  callback and every item it gave went through the pipeline (written, and the crawl state told),
  and every request it gave was queued. Scrapy's engine holds a request in its slot exactly that
  long; the scheduler finishes the leases whose requests have left it.
- A redirect or a retry is the same lease: the new request replaces the old in the lease and goes
  back to the frontier, so the lease follows the page to its end.
- A node that closes gives back what it has not finished; a node that dies has its in-flight
  requests re-queued by the others once its node lease (scraper/redis_lease.py) expires, or at
  once by whoever starts on its host and finds its pid gone. Requests whose article line the dead
  node may have written but not confirmed (its writing set, scraper/redis_state.py) are held
  back until its files are recovered on its own disk: then nothing is written twice.
- The crawl is over when the frontier is empty and no live node has a request in flight (it may
  still add some): until then an idle node keeps asking.

The order within one site is frontier.py's, shared: priorities first, then the order requests
were queued, whichever node queued them.
"""

from __future__ import annotations

import base64
import json
import logging
import time

from scrapy import Request, signals
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.request import request_from_dict

from .middlewares import META_KEY
from .redis_lease import node_key

logger = logging.getLogger(__name__)

LEASE_META = "presswash_lease"  # the lease a request belongs to (copied to its redirects and retries)
PRIORITY_SPAN = 2 ** 41  # score = -priority * span + lease id: priority first, then FIFO
IDLE_POLL_SECONDS = 0.5  # how often an idle node asks the frontier while others still work
WALL_NOT_BEFORE = "presswash_not_before_wall"  # a retry's wait, in wall-clock time between nodes


def frontier_key(site: str) -> str:
    return f"pw:fq:{site}"


def requests_key(site: str) -> str:
    return f"pw:rq:{site}"


def inflight_key(site: str, node: str) -> str:
    return f"pw:inflight:{site}:{node}"


def nodes_key(site: str) -> str:
    return f"pw:nodes:{site}"


SEQ_KEY = "pw:seq"

# KEYS: frontier, requests, in-flight. Returns {id, request} or nil.
_POP = """
local got = redis.call('ZPOPMIN', KEYS[1])
if #got == 0 then return nil end
redis.call('SADD', KEYS[3], got[1])
return {got[1], redis.call('HGET', KEYS[2], got[1])}
"""

# KEYS: frontier, requests, in-flight; ARGV: id, score, request. A lease back to the frontier
# (a redirect or retry of it), from the in-flight set of this node if it was there.
_PUSH = """
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
"""

# KEYS: requests, in-flight; ARGV: ids. Finished leases.
_ACK = """
for i, id in ipairs(ARGV) do
  redis.call('SREM', KEYS[2], id)
  redis.call('HDEL', KEYS[1], id)
end
return #ARGV
"""

# KEYS: frontier, requests, in-flight of a node, its writing set; ARGV: span, hold (1: hold back
# what the node may have written). Every lease of the node back to the frontier at its own place,
# but those whose URL has a claim in the writing set. Returns {re-queued, held back}.
_RECLAIM = """
local moved, held = 0, 0
for i, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local data = redis.call('HGET', KEYS[2], id)
  if not data then
    redis.call('SREM', KEYS[3], id)
  else
    local req = cjson.decode(data)
    if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[4], req.url) == 1 then
      held = held + 1
    else
      redis.call('SREM', KEYS[3], id)
      redis.call('ZADD', KEYS[1], -(req.priority or 0) * tonumber(ARGV[1]) + tonumber(id), id)
      moved = moved + 1
    end
  end
end
return {moved, held}
"""

# KEYS: frontier, nodes of the site; ARGV: site. 1 while the frontier holds a request or a live
# node has one in flight.
_PENDING = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 1 end
for i, node in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local inflight = 'pw:inflight:' .. ARGV[1] .. ':' .. node
  if redis.call('EXISTS', 'pw:node:' .. node) == 1 and redis.call('SCARD', inflight) > 0 then
    return 1
  end
end
return 0
"""


# --- requests as JSON ----------------------------------------------------------------------------

def _plain(value):
    """JSON-ready: bytes as {"$b": base64}, tuples as lists; TypeError for anything else."""
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(_text_key(k)): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def _text_key(key):
    return key.decode("latin-1") if isinstance(key, bytes) else key


def _unplain(value):
    if isinstance(value, dict):
        if set(value) == {"$b"}:
            return base64.b64decode(value["$b"])
        return {k: _unplain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unplain(v) for v in value]
    return value


def _method_name(spider, func) -> str | None:
    if func is None or isinstance(func, str):
        return func
    name = getattr(func, "__name__", None)
    bound = getattr(spider, name, None) if name else None
    if bound is not None and getattr(bound, "__func__", None) is getattr(func, "__func__", object()):
        return name
    raise ValueError(f"callback {func!r} is not a method of the spider: it cannot travel between nodes")


def encode_request(request: Request, spider) -> tuple[bytes, list[str]]:
    """The request as JSON bytes, and the meta keys left out (the archive's reference to an earlier
    response, values JSON cannot hold). A retry's wait becomes wall-clock time."""
    meta, dropped = {}, []
    for key, value in request.meta.items():
        if key == META_KEY:
            continue  # the redirect's own response record: the new request gets its own
        if key == "presswash_not_before":
            meta[WALL_NOT_BEFORE] = time.time() + (value - time.monotonic())
            continue
        try:
            meta[key] = _plain(value)
        except TypeError:
            dropped.append(key)
    d = {"url": request.url, "callback": _method_name(spider, request.callback),
         "errback": _method_name(spider, request.errback), "method": request.method,
         "headers": _plain({k: list(v) for k, v in request.headers.items()}), "body": _plain(request.body),
         "cookies": _plain(request.cookies), "meta": meta, "encoding": request.encoding,
         "priority": request.priority, "dont_filter": request.dont_filter, "flags": list(request.flags),
         "cb_kwargs": _plain(request.cb_kwargs)}
    if type(request) is not Request:
        d["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return json.dumps(d, separators=(",", ":")).encode("utf-8"), dropped


def decode_request(data: bytes, spider) -> Request:
    d = _unplain(json.loads(data))
    meta = d["meta"]
    if WALL_NOT_BEFORE in meta:
        meta["presswash_not_before"] = time.monotonic() + (meta.pop(WALL_NOT_BEFORE) - time.time())
    return request_from_dict(d, spider=spider)


# --- the scheduler -------------------------------------------------------------------------------

class RedisScheduler:
    """Scrapy's scheduler interface over the shared frontier of one site (the spider's)."""

    def __init__(self, crawler, dupefilter):
        self.crawler = crawler
        self.stats = crawler.stats
        self.df = dupefilter
        self.handed: dict[str, Request] = {}  # lease id -> the request object given to the engine
        self.spider = None

    @classmethod
    def from_crawler(cls, crawler):
        dupefilter = build_from_crawler(load_object(crawler.settings["DUPEFILTER_CLASS"]), crawler)
        scheduler = cls(crawler, dupefilter)
        # Scrapy's engine asks a scheduler that has pending requests but gives none again on its
        # heartbeat (5 s); an idle node waiting for the others' pages asks more often.
        crawler.engine._SLOT_HEARTBEAT_INTERVAL = crawler.settings.getfloat("PRESSWASH_REDIS_IDLE_POLL",
                                                                            IDLE_POLL_SECONDS)
        return scheduler

    def open(self, spider) -> None:
        self.spider = spider
        state = spider.crawl_state
        self.r, self.node, self.site = state.r, state.node, spider.site.name
        self.keys = (frontier_key(self.site), requests_key(self.site), inflight_key(self.site, self.node))
        self._pop = self.r.register_script(_POP)
        self._push = self.r.register_script(_PUSH)
        self._ack = self.r.register_script(_ACK)
        self._pending = self.r.register_script(_PENDING)
        self.r.sadd(nodes_key(self.site), self.node)
        self.df.open()
        self.crawler.signals.connect(self._count_dropped, signal=signals.request_dropped)

    def close(self, reason: str) -> None:
        self._finish_done()
        left = list(self.handed)  # given to the engine and not finished: a stop cut them short
        if left:
            requeue(self.r, self.site, self.node, hold=False)
            logger.info("%d in-flight requests given back to the frontier", len(left))
        self.handed.clear()
        self.df.close(reason)

    def __len__(self) -> int:
        return int(self.r.zcard(self.keys[0]))

    def _count_dropped(self, request, spider=None) -> None:
        pass  # filtered requests are counted by the dupefilter (dupefilter/filtered)

    def _finish_done(self) -> None:
        """Finish the leases whose requests the engine no longer holds: every output of theirs is
        processed (scraper/redis_frontier.py's docstring)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        inprogress = slot.inprogress if slot is not None else set()
        done = [lease for lease, request in self.handed.items() if request not in inprogress]
        if done:
            self._ack(keys=[self.keys[1], self.keys[2]], args=done)
            for lease in done:
                del self.handed[lease]

    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.get(LEASE_META)
        if lease is not None and lease in self.handed:
            del self.handed[lease]  # the old request object is done with; the lease goes on
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if lease is not None:  # a redirect to a page queued already: this lease ends here
                self._ack(keys=[self.keys[1], self.keys[2]], args=[lease])
            return False
        if lease is None:
            lease = str(self.r.incr(SEQ_KEY))
            request.meta[LEASE_META] = lease
        data, dropped = encode_request(request, self.spider)
        for key in dropped:
            self.stats.inc_value(f"presswash/redis/meta_dropped/{key}")
        self._push(keys=list(self.keys), args=[lease, -request.priority * PRIORITY_SPAN + int(lease), data])
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self._finish_done()
        if getattr(self.spider, "node_lease", None) is not None and self.spider.node_lease.lost:
            return None
        got = self._pop(keys=list(self.keys))
        if got is None:
            return None
        lease, data = got[0].decode(), got[1]
        request = decode_request(data, self.spider)
        request.meta[LEASE_META] = lease
        self.handed[lease] = request
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        self._finish_done()
        if getattr(self.spider, "node_lease", None) is not None and self.spider.node_lease.lost:
            return False  # a node declared dead stops: what it held is someone else's now
        if self.handed:
            return True
        return bool(self._pending(keys=[self.keys[0], nodes_key(self.site)], args=[self.site]))


# --- what dead nodes held ------------------------------------------------------------------------

def requeue(client, site: str, node: str, hold: bool) -> tuple[int, int]:
    """Every in-flight request of `node` back to the site's frontier; with `hold`, not those it may
    have written an article line for (its writing set), which wait for its files' recovery.
    Returns (re-queued, held back)."""
    from .redis_state import writing_key

    moved, held = client.register_script(_RECLAIM)(
        keys=[frontier_key(site), requests_key(site), inflight_key(site, node), writing_key(node)],
        args=[PRIORITY_SPAN, "1" if hold else "0"])
    return int(moved), int(held)


def reclaim_dead(client, site: str) -> dict[str, tuple[int, int]]:
    """Re-queue what the nodes whose lease expired held in this site's frontier (called on every
    heartbeat of every live node). Returns node -> (re-queued, held back) for the nodes touched."""
    out = {}
    for raw in client.smembers(nodes_key(site)):
        node = raw.decode()
        if client.exists(node_key(node)):
            continue
        if not client.scard(inflight_key(site, node)):
            continue
        moved, held = requeue(client, site, node, hold=True)
        if moved:
            logger.warning("node %s is gone: %d of its requests re-queued, %d held for its recovery", node, moved,
                           held)
        out[node] = (moved, held)
    return out


def clear_frontier(client, site: str) -> None:
    """A new run starts its frontier afresh (the crawl state's queued URLs are its resumption);
    the writing sets of dead nodes stay for their recovery."""
    keys = [frontier_key(site), requests_key(site)]
    for raw in client.smembers(nodes_key(site)):
        keys.append(inflight_key(site, raw.decode()))
    client.delete(*keys, nodes_key(site))

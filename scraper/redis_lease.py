"""Leases in Redis for a crawl shared by several processes: the node's own, and the per-site lock.

A node (one `presswash crawl` process) holds `pw:node:<node>` with an expiry, renewed by a
heartbeat thread every third of it. While the key lives, the node is alive: its in-flight
requests and its site locks are never taken from it, however slow a page is. A node that dies
(SIGKILL, a power cut) stops renewing; once its key expires, the others re-queue what it held
(scraper/redis_frontier.py). A node whose process is proven dead (same host, pid gone) can be
declared dead at once by whoever restarts on that host.

The per-site lock of scraper/../presswash/locks.py becomes `pw:lock:<site>`: a run id with an
expiry, taken only if free (SET NX) and renewed only by the nodes of that run, so a live run's
lock is never stolen, and a run whose every node died frees its sites after one lease.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable

import redis

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 30.0

# KEYS: lock; ARGV: run, ms. Renews the lock if this run holds it.
_RENEW = """
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
if cjson.decode(v).run ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

# KEYS: lock; ARGV: run. Deletes the lock if this run holds it.
_RELEASE = """
local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).run == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def node_key(node: str) -> str:
    return f"pw:node:{node}"


def lock_key(site: str) -> str:
    return f"pw:lock:{site}"


def run_nodes_key(run_id: str) -> str:
    return f"pw:run:{run_id}:nodes"


def run_summary_key(run_id: str) -> str:
    return f"pw:run:{run_id}:summary"


def default_node_name() -> str:
    """The short host name, in the letters a file name takes."""
    host = socket.gethostname().split(".")[0] or "node"
    return "".join(c if c.isalnum() or c == "_" else "_" for c in host)[:40]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie waiting for its parent is dead for our purposes
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


class LeaseLost(RuntimeError):
    pass


class NodeLease:
    """This process's liveness in Redis, renewed by a daemon thread; `beat_hooks` run on every beat
    (re-queueing what dead nodes held, renewing site locks)."""

    def __init__(self, client: redis.Redis, node: str, run_id: str, seconds: float = DEFAULT_LEASE_SECONDS):
        self.r, self.node, self.run_id = client, node, run_id
        self.ms = int(seconds * 1000)
        self.interval = seconds / 3
        self.lost = False
        self.beat_hooks: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.value = json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "run": run_id})

    def acquire(self) -> None:
        if not self.r.set(node_key(self.node), self.value, nx=True, px=self.ms):
            raise LeaseLost(f"node {self.node} is alive already: {self.r.get(node_key(self.node))!r}")
        self.r.sadd(run_nodes_key(self.run_id), self.node)
        self._thread = threading.Thread(target=self._beat, name=f"lease-{self.node}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if not self.r.set(node_key(self.node), self.value, xx=True, px=self.ms):
                    # declared dead by another node (a pause longer than the lease): what this node
                    # holds has been re-queued, so it must not go on
                    self.lost = True
                    logger.error("node %s lost its lease: it stops (its requests are re-queued)", self.node)
                    return
                for hook in self.beat_hooks:
                    hook()
            except redis.RedisError as exc:  # a blip: the next beat tries again, within the lease
                logger.warning("lease heartbeat of %s: %s", self.node, exc)

    def beat_now(self) -> None:
        for hook in self.beat_hooks:
            hook()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
        try:
            self.r.delete(node_key(self.node))
        except redis.RedisError:
            pass


def alive(client: redis.Redis, node: str) -> bool:
    return bool(client.exists(node_key(node)))


def declare_dead(client: redis.Redis, node: str) -> None:
    """For a node proven dead (its pid is gone on this host): the others need not wait its lease."""
    client.delete(node_key(node))


class SiteLeases:
    """The per-site lock of a Redis-state crawl: `pw:lock:<site>` = {"run", "ready"} with an expiry.

    `take(sites, run)` takes every site or none (raising Locked with the holder's run);
    `current(sites)` is the run holding them (for --join); renewals come from every node's
    heartbeat while it takes part in the run."""

    def __init__(self, client: redis.Redis, seconds: float = DEFAULT_LEASE_SECONDS):
        self.r = client
        self.ms = int(seconds * 1000)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def take(self, sites: list[str], run_id: str, locked: type[Exception]) -> None:
        taken = []
        value = json.dumps({"run": run_id, "ready": False})
        for site in sorted(set(sites)):
            if not self.r.set(lock_key(site), value, nx=True, px=self.ms):
                holder = self.holder(site)
                for done in taken:
                    self._release(keys=[lock_key(done)], args=[run_id])
                raise locked(f"site {site!r} is being crawled by run {holder.get('run') if holder else '?'} "
                             f"(lease {lock_key(site)} in Redis)")
            taken.append(site)

    def ready(self, sites: list[str], run_id: str) -> None:
        """The run is set up (its frontier cleared): nodes may join it."""
        for site in sites:
            self.r.set(lock_key(site), json.dumps({"run": run_id, "ready": True}), xx=True, px=self.ms)

    def holder(self, site: str) -> dict | None:
        value = self.r.get(lock_key(site))
        return json.loads(value) if value else None

    def current(self, sites: list[str], wait: float = 30.0) -> str | None:
        """The run holding every one of `sites`, once it is ready; None when none holds any.
        Raises ValueError when they are held by different runs."""
        deadline = time.monotonic() + wait
        while True:
            holders = [self.holder(s) for s in sites]
            if all(h is None for h in holders):
                return None
            runs = {h["run"] for h in holders if h}
            if len(runs) > 1 or any(h is None for h in holders):
                raise ValueError(f"the sites are held by different runs ({', '.join(sorted(runs))}): join one "
                                 f"run with the sites it crawls (--site)")
            if all(h["ready"] for h in holders):
                return runs.pop()
            if time.monotonic() > deadline:
                raise ValueError(f"run {runs.pop()} holds the sites but did not get ready in {wait:.0f} s")
            time.sleep(0.1)

    def renew(self, sites: list[str], run_id: str) -> None:
        for site in sites:
            self._renew(keys=[lock_key(site)], args=[run_id, self.ms])

    def release(self, sites: list[str], run_id: str) -> None:
        for site in sites:
            self._release(keys=[lock_key(site)], args=[run_id])

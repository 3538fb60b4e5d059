"""What a run of `presswash crawl` holds around its crawl: the sites' locks, the crawl state, the
recovery of what killed runs left. Two kinds, chosen by the state:

- LocalRun (the default, SQLite in the data folder): flocks per site, killed runs found in the
  state's runs table, one process.
- NodeRun (`state = "redis://..."`): one node of a crawl shared over Redis. Several processes, on
  one machine or many, take part in one run: the first takes the sites' leases and starts it, the
  others (`--join`) join it; they share its frontier and crawl state, and each writes its own
  WARC and JSONL parts, named by the run and the node (`part-<run>-<node>-<site>-00000.jsonl`).

A node's files live on its machine, so a killed node is recovered there: every node registers in
DATA_DIR/nodes/<node>.json while it runs, and a node starting in that folder recovers the
registered nodes whose process is gone (their files published, their lines recorded, their
unconfirmed revision claims settled against those lines, their in-flight requests re-queued)
before it crawls. One data folder per node: two live nodes never share one.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from scraper.sites import SiteConfig
from scraper.state import CrawlState

from .locks import Locked, SiteLocks, waiting_lock
from .recovery import recover_run

EXIT_KILLED = -9  # recorded for a run (or a node) found unfinished


class LocalRun:
    """One process, SQLite state: what `presswash crawl` always did."""

    joined = False

    def __init__(self, sites: list[SiteConfig], data_dir: Path, run_id: str, started: str):
        self.sites, self.data_dir, self.run_id, self.started = sites, data_dir, run_id, started
        self.recovered: dict = {}
        self.state: CrawlState | None = None

    def __enter__(self) -> LocalRun:
        self._locks = SiteLocks(self.data_dir / "locks", [s.name for s in self.sites], self.run_id).__enter__()
        try:
            self.state = CrawlState(self.data_dir / "state.sqlite")
            # Two runs over different sites may find the same killed run (it had both): one at a time.
            # (Site names cannot start with a dot, so this lock is no site's.)
            with waiting_lock(self.data_dir / "locks" / ".recovery.lock"):
                for site in self.sites:
                    for killed in self.state.interrupted_runs(site.name):
                        self.recovered[killed] = recover_run(self.data_dir, killed, self.state)
                        self.state.run_finished(killed, self.started, EXIT_KILLED)
            self.state.run_started(self.run_id, [s.name for s in self.sites], self.started)
        except BaseException:
            self._locks.__exit__()
            raise
        return self

    def site_settings(self, site: SiteConfig) -> dict:
        # Pending requests wait on disk (Scrapy's JOBDIR queues), not in memory: a sitemap of a
        # million URLs costs no memory. The folder is the run's own; a resumed run starts a new
        # one, its frontier comes from the crawl state.
        return {"JOBDIR": str(self.data_dir / "jobs" / f"{self.run_id}-{site.name}")}

    def spider_args(self) -> dict:
        return {}

    def settle_summaries(self, summaries: dict) -> dict:
        return summaries

    def annotate(self, manifest: dict) -> None:
        pass

    def finish(self, graceful: bool, finished: str, code: int) -> None:
        if graceful:  # else left unfinished in the state: the next run recovers its files
            self.state.run_finished(self.run_id, finished, code)

    def __exit__(self, *exc) -> None:
        if self.state is not None:
            self.state.close()
        self._locks.__exit__()


def node_id(name: str | None = None) -> str:
    """`<name>-<pid>`: a node is one process; its name defaults to the short host name."""
    from scraper.redis_lease import default_node_name

    name = name or default_node_name()
    return f"{name}-{os.getpid()}"


class NodeRun:
    """One node of a crawl over Redis (see the module's docstring)."""

    def __init__(self, state_url: str, sites: list[SiteConfig], data_dir: Path, run_id: str, started: str,
                 join: bool = False, node_name: str | None = None, lease_seconds: float | None = None):
        from scraper.redis_lease import DEFAULT_LEASE_SECONDS

        self.url, self.sites, self.data_dir = state_url, sites, data_dir
        self.names = sorted(s.name for s in sites)
        self.run_id, self.started, self.join = run_id, started, join
        self.node = node_id(node_name)
        self.lease_seconds = lease_seconds or DEFAULT_LEASE_SECONDS
        self.recovered: dict = {}
        self.joined = False
        self.registry = data_dir / "nodes" / f"{self.node}.json"
        self.state = None
        self.lease = None

    # --- start ---------------------------------------------------------------------------------

    def __enter__(self) -> NodeRun:
        from scraper.redis_lease import LeaseLost, NodeLease, SiteLeases
        from scraper.redis_state import RedisCrawlState, connect

        try:
            self.client = connect(self.url)
        except Exception as exc:  # noqa: BLE001 - redis-py's connection errors: one line for the user
            raise ConnectionError(f"the crawl state {self.url} does not answer: {exc}") from None
        self.state = RedisCrawlState(self.url, node=self.node, client=self.client)
        self.leases = SiteLeases(self.client, self.lease_seconds)
        dead = self._local_nodes()
        try:
            for _attempt in range(3):
                current = self.leases.current(self.names) if self.join else None
                if current is not None:
                    self.run_id, self.joined = current, True
                    self._recover(dead)
                    break
                try:
                    self.leases.take(self.names, self.run_id, Locked)
                except Locked:
                    if self.join:  # another node started the run a moment ago: join it
                        continue
                    raise
                self._recover(dead)
                self._start_run()
                break
            else:
                raise Locked(f"could not start or join a run over {', '.join(self.names)}")
        except ValueError as exc:
            raise Locked(str(exc)) from None
        self.lease = NodeLease(self.client, self.node, self.run_id, self.lease_seconds)
        self.lease.beat_hooks.append(self._beat)
        try:
            self.lease.acquire()
        except LeaseLost as exc:
            raise Locked(str(exc)) from None
        self.client.incr(_active_key(self.run_id))  # nodes taking part; the last one out frees the sites
        self.registry.parent.mkdir(parents=True, exist_ok=True)
        self.registry.write_text(json.dumps({"node": self.node, "run": self.run_id, "pid": os.getpid(),
                                             "host": socket.gethostname(), "state": self.url,
                                             "sites": self.names}) + "\n")
        return self

    def _local_nodes(self) -> list[dict]:
        """Nodes registered in this data folder whose process is gone; Locked if one still runs."""
        from scraper.redis_lease import pid_alive

        dead = []
        for path in sorted((self.data_dir / "nodes").glob("*.json")):
            try:
                entry = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            if entry.get("host") == socket.gethostname() and pid_alive(int(entry["pid"])):
                raise Locked(f"node {entry['node']} (pid {entry['pid']}) is crawling into {self.data_dir}: "
                             "each node needs a data folder of its own")
            entry["path"] = path
            dead.append(entry)
        return dead

    def _recover(self, dead: list[dict]) -> None:
        """Publish and record what each dead node of this folder left, settle its revision claims
        against its lines, and give its in-flight requests back to the frontier."""
        if not dead:
            return
        from output.parquet import iter_part_records  # pyarrow: only imported when there is something to recover
        from scraper.redis_lease import declare_dead, node_key

        with waiting_lock(self.data_dir / "locks" / ".recovery.lock"):
            for entry in dead:
                node, stamp = entry["node"], f"{entry['run']}-{entry['node']}"
                files = recover_run(self.data_dir, stamp, self.state)
                parts = sorted((self.data_dir / "articles").rglob(f"part-{stamp}-*"))
                lines = {(r["id"], r["revision"]) for part in parts if part.suffix in (".jsonl", ".parquet")
                         for r in iter_part_records(part)}
                value = self.client.get(node_key(node))
                if value is not None and json.loads(value).get("pid") == entry["pid"]:
                    declare_dead(self.client, node)  # proven dead here: the others need not wait its lease
                settled = settle_dead_node(self.client, self.state, node, lines, entry.get("sites", []),
                                           [entry["run"]])
                self.recovered[stamp] = {**files, **settled}
                entry["path"].unlink(missing_ok=True)

    def _start_run(self) -> None:
        """This node took the sites: a new run, its frontier afresh (the state's queued URLs resume
        what an earlier run left), then open to the nodes that join it."""
        from scraper.redis_frontier import clear_frontier

        for site in self.names:
            clear_frontier(self.client, site)
        self.state.run_started(self.run_id, self.names, self.started)
        self.leases.ready(self.names, self.run_id)

    def _beat(self) -> None:
        """Every heartbeat: keep the run's site leases, re-queue what nodes whose lease expired held."""
        from scraper.redis_frontier import reclaim_dead

        self.leases.renew(self.names, self.run_id)
        for site in self.names:
            reclaim_dead(self.client, site)

    # --- the crawl -----------------------------------------------------------------------------

    def site_settings(self, site: SiteConfig) -> dict:
        return {"SCHEDULER": "scraper.redis_frontier.RedisScheduler", "PRESSWASH_STATE": self.url,
                "PRESSWASH_NODE": self.node, "PRESSWASH_RUN_ID": self.run_id}

    def spider_args(self) -> dict:
        return {"node_lease": self.lease}

    def settle_summaries(self, summaries: dict) -> dict:
        """A node that got no request of a site (the others took them all) did not fail it."""
        for summary in summaries.values():
            if summary["status"] == "failed" and summary["requests"] == 0:
                summary["status"] = "idle"
        return summaries

    def annotate(self, manifest: dict) -> None:
        """The node, and every node's counts known so far (the last node to finish knows them all)."""
        from scraper.redis_lease import alive, run_nodes_key, run_summary_key

        manifest["node"] = self.node
        manifest["joined"] = self.joined
        manifest["state"] = self.url
        if self.lease is not None and self.lease.lost:
            manifest["exit_code"] = manifest["exit_code"] or 1
            manifest["lease_lost"] = True
        mine = {"status": "finished", "exit_code": manifest["exit_code"], "data_dir": str(self.data_dir),
                "sites": manifest["sites"], "recovered": self.recovered}
        self.client.hset(run_summary_key(self.run_id), self.node, json.dumps(mine, sort_keys=True))
        nodes = {}
        for raw in sorted(self.client.smembers(run_nodes_key(self.run_id))):
            node = raw.decode()
            value = self.client.hget(run_summary_key(self.run_id), node)
            nodes[node] = json.loads(value) if value else {"status": "running" if alive(self.client, node) else "gone"}
        manifest["nodes"] = nodes
        manifest["totals"] = _totals(nodes)

    def finish(self, graceful: bool, finished: str, code: int) -> None:
        from scraper.redis_lease import alive, run_nodes_key

        self.lease.release()
        left = self.client.decr(_active_key(self.run_id))
        others = [raw.decode() for raw in self.client.smembers(run_nodes_key(self.run_id))
                  if raw.decode() != self.node and alive(self.client, raw.decode())]
        if left <= 0 or not others:  # the last node of the run (or the last alive): the sites are free again
            self.leases.release(self.names, self.run_id)
            if graceful:
                self.state.run_finished(self.run_id, finished, code)
        if graceful:  # else the registry stays: the next node started here recovers the files
            self.registry.unlink(missing_ok=True)

    def __exit__(self, *exc) -> None:
        if self.lease is not None and not self.lease._stop.is_set():  # an error before finish()
            self.lease.release()
        if self.state is not None:
            self.state.close()


def _active_key(run_id: str) -> str:
    return f"pw:run:{run_id}:active"


def settle_dead_node(client, state, node: str, lines: set[tuple[str, int]], sites: list[str],
                     runs: list[str]) -> dict:
    """Give back what a dead node held: its revision claims confirmed where `lines` (article id,
    revision) holds their line and taken back otherwise, its in-flight requests of `sites` back to
    their frontiers, and in each of `runs` it never left, counted as killed. Used by the recovery
    of a killed node's files and by `presswash crawl-nodes --settle` (its disk lost: no line)."""
    from scraper.redis_frontier import requeue
    from scraper.redis_lease import run_summary_key

    confirmed, taken_back = state.settle_claims(node, lines)
    requeued = sum(requeue(client, site, node, hold=False)[0] for site in sites)
    for run in runs:
        if not client.hexists(run_summary_key(run), node):
            client.hset(run_summary_key(run), node, json.dumps({"status": "killed", "exit_code": EXIT_KILLED}))
            client.decr(_active_key(run))  # it never left its run: it leaves it now
    return {"claims_confirmed": confirmed, "claims_taken_back": taken_back, "requests_requeued": requeued}


COUNTED = ("requests", "fetched", "not_modified", "new", "updated", "unchanged")


def _totals(nodes: dict) -> dict:
    """Per site, the counts of the nodes that finished, added up."""
    totals: dict = {}
    for info in nodes.values():
        for site, summary in (info.get("sites") or {}).items():
            into = totals.setdefault(site, dict.fromkeys(COUNTED, 0))
            for key in COUNTED:
                into[key] += int(summary.get(key, 0))
    return totals

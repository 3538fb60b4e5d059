"""`presswash crawl-nodes`: the nodes a crawl over Redis knows, and settling one whose disk is lost.

    presswash crawl-nodes --state redis://HOST:PORT/DB [--json]
    presswash crawl-nodes --state redis://HOST:PORT/DB --settle NODE

A node killed with its disk intact is recovered by the next node started in its data folder
(presswash/crawl_nodes.py). A node whose disk is lost for good can never be: its unconfirmed
revision claims stay in its writing set, so those pages are held back and, fetched again, found
unchanged, never written. `--settle NODE` gives back what it held, as a recovery that found no
line: its claims are taken back (the next fetch writes those pages again), its in-flight requests
go back to the frontier, and the runs it never left count it as killed. Only a dead node is
settled: one whose lease (`pw:node:<node>`) lives is refused; its claims are its own.

Exit codes: 0 done, 1 the state does not answer, 2 bad usage (no redis-py, an unknown node),
75 the node is alive.
"""

from __future__ import annotations

import json
import sys

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_ALIVE = 0, 1, 2, 75
NAME = "presswash crawl-nodes"


def add_crawl_nodes_parser(sub) -> None:
    p = sub.add_parser("crawl-nodes", help="list the nodes of a crawl over Redis; settle one whose disk is lost")
    p.add_argument("--state", required=True, metavar="redis://HOST:PORT/DB", help="the crawl state in Redis")
    p.add_argument("--settle", metavar="NODE",
                   help="give back what a dead node held: its revision claims, its in-flight requests")
    p.add_argument("--json", action="store_true", help="the nodes as JSON (one object per node)")
    p.set_defaults(func=cmd_crawl_nodes)


def _scan(client, pattern: str) -> list[str]:
    return sorted(k.decode() for k in client.scan_iter(match=pattern, count=1000))


def _between(key: str, prefix: str, suffix: str = "") -> str:
    return key[len(prefix): len(key) - len(suffix)]


def known_nodes(client) -> dict[str, dict]:
    """node -> {"alive", "host", "pid", "run", "in_flight" {site: requests}, "claims", "runs"} for
    every node the state has a trace of: a lease, a frontier it popped from, a run it joined, claims."""
    from scraper.redis_frontier import inflight_key
    from scraper.redis_lease import node_key

    nodes: dict[str, dict] = {}

    def entry(node: str) -> dict:
        return nodes.setdefault(node, {"alive": False, "host": None, "pid": None, "run": None, "in_flight": {},
                                       "claims": 0, "runs": []})

    for key in _scan(client, "pw:nodes:*"):
        site = _between(key, "pw:nodes:")
        for node in sorted(n.decode() for n in client.smembers(key)):
            held = client.scard(inflight_key(site, node))
            entry(node)["in_flight"].update({site: held} if held else {})
    for key in _scan(client, "pw:run:*:nodes"):
        run = _between(key, "pw:run:", ":nodes")
        for node in sorted(n.decode() for n in client.smembers(key)):
            entry(node)["runs"].append(run)
    for key in _scan(client, "pw:writing:*"):
        entry(_between(key, "pw:writing:"))["claims"] = client.hlen(key)
    for key in _scan(client, "pw:node:*"):
        entry(_between(key, "pw:node:"))
    for node, info in nodes.items():
        value = client.get(node_key(node))
        if value is not None:
            lease = json.loads(value)
            info.update(alive=True, host=lease.get("host"), pid=lease.get("pid"), run=lease.get("run"))
    return dict(sorted(nodes.items()))


def table(nodes: dict[str, dict]) -> str:
    rows = [("node", "alive", "host", "pid", "run", "in flight", "claims")]
    for node, info in nodes.items():
        flight = sum(info["in_flight"].values())
        rows.append((node, "yes" if info["alive"] else "no", info["host"] or "-", str(info["pid"] or "-"),
                     info["run"] or (info["runs"][-1] if info["runs"] else "-"), str(flight), str(info["claims"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def cmd_crawl_nodes(args) -> int:
    try:
        from scraper.redis_state import RedisCrawlState, connect
    except ImportError:
        print(f"{NAME}: needs redis-py: pip install 'presswash[redis]'", file=sys.stderr)
        return EXIT_USAGE
    if not args.state.startswith(("redis://", "rediss://", "unix://")):
        print(f"{NAME}: --state {args.state}: expected redis://HOST:PORT/DB", file=sys.stderr)
        return EXIT_USAGE
    try:
        client = connect(args.state)
    except Exception as exc:  # noqa: BLE001 - redis-py's connection errors: one line for the user
        print(f"{NAME}: the crawl state {args.state} does not answer: {exc}", file=sys.stderr)
        return EXIT_FAIL
    with client:
        nodes = known_nodes(client)
        if args.settle is None:
            if args.json:
                for node, info in nodes.items():
                    print(json.dumps({"node": node, **info}, sort_keys=True))
            else:
                print(table(nodes) if nodes else f"{NAME}: no node in {args.state}")
            return EXIT_OK
        info = nodes.get(args.settle)
        if info is None:
            known = ", ".join(nodes) or "none"
            print(f"{NAME}: no node {args.settle!r} in {args.state} (known: {known})", file=sys.stderr)
            return EXIT_USAGE
        if info["alive"]:
            print(f"{NAME}: node {args.settle} is alive (host {info['host']}, pid {info['pid']}, run {info['run']}): "
                  "its claims are its own; settle only a node that is gone for good", file=sys.stderr)
            return EXIT_ALIVE
        from .crawl_nodes import settle_dead_node

        state = RedisCrawlState(args.state, node=args.settle, client=client)
        done = settle_dead_node(client, state, args.settle, set(), sorted(info["in_flight"]), info["runs"])
        print(f"{NAME}: node {args.settle} settled: {done['claims_taken_back']} revision claim(s) taken back "
              f"(written again when fetched next), {done['requests_requeued']} in-flight request(s) re-queued")
        return EXIT_OK

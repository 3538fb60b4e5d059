"""`presswash crawl-nodes` over a real redis-server: the nodes a crawl knows (alive or not, what
they hold), and settling a node whose disk is lost: its claims taken back, its in-flight requests
re-queued, a live node refused."""

import json

import pytest
from helpers import run_cli
from redis_server import RedisServer, free_port
from scrapy import Request

from scraper import redis_frontier as rf
from scraper.redis_lease import NodeLease, run_summary_key
from scraper.redis_state import RedisCrawlState, connect, writing_key

SITE = "news"
HASH_A, HASH_B, HASH_C = ("sha256:" + c * 64 for c in "abc")


def put(client, url: str) -> None:
    lease = str(client.incr(rf.SEQ_KEY))
    data, _ = rf.encode_request(Request(url), None)
    client.hset(rf.requests_key(SITE), lease, data)
    client.zadd(rf.frontier_key(SITE), {lease: int(lease)})


def pop(client, node: str) -> str | None:
    client.sadd(rf.nodes_key(SITE), node)
    got = client.register_script(rf._POP)(keys=[rf.frontier_key(SITE), rf.requests_key(SITE),
                                                rf.inflight_key(SITE, node)])
    return None if got is None else rf.decode_request(got[1], None).url


@pytest.fixture
def crawl(tmp_path):
    """A run of two nodes: `lost-1` died with two requests in flight and one unconfirmed claim
    (and one confirmed line); `live-2` is alive (a real heartbeat) with a request and a claim."""
    with RedisServer(tmp_path / "redis") as server:
        client = connect(server.url)
        for n in range(1, 5):
            put(client, f"https://x.example/{n}")
        live = NodeLease(client, "live-2", "run1", seconds=5)
        lost = NodeLease(client, "lost-1", "run1", seconds=5)
        live.acquire()
        lost.acquire()
        client.incr("pw:run:run1:active", 2)
        assert [pop(client, "lost-1") for _ in range(2)] == ["https://x.example/1", "https://x.example/2"]
        assert pop(client, "live-2") == "https://x.example/3"
        lost_state, live_state = (RedisCrawlState(server.url, node=n, client=client) for n in ("lost-1", "live-2"))
        rev = lost_state.revision_for("art2", HASH_B, "https://x.example/2")
        lost_state.written("art2", rev.revision, HASH_B, None, "https://x.example/2", "run1")  # confirmed
        lost_state.revision_for("art1", HASH_A, "https://x.example/1")  # claimed, then killed before its line
        live_state.revision_for("art3", HASH_C, "https://x.example/3")
        lost.release()  # as a SIGKILL leaves it, for Redis: its lease gone, all it held still there
        try:
            yield server, client
        finally:
            live.release()


def nodes(server) -> dict:
    """The CLI's --json output, by node."""
    done = run_cli("crawl-nodes", "--state", server.url, "--json")
    return {r["node"]: r for r in map(json.loads, done.stdout.splitlines())}


def test_the_nodes_a_crawl_knows_and_what_they_hold(crawl):
    server, _ = crawl
    table = run_cli("crawl-nodes", "--state", server.url).stdout.splitlines()
    assert table[0].split() == ["node", "alive", "host", "pid", "run", "in", "flight", "claims"]
    live, lost = (line.split() for line in table[1:])  # sorted by name
    assert lost[:2] == ["lost-1", "no"] and lost[-3:] == ["run1", "2", "1"]
    assert live[:2] == ["live-2", "yes"] and live[-3:] == ["run1", "1", "1"]
    found = nodes(server)
    assert found["lost-1"]["in_flight"] == {SITE: 2} and found["lost-1"]["runs"] == ["run1"]
    assert found["live-2"]["alive"] and isinstance(found["live-2"]["pid"], int)


def test_settling_a_lost_node_gives_back_its_claims_and_requests(crawl):
    server, client = crawl
    done = run_cli("crawl-nodes", "--state", server.url, "--settle", "lost-1")
    assert "node lost-1 settled: 1 revision claim(s) taken back" in done.stdout
    assert "2 in-flight request(s) re-queued" in done.stdout
    state = RedisCrawlState(server.url, node="live-2", client=client)
    assert not client.exists(writing_key("lost-1"))
    assert state.revision_of("art1", HASH_A) is None  # taken back: the next fetch writes it as new
    assert state.revision_of("art2", HASH_B).revision == 1  # its confirmed line stands
    assert json.loads(client.hget(run_summary_key("run1"), "lost-1"))["status"] == "killed"
    # its requests are back in the frontier, in their order, for the live node
    assert [pop(client, "live-2") for _ in range(4)] == ["https://x.example/1", "https://x.example/2",
                                                         "https://x.example/4", None]
    assert nodes(server)["lost-1"]["claims"] == 0
    again = run_cli("crawl-nodes", "--state", server.url, "--settle", "lost-1")  # nothing left: nothing done
    assert "0 revision claim(s) taken back" in again.stdout and "0 in-flight request(s)" in again.stdout


def test_a_live_node_is_refused_and_an_unknown_one_is_named(crawl):
    server, client = crawl
    refused = run_cli("crawl-nodes", "--state", server.url, "--settle", "live-2", check=False)
    assert refused.returncode == 75 and refused.stderr.count("\n") == 1
    assert "node live-2 is alive" in refused.stderr and "settle only a node that is gone for good" in refused.stderr
    assert client.hlen(writing_key("live-2")) == 1 and client.scard(rf.inflight_key(SITE, "live-2")) == 1
    unknown = run_cli("crawl-nodes", "--state", server.url, "--settle", "nobody-9", check=False)
    assert unknown.returncode == 2 and "no node 'nobody-9'" in unknown.stderr and "live-2, lost-1" in unknown.stderr


def test_a_state_that_does_not_answer_is_one_line(tmp_path):
    done = run_cli("crawl-nodes", "--state", f"redis://127.0.0.1:{free_port()}/0", check=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "does not answer" in done.stderr
    bad = run_cli("crawl-nodes", "--state", "/srv/state.sqlite", check=False)
    assert bad.returncode == 2 and "expected redis://" in bad.stderr

"""Leases over a real redis-server: a live node's site lock and in-flight requests are never taken
from it; a dead node's lock expires and its requests go back to the frontier, but those it may
have written an article for, which wait for its files' recovery."""

import time

import pytest
from redis_server import RedisServer
from scrapy import Request

from presswash.locks import Locked
from scraper import redis_frontier as rf
from scraper.redis_lease import NodeLease, SiteLeases, alive, node_key
from scraper.redis_state import connect, writing_key


@pytest.fixture
def redis_server(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        yield server


def test_a_live_runs_site_lease_is_never_stolen_and_a_dead_ones_expires(redis_server):
    client = connect(redis_server.url)
    leases = SiteLeases(client, seconds=0.6)
    leases.take(["a", "b"], "run1", Locked)
    with pytest.raises(Locked, match="run1"):
        leases.take(["b", "c"], "run2", Locked)
    assert leases.holder("c") is None  # all or nothing: run2 took none
    for _ in range(6):  # renewed by run1's heartbeat for 1.2 s, twice the lease
        time.sleep(0.2)
        leases.renew(["a", "b"], "run1")
        leases.renew(["a"], "run2")  # another run's renewal does nothing
    with pytest.raises(Locked):
        leases.take(["a"], "run2", Locked)
    time.sleep(0.8)  # run1 died: nobody renews
    leases.take(["a", "b"], "run2", Locked)
    leases.ready(["a", "b"], "run2")
    assert leases.current(["a", "b"]) == "run2"
    leases.release(["a", "b"], "run1")  # not its lock any more: nothing happens
    assert leases.holder("a")["run"] == "run2"


def test_a_node_lease_lives_while_its_heartbeat_beats(redis_server):
    client = connect(redis_server.url)
    lease = NodeLease(client, "n1", "run1", seconds=0.6)
    beats = []
    lease.beat_hooks.append(lambda: beats.append(1))
    lease.acquire()
    with pytest.raises(RuntimeError, match="alive already"):
        NodeLease(client, "n1", "run1", seconds=0.6).acquire()
    time.sleep(1.5)
    assert alive(client, "n1") and beats
    client.delete(node_key("n1"))  # declared dead by another node
    time.sleep(0.5)
    assert lease.lost
    lease.release()
    assert not alive(client, "n1")


def put(client, site: str, url: str, priority: int) -> str:
    lease = str(client.incr(rf.SEQ_KEY))
    data, _ = rf.encode_request(Request(url, priority=priority), None)
    client.hset(rf.requests_key(site), lease, data)
    client.zadd(rf.frontier_key(site), {lease: -priority * rf.PRIORITY_SPAN + int(lease)})
    return lease


def pop(client, site: str, node: str):
    got = client.register_script(rf._POP)(keys=[rf.frontier_key(site), rf.requests_key(site),
                                                rf.inflight_key(site, node)])
    return None if got is None else rf.decode_request(got[1], None).url


def test_a_dead_nodes_requests_go_back_but_those_it_may_have_written(redis_server):
    client = connect(redis_server.url)
    site = "s"
    for n, priority in ((1, 20), (2, 40), (3, 40), (4, 20)):
        put(client, site, f"https://x.example/{n}", priority)
    client.sadd(rf.nodes_key(site), "dead", "live")
    client.set(node_key("live"), "{}")
    # priority first, then the order queued
    assert [pop(client, site, "dead") for _ in range(3)] == [f"https://x.example/{n}" for n in (2, 3, 1)]
    assert pop(client, site, "live") == "https://x.example/4"
    # the dead node had claimed an article for page 3 and not confirmed its line
    client.hset(writing_key("dead"), "https://x.example/3", "pw:rev:id\t1\tsha256:aa")
    assert rf.reclaim_dead(client, site) == {"dead": (2, 1)}
    assert [pop(client, site, "live") for _ in range(3)] == ["https://x.example/2", "https://x.example/1", None]
    # the live node's requests are its own, however long it takes
    assert client.smembers(rf.inflight_key(site, "live")) and rf.reclaim_dead(client, site) == {"dead": (0, 1)}
    # its files recovered on its machine: the held request is re-queued too
    assert rf.requeue(client, site, "dead", hold=False) == (1, 0)
    assert pop(client, site, "live") == "https://x.example/3"


def test_requests_travel_between_nodes_as_json():
    request = Request("https://x.example/a?b=1", method="POST", body=b"\xff\x00", priority=43,
                      headers={"If-None-Match": '"abc"'},
                      meta={"presswash_role": "page", "presswash_depth": 2, "handle_httpstatus_list": [304],
                            "presswash_raw": (object(), "2024", ()), "redirect_urls": ("https://x.example/old",),
                            "presswash_not_before": time.monotonic() + 5, "odd": object()})
    data, dropped = rf.encode_request(request, None)
    back = rf.decode_request(data, None)
    assert dropped == ["odd"] and "presswash_raw" not in back.meta
    assert (back.url, back.method, back.body, back.priority) == (request.url, "POST", b"\xff\x00", 43)
    assert back.headers[b"If-None-Match"] == b'"abc"' and back.meta["redirect_urls"] == ["https://x.example/old"]
    assert 4 < back.meta["presswash_not_before"] - time.monotonic() <= 5  # a retry's wait goes along

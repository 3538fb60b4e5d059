"""The Redis crawl state answers as the SQLite one does (the cases of test_state.py, against a real
redis-server), and what sharing it between nodes adds: atomic claims of a revision, and the
claims of a node killed between a claim and its line."""

from datetime import UTC, datetime, timedelta

import pytest
from redis_server import RedisServer

from scraper.redis_state import RedisCrawlState
from scraper.state import CrawlState, open_state


@pytest.fixture
def redis_server(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        yield server


@pytest.fixture(params=["sqlite", "redis"])
def state_factory(request, tmp_path):
    """A function making states that share one store (a second call is another process's view)."""
    if request.param == "sqlite":
        made = []

        def make(node="a"):
            made.append(CrawlState(tmp_path / "state.sqlite"))
            return made[-1]
    else:
        server = request.getfixturevalue("redis_server")
        made = []

        def make(node="a"):
            made.append(open_state(server.url, tmp_path, node))
            return made[-1]
    yield make
    for state in made:
        state.close()


def test_queue_dedupes_within_a_run_and_remembers_the_frontier(state_factory):
    state = state_factory()
    assert state.queue("https://x.example/a", "x", "run1", "page", 2)
    assert not state.queue("https://x.example/a", "x", "run1")
    assert state.queue("https://x.example/a", "x", "run2")
    state.queue("https://x.example/s", "x", "run2", "section", 0)
    state.fetched("https://x.example/s", "x", 200, "2024-06-01T00:00:00Z")
    assert state.unfinished("x") == [("https://x.example/a", "page", 0)]
    assert state.page("https://x.example/a").queued_run == "run2"
    state.settle_many(["https://x.example/s", "https://x.example/unknown"], "run3")
    assert state.page("https://x.example/s").queued_run == "run3" and state.page("https://x.example/unknown") is None
    assert sorted(state.pages(["https://x.example/a", "https://x.example/s", "https://x.example/no"])) == [
        "https://x.example/a", "https://x.example/s"]


def test_validators_and_freshness(state_factory):
    state = state_factory()
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    state.fetched("https://x.example/a", "x", 200, "2024-06-01T11:00:00Z", '"abc"', "Sat, 01 Jun 2024 10:00:00 GMT",
                  "2024-05-31T00:00:00Z")
    page = state.page("https://x.example/a")
    assert (page.etag, page.last_modified, page.sitemap_lastmod) == ('"abc"', "Sat, 01 Jun 2024 10:00:00 GMT",
                                                                     "2024-05-31T00:00:00Z")
    assert state.is_fresh(page, timedelta(hours=6), now) and not state.is_fresh(page, timedelta(minutes=30), now)
    state.fetched("https://x.example/a", "x", 304, "2024-06-01T12:00:00Z")
    assert state.page("https://x.example/a").etag == '"abc"'


def test_revisions(state_factory):
    state = state_factory()
    first = state.revision_for("id1", "sha256:aa")
    assert (first.revision, first.previous_content_hash, first.new) == (1, None, True)
    state.written("id1", 1, "sha256:aa", None, "https://x.example/a", "run1")
    assert not state.revision_for("id1", "sha256:aa").new
    second = state.revision_for("id1", "sha256:bb")
    assert (second.revision, second.previous_content_hash, second.new) == (2, "sha256:aa", True)
    state.written("id1", 2, "sha256:bb", "sha256:aa", "https://x.example/a", "run1")
    assert not state_factory("b").revision_for("id1", "sha256:bb").new  # another process's view: the same


def test_content_put_back_as_it_was_is_a_new_revision(state_factory):
    state = state_factory()
    state.written("id1", 1, "sha256:aa", None, "https://x.example/a", "run1")
    state.written("id1", 2, "sha256:bb", "sha256:aa", "https://x.example/a", "run2")
    back = state.revision_for("id1", "sha256:aa", "https://x.example/a")
    assert (back.revision, back.previous_content_hash, back.new) == (3, "sha256:bb", True)
    state.written("id1", 3, "sha256:aa", "sha256:bb", "https://x.example/a", "run3")
    assert not state.revision_for("id1", "sha256:aa", "https://x.example/a").new
    assert state.revision_of("id1", "sha256:aa").revision == 3 and state.revision_of("id1", "sha256:cc") is None


def test_two_pages_sharing_a_canonical_url_do_not_flip_revisions(state_factory):
    state = state_factory()
    state.written("id1", 1, "sha256:p1", None, "https://x.example/a", "run1")
    state.written("id1", 2, "sha256:p2", "sha256:p1", "https://x.example/a?page=2", "run1")
    for url, digest in (("https://x.example/a", "sha256:p1"), ("https://x.example/a?page=2", "sha256:p2")):
        assert not state.revision_for("id1", digest, url).new


def test_only_lasting_failures_count_for_freshness(state_factory):
    state = state_factory()
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    for status, fresh in ((404, True), (410, True), (429, False), (503, False), (None, False)):
        url = f"https://x.example/{status}"
        state.failed(url, "x", status, "2024-06-01T11:59:00Z")
        assert state.is_fresh(state.page(url), timedelta(hours=1), now) is fresh, status


def test_runs_that_never_finished_are_found(state_factory):
    state = state_factory()
    state.run_started("r1", ["x", "y"], "2024-06-01T00:00:00Z")
    state.run_started("r2", ["y"], "2024-06-01T01:00:00Z")
    state.run_finished("r2", "2024-06-01T02:00:00Z", 0)
    assert state.interrupted_runs("x") == ["r1"] and state.interrupted_runs("y") == ["r1"]
    assert state.interrupted_runs("z") == []


def test_two_nodes_never_both_claim_a_revision(redis_server, tmp_path):
    a, b = (RedisCrawlState(redis_server.url, node) for node in ("a", "b"))
    first = a.revision_for("id1", "sha256:aa", "https://x.example/a")
    # b asks before a has written its line: the claim is a's, b has nothing to write
    assert first.new and not b.revision_for("id1", "sha256:aa", "https://x.example/b").new
    assert a.writing() == {"https://x.example/a": ("id1", 1, "sha256:aa")}
    a.written("id1", 1, "sha256:aa", None, "https://x.example/a", "run1")
    assert a.writing() == {}


def test_a_killed_nodes_claims_are_confirmed_or_taken_back(redis_server):
    dead, other = RedisCrawlState(redis_server.url, "dead"), RedisCrawlState(redis_server.url, "other")
    assert dead.revision_for("id1", "sha256:aa", "https://x.example/1").new  # its line reached the disk
    dead._open_claim = None
    assert dead.revision_for("id2", "sha256:bb", "https://x.example/2").new  # killed before its line
    # whoever recovers the dead node's files finds the line of id1 only
    assert other.settle_claims("dead", {("id1", 1)}) == (1, 1)
    assert other.writing("dead") == {}
    assert not other.revision_for("id1", "sha256:aa", "https://x.example/1").new
    assert other.revision_for("id2", "sha256:bb", "https://x.example/2").new  # written again, once


def test_a_claim_whose_line_failed_is_taken_back(redis_server):
    state = RedisCrawlState(redis_server.url, "a")
    assert state.revision_for("id1", "sha256:aa", "https://x.example/1").new
    # the line write raised: the sink never called written(); the next page's claim takes it back
    assert state.revision_for("id2", "sha256:bb", "https://x.example/2").new
    assert state.revision_for("id1", "sha256:aa", "https://x.example/1").new

from datetime import UTC, datetime, timedelta

from scraper.state import CrawlState


def test_queue_dedupes_within_a_run_and_remembers_the_frontier(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    assert state.queue("https://x.example/a", "x", "run1", "page", 2)
    assert not state.queue("https://x.example/a", "x", "run1")  # the same run: a duplicate
    assert state.queue("https://x.example/a", "x", "run2")  # a new run may queue it again
    state.queue("https://x.example/s", "x", "run2", "section", 0)
    state.fetched("https://x.example/s", "x", 200, "2024-06-01T00:00:00Z")
    assert state.unfinished("x") == [("https://x.example/a", "page", 0)]


def test_validators_and_freshness(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    state.fetched("https://x.example/a", "x", 200, "2024-06-01T11:00:00Z", '"abc"', "Sat, 01 Jun 2024 10:00:00 GMT",
                  "2024-05-31T00:00:00Z")
    page = state.page("https://x.example/a")
    assert (page.etag, page.last_modified, page.sitemap_lastmod) == ('"abc"', "Sat, 01 Jun 2024 10:00:00 GMT",
                                                                     "2024-05-31T00:00:00Z")
    assert state.is_fresh(page, timedelta(hours=6), now) and not state.is_fresh(page, timedelta(minutes=30), now)
    state.fetched("https://x.example/a", "x", 304, "2024-06-01T12:00:00Z")  # a 304 keeps the validators
    assert state.page("https://x.example/a").etag == '"abc"'


def test_revisions(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    first = state.revision_for("id1", "sha256:aa")
    assert (first.revision, first.previous_content_hash, first.new) == (1, None, True)
    state.written("id1", 1, "sha256:aa", None, "https://x.example/a", "run1")
    assert not state.revision_for("id1", "sha256:aa").new  # unchanged: not written again
    second = state.revision_for("id1", "sha256:bb")
    assert (second.revision, second.previous_content_hash, second.new) == (2, "sha256:aa", True)
    state.close()
    reopened = CrawlState(tmp_path / "state.sqlite")  # on disk, across runs
    assert not reopened.revision_for("id1", "sha256:aa").new


def test_runs_that_never_finished_are_found(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    state.run_started("r1", ["x", "y"], "2024-06-01T00:00:00Z")
    state.run_started("r2", ["y"], "2024-06-01T01:00:00Z")
    state.run_finished("r2", "2024-06-01T02:00:00Z", 0)
    assert state.interrupted_runs("x") == ["r1"] and state.interrupted_runs("y") == ["r1"]
    assert state.interrupted_runs("z") == []

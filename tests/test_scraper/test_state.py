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


def test_content_put_back_as_it_was_is_a_new_revision(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    state.written("id1", 1, "sha256:aa", None, "https://x.example/a", "run1")
    state.written("id1", 2, "sha256:bb", "sha256:aa", "https://x.example/a", "run2")
    back = state.revision_for("id1", "sha256:aa", "https://x.example/a")
    assert (back.revision, back.previous_content_hash, back.new) == (3, "sha256:bb", True)
    state.written("id1", 3, "sha256:aa", "sha256:bb", "https://x.example/a", "run3")
    assert not state.revision_for("id1", "sha256:aa", "https://x.example/a").new
    assert state.revision_of("id1", "sha256:aa").revision == 3 and state.revision_of("id1", "sha256:cc") is None


def test_two_pages_sharing_a_canonical_url_do_not_flip_revisions(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    state.written("id1", 1, "sha256:p1", None, "https://x.example/a", "run1")
    state.written("id1", 2, "sha256:p2", "sha256:p1", "https://x.example/a?page=2", "run1")
    for url, digest in (("https://x.example/a", "sha256:p1"), ("https://x.example/a?page=2", "sha256:p2")):
        assert not state.revision_for("id1", digest, url).new  # the next run fetches both again


def test_only_lasting_failures_count_for_freshness(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    for status, fresh in ((404, True), (410, True), (429, False), (503, False), (None, False)):
        url = f"https://x.example/{status}"
        state.failed(url, "x", status, "2024-06-01T11:59:00Z")
        assert state.is_fresh(state.page(url), timedelta(hours=1), now) is fresh, status


def test_runs_that_never_finished_are_found(tmp_path):
    state = CrawlState(tmp_path / "state.sqlite")
    state.run_started("r1", ["x", "y"], "2024-06-01T00:00:00Z")
    state.run_started("r2", ["y"], "2024-06-01T01:00:00Z")
    state.run_finished("r2", "2024-06-01T02:00:00Z", 0)
    assert state.interrupted_runs("x") == ["r1"] and state.interrupted_runs("y") == ["r1"]
    assert state.interrupted_runs("z") == []

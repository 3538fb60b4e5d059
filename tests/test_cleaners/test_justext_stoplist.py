import trafilatura.external as external

from cleaners import justext_stoplist
from cleaners.disk_cache import cache_path


def _own_build() -> frozenset:
    saved = external.JT_STOPLIST
    try:
        return frozenset(external.jt_stoplist_init())
    finally:
        external.JT_STOPLIST = saved


def test_cached_stoplist_is_trafilaturas_own_from_a_cache_or_without_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    own = _own_build()
    cache = cache_path("justext-stoplist", justext_stoplist._stoplist_files(), justext_stoplist.FORMAT)
    for step in ("built", "cached", "corrupt cache"):
        if step == "corrupt cache":
            cache.write_bytes(cache.read_bytes()[:1000])
        words = justext_stoplist.stoplist()
        assert frozenset(words) == own, step
        assert list(words) == sorted(words), step  # one order whatever the hash seed
        assert cache.exists() and not list(cache.parent.glob("*.partial"))


def test_warm_sets_trafilaturas_global_only_when_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(external, "JT_STOPLIST", None)
    justext_stoplist.warm()
    assert frozenset(external.JT_STOPLIST) == _own_build()
    mine = ("only", "these")
    monkeypatch.setattr(external, "JT_STOPLIST", mine)
    justext_stoplist.warm()
    assert external.JT_STOPLIST is mine


def test_an_unwritable_cache_still_gives_the_stoplist(tmp_path, monkeypatch):
    (tmp_path / "presswash").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert frozenset(justext_stoplist.stoplist()) == _own_build()

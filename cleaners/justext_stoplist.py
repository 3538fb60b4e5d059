"""jusText's stoplist of every language, which trafilatura builds from jusText's 100 stoplist files
the first time a page needs it (`jt_stoplist_init`: 0.18 CPU-s, six pages' worth of extraction, in
every process that cleans a page with a jusText rescue). Read from a cache file instead.

trafilatura keeps the list in its module global `JT_STOPLIST` and builds it only while that is
unset; setting it to the same words (sorted: jusText makes a frozenset of them, so the order is
never seen) changes nothing but the cost.
"""

from __future__ import annotations

import marshal
import os

import trafilatura.external as external

from .disk_cache import cache_path, write_atomic

FORMAT = 1


def _stoplist_files() -> list[str]:
    import justext

    folder = os.path.join(os.path.dirname(justext.__file__), "stoplists")
    return [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.endswith(".txt")]


def stoplist() -> tuple[str, ...]:
    cache = cache_path("justext-stoplist", _stoplist_files(), FORMAT)
    try:
        words = marshal.loads(cache.read_bytes())
        if isinstance(words, tuple) and words:
            return words
    except (OSError, EOFError, ValueError, TypeError):
        pass
    words = tuple(sorted(external.jt_stoplist_init()))
    write_atomic(cache, marshal.dumps(words))
    return words


def warm() -> None:
    """Give trafilatura its all-language stoplist before a run that may rescue with jusText."""
    if external.JT_STOPLIST is None:
        external.JT_STOPLIST = stoplist()

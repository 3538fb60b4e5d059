"""Imported once by the forkserver of scraper.workers, before it forks any worker: the cleaner
chain and langdetect's profiles, so that every worker starts warm and shares their memory.

gc.freeze() keeps the collector of each worker off these objects: a collection writes to every
object it visits, which would copy the shared pages into each worker one by one.
"""

import gc

try:
    import cleaners.chain  # noqa: F401
    from cleaners import date_sources, justext_stoplist
    from cleaners.detect_language import _factory

    _factory()
    justext_stoplist.warm()  # jusText's stoplist of every language, otherwise loaded at a worker's first rescue
    date_sources.warm_library()  # dateparser's locales, otherwise loaded at a worker's first hard date
except Exception:  # noqa: BLE001 - a worker loads what it needs itself; the forkserver must start
    pass
gc.freeze()

"""The first module the forkserver of scraper/workers.py imports, before the chain: a Ctrl-C that
reaches it while it still imports the chain (the first second or two of `presswash clean`) ends
it without a word, instead of printing its KeyboardInterrupt traceback under the parent's own
"interrupted" line. Once it has imported everything, multiprocessing's forkserver ignores SIGINT
itself; its workers ignore it from their initializer on.

A forkserver started with SIGINT ignored (the crawl's, scraper/worker_signals.py) keeps it ignored.
Imported only as a forkserver preload, never by the parent.
"""

import os
import signal


def _quiet_exit(signum, frame) -> None:
    os._exit(128 + signum)


if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _quiet_exit)

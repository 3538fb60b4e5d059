"""The first module the forkserver of scraper/workers.py imports: a worker it forks for a client
that is already going away (Ctrl-C in the first seconds of `presswash clean`: the client unlinked
the pool's semaphores and closed its pipes while the forkserver was still importing the chain)
fails to read its start-up data and ends without a word, instead of printing a traceback under
the client's own "interrupted" line.

Only start-up failures reach sys.excepthook in a forked worker (multiprocessing's forkserver calls
it when _serve_one raises); a worker's own errors are reported by its process bootstrap. The
forkserver itself is started with SIGINT ignored (scraper/worker_signals.py), so a Ctrl-C during
its interpreter's start-up or its imports cannot interrupt it either. Imported only as a forkserver
preload, never by the client.
"""

import sys

# what reading the start-up data of a vanished client raises: its semaphore gone, its pipe closed
_CLIENT_GONE = (FileNotFoundError, EOFError, ConnectionError)
_default_hook = sys.excepthook


def _quiet_if_client_gone(kind, value, traceback) -> None:
    if not issubclass(kind, _CLIENT_GONE):
        _default_hook(kind, value, traceback)


sys.excepthook = _quiet_if_client_gone

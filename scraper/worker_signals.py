"""Ctrl-C reaches the whole foreground process group: the crawler (or `presswash clean`) and
every cleaning process. Only the parent should act on it: a worker's KeyboardInterrupt prints a
traceback and breaks the pool mid-stop, which the pool then "repairs" by starting new workers.
Each worker ignores SIGINT from its initializer on (scraper/workers.py); every pool (the crawl's,
`presswash clean`'s) also starts the forkserver with it ignored, so neither the forkserver still
importing the chain nor a worker still starting up can be interrupted (a worker forked for a
client already gone ends quietly: scraper/forkserver_quiet.py).

The workers are forked from the forkserver (scraper/workers.py), and keep the SIGINT handling
the forkserver started with; a process started with SIGINT ignored keeps it ignored. So the
forkserver is started here, early, with SIGINT ignored; the parent's own handler is restored
at once. Meanwhile SIGINT is also blocked in this thread, so that a Ctrl-C in that moment waits
for the handler instead of being ignored with the rest (the run would go on as if never
interrupted); the forkserver and its workers inherit the block too, which changes nothing for
them. multiprocessing's resource tracker is started first, outside that moment: the forkserver's
start would start it otherwise, and the tracker's own start unblocks SIGINT when done, which
inside the moment would let a waiting Ctrl-C through to be ignored. SIGTERM is left alone: a
worker that gets it ends without a word.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import multiprocessing.resource_tracker
import signal
import threading


def workers_ignore_sigint() -> None:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return  # spawned workers: each a fresh interpreter, nothing to set up here
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; a pool replaced from a thread finds the forkserver running
    multiprocessing.resource_tracker.ensure_running()  # its start blocks and unblocks SIGINT itself
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # a Ctrl-C now waits ...
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # ... and reaches the handler here


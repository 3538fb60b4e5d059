"""The processes that run the cleaner chain beside the crawl (and beside `presswash clean`).

Workers are never forked from the crawler: a forked worker would inherit the run's site locks
and sockets and, orphaned when the crawler is killed, keep the locks held for ever. They are
forked from a forkserver, a fresh interpreter that holds none of the crawler's files and has
imported the chain and loaded langdetect's profiles once (scraper/worker_preload.py), so a
worker starts in milliseconds and shares those 40 MB with the others. Where there is no
forkserver, workers are spawned, each a fresh interpreter of its own.

A worker ends once the crawler is gone, however it went: it watches a pipe whose only writer is
the crawler, and the kernel closes that at the crawler's death. (The worker's parent is the
forkserver, which lives on while any worker holds its alive-pipe, so watching the parent's pid
would not do; once the workers are gone the forkserver and multiprocessing's resource tracker
see their pipes close and end too.)

A worker that dies (the OOM killer, a crash in a C library) breaks the whole pool: every task
in flight fails with BrokenProcessPool. The pool is then replaced and the task tried again; a
task that fails twice runs alone in a process of its own, so a page that kills its worker costs
that page only, never the pages that happened to be in flight beside it.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext

from .worker_signals import workers_ignore_sigint

TRIES_IN_POOL = 2


class WorkerCrashed(RuntimeError):
    """The task killed the process running it, even alone."""


PRELOAD = "scraper.worker_preload"
QUIET = "scraper.forkserver_quiet"  # imported first: a worker forked for a vanished client ends quietly
_crawler_pipe: tuple[int, Connection, Connection] | None = None  # (pid, read end, write end)


def _alive_pipe() -> Connection:
    """The read end of this process's alive pipe. Only this process holds the write end: the
    fds are not inheritable, and a worker is sent the read end alone."""
    global _crawler_pipe
    if _crawler_pipe is None or _crawler_pipe[0] != os.getpid():
        _crawler_pipe = (os.getpid(), *multiprocessing.Pipe(duplex=False))
    return _crawler_pipe[1]


def _watch_parent(alive: Connection) -> None:
    wait([alive])  # readable only at EOF: nothing is ever written
    os._exit(1)  # orphaned: the crawl that wanted this result is gone


def _init_worker(alive: Connection) -> None:
    # Ctrl-C reaches the whole process group; only the parent acts on it (a worker's
    # KeyboardInterrupt would print a traceback and break the pool mid-stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(alive,), daemon=True, name="parent-watchdog").start()


def _context(fn: Callable | None) -> BaseContext:
    """The forkserver, preloaded with the chain (and fn's module): set before the forkserver
    first starts, as the preload is the process's one forkserver's, whoever else uses it."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = getattr(fn, "__module__", None)
    context.set_forkserver_preload([m for m in (QUIET, module, PRELOAD) if m and m != "__main__"])
    return context


def spawn_pool(workers: int, fn: Callable | None = None) -> ProcessPoolExecutor:
    """A pool of `workers` processes that hold nothing of this one's and end with it."""
    context = _context(fn)
    workers_ignore_sigint()  # a Ctrl-C while the forkserver starts must not reach it (forkserver_quiet.py)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(_alive_pipe(),))


def run_alone(fn: Callable, *args):
    """fn(*args) in a process of its own; WorkerCrashed when that process dies."""
    with spawn_pool(1, fn) as alone:
        try:
            return alone.submit(fn, *args).result()
        except BrokenProcessPool:
            raise WorkerCrashed(f"the process running {fn.__name__} died") from None


class CleaningPool:
    """A process pool for asyncio callers (the crawl's item pipeline), shared by every site of
    a run, that survives the death of its workers."""

    def __init__(self, workers: int, fn: Callable):
        self.workers, self.fn = workers, fn
        self.generation = 0
        self._pool = spawn_pool(workers, fn)

    def _replace(self, generation: int) -> None:
        if generation == self.generation:  # the first task to notice replaces it, once
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = spawn_pool(self.workers, self.fn)
            self.generation += 1

    async def run(self, *args):
        for _ in range(TRIES_IN_POOL):
            generation = self.generation
            try:
                return await asyncio.wrap_future(self._pool.submit(self.fn, *args))
            except BrokenProcessPool:
                self._replace(generation)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, run_alone, self.fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown()


def _submit(pool: ProcessPoolExecutor, fn: Callable, *args) -> Future:
    """pool.submit, with a broken pool's refusal delivered through the future like a death in flight."""
    try:
        return pool.submit(fn, *args)
    except BrokenProcessPool as exc:
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def ordered_map(fn: Callable, items: Iterable, workers: int, window: int = 0, inline: int = 0) -> Iterator:
    """map(fn, items) over worker processes, results in input order, at most `window` pending.
    An item whose worker died even alone yields the WorkerCrashed exception as its result.
    With `inline`, up to that many items are read first: when the input ends there, they are
    mapped in this process, as pages too few to be worth starting workers for."""
    items = iter(items)
    ahead = list(itertools.islice(items, inline + 1)) if inline and workers > 1 else []
    if workers <= 1 or (inline and len(ahead) <= inline):
        yield from map(fn, itertools.chain(ahead, items))
        return
    items = itertools.chain(ahead, items)
    window = window or workers * 8
    pool = spawn_pool(workers, fn)
    pending: deque[list] = deque()  # [item, future, failures], in input order

    def head_result():
        nonlocal pool
        entry = pending[0]
        while True:
            try:
                result = entry[1].result()
            except BrokenProcessPool:
                entry[2] += 1
                pool.shutdown(wait=False, cancel_futures=True)
                pool = spawn_pool(workers, fn)
                alone = entry[2] >= TRIES_IN_POOL
                for other in list(pending)[1 if alone else 0:]:  # every task in flight died with it
                    other[1] = _submit(pool, fn, other[0])
                if not alone:
                    continue
                try:
                    result = run_alone(fn, entry[0])
                except WorkerCrashed as exc:
                    result = exc
            pending.popleft()
            return result

    try:
        for item in items:
            pending.append([item, _submit(pool, fn, item), 0])
            if len(pending) >= window:
                yield head_result()
        while pending:
            yield head_result()
    finally:
        pool.shutdown(cancel_futures=True)

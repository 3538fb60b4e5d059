"""The processes that run the cleaner chain beside the crawl (and beside `presswash clean`).

Workers are spawned, not forked: a forked worker would inherit the run's site locks and sockets,
and, orphaned when the crawler is killed, keep the locks held for ever. A spawned worker holds
nothing of its parent's, and a watchdog thread ends it once its parent is gone.

A worker that dies (the OOM killer, a crash in a C library) breaks the whole pool: every task
in flight fails with BrokenProcessPool. The pool is then replaced and the task tried again; a
task that fails twice runs alone in a process of its own, so a page that kills its worker costs
that page only, never the pages that happened to be in flight beside it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TRIES_IN_POOL = 2


class WorkerCrashed(RuntimeError):
    """The task killed the process running it, even alone."""


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)  # orphaned: the crawl that wanted this result is gone


def _init_worker(parent: int) -> None:
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watchdog").start()


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(os.getpid(),))


def run_alone(fn: Callable, *args):
    """fn(*args) in a process of its own; WorkerCrashed when that process dies."""
    with spawn_pool(1) as alone:
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
        self._pool = spawn_pool(workers)

    def _replace(self, generation: int) -> None:
        if generation == self.generation:  # the first task to notice replaces it, once
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = spawn_pool(self.workers)
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


def ordered_map(fn: Callable, items: Iterable, workers: int, window: int = 0) -> Iterator:
    """map(fn, items) over worker processes, results in input order, at most `window` pending.
    An item whose worker died even alone yields the WorkerCrashed exception as its result."""
    if workers <= 1:
        yield from map(fn, items)
        return
    window = window or workers * 8
    pool = spawn_pool(workers)
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
                pool = spawn_pool(workers)
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

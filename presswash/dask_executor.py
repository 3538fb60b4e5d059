"""`presswash clean --dask`: the cleaner chain on a Dask cluster, with the bytes of a local run.

The executor only: the steps are presswash.reclean's, and this module is the `mapper` run_clean
is given in place of scraper.workers.ordered_map. The client reads the inputs as the local path
does and cuts the stream of records into record ranges (at most RANGE_PAGES consecutive pages,
RANGE_BYTES of bodies); each range is one Dask task that runs the local pool's own function
(presswash.reclean._process, with each page's CleanerConfig) on a worker. Results come back to
the client and are handed on in input order, so the sink writes what a local run writes.

The pages travel inside their task rather than as paths: workers need no view of the client's
files, and the scheduler keeps a task's payload until the task is done, so it can send it to
another worker when the first one dies.

A worker that dies (SIGKILL, the OOM killer) loses the tasks it held; the scheduler runs them
again on the others, up to its `allowed-failures` per task (3 by default); `retries` re-runs a
task that raised. A range that still ends in KilledWorker is tried again page by page, one page at
a time, so a page that kills every worker it meets costs that page only (WorkerCrashed, as in the
local pool).

Memory stays bounded: at most WINDOW_PER_THREAD ranges per worker thread are submitted ahead of
the one being written, and each range is released once written.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from scraper.workers import WorkerCrashed

RANGE_PAGES = 8  # ~0.3 s of chain a task: the scheduler's ~1 ms per task is noise
RANGE_BYTES = 4 << 20  # a range of large pages closes early: tasks stay small to resend
WINDOW_PER_THREAD = 3  # one running, two queued behind it per worker thread
RETRIES = 2  # a task that raised is run again, up to twice
TRIES_ALONE = 2  # a page alone that ends in KilledWorker twice is the one that kills workers
CONNECT_TIMEOUT = "10s"
LOCAL = re.compile(r"local:(\d+)")
ADDRESS = re.compile(r"(tcp|tls)://[^\s/:]+:\d+")
USAGE = "expected tcp://HOST:PORT (a running Dask scheduler) or local:N (a local cluster of N processes)"


def parse_target(spec: str) -> str | int:
    """The scheduler's address, or the number of processes of a local cluster."""
    if match := LOCAL.fullmatch(spec):
        if int(match[1]) < 1:
            raise ValueError(f"{spec!r}: a local cluster needs at least one process")
        return int(match[1])
    if ADDRESS.fullmatch(spec):
        return spec
    raise ValueError(f"{spec!r}: {USAGE}")


def dask_mapper(spec: str) -> Callable[[Callable, Iterable], Iterator]:
    """A mapper for reclean.run_clean from the --dask value; ValueError when it cannot be one."""
    target = parse_target(spec)
    if importlib.util.find_spec("distributed") is None:
        raise ValueError("needs dask.distributed: pip install 'presswash[dask]'")
    return functools.partial(dask_map, target)


def _run_range(fn: Callable, items: list) -> tuple[str, list]:
    """On a worker: fn over one record range, and the chain version that decided the results."""
    from cleaners.version import CHAIN_VERSION

    return CHAIN_VERSION, [fn(item) for item in items]


def dask_setup(worker) -> None:
    """A local cluster's worker preload: Ctrl-C reaches the whole process group, and only this
    client should act on it (it stops the cluster); a worker would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def connect(target: str | int):
    """A client of the scheduler at `target`, or of a LocalCluster of `target` single-threaded
    processes on 127.0.0.1 (no dashboard), closed on the way out."""
    from distributed import Client, LocalCluster

    if isinstance(target, int):
        # every server on 127.0.0.1, the HTTP ones (health, metrics) too; no dashboard
        with LocalCluster(n_workers=target, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                          worker_dashboard_address="127.0.0.1:0", preload=[__name__],
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(target, timeout=CONNECT_TIMEOUT)
    except OSError as exc:  # TimeoutError included: nothing listens there, or not a scheduler
        raise OSError(f"--dask {target}: no Dask scheduler answered: {exc}") from None
    with client:
        yield client


def ranges(items: Iterable, pages: int = RANGE_PAGES, size: int = RANGE_BYTES) -> Iterator[list]:
    """Consecutive items in lists of at most `pages`, closed early past `size` bytes of bodies."""
    batch: list = []
    held = 0
    for item in items:
        batch.append(item)
        held += _body_size(item)
        if len(batch) >= pages or held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _quiet() -> None:
    for name in [n for n in logging.root.manager.loggerDict if n.split(".")[0] == "distributed"]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _body_size(item) -> int:
    page = item[0] if isinstance(item, tuple) and item else item  # run_clean's (page, role, config)
    return len(getattr(page, "body", b"") or b"")


def dask_map(target: str | int, fn: Callable, items: Iterable, window: int = 0,
             pages: int = RANGE_PAGES) -> Iterator:
    """map(fn, items) on Dask, results in input order; an item whose task killed every worker it
    was given to yields a WorkerCrashed, as scraper.workers.ordered_map does."""
    from cleaners.version import CHAIN_VERSION

    with connect(target) as client:
        window = window or max(2, WINDOW_PER_THREAD * sum(client.nthreads().values()))
        pending: deque[tuple[list, object]] = deque()  # (range, future), in input order
        serial = 0

        def submit(batch: list):
            nonlocal serial
            serial += 1  # earlier ranges first: the head of the line is what the sink waits for
            return client.submit(_run_range, fn, batch, retries=RETRIES, pure=False, priority=-serial)

        def outcome(future) -> list | None:
            """The results of a range, or None when each worker that held it died (KilledWorker)."""
            from distributed import KilledWorker
            from distributed.client import FutureCancelledError

            try:
                version, out = future.result()
            except KilledWorker:
                return None
            except FutureCancelledError as exc:  # the scheduler went away, or someone cancelled the run's tasks
                _quiet()  # the client, closing, would log its reconnect attempt's end with a traceback
                raise OSError(f"--dask: the cluster dropped the run ({exc.reason}): nothing was written") from None
            finally:
                future.release()
            if version != CHAIN_VERSION:  # another chain gives other bytes: never mix them in one output
                raise OSError(f"--dask: a worker runs cleaner chain {version}, this client {CHAIN_VERSION}: "
                              "install the same presswash on the workers")
            return out

        def alone(item) -> list:
            """A page of a range that killed its workers, on its own, one at a time: a page that only
            died beside the guilty one (the scheduler blames every task a dying worker held) is
            tried again; killed TRIES_ALONE times, it is the guilty one."""
            for _ in range(TRIES_ALONE):
                if (out := outcome(submit([item]))) is not None:
                    return out
            return [WorkerCrashed(f"the process running {fn.__name__} died")]

        def results(batch: list, future) -> list:
            out = outcome(future)
            return out if out is not None else [r for item in batch for r in alone(item)]

        try:
            for batch in ranges(items, pages):
                pending.append((batch, submit(batch)))
                if len(pending) >= window:
                    yield from results(*pending.popleft())
            while pending:
                yield from results(*pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()

"""`presswash clean --dask` on real Dask processes: a `dask scheduler` and two `dask worker`
processes on 127.0.0.1, and a LocalCluster. The output must be the bytes of a local run, also
when a worker is killed with SIGKILL in the middle of the run."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO, alive, run_cli

from scraper.warc import WarcArchive

distributed = pytest.importorskip("distributed")

GOLDEN = REPO / "tests" / "fixtures" / "golden"
# one article a golden page naming its canonical URL; one at each of its two URLs (a page in
# each WARC) for a page that names none
ARTICLES = sum(1 if b'rel="canonical"' in p.read_bytes() else 2 for p in GOLDEN.glob("*/page.html"))
DASK = Path(sys.executable).with_name("dask")
FETCHED = "2024-03-14T10:00:00Z"
HTML = [("Content-Type", "text/html; charset=utf-8")]


def write_warcs(folder: Path, copies: int = 1) -> list[Path]:
    """Two WARC files: the golden pages `copies` times each under other URLs (so which copy is
    the first, kept as the article, depends on input order), a 404, a redirect and a section."""
    pages = sorted(GOLDEN.glob("*/page.html"))
    for n in range(2):
        warc = WarcArchive(folder, prefix=f"part{n}", run_id="test")
        for copy in range(copies):
            for page in pages:
                warc.write_exchange(f"https://news.example/{n}/{copy}/{page.parent.name}/", 200, "OK", HTML,
                                    page.read_bytes(), role="page", fetched_at=FETCHED)
        warc.write_exchange(f"https://news.example/{n}/gone/", 404, "Not Found", HTML, b"<p>gone</p>",
                            role="page", fetched_at=FETCHED)
        warc.write_exchange(f"https://news.example/{n}/moved/", 301, "Moved", [("Location", "/")], b"",
                            role="page", fetched_at=FETCHED)
        warc.write_exchange(f"https://news.example/{n}/", 200, "OK", HTML, b"<a href='/x/'>x</a>",
                            role="section", fetched_at=FETCHED)
        warc.close()
    return sorted(folder.glob("*.warc.gz"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean(warcs, out: Path, *more) -> subprocess.CompletedProcess:
    return run_cli("clean", *warcs, "-o", out, "--no-progress", *more, timeout=120)


def outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), out.with_name(out.name.replace(".jsonl", ".rejects.jsonl")).read_bytes()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The WARC set, and what a local run writes from it."""
    tmp = tmp_path_factory.mktemp("dask-archive")
    warcs = write_warcs(tmp / "raw")
    clean(warcs, tmp / "local.jsonl", "--workers", "1")
    assert outputs(tmp / "local.jsonl")[0].count(b"\n") == ARTICLES  # the copies are duplicates
    return warcs, outputs(tmp / "local.jsonl")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real `dask scheduler` and two `dask worker --nworkers 1 --nthreads 1` on 127.0.0.1 (their
    HTTP servers too: --no-dashboard still serves health and metrics). Each
    process leads a session of its own, killed whole at the end; should this test process be
    killed, the workers end when the scheduler is gone and the scheduler when idle."""
    tmp = tmp_path_factory.mktemp("dask-cluster")
    address = f"tcp://127.0.0.1:{free_port()}"
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> None:
        log = open(tmp / f"{name}.log", "wb")
        procs.append(subprocess.Popen([str(DASK), *args], cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True))
        log.close()

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
              "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--idle-timeout", "300s")
        for n in range(2):
            (tmp / f"w{n}").mkdir()
            start(f"worker{n}", "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                  "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--name", f"w{n}",
                  "--local-directory", str(tmp / f"w{n}"), "--death-timeout", "20s")
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            yield address, client
    finally:
        for proc in procs:
            with _gone():
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with _gone():
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for proc in procs:  # a worker process the nanny started, in the nanny's session
            with _gone():
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(tmp, ignore_errors=True)


class _gone:
    """Ignores ProcessLookupError: the process ended already."""

    def __enter__(self):
        return self

    def __exit__(self, kind, *_):
        return kind is ProcessLookupError


def test_a_dask_cluster_writes_the_bytes_of_a_local_run(archive, cluster, tmp_path):
    warcs, local = archive
    address, _ = cluster
    proc = clean(warcs, tmp_path / "dask.jsonl", "--dask", address)
    assert outputs(tmp_path / "dask.jsonl") == local
    assert f"{ARTICLES} articles" in proc.stdout


def test_a_worker_killed_mid_run_costs_nothing(archive, cluster, tmp_path):
    warcs, local = archive
    address, client = cluster
    out = tmp_path / "killed.jsonl"
    run = subprocess.Popen([sys.executable, "-m", "presswash.cli", "clean", *map(str, warcs), "-o", str(out),
                            "--no-progress", "--dask", address], cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        victim = None
        deadline = time.monotonic() + 60
        while victim is None and run.poll() is None and time.monotonic() < deadline:
            busy = [worker for worker, keys in client.processing().items() if keys]  # holds a task of the run
            if busy:
                victim = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(victim, signal.SIGKILL)
            else:
                time.sleep(0.02)
        stdout, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert victim is not None, "the run ended before any task reached a worker"
    assert run.returncode == 0, stderr
    assert not alive(victim)
    assert outputs(out) == local
    assert f"{ARTICLES} articles" in stdout


def test_a_local_cluster_writes_the_same_bytes(archive, tmp_path):
    warcs, local = archive
    clean(warcs, tmp_path / "local2.jsonl", "--dask", "local:2")
    assert outputs(tmp_path / "local2.jsonl") == local


@pytest.mark.parametrize("value", ["local:0", "local:two", "8786", "http://127.0.0.1:8786"])
def test_a_bad_dask_value_is_one_line(tmp_path, value):
    proc = run_cli("clean", GOLDEN / "minimal-blog" / "page.html", "-o", tmp_path / "o.jsonl", "--dask", value,
                   check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("presswash clean: --dask ") and proc.stderr.count("\n") == 1
    assert not (tmp_path / "o.jsonl").exists()


def test_a_page_that_kills_every_worker_costs_that_page_only():
    """As in the local pool: its range is tried again page by page, and the page that still kills
    its worker comes back as WorkerCrashed in its place; every other page is cleaned."""
    import dask
    from helpers import shout_unless_poison

    from presswash.dask_executor import dask_map
    from scraper.workers import WorkerCrashed

    items = [f"page {n}" for n in range(10)]
    items[5] = "poison"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # one death is enough: a quick test
        out = list(dask_map(2, shout_unless_poison, items, pages=4))
    assert isinstance(out[5], WorkerCrashed)
    assert out[:5] + out[6:] == [item.upper() for item in items[:5] + items[6:]]

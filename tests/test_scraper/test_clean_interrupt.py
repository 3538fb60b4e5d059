"""Ctrl-C during `presswash clean` over a WARC: it stops at once, publishes nothing partial,
says so, and no worker prints a traceback."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO, alive
from hostile_site import plain_article

from scraper.warc import WarcArchive


def forkserver_of(pid: int) -> int | None:
    """The pid of the forkserver process `pid` started, once it exists."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"forkserver" in cmdline:
            return int(stat.parent.name)
    return None


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := predicate():
            return found
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.mark.parametrize("moment", ["forkserver_starting", "workers_cleaning"])
def test_ctrl_c_stops_a_clean_at_once_and_publishes_nothing(tmp_path, moment):
    archive = WarcArchive(tmp_path / "raw")
    for i in range(1500):
        archive.write_exchange(f"https://news.example/story/{i}/", 200, "OK", [("Content-Type", "text/html")],
                               plain_article(f"Story number {i} of the council", seed=i).encode(), role="page")
    [warc] = archive.close()
    out, errors = tmp_path / "out.jsonl", tmp_path / "stderr.txt"
    with open(errors, "w") as err_file:  # a file, not a pipe: the forkserver shares it, and may outlive the parent
        proc = subprocess.Popen([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out),
                                 "--workers", "2", "--no-progress"], cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=err_file, start_new_session=True)
    if moment == "forkserver_starting":  # it still imports the chain: a second or two
        wait_for(lambda: forkserver_of(proc.pid))
    else:  # the first lines are in the work file
        wait_for(lambda: (tmp_path / ".out.jsonl.inprogress").exists()
                 and (tmp_path / ".out.jsonl.inprogress").stat().st_size > 0)
    assert proc.poll() is None, errors.read_text()
    forkserver = forkserver_of(proc.pid)
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
    proc.wait(timeout=30)
    took = time.monotonic() - sent
    # a forkserver still importing the chain leaves once it is done and finds its client gone
    wait_for(lambda: forkserver is None or not alive(forkserver), timeout=30)
    err = errors.read_text()
    assert proc.returncode == 130, err
    assert took < 3, took
    assert "interrupted: nothing was written" in err and "Traceback" not in err, err
    assert not out.exists() and not any(p.suffix == ".jsonl" for p in tmp_path.iterdir())


def test_a_ctrl_c_while_the_forkserver_starts_is_not_lost(monkeypatch):
    """The forkserver is started with SIGINT ignored; a Ctrl-C in that moment must still reach the
    parent's handler (CI once sent it there: the clean ran on to the end and exited 0)."""
    import multiprocessing.forkserver
    import threading

    from scraper.worker_signals import workers_ignore_sigint

    def starting():  # the user's Ctrl-C, while SIGINT is set aside for the forkserver
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        time.sleep(0.05)

    monkeypatch.setattr(multiprocessing.forkserver, "ensure_running", starting)
    with pytest.raises(KeyboardInterrupt):
        workers_ignore_sigint()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])

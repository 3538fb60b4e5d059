"""Ctrl-C during `presswash clean` over a WARC: it stops at once, publishes nothing partial,
says so, and no worker prints a traceback."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO
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
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out),
                             "--workers", "2", "--no-progress"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    if moment == "forkserver_starting":  # it still imports the chain: a second or two
        wait_for(lambda: forkserver_of(proc.pid))
    else:  # the first lines are in the work file
        wait_for(lambda: (tmp_path / ".out.jsonl.inprogress").exists()
                 and (tmp_path / ".out.jsonl.inprogress").stat().st_size > 0)
    assert proc.poll() is None, proc.communicate()
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert took < 3, took
    assert "interrupted: nothing was written" in err and "Traceback" not in err, err
    assert not out.exists() and not any(p.suffix == ".jsonl" for p in tmp_path.iterdir())

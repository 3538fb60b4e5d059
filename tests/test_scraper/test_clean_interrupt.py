"""Ctrl-C during `presswash clean` over a WARC: it stops at once, publishes nothing partial,
says so, and no worker prints a traceback."""

import os
import signal
import subprocess
import sys
import time

from helpers import REPO
from hostile_site import plain_article

from scraper.warc import WarcArchive


def test_ctrl_c_stops_a_clean_at_once_and_publishes_nothing(tmp_path):
    archive = WarcArchive(tmp_path / "raw")
    for i in range(1500):
        archive.write_exchange(f"https://news.example/story/{i}/", 200, "OK", [("Content-Type", "text/html")],
                               plain_article(f"Story number {i} of the council", seed=i).encode(), role="page")
    [warc] = archive.close()
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out),
                             "--workers", "2", "--no-progress"], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(4)  # the workers are cleaning
    assert proc.poll() is None, proc.communicate()
    sent = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == 130, err
    assert took < 3, took
    assert "interrupted: nothing was written" in err and "Traceback" not in err, err
    assert not out.exists() and not any(p.suffix == ".jsonl" for p in tmp_path.iterdir())

"""SIGTERM and Ctrl-C during `presswash crawl`: the run says `interrupted` in its manifest and
summary, exits 143 or 130, stops within 10 s even with a download hanging, and prints no
traceback from its worker processes."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import REPO
from hostile_site import HostileSite, InternalService


def start(tmp_path, base_url):
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nname = "hostile"\nbase_url = "{base_url}/"\nsections = ["/"]\n'
                     'delay = 0\nconcurrency = 4\nmax_depth = 2\n')
    return subprocess.Popen(
        [sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites), "--data-dir", str(tmp_path / "data"),
         "--workers", "2", "-s", "DOWNLOAD_TIMEOUT=60", "-s", "RETRY_TIMES=0", "-s", "AUTOTHROTTLE_START_DELAY=0",
         "-s", "DOWNLOAD_MAXSIZE=2000000"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_crawl_says_so(tmp_path, signum, code):
    with InternalService() as internal, HostileSite(internal.base_url, slow_seconds=45) as site:
        proc = start(tmp_path, site.base_url)
        deadline = time.monotonic() + 60
        while site.count("/slow/") == 0 and time.monotonic() < deadline:  # a download that will hang
            time.sleep(0.2)
        time.sleep(1.0)  # workers are up and cleaning
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # Ctrl-C: the terminal signals the whole process group
        else:
            proc.send_signal(signum)  # a scheduler's kill: the crawler alone
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    assert proc.returncode == code, out + err
    assert took < 10, took
    assert "Traceback" not in err, err[-3000:]
    run = out.split()[1].rstrip(":")
    manifest = json.loads((tmp_path / "data" / "runs" / f"{run}.json").read_text())
    assert manifest["exit_code"] == code and manifest["interrupted"]["signal"] == signal.Signals(signum).name
    assert manifest["sites"]["hostile"]["status"] == "interrupted" and "hostile: interrupted" in out

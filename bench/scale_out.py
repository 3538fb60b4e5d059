"""Scale-out figures, the re-clean rows: `presswash clean` in one process, with two local worker
processes, and on Dask with two workers, over the same WARC in one run.

    python bench/scale_out.py [--pages 5000] [--kb 30] [--work DIR]

The pages are a generated news site (bench/sitegen.py: real-looking article pages with menus,
sidebars, share bars and comments around the body), packed into one WARC with their URLs. Each
row is a whole `presswash clean` process, run one after the other:

- `--workers 1`: the chain in the command's own process;
- `--workers 2`: the local pool of two processes;
- `--dask local:2`: a LocalCluster of two single-threaded workers, started and stopped by the
  command (its start-up counted);
- `--dask tcp://...`: a `dask scheduler` and two `dask worker --nworkers 1 --nthreads 1` started
  beforehand on 127.0.0.1 (their start-up not counted; the workers' first import of the chain is).

Pages/s of each and the ratio to one process; every output must be the bytes of the first (the
command fails otherwise). Target on this 2-core machine: Dask with two workers >= 1.7x one
process. The crawl rows (one crawl node against two on the same Redis) are not measured here.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import write_warc  # noqa: E402
from sitegen import write_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")
LOOPBACK = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]


def pack(work: Path, pages: int, kb: int) -> Path:
    site = work / "site"
    articles = write_site(site, pages, kb)
    warc = work / "pages.warc.gz"
    write_warc(((f"https://gazette.example{a.path}", (site / a.path.strip("/") / "index.html").read_bytes())
                for a in articles), warc)
    return warc


def timed_clean(warc: Path, out: Path, *how: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out), "--force",
                    "--no-progress", *how], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


class Cluster:
    """A `dask scheduler` and `workers` single-threaded `dask worker` processes on 127.0.0.1,
    each in a session of its own, ended whole on the way out."""

    def __init__(self, work: Path, workers: int = 2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.procs = [self._start(work, "scheduler", "--port", str(port), *LOOPBACK)]
        self.procs += [self._start(work, "worker", self.address, "--nworkers", "1", "--nthreads", "1", *LOOPBACK,
                                   "--local-directory", str(work / f"w{n}"), "--death-timeout", "20s")
                       for n in range(workers)]
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=120)

    @staticmethod
    def _start(work: Path, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(DASK), *args], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        for proc in self.procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def same_output(work: Path, n: int) -> bool:
    """Row n's articles and rejects are row 0's bytes; where not, the first line that differs is said."""
    for suffix in (".jsonl", ".rejects.jsonl"):
        mine, first = (work / f"out-{n}{suffix}").read_bytes(), (work / f"out-0{suffix}").read_bytes()
        if mine != first:
            lines = list(zip(mine.splitlines(), first.splitlines(), strict=False))
            at = next((k for k, (x, y) in enumerate(lines) if x != y), len(lines))
            print(f"out-{n}{suffix} differs from out-0{suffix} at line {at + 1}", file=sys.stderr)
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--kb", type=int, default=30, help="size of a generated page (default 30 KB)")
    parser.add_argument("--work", type=Path, help="folder for the site, the WARC and the outputs (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scale-out-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        warc = pack(work, args.pages, args.kb)
        rows = [("--workers 1", ["--workers", "1"]), ("--workers 2", ["--workers", "2"]),
                ("--dask local:2", ["--dask", "local:2"])]
        seconds: dict[str, float] = {}
        for name, how in rows:
            seconds[name] = timed_clean(warc, work / f"out-{len(seconds)}.jsonl", *how)
        with Cluster(work) as cluster:
            name = "--dask scheduler + 2 workers"
            seconds[name] = timed_clean(warc, work / f"out-{len(seconds)}.jsonl", "--dask", cluster.address)
        differ = [name for n, name in enumerate(seconds) if not same_output(work, n)]
        same = not differ
        one = seconds["--workers 1"]
        print(f"re-clean of {args.pages} generated pages of ~{args.kb} KB, {os.cpu_count()} CPUs")
        print(f"{'run':32} {'s':>7} {'pages/s':>8} {'x one process':>14}")
        for name, s in seconds.items():
            print(f"{name:32} {s:7.1f} {args.pages / s:8.1f} {one / s:14.2f}")
        print("outputs byte-identical (articles and rejects): " + ("yes" if same else "NO: " + ", ".join(differ)))
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()

"""The corpora of the quality gate and the removal audit, cleaned exactly as a user would.

Each corpus of ../shared/data is packed into a WARC with its pages' urls and cleaned by
`presswash clean` in a subprocess; the golden pages are cleaned in-process, as tests/golden.py
and bench/golden_pages.py do (they need a fixed fetch time and their canonical urls). WARCs and
outputs go into a work folder outside the repo; a WARC is reused while its sources are unchanged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
WARC_DATE = "2026-09-01T00:00:00Z"  # the date pages_to_warc.py stamps: later than every page
MADE_UP_HOST = "https://readability-testpages.invalid/"
TE, HD, RD, GOLDENS = "trafilatura-eval", "htmldate-eval", "readability", "goldens"
FOLDERS = {TE: "trafilatura-eval", HD: "htmldate-eval", RD: "readability-testpages"}
SHORT = {TE: "te", HD: "hd", RD: "rd"}


class MissingData(RuntimeError):
    pass


def shared_dir(given: str | os.PathLike | None = None) -> Path:
    """The shared folder (data/ and tools/): the option, else $PRESSWASH_SHARED, else ../shared."""
    return Path(given or os.environ.get("PRESSWASH_SHARED") or DEFAULT_SHARED)


def check_shared(shared: Path, names: Iterable[str]) -> None:
    """Raise MissingData naming the first thing a run would miss."""
    needed = [shared / "data"] + [shared / "data" / FOLDERS[n] for n in names if n in FOLDERS]
    needed += [shared / "tools" / t for t in ("pages_to_warc.py", "snippet_eval.py", "date_eval.py")]
    for path in needed:
        if not path.exists():
            raise MissingData(f"{path} not found")


def squash(text: str) -> str:
    """Whitespace runs as one space, stripped: the way snippet_eval.py compares text."""
    return re.sub(r"\s+", " ", text or "").strip()


def url_key(url: str) -> str:
    """warcio writes a space of a WARC-Target-URI as %20; compare urls that way (as the tools do)."""
    return (url or "").replace(" ", "%20")


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        yield from (json.loads(line) for line in f if line.strip())


def first_by_url(records: Iterable[dict]) -> dict[str, dict]:
    """url key -> the first record of that url (a later revision of the same url is not what
    a reader of the corpus page sees first)."""
    out: dict[str, dict] = {}
    for rec in records:
        out.setdefault(url_key(rec.get("url")), rec)
    return out


# --- readability: no truth.json, so the WARC is packed here --------------------------------------

def readability_urls(truth: dict[str, dict]) -> dict[str, str]:
    """Page id -> url. A url that is empty or shared by several pages (the suite gives all 130
    pages http://fakehost/test/page.html) names no page: each of them gets a made-up one."""
    counts: dict[str, int] = {}
    for item in truth.values():
        counts[item.get("url") or ""] = counts.get(item.get("url") or "", 0) + 1
    return {pid: url if url and counts[url] == 1 else MADE_UP_HOST + pid
            for pid, url in ((pid, truth[pid].get("url") or "") for pid in sorted(truth))}


def write_warc(pages: Iterable[tuple[str, bytes]], out: Path) -> int:
    """One response record per (url, body), the record layout of pages_to_warc.py."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with open(out, "wb") as f:
        writer = WARCWriter(f, gzip=out.name.endswith(".gz"))
        for url, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": WARC_DATE, "WARC-Record-ID": record_id}))
            n += 1
    return n


def pack_readability(folder: Path, out: Path) -> None:
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    urls = readability_urls(truth)
    pages = sorted((url, pid) for pid, url in urls.items())  # url order, as pages_to_warc.py
    write_warc(((url, (folder / "html" / f"{pid}.html").read_bytes()) for url, pid in pages), out)


def pack_with_tool(tool: Path, folder: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, str(tool), str(folder), str(out)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{tool.name} {folder.name}: exit {done.returncode}\n{done.stderr}")


# --- WARCs kept while their sources are unchanged ------------------------------------------------

def source_files(name: str, folder: Path, tools: Path) -> list[Path]:
    """Every file a corpus's WARC is made of, the packing code included."""
    if name == RD:
        return [folder / "ground-truth.json", *sorted((folder / "html").glob("*.html")), Path(__file__)]
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    pages = sorted({folder / item["file"] for item in truth.values()})
    return [folder / "truth.json", *pages, tools / "pages_to_warc.py"]


def fingerprint(paths: Iterable[Path]) -> dict:
    stats = [p.stat() for p in paths]
    return {"files": len(stats), "bytes": sum(s.st_size for s in stats),
            "mtime_ns": max((s.st_mtime_ns for s in stats), default=0)}


def cached_warc(out: Path, sources: list[Path], build: Callable[[Path], None]) -> bool:
    """Build `out` unless it was built from these very sources; True when it was reused."""
    stamp = out.with_name(out.name + ".source.json")
    want = fingerprint(sources)
    if out.exists() and stamp.exists() and json.loads(stamp.read_text("utf-8")) == want:
        return True
    partial = out.with_name("partial-" + out.name)  # a killed build leaves no WARC that looks whole
    build(partial)
    partial.replace(out)
    stamp.write_text(json.dumps(want) + "\n", "utf-8")
    return False


def warc_path(name: str, work: Path) -> Path:
    return work / f"{SHORT[name]}.warc.gz"


def warc_for(name: str, shared: Path, work: Path) -> Path:
    folder, tools = shared / "data" / FOLDERS[name], shared / "tools"
    out = warc_path(name, work)
    if name == RD:
        build = lambda path: pack_readability(folder, path)  # noqa: E731
    else:
        build = lambda path: pack_with_tool(tools / "pages_to_warc.py", folder, path)  # noqa: E731
    cached_warc(out, source_files(name, folder, tools), build)
    return out


# --- cleaning ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cleaned:
    articles: Path
    rejects: Path
    summary: str  # presswash's own last line: pages, articles, rejects by reason


def clean_warc(warc: Path, out_dir: Path, stem: str, workers: int, templates: bool = False) -> Cleaned:
    """`presswash clean` as a user types it; cwd is the repo so that its code is the one run.
    `templates`: with site template profiles learned from the corpus itself, per host
    (`--learn-templates OUT_DIR/templates-STEM`, a fresh folder each time)."""
    articles, rejects = out_dir / f"{stem}.jsonl", out_dir / f"{stem}.rejects.jsonl"
    cmd = [sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(articles), "--rejects", str(rejects),
           "--no-progress", "--workers", str(workers), "--force"]
    if templates:
        store = out_dir / f"templates-{stem}"
        shutil.rmtree(store, ignore_errors=True)
        cmd += ["--learn-templates", str(store)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"presswash clean {warc.name}: exit {done.returncode}\n{done.stderr[-3000:]}")
    return Cleaned(articles, rejects, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "")


def clean_goldens() -> list[tuple[str, dict | None, dict]]:
    """(name, article record or None when dropped, expected) of every golden page of tests/golden.py."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    from golden import FETCHED_AT, goldens

    from cleaners.chain import CHAIN_VERSION, clean
    from cleaners.config import CleanerConfig
    from cleaners.records import Article, RawPage
    from output.serialize import article_record

    config, out = CleanerConfig(), []
    for g in goldens():
        url = g.expected.get("canonical_url") or g.page.resolve().as_uri()  # as bench/golden_pages.py
        result = clean(RawPage(url=url, body=g.page.read_bytes(), fetched_at=FETCHED_AT), config)
        out.append((g.name, article_record(result, CHAIN_VERSION) if isinstance(result, Article) else None,
                    g.expected))
    return out


# --- running jobs within a budget of busy processes ----------------------------------------------

@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    slots: int = 1  # processes it keeps busy
    after: tuple[str, ...] = ()


def run_jobs(jobs: list[Job], budget: int) -> tuple[dict[str, object], dict[str, float]]:
    """Run the jobs in threads, each once its `after` jobs are done and its slots are free, in
    list order; never more than `budget` slots busy. Returns results and seconds by job name."""
    results: dict[str, object] = {}
    seconds: dict[str, float] = {}
    pending, running, free = list(jobs), {}, budget

    def timed(job: Job):
        start = time.monotonic()
        try:
            return job.run()
        finally:
            seconds[job.name] = time.monotonic() - start

    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        while pending or running:
            for job in list(pending):
                if job.slots <= free and all(d in results for d in job.after):
                    pending.remove(job)
                    free -= job.slots
                    running[pool.submit(timed, job)] = job
            if not running:
                raise ValueError(f"jobs that can never start: {[j.name for j in pending]}")
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                free += job.slots
                results[job.name] = future.result()  # a failed job ends the run
    return results, {j.name: seconds[j.name] for j in jobs}


def plan(names: list[str], shared: Path, work: Path, workers: int, budget: int, templates: bool = False) -> list[Job]:
    """Pack, then clean, each corpus in the order given (the biggest first, so the small ones
    fill the gaps); a clean keeps `workers` processes busy."""
    out_dir = work / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(workers, budget))  # one clean alone may not exceed the budget either
    jobs = []
    for n in (n for n in names if n in FOLDERS):
        jobs.append(Job(f"pack {n}", lambda n=n: warc_for(n, shared, work)))
        jobs.append(Job(f"clean {n}", lambda n=n: clean_warc(warc_path(n, work), out_dir, SHORT[n], workers, templates),
                        workers, (f"pack {n}",)))
    if GOLDENS in names:
        jobs.append(Job(f"clean {GOLDENS}", clean_goldens))
    return jobs


def run_corpora(names: list[str], shared: Path, work: Path, workers: int = 1, budget: int = 2,
                templates: bool = False) -> tuple[dict[str, object], dict[str, float]]:
    """{corpus name: Cleaned, or the goldens' list}, and the seconds each job took; `templates`:
    the corpora cleaned with site templates learned from themselves (clean_warc)."""
    check_shared(shared, names)
    results, seconds = run_jobs(plan(names, shared, work, workers, budget, templates), budget)
    return {name.removeprefix("clean "): r for name, r in results.items() if name.startswith("clean ")}, seconds


def corpus_truth(name: str, shared: Path) -> dict:
    folder = shared / "data" / FOLDERS[name]
    return json.loads((folder / ("ground-truth.json" if name == RD else "truth.json")).read_text("utf-8"))

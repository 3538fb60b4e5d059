"""Publication dates on the htmldate-eval pages: presswash beside htmldate, in the same run.

    python bench/date_quality.py [--rounds 3] [--code DIR] [--work DIR] [--json OUT] [-v]

The 800 urls of ../shared/data/htmldate-eval are packed into a WARC with their URLs
(../shared/tools/pages_to_warc.py), cleaned by `presswash clean --workers 1` as a user types
it, and `published` scored with ../shared/tools/date_eval.py (a refused page has no date). In
the same run htmldate 1.11's find_date(page, url=URL, original_date=True, extensive_search=True)
is scored on the same pages. Each system's errors are split into the classes of docs/dates.md:
no date on an accepted page, refused page, one day off, another date.

Speed: the CPU time of the whole `presswash clean` process (its children included), median and
range over --rounds; --code DIR times the presswash of another checkout (e.g. a copy of the tree
before a change), so that before and after are measured the same way on the same machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import HD, ROOT, read_jsonl, shared_dir, url_key, warc_for  # noqa: E402

CLASSES = ("no date", "refused", "one day off", "another date")


def load_tool(shared: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, shared / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clean_once(warc: Path, out: Path, code: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one whole `presswash clean --workers 1` process."""
    rejects = out.with_suffix(".rejects.jsonl")
    for path in (out, rejects):  # the previous round's
        path.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    cmd = [sys.executable, "-m", "presswash.cli", "clean", str(warc), "-o", str(out),
           "--rejects", str(rejects), "--no-progress", "--workers", "1"]
    done = subprocess.run(cmd, cwd=code, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode:
        raise SystemExit(f"presswash clean: exit {done.returncode}\n{done.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def presswash_dates(urls: list[str], articles: Path) -> tuple[dict[str, str | None], set[str]]:
    """(url -> first ten characters of published, urls with no article line)."""
    by_key = {url_key(u): u for u in urls}
    found: dict[str, str | None] = {}
    for rec in read_jsonl(articles):
        url = by_key.get(url_key(rec.get("url") or ""))
        if url is not None and url not in found:
            found[url] = (rec.get("published") or "")[:10] or None
    return found, {u for u in urls if u not in found}


def error_class(found: str | None, truth: str, refused: bool) -> str | None:
    if found == truth:
        return None
    if refused:
        return "refused"
    if found is None:
        return "no date"
    off = abs((date.fromisoformat(found) - date.fromisoformat(truth)).days)
    return "one day off" if off == 1 else "another date"


def classes(truth: dict, urls: list[str], dates: dict, refused: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in CLASSES}
    for url in urls:
        c = error_class(dates.get(url), truth[url]["date"], url in refused)
        if c:
            out[c].append(url)
    return out


def row(name: str, s: dict, errors: dict[str, list[str]]) -> str:
    counts = "  ".join(f"{c} {len(errors[c]):3d}" for c in CLASSES)
    return (f"{name:<10} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}  "
            f"(TP {s['tp']}, FP {s['fp']}, FN {s['fn']})  {counts}")


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", help="the shared folder (default ../shared, or $PRESSWASH_SHARED)")
    ap.add_argument("--work", help="keeps the WARC (reused) and outputs; default a temporary folder")
    ap.add_argument("--rounds", type=int, default=1, help="clean runs timed (the last one is scored)")
    ap.add_argument("--code", default=str(ROOT), help="checkout whose presswash is run (default this one)")
    ap.add_argument("--no-reference", action="store_true", help="skip htmldate (e.g. when timing only)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list presswash's errors by class")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared = shared_dir(args.shared)
    tool = load_tool(shared, "date_eval")
    folder = shared / "data" / "htmldate-eval"
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    urls = tool.sample_urls(truth, 0)
    with tempfile.TemporaryDirectory(prefix="date-quality-") as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        warc = warc_for(HD, shared, work)
        out = work / "hd-dates.jsonl"
        timings = [clean_once(warc, out, Path(args.code)) for _ in range(max(1, args.rounds))]
        dates, refused = presswash_dates(urls, out)
    results = {"presswash": tool.evaluate(truth, urls, dates)}
    errors = {"presswash": classes(truth, urls, dates, refused)}
    if not args.no_reference:
        ref, spent, cpu = tool.run_reference("htmldate", truth, urls, folder)
        results["htmldate"] = {**tool.evaluate(truth, urls, ref), "cpu_seconds": round(cpu, 3)}
        errors["htmldate"] = classes(truth, urls, ref, set())
    cpu = [c for c, _ in timings]
    results["presswash"]["clean_cpu_seconds"] = {"median": round(statistics.median(cpu), 2),
                                                 "min": round(min(cpu), 2), "max": round(max(cpu), 2)}
    results["presswash"]["clean_wall_seconds"] = round(statistics.median(w for _, w in timings), 2)
    for name, s in results.items():
        print(row(name, s, errors[name]))
    c = results["presswash"]["clean_cpu_seconds"]
    print(f"presswash clean --workers 1 ({args.code}): CPU {c['median']:.1f} s median of {len(cpu)} "
          f"({c['min']:.1f}-{c['max']:.1f}), wall {results['presswash']['clean_wall_seconds']:.1f} s; "
          f"{len(refused)} pages refused")
    if "htmldate" in results:
        print(f"htmldate find_date: {results['htmldate']['cpu_seconds']:.1f} s CPU")
    if args.verbose:
        for name in CLASSES:
            print(f"\n{name}: {len(errors['presswash'][name])}")
            for url in errors["presswash"][name]:
                print(f"- {url}  truth {truth[url]['date']}  presswash {dates.get(url)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": results, "errors": errors}, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `report` subcommand and the `--report` of crawl and clean: arguments in, one line out.

Imports stay light at module level (the CLI registers the parser on every start); matplotlib
is loaded only when a report is drawn, and is an optional extra: `pip install 'presswash[report]'`.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
NEEDS = "needs matplotlib, the 'report' extra: pip install 'presswash[report]'"


def add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="an HTML report (plots, tables, before/after views) of a run or a window")
    p.add_argument("run_id", nargs="?", help="the run (default: the latest run)")
    p.add_argument("--since", help="every run started in this window instead: 90m, 6h, 7d, 2w")
    p.add_argument("--data-dir", default="data", type=Path, help="the crawl's data folder (default: data)")
    p.add_argument("-o", "--output", default=Path("report.html"), type=Path, help="HTML file (default: report.html)")
    p.add_argument("--examples", type=int, default=20,
                   help="articles shown before/after per removal reason or repair rule (default 20)")
    p.add_argument("--article", metavar="ID", help="write the before/after view of this article only")
    p.add_argument("--sites", type=Path, help="the sites file, for each page's own options when re-extracting")
    p.set_defaults(func=cmd_report)


def _matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _config_for(sites: Path | None):
    if sites is None:
        return None
    from urllib.parse import urlsplit

    from cleaners.config import CleanerConfig
    from scraper.sites import configs_by_host, load_sites

    by_host, default = configs_by_host(load_sites(sites)), CleanerConfig()
    return lambda page: by_host.get(urlsplit(page.url).netloc, default)


def _find_line(sources, article_id: str) -> dict | None:
    from .collect import iter_jsonl

    found = None
    for source in sources:
        for path in source.article_files:
            for line in iter_jsonl(path):
                if line.get("id") == article_id and (found is None or line.get("revision", 1) >= found["revision"]):
                    found = line
    return found


def cmd_report(args) -> int:
    from scraper.sites import SiteConfigError

    from .sources import SourceError, UsageError, select_runs

    if args.run_id and args.since:
        print("presswash report: give a run id or --since, not both", file=sys.stderr)
        return EXIT_USAGE
    if args.examples < 0:
        print("presswash report: --examples must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    if not _matplotlib():
        print(f"presswash report: {NEEDS}", file=sys.stderr)
        return EXIT_FAIL
    from .beforeafter import RawPages
    from .build import build_article_page, build_report

    try:
        config = _config_for(args.sites)
        sources = select_runs(args.data_dir, args.run_id, args.since)
        if args.article:
            line = _find_line(sources, args.article)
            if line is None:
                print(f"presswash report: no article {args.article} in the runs chosen", file=sys.stderr)
                return EXIT_FAIL
            raw = RawPages([p for s in sources for _, p in s.warc_files], [args.data_dir / "raw"], [])
            out = build_article_page(line, args.output, raw, config)
            print(f"presswash report: before/after of {args.article} -> {out}")
            return EXIT_OK
        out, data = build_report(sources, args.output, args.data_dir, args.examples, config)
    except (SiteConfigError, UsageError) as exc:
        print(f"presswash report: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (SourceError, OSError) as exc:
        print(f"presswash report: {exc}", file=sys.stderr)
        return EXIT_FAIL
    print(f"presswash report: {len(sources)} run(s), {data.articles} articles, {sum(data.rejects.values())} "
          f"rejected, {len(data.lines)} before/after views -> {out}")
    return EXIT_OK


def report_after_crawl(manifest: dict, data_dir: Path, out: Path, sites: Path | None = None) -> str:
    """The report of the run just finished; returns the line to print (failure is not the run's)."""
    if not _matplotlib():
        return f"report not written: {NEEDS}"
    from .build import build_report
    from .sources import source_of_manifest

    try:
        path, _ = build_report([source_of_manifest(manifest, data_dir)], out, data_dir, config=_config_for(sites))
    except OSError as exc:
        return f"report not written: {exc}"
    return f"report {path}"


def report_after_clean(output: Path, rejects: Path, inputs: list[Path], out: Path, config=None) -> str:
    if not _matplotlib():
        return f"report not written: {NEEDS}"
    from output.serialize import utc_now_iso

    from .build import build_report
    from .sources import source_of_clean

    stamp = utc_now_iso()
    iso = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z"
    source = source_of_clean(f"clean-{stamp}", iso, output, rejects, inputs)
    try:
        path, _ = build_report([source], out, None, config=config if callable(config) else None)
    except OSError as exc:
        return f"report not written: {exc}"
    return f"report {path}"


__all__ = ["add_report_parser", "cmd_report", "report_after_clean", "report_after_crawl"]

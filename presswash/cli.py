"""The `presswash` command: wires the scraper, the cleaners and the output together.

    presswash --version
    presswash demo [--data-dir DIR] [--format jsonl|parquet]
    presswash crawl --sites sites.toml [--site NAME ...] [--data-dir DIR] [--format jsonl|parquet] [-s NAME=VALUE ...]
                    [--state redis://HOST:PORT/DB [--join] [--node NAME]]
    presswash serve-demo [--port 8765]
    presswash clean INPUT...|- -o OUT.jsonl[.gz]|- [--rejects R.jsonl] [--force] [--url URL] [--workers N] [--sites F]
                    (INPUT and OUT may be fsspec URLs: s3://bucket/raw/, file:///srv/raw)
    presswash validate PATH... [--schema auto|article|reject]
    presswash fix-scripts [--language CODE] [--explain] [--jsonl-field FIELD | --csv-column NAME] < in > out
    presswash report [RUN_ID | --since 7d] [--data-dir DIR] [-o report.html]
    presswash diff OLD NEW [--html OUT.html]        (exit 0 identical, 1 differs, 2 bad input)
    presswash dedup DATASET... [-o clusters.jsonl] [--data-dir DIR]
    presswash crawl-nodes --state redis://HOST:PORT/DB [--settle NODE] [--json]

Exit codes: 0 success, 1 failure (invalid records, unreadable input, nothing to clean, a site that
failed entirely, no article from the demo), 2 bad usage, a bad sites file, --data-dir or --log-file,
or an output that exists without --force, 75 another run holds a site's lock.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
FORMATS = ("jsonl", "parquet")  # output.partitioned.FORMATS, without importing it for --help


def main(argv: list[str] | None = None) -> int:
    from . import logs

    parser = argparse.ArgumentParser(prog="presswash", description="Crawl news sites and clean their articles.")
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="serve the bundled demo site on 127.0.0.1, crawl it and clean it")
    demo.add_argument("--data-dir", default="data", type=Path, help="output folder (default: data)")
    demo.add_argument("--format", choices=FORMATS, default="jsonl", help="article parts: jsonl (default) or parquet")
    logs.add_arguments(demo)
    demo.set_defaults(func=cmd_demo)

    crawl = sub.add_parser("crawl", help="crawl the sites of a sites file once (for cron, systemd, Airflow)")
    crawl.add_argument("--sites", required=True, type=Path, help="the sites file (TOML)")
    crawl.add_argument("--site", action="append", dest="names", help="only this site (repeatable)")
    crawl.add_argument("--data-dir", default="data", type=Path, help="output and state folder (default: data)")
    crawl.add_argument("--workers", type=int, default=0, help="cleaning processes (default: one per CPU)")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", dest="settings",
                       help="override a Scrapy or PRESSWASH_* setting, as `scrapy crawl -s` does (repeatable)")
    crawl.add_argument("--format", choices=FORMATS, default="jsonl",
                       help="article parts: jsonl (default) or parquet, in the same date=YYYY-MM-DD/ folders")
    logs.add_arguments(crawl)
    crawl.add_argument("--report", type=Path, metavar="HTML", help="also write the run's HTML report here")
    crawl.add_argument("--state", metavar="redis://HOST:PORT/DB",
                       help="a crawl state in Redis, shared by crawler nodes (default: the sites file's [defaults] "
                       "state, else DATA_DIR/state.sqlite); see docs/scaling.md")
    crawl.add_argument("--join", action="store_true",
                       help="with a Redis state: join the run in progress over these sites as one more node "
                       "(or start it); each node needs its own --data-dir")
    crawl.add_argument("--node", metavar="NAME", help="this node's name in file names and the manifest "
                       "(default: the host name; the pid is added)")
    crawl.add_argument("--fail-on-drift", action="store_true",
                       help="exit 65 when a site's reject rate, words per article, removals or template moved "
                       "sharply from its history (the run itself went well); see docs/site_templates.md")
    crawl.add_argument("--no-templates", action="store_true",
                       help="neither use nor learn the sites' template profiles (DATA_DIR/templates/)")
    crawl.set_defaults(func=cmd_crawl)

    serve = sub.add_parser("serve-demo", help="serve the bundled demo news site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.set_defaults(func=cmd_serve_demo)

    clean = sub.add_parser("clean", help="clean stored raw pages (HTML files, folders, WARC files)")
    clean.add_argument("inputs", nargs="+",
                       help="HTML files (.html, .html.gz), folders of them, WARC files, or - for one page on stdin")
    clean.add_argument("-o", "--output", required=True,
                       help="articles JSONL to write; .gz: gzipped; -: standard output")
    clean.add_argument("--rejects", help="rejects JSONL (default: OUTPUT with .rejects.jsonl; none for -o -)")
    clean.add_argument("--force", action="store_true", help="overwrite output files that exist")
    clean.add_argument("--url", help="URL of the page, when cleaning a single HTML file")
    clean.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                       help="worker processes (default: up to 4); the output does not depend on it")
    clean.add_argument("--dask", metavar="tcp://HOST:PORT|local:N",
                       help="clean on Dask: a running scheduler, or a local cluster of N processes; same output")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar")
    clean.add_argument("--state", type=Path, help="the crawl's state.sqlite: take revision numbers from it")
    clean.add_argument("--sites", type=Path,
                       help="the crawl's sites file: clean each page with its site's options (extra_boilerplate)")
    clean.add_argument("--report", type=Path, metavar="HTML", help="also write an HTML report of this clean here")
    clean.add_argument("--templates", type=Path, metavar="DIR",
                       help="clean each page with its site's template profile from DIR (a crawl's DATA_DIR/templates)")
    clean.add_argument("--learn-templates", type=Path, metavar="DIR",
                       help="clean the input once, learn each site's template profile from it into DIR (a site: "
                       "the --sites name of the page's host, else the host), then clean with them")
    clean.set_defaults(func=cmd_clean)

    validate = sub.add_parser("validate", help="check JSONL and Parquet files, folders or globs against the schemas")
    validate.add_argument("paths", nargs="+", metavar="PATH",
                          help="files (.jsonl, .jsonl.gz, .parquet), folders, globs")
    validate.add_argument("--schema", choices=("auto", "article", "reject"), default="auto",
                          help="default: each record's own kind (a reject names its stage)")
    validate.add_argument("--max-errors", type=int, default=100, help="stop listing after this many (default 100)")
    validate.set_defaults(func=cmd_validate)

    from .diff import add_diff_parser
    from .fix_scripts_cmd import add_fix_scripts_parser
    from .report.command import add_report_parser

    add_fix_scripts_parser(sub)
    add_report_parser(sub)
    add_diff_parser(sub)
    from .dedup import add_dedup_parser

    add_dedup_parser(sub)
    from .crawl_nodes_cmd import add_crawl_nodes_parser

    add_crawl_nodes_parser(sub)

    args = parser.parse_args(argv)
    return args.func(args)


def version_line() -> str:
    """The package, the cleaner chain and the output schema: what decides the output bytes."""
    from importlib.metadata import PackageNotFoundError, version

    from cleaners.version import CHAIN_VERSION
    from output.serialize import SCHEMA_VERSION

    try:
        package = version("presswash")
    except PackageNotFoundError:  # run from a checkout that was never installed
        package = "unknown"
    return f"presswash {package} (cleaner chain {CHAIN_VERSION}, output schema {SCHEMA_VERSION})"


def cmd_demo(args) -> int:
    from . import logs
    from .crawl import Locked
    from .demo import run_demo
    from .report import crawl_summary
    from .settings_check import data_dir_problem, format_problem

    if problem := data_dir_problem(args.data_dir) or format_problem(args.format):
        print(f"presswash demo: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        log_settings = logs.configure(args)
    except OSError as exc:
        print(f"presswash demo: --log-file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result, base_url = run_demo(args.data_dir, part_format=args.format, settings=log_settings)
    except Locked as exc:
        print(f"presswash demo: not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    if not args.quiet:
        print(f"presswash demo: the bundled demo site, served on {base_url}/")
        print(crawl_summary(result.manifest, result.path))
    from .demo import DEMO_SITE

    # A re-run that finds every page fresh writes nothing, rightly; the articles of earlier runs are there.
    if not any((args.data_dir / "articles").rglob(f"part-*-{DEMO_SITE}-*")):
        print("presswash demo: no article was written", file=sys.stderr)
        return EXIT_FAIL
    return result.exit_code


def cmd_crawl(args) -> int:
    from scraper.sites import SiteConfigError, load_sites, select

    from .crawl import Locked, run
    from .report import crawl_summary

    try:
        sites = select(load_sites(args.sites), args.names, str(args.sites))
    except SiteConfigError as exc:
        print(f"presswash crawl: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from . import logs
    from .settings_check import data_dir_problem, format_problem

    if problem := data_dir_problem(args.data_dir) or format_problem(args.format):
        print(f"presswash crawl: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from .crawl_progress import progress_settings

    logs.adopt_scrapy_flags(args, args.settings)
    try:
        overrides = {**logs.configure(args), "PRESSWASH_FORMAT": args.format,
                     **progress_settings(args.quiet, sys.stderr.isatty() and not args.log_file)}
    except OSError as exc:
        print(f"presswash crawl: --log-file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for pair in args.settings:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            print(f"presswash crawl: -s {pair!r}: expected NAME=VALUE", file=sys.stderr)
            return EXIT_USAGE
        overrides[name.strip()] = value
    from .settings_check import unknown_setting_warnings

    for warning in unknown_setting_warnings([p.partition("=")[0].strip() for p in args.settings]):
        print(f"presswash crawl: warning: {warning}", file=sys.stderr)
    from scraper.state import is_redis

    if args.state and not is_redis(args.state):
        print(f"presswash crawl: --state {args.state!r}: expected redis://HOST:PORT/DB", file=sys.stderr)
        return EXIT_USAGE
    if (args.join or args.node) and not is_redis(args.state or next((s.state for s in sites if s.state), "")):
        print("presswash crawl: --join and --node need a Redis crawl state (--state redis://HOST:PORT/DB, "
              "or state in the sites file's [defaults])", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = run(sites, args.data_dir, overrides, args.workers, templates=not args.no_templates,
                     fail_on_drift=args.fail_on_drift, state=args.state, join=args.join, node=args.node)
    except ConnectionError as exc:  # the Redis crawl state does not answer
        print(f"presswash crawl: not started: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except Locked as exc:
        print(f"presswash crawl: not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    if not args.quiet:
        print(crawl_summary(result.manifest, result.path))
    if args.report:
        from .report.command import report_after_crawl

        print(f"presswash crawl: {report_after_crawl(result.manifest, args.data_dir, args.report, args.sites)}")
    return result.exit_code


def cmd_serve_demo(args) -> int:
    from .site_server import SiteServer, demo_site_root

    server = SiteServer(demo_site_root(), port=args.port)
    print(f"serving the demo site on {server.base_url}/ (Ctrl+C to stop)", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return EXIT_OK


def cmd_clean(args) -> int:
    from cleaners.config import CleanerConfig

    from . import clean_io
    from .inputs import InputError, expand_with_skips, iter_pages
    from .reclean import run_clean
    from .remote_files import UrlError, check_urls

    try:  # fsspec URLs (presswash/remote_files.py): a protocol that is not installed is bad usage
        check_urls(args.inputs, [args.output, args.rejects])
    except UrlError as exc:
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        files, skipped_files = expand_with_skips(args.inputs)
    except InputError as exc:
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_FAIL
    for path, why in skipped_files:  # said, not silent: a folder's other files
        print(f"presswash clean: skipped {path}: {why}", file=sys.stderr)
    if not files:
        print("presswash clean: nothing to clean: no HTML or WARC file in the input", file=sys.stderr)
        return EXIT_FAIL
    if args.url and (len(files) != 1 or files[0].name.endswith((".warc", ".warc.gz"))):
        print("presswash clean: --url applies to exactly one HTML file", file=sys.stderr)
        return EXIT_USAGE
    from .dask_executor import dask_mapper

    try:
        mapper = dask_mapper(args.dask) if args.dask else None
    except ValueError as exc:
        print(f"presswash clean: --dask {exc}", file=sys.stderr)
        return EXIT_USAGE
    scratch = clean_io.scratch_dir()
    out, rej = clean_io.plan(args.output, args.rejects, Path(scratch.name))
    if (there := clean_io.existing((out, rej))) and not args.force:
        print(f"presswash clean: {there[0]} exists: pass --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    rejects = rej.path or (rej.remote and rej.name) or rej.work
    report_to = sys.stderr if args.output == clean_io.STDOUT else sys.stdout  # standard output may be the articles
    config = CleanerConfig()
    if args.sites:
        from scraper.sites import SiteConfigError, configs_by_host, load_sites

        try:
            by_host = configs_by_host(load_sites(args.sites))
        except SiteConfigError as exc:
            print(f"presswash clean: {exc}", file=sys.stderr)
            return EXIT_USAGE
        default = config

        def config(page):
            return by_host.get(urlsplit(page.url).netloc, default)
    started = time.monotonic()
    templates_note = ""
    if args.learn_templates and "-" in args.inputs:
        print("presswash clean: --learn-templates reads the input twice: not from standard input", file=sys.stderr)
        return EXIT_USAGE
    if args.templates or args.learn_templates:
        from .site_profiles import clean_config

        site_of_host = {}
        if args.sites:
            site_of_host = {h: s.name for s in load_sites(args.sites) for h in s.hosts}
        base = config if callable(config) else (lambda page, c=config: c)
        config, templates_note = clean_config(
            args.learn_templates or args.templates, bool(args.learn_templates), lambda: iter_pages(files, args.url),
            base, site_of_host, lambda pages, o, r: run_clean(pages, o, r, base, args.workers, mapper=mapper),
            "clean-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
    progress, on_page = None, None
    if not args.no_progress and sys.stderr.isatty():
        from .progress import CleanProgress

        progress = CleanProgress(files)  # a total from the start: the inputs' size
        on_page = progress.page_done
    # Ctrl-C stops this process at once; workers ignore it (scraper/workers.py)
    pages = progress.read(args.url) if progress else iter_pages(files, args.url)
    try:
        with progress or contextlib.nullcontext():
            run = run_clean(pages, out.work, rej.work, config, args.workers,
                            on_page=on_page, crawl_state=args.state, mapper=mapper)
    except KeyboardInterrupt:
        for target in (out, rej):
            target.discard()
        print("presswash clean: interrupted: nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:
        for target in (out, rej):
            target.discard()
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_FAIL
    sink = run.sink
    reasons = ", ".join(f"{stage}/{reason} {n}" for (stage, reason), n in sorted(sink.rejected.items())) or "none"
    skipped = ", ".join(f"{k} {n}" for k, n in sorted(run.skipped.items()))
    kept = rej.name or "not kept (--rejects FILE keeps them)"
    skipped += f"{', ' if skipped else ''}files {len(skipped_files)}" if skipped_files else ""
    if templates_note:
        print(f"presswash clean: {templates_note}", file=report_to)
    print(f"presswash clean: {run.pages} pages in {time.monotonic() - started:.1f} s: "
          f"{sink.written} articles -> {args.output}; {sum(sink.rejected.values())} rejected ({reasons}) -> {kept}"
          + (f"; skipped {skipped}" if skipped else ""), file=report_to)
    if args.report:
        from .report.command import report_after_clean

        local_inputs = [f for f in files if isinstance(f, Path)]  # a URL's raw pages are not in the report
        print(f"presswash clean: {report_after_clean(out.work, rej.work, local_inputs, args.report, config)}",
              file=report_to)
    try:
        for target in (out, rej):
            target.finish()
    except OSError as exc:  # a URL's filesystem failed (presswash/remote_files.py)
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_FAIL
    scratch.cleanup()
    if run.pages == sum(run.skipped.values()):  # every record a hub or a redirect, or no record at all
        print("presswash clean: nothing was cleaned: the input holds no page", file=sys.stderr)
        return EXIT_FAIL
    if run.damaged:  # a cut archive is not a clean input: say so, and let a scheduler see it
        print(f"presswash clean: damaged input: {run.damaged} record(s) cut short (archive/truncated), "
              f"see {rejects}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def cmd_validate(args) -> int:
    from .validate_cmd import run

    return run(args.paths, args.schema, args.max_errors)


if __name__ == "__main__":
    sys.exit(main())

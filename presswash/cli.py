"""The `presswash` command: wires the scraper, the cleaners and the output together.

    presswash demo [--data-dir DIR]
    presswash crawl --sites sites.toml [--site NAME ...] [--data-dir DIR] [-s NAME=VALUE ...]
    presswash serve-demo [--port 8765]
    presswash clean INPUT... -o OUT.jsonl [--rejects REJECTS.jsonl] [--url URL] [--workers N] [--sites FILE]
    presswash validate FILE.jsonl [--schema article|reject]
    presswash fix-scripts [--language CODE] [--explain] < in.txt > out.txt

Exit codes: 0 success, 1 failure (invalid lines, unreadable input, a site that failed entirely,
no article from the demo), 2 bad usage or a bad sites file, 75 another run holds a site's lock.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="presswash", description="Crawl news sites and clean their articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="serve the bundled demo site on 127.0.0.1, crawl it and clean it")
    demo.add_argument("--data-dir", default="data", type=Path, help="output folder (default: data)")
    demo.add_argument("--verbose", action="store_true", help="show Scrapy's log")
    demo.set_defaults(func=cmd_demo)

    crawl = sub.add_parser("crawl", help="crawl the sites of a sites file once (for cron, systemd, Airflow)")
    crawl.add_argument("--sites", required=True, type=Path, help="the sites file (TOML)")
    crawl.add_argument("--site", action="append", dest="names", help="only this site (repeatable)")
    crawl.add_argument("--data-dir", default="data", type=Path, help="output and state folder (default: data)")
    crawl.add_argument("--workers", type=int, default=0, help="cleaning processes (default: one per CPU)")
    crawl.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", dest="settings",
                       help="override a Scrapy or PRESSWASH_* setting, as `scrapy crawl -s` does (repeatable)")
    crawl.add_argument("--verbose", action="store_true", help="show Scrapy's log")
    crawl.set_defaults(func=cmd_crawl)

    serve = sub.add_parser("serve-demo", help="serve the bundled demo news site on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.set_defaults(func=cmd_serve_demo)

    clean = sub.add_parser("clean", help="clean stored raw pages (HTML files, folders, WARC files)")
    clean.add_argument("inputs", nargs="+", help="HTML files, folders of .html files, or WARC files")
    clean.add_argument("-o", "--output", required=True, type=Path, help="articles JSONL to write")
    clean.add_argument("--rejects", type=Path, help="rejects JSONL (default: OUTPUT with .rejects.jsonl)")
    clean.add_argument("--url", help="URL of the page, when cleaning a single HTML file")
    clean.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                       help="worker processes (default: up to 4); the output does not depend on it")
    clean.add_argument("--no-progress", action="store_true", help="no progress bar")
    clean.add_argument("--state", type=Path, help="the crawl's state.sqlite: take revision numbers from it")
    clean.add_argument("--sites", type=Path,
                       help="the crawl's sites file: clean each page with its site's options (extra_boilerplate)")
    clean.set_defaults(func=cmd_clean)

    validate = sub.add_parser("validate", help="check a JSONL file against the published JSON Schema")
    validate.add_argument("file", type=Path)
    validate.add_argument("--schema", choices=("article", "reject"), default="article")
    validate.add_argument("--max-errors", type=int, default=100, help="stop listing after this many (default 100)")
    validate.set_defaults(func=cmd_validate)

    fix = sub.add_parser("fix-scripts",
                         help="repair mixed-script words in UTF-8 lines from stdin, one line out per line in")
    fix.add_argument("--language", help="ISO 639-1 code of the text (en, ru, kk, ...); default: inferred per line")
    fix.add_argument("--explain", action="store_true", help="print each repair to stderr")
    fix.set_defaults(func=cmd_fix_scripts)

    args = parser.parse_args(argv)
    return args.func(args)


def cmd_demo(args) -> int:
    from .crawl import Locked
    from .demo import run_demo
    from .report import crawl_summary

    try:
        result, base_url = run_demo(args.data_dir, "INFO" if args.verbose else "WARNING")
    except Locked as exc:
        print(f"presswash demo: not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"presswash demo: the bundled demo site, served on {base_url}/")
    print(crawl_summary(result.manifest, result.path))
    written = sum(s["new"] + s["updated"] for s in result.manifest["sites"].values())
    if not written and not any(s["unchanged"] for s in result.manifest["sites"].values()):
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
    overrides = {"LOG_LEVEL": "INFO" if args.verbose else "WARNING"}
    for pair in args.settings:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            print(f"presswash crawl: -s {pair!r}: expected NAME=VALUE", file=sys.stderr)
            return EXIT_USAGE
        overrides[name.strip()] = value
    try:
        result = run(sites, args.data_dir, overrides, args.workers)
    except Locked as exc:
        print(f"presswash crawl: not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(crawl_summary(result.manifest, result.path))
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

    from .inputs import InputError, expand, iter_pages
    from .reclean import run_clean

    try:
        files = expand(args.inputs)
    except InputError as exc:
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if args.url and (len(files) != 1 or files[0].name.endswith((".warc", ".warc.gz"))):
        print("presswash clean: --url applies to exactly one HTML file", file=sys.stderr)
        return EXIT_USAGE
    rejects = args.rejects or args.output.with_name(args.output.name.removesuffix(".jsonl") + ".rejects.jsonl")
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
    progress, on_page = None, None
    if not args.no_progress and sys.stderr.isatty():
        from rich.progress import MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("cleaning"), MofNCompleteColumn(), TextColumn("pages"), TimeElapsedColumn(),
                            transient=True)
        task = progress.add_task("clean", total=None)

        def on_page():
            progress.advance(task)
    try:
        with progress or contextlib.nullcontext():
            run = run_clean(iter_pages(files, args.url), args.output, rejects, config, args.workers,
                            on_page=on_page, crawl_state=args.state)
    except OSError as exc:
        print(f"presswash clean: {exc}", file=sys.stderr)
        return EXIT_FAIL
    sink = run.sink
    reasons = ", ".join(f"{stage}/{reason} {n}" for (stage, reason), n in sorted(sink.rejected.items())) or "none"
    skipped = ", ".join(f"{k} {n}" for k, n in sorted(run.skipped.items()))
    print(f"presswash clean: {run.pages} pages in {time.monotonic() - started:.1f} s: "
          f"{sink.written} articles -> {args.output}; {sum(sink.rejected.values())} rejected ({reasons}) -> {rejects}"
          + (f"; skipped {skipped}" if skipped else ""))
    return EXIT_OK


def cmd_validate(args) -> int:
    from output.schema import validate_lines

    try:
        f = open(args.file, "rb")
    except OSError as exc:
        print(f"presswash validate: {exc}", file=sys.stderr)
        return EXIT_FAIL
    seen = [0]

    def lines():
        for line in f:
            seen[0] += 1
            yield line

    bad_lines: set[int] = set()
    errors = 0
    with f:
        for err in validate_lines(lines(), args.schema):
            errors += 1
            bad_lines.add(err.line)
            if errors <= args.max_errors:
                print(f"{args.file}:{err.line}: {err.message}")
    if bad_lines:
        print(f"presswash validate: {len(bad_lines)} of {seen[0]} lines invalid ({errors} errors)", file=sys.stderr)
        return EXIT_FAIL
    print(f"presswash validate: {seen[0]} lines valid against the {args.schema} schema")
    return EXIT_OK


def cmd_fix_scripts(args) -> int:
    from cleaners.fix_mixed_scripts import ScriptContext, fix_text
    from cleaners.script_tables import LANGUAGE_SCRIPTS

    if args.language and args.language not in LANGUAGE_SCRIPTS:
        print(f"presswash fix-scripts: unknown language {args.language!r}; known: "
              + " ".join(sorted(LANGUAGE_SCRIPTS)), file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout.buffer
    for n, raw in enumerate(sys.stdin.buffer, start=1):
        # Bytes that are not UTF-8 pass through untouched (surrogateescape), so every line
        # comes out, with its own line ending.
        line = raw.decode("utf-8", errors="surrogateescape")
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        fixed, edits = fix_text(body, ScriptContext.of_texts([body], args.language))
        out.write((fixed + ending).encode("utf-8", errors="surrogateescape"))
        if args.explain:
            for rule, before, after in edits:
                print(f"line {n}: {rule}: {before} -> {after}", file=sys.stderr)
    out.flush()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

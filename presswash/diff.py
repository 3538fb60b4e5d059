"""`presswash diff OLD NEW`: what a new chain version (or a new crawl) changes in an article set.

    presswash diff OLD NEW [--html OUT.html] [--work DIR] [--list N]

OLD and NEW are JSONL files, Parquet parts, or folders of them (recursively, hidden in-progress
files and rejects left out). Exit codes: 0 identical, 1 the sets differ, 2 bad usage or input.
The comparison itself is corpus/diff.py.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from collections.abc import Iterator
from html import escape
from pathlib import Path

EXIT_IDENTICAL, EXIT_DIFFERS, EXIT_BAD = 0, 1, 2
SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


class InputError(ValueError):
    pass


def add_diff_parser(sub) -> None:
    p = sub.add_parser("diff", help="what changed between two article sets (exit 0 identical, 1 differs)")
    p.add_argument("old", type=Path, help="JSONL or Parquet file, or a folder of them")
    p.add_argument("new", type=Path, help="JSONL or Parquet file, or a folder of them")
    p.add_argument("--html", type=Path, help="also write the changed articles' blocks as an HTML page")
    p.add_argument("--html-articles", type=int, default=200, help="changed articles on that page (default 200)")
    p.add_argument("--list", type=int, default=20, help="ids listed per kind of change (default 20)")
    p.add_argument("--work", type=Path, help="folder for the scratch database (default: a temporary folder)")
    p.set_defaults(func=cmd_diff)


def article_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(f for f in path.rglob("*") if f.is_file() and f.name.endswith(SUFFIXES)
                      and not f.name.startswith(".") and ".rejects.jsonl" not in f.name
                      and "rejects" not in f.relative_to(path).parts[:-1])
    if path.is_file():
        if not path.name.endswith(SUFFIXES):
            raise InputError(f"{path}: not a JSONL (.jsonl, .jsonl.gz) or Parquet (.parquet) file")
        return [path]
    raise InputError(f"{path}: no such file or folder")


def records(files: list[Path]) -> Iterator[dict]:
    """Every article record of the files, in order; a line that is not an article is an error."""
    for path in files:
        if path.suffix == ".parquet":
            try:
                from output.parquet import iter_parquet_records
            except ImportError as exc:
                raise InputError(f"{path}: reading Parquet needs pyarrow ({exc})") from None
            for n, record in enumerate(iter_parquet_records(path), start=1):
                yield _checked(record, path, n)
            continue
        yield from _jsonl_records(path)


def _jsonl_records(path: Path) -> Iterator[dict]:
    n = 0
    try:
        with gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as f:
            for n, raw in enumerate(f, start=1):
                try:
                    record = json.loads(raw)
                except ValueError:
                    raise InputError(f"{path}:{n}: not a JSON line") from None
                yield _checked(record, path, n)
    except (OSError, EOFError) as exc:  # unreadable, or a gzip file cut short or not gzip at all
        raise InputError(f"{path}:{n + 1}: {exc or type(exc).__name__}") from None


def _checked(record, path: Path, n: int) -> dict:
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise InputError(f"{path}:{n}: not an article record (no id; a rejects file?)")
    return record


def render_change(change) -> str:
    parts = [f'<section class="article" id="a-{escape(change.id)}"><h2>{escape(change.title or change.id)}</h2>',
             f'<p class="meta">id <code>{escape(change.id)}</code> · changed: {escape(", ".join(change.fields))}</p>']
    for status, text, cause in change.blocks:
        if status == "same":
            parts.append(f'<div class="blk kept">{escape(text)}</div>')
        elif status == "vanished":
            parts.append(f'<div class="blk removed"><del>{escape(text)}</del><span class="label">{escape(cause)}'
                         "</span></div>")
        else:
            parts.append(f'<div class="blk appeared"><ins>{escape(text)}</ins><span class="label new">'
                         f"{escape(cause)}</span></div>")
    for text, was, now in change.relabelled:
        parts.append(f'<div class="blk removed"><del>{escape(text)}</del><span class="label">{escape(was)} → '
                     f"{escape(now)}</span></div>")
    return "\n".join(parts) + "</section>"


def summary_lines(r, old: Path, new: Path) -> list[str]:
    lines = [f"presswash diff: {old} ({r.old_articles} articles) -> {new} ({r.new_articles}): {r.added} added, "
             f"{r.gone} gone, {r.unchanged} unchanged, {r.changed} changed"]
    if r.changed_fields:
        lines.append("  changed fields: " + ", ".join(f"{k} {n}" for k, n in sorted(r.changed_fields.items())))
    for kind in ("vanished", "appeared", "relabelled"):
        mine = sorted(((c, n) for (k, c), n in r.causes.items() if k == kind), key=lambda cn: (-cn[1], cn[0]))
        if mine:
            lines.append(f"  blocks {kind}: " + "; ".join(f"{c} {n}" for c, n in mine))
    if r.added_ids:
        lines.append("  added: " + " ".join(r.added_ids) + (" ..." if r.added > len(r.added_ids) else ""))
    if r.gone_ids:
        lines.append("  gone: " + " ".join(r.gone_ids) + (" ..." if r.gone > len(r.gone_ids) else ""))
    return lines


def cmd_diff(args) -> int:
    from corpus.diff import NEW, OLD, DiffStore, diff
    from output.sinks import write_text_atomic as write_atomic

    from .report.render import document, table

    if args.list < 0 or args.html_articles < 0:
        print("presswash diff: --list and --html-articles must be 0 or more", file=sys.stderr)
        return EXIT_BAD
    try:
        old_files, new_files = article_files(args.old), article_files(args.new)
        if args.work:
            args.work.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="presswash-diff-", dir=args.work) as scratch:
            store = DiffStore(Path(scratch) / "diff.sqlite")
            try:
                store.load(OLD, records(old_files))
                store.load(NEW, records(new_files))
                changed_ids: list[str] = []
                sections: list[str] = []

                def on_change(change) -> None:
                    if len(changed_ids) < args.list:
                        changed_ids.append(change.id)
                    if args.html and len(sections) < args.html_articles:
                        sections.append(render_change(change))

                result = diff(store, on_change, args.list)
            finally:
                store.close()
    except InputError as exc:
        print(f"presswash diff: {exc}", file=sys.stderr)
        return EXIT_BAD
    except OSError as exc:
        print(f"presswash diff: {exc}", file=sys.stderr)
        return EXIT_BAD
    lines = summary_lines(result, args.old, args.new)
    if changed_ids:
        lines.append("  changed: " + " ".join(changed_ids) + (" ..." if result.changed > len(changed_ids) else ""))
    print("\n".join(lines))
    if args.html:
        causes = sorted(result.causes.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        body = ["<h1>presswash diff</h1>", f'<p class="meta">{escape(lines[0].removeprefix("presswash diff: "))}</p>',
                table(["blocks", "step · reason responsible", "count"],
                      [[escape(k), escape(c), n] for (k, c), n in causes], {2})]
        if result.changed > len(sections):
            body.append(f"<p>The first {len(sections)} of {result.changed} changed articles, in id order.</p>")
        write_atomic(args.html, document("presswash diff", body + sections, []))
        print(f"presswash diff: {len(sections)} changed articles -> {args.html}")
    return EXIT_IDENTICAL if result.identical else EXIT_DIFFERS

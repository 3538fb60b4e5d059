"""`presswash fix-scripts`: repair mixed-script words in text from stdin, written to stdout.

    presswash fix-scripts [--language CODE] [--explain] < in.txt > out.txt
    presswash fix-scripts --jsonl-field text < in.jsonl > out.jsonl
    presswash fix-scripts --csv-column title [--csv-delimiter ';'] < in.csv > out.csv

Each line, each JSON line's field or each CSV cell is repaired on its own (its own letters are its
context). Plain lines: one line out per line in, with its own line ending; bytes that are not UTF-8
pass through (surrogateescape). JSON Lines: only the field's string value is rewritten, in place; the
other bytes of the line stay as they were (key order, spacing, escapes), and a line whose field is
missing or not a string is written unchanged. CSV: the csv module reads and writes the rows, the
header is kept, only the named column changes.

Exit codes: 0 done, 1 some JSON lines were not objects (written unchanged, each named on stderr),
2 bad usage (an unknown language, a CSV without the column).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from itertools import chain

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def add_fix_scripts_parser(sub) -> None:
    fix = sub.add_parser("fix-scripts",
                         help="repair mixed-script words in UTF-8 lines, a JSONL field or a CSV column from stdin")
    fix.add_argument("--language", help="ISO 639-1 code of the text (en, ru, kk, sr-Latn, ...), a hint its letters "
                     "may overrule; one without an alphabet of its own gets its script's rules; default: inferred")
    fix.add_argument("--explain", action="store_true", help="print each repair and the alphabet it used to stderr")
    what = fix.add_mutually_exclusive_group()
    what.add_argument("--jsonl-field", metavar="FIELD",
                      help="input is JSON Lines: repair this top-level string field, keep the rest of each line")
    what.add_argument("--csv-column", metavar="NAME", help="input is CSV with a header: repair this column")
    fix.add_argument("--csv-delimiter", default=",", help="field delimiter of --csv-column input (default ,)")
    fix.set_defaults(func=run)


def run(args) -> int:
    from cleaners.fix_mixed_scripts import ScriptContext, fix_text
    from cleaners.script_tables import describe_alphabet, parse_language

    hint = parse_language(args.language)
    if args.language and hint is None:
        return _usage(f"{args.language!r} is not an ISO 639-1 code (en, ru, kk, sr-Latn, ...)")
    if args.explain and hint is not None:
        print(hint.explain(), file=sys.stderr)

    def repair(text: str, where: str) -> str:
        notes: list = []
        fixed, edits = fix_text(text, ScriptContext.of_texts([text], args.language), notes)
        if args.explain:
            for (rule, before, after), (_, _, alphabet) in zip(edits, notes, strict=True):
                print(f"{where}: {rule}: {before} -> {after} ({describe_alphabet(alphabet)})", file=sys.stderr)
        return fixed

    out = sys.stdout.buffer
    try:
        if args.jsonl_field is not None:
            return fix_jsonl(sys.stdin.buffer, out, args.jsonl_field, repair)
        if args.csv_column is not None:
            return fix_csv(sys.stdin.buffer, out, args.csv_column, args.csv_delimiter, repair)
        return fix_lines(sys.stdin.buffer, out, repair)
    finally:
        out.flush()


def _usage(message: str) -> int:
    print(f"presswash fix-scripts: {message}", file=sys.stderr)
    return EXIT_USAGE


def _decoded(raw: bytes) -> tuple[str, str]:
    """(line without its ending, the ending); bytes that are not UTF-8 survive as surrogates."""
    line = raw.decode("utf-8", errors="surrogateescape")
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def fix_lines(inp, out, repair: Callable[[str, str], str]) -> int:
    for n, raw in enumerate(inp, start=1):
        body, ending = _decoded(raw)
        out.write(_encoded(repair(body, f"line {n}") + ending))
    return EXIT_OK


def fix_jsonl(inp, out, field: str, repair: Callable[[str, str], str]) -> int:
    status = EXIT_OK
    for n, raw in enumerate(inp, start=1):
        body, ending = _decoded(raw)
        if not body.strip():
            out.write(raw)
            continue
        try:
            spans = list(string_values(body, field))
        except ValueError as exc:
            print(f"presswash fix-scripts: line {n}: not a JSON object ({exc}), written unchanged", file=sys.stderr)
            out.write(raw)
            status = EXIT_FAIL
            continue
        parts, last = [], 0
        for start, end, value in spans:
            fixed = repair(value, f"line {n}")
            if fixed != value:
                # the original's escaping style: \uXXXX escapes stay escapes, raw UTF-8 stays raw
                parts += [body[last:start], json.dumps(fixed, ensure_ascii=body[start:end].isascii())]
                last = end
        out.write(_encoded("".join(parts) + body[last:] + ending) if parts else raw)
    return status


def string_values(line: str, field: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each string value of `field` among the top-level keys of the JSON object
    on `line`, where start:end is the value's JSON text. ValueError when the line is not one object."""
    i = _skip(line, 0)
    if line[i:i + 1] != "{":
        raise ValueError("it does not start with {")
    found = []
    i = _skip(line, i + 1)
    if line[i:i + 1] == "}":
        i += 1
    else:
        while True:
            if line[i:i + 1] != '"':
                raise ValueError(f"a key was expected at character {i + 1}")
            key, i = json.decoder.scanstring(line, i + 1)
            i = _skip(line, i)
            if line[i:i + 1] != ":":
                raise ValueError(f"':' was expected at character {i + 1}")
            start = _skip(line, i + 1)
            try:
                value, i = _DECODER.raw_decode(line, start)
            except json.JSONDecodeError as exc:
                raise ValueError(exc.msg + f" at character {exc.pos + 1}") from None
            if key == field and isinstance(value, str):
                found.append((start, i, value))
            i = _skip(line, i)
            if line[i:i + 1] == ",":
                i = _skip(line, i + 1)
                continue
            if line[i:i + 1] == "}":
                i += 1
                break
            raise ValueError(f"',' or '}}' was expected at character {i + 1}")
    if line[_skip(line, i):]:
        raise ValueError(f"extra data at character {i + 1}")
    yield from found


def _skip(line: str, i: int) -> int:
    while i < len(line) and line[i] in _SPACE:
        i += 1
    return i


def fix_csv(inp, out, column: str, delimiter: str, repair: Callable[[str, str], str]) -> int:
    first = inp.readline()  # read apart, for the input's own line ending
    if not first:
        return EXIT_OK  # no input, no output
    ending = "\n" if first.endswith(b"\n") and not first.endswith(b"\r\n") else "\r\n"
    rest = io.TextIOWrapper(inp, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.reader(chain([first.decode("utf-8", errors="surrogateescape")], rest), delimiter=delimiter)
    header = next(reader)
    names = [header[0].removeprefix("\ufeff"), *header[1:]] if header else []  # a BOM is not the name
    if column not in names:
        return _usage(f"no column {column!r} in the CSV header ({', '.join(names)})")
    at = names.index(column)
    sink = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", newline="", write_through=True)
    writer = csv.writer(sink, delimiter=delimiter, lineterminator=ending)
    writer.writerow(header)
    for n, row in enumerate(reader, start=2):
        if at < len(row):
            row[at] = repair(row[at], f"row {n}")
        writer.writerow(row)
    sink.detach()
    rest.detach()
    return EXIT_OK

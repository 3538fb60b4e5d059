"""`presswash validate PATH...`: every record of JSON Lines (plain or gzipped) and Parquet files
against the published schemas. A PATH is a file, a folder (searched recursively, hidden
in-progress files left out) or a glob; each record is checked against the schema its content
claims (a reject names its stage) unless --schema says which. Problems are listed as
`file:line: reason`; the last line sums up. Exit 0 when every record is valid, 1 otherwise
(an unreadable or unknown file, a pattern that matches nothing, one invalid record).
"""

from __future__ import annotations

import glob
import gzip
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from output.schema import AUTO, check_lines, record_errors

SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")
EXIT_OK, EXIT_FAIL = 0, 1


@dataclass
class Tally:
    files: int = 0
    records: int = 0
    invalid: int = 0
    errors: int = 0
    bad_files: set = field(default_factory=set)
    kinds: Counter = field(default_factory=Counter)  # valid records per schema


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files to check, in argument order (folders sorted), and the arguments that gave none."""
    files, missing = [], []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(SUFFIXES)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.exists():
            found = [p]
        elif any(c in arg for c in "*?["):
            found = sorted(Path(f) for f in glob.glob(arg, recursive=True) if Path(f).is_file())
        else:
            found = []
        if not found:
            missing.append(arg)
        files.extend(found)
    return files, missing


def _problems_jsonl(path: Path, schema: str):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as f:
        yield from check_lines(iter(f), schema)


def _problems_parquet(path: Path, schema: str):
    import pyarrow.parquet as pq

    from output.arrow_schema import arrow_schema
    from output.parquet import iter_parquet_records

    found = pq.read_schema(path).remove_metadata()
    kind = schema if schema != AUTO else ("reject" if "stage" in found.names else "article")
    want = arrow_schema(kind)
    if not found.equals(want):
        got = {f.name: f for f in found}
        diffs = [f"{f.name}: {got[f.name]} instead of {f}" if f.name in got else f"{f.name}: missing"
                 for f in want if f.name not in got or not got[f.name].equals(f)]
        diffs += [f"{name}: not in the {kind} schema" for name in got if name not in want.names]
        yield 0, None, [f"not the published Arrow schema of the {kind} record: " + "; ".join(diffs)]
        return
    for n, record in enumerate(iter_parquet_records(path), start=1):
        yield n, *record_errors(record, kind)


def check_file(path: Path, schema: str, tally: Tally, say, max_errors: int) -> None:
    tally.files += 1
    if not path.name.endswith(SUFFIXES):
        tally.bad_files.add(path)
        tally.errors += 1
        say(f"{path}: not a JSON Lines (.jsonl, .jsonl.gz) or Parquet (.parquet) file", max_errors, tally)
        return
    problems = _problems_parquet if path.suffix == ".parquet" else _problems_jsonl
    try:
        for n, kind, found in problems(path, schema):
            tally.records += n > 0
            if not found:
                tally.kinds[kind] += 1
                continue
            tally.invalid += n > 0
            tally.bad_files.add(path)
            for message in found:
                tally.errors += 1
                say(f"{path}:{n}: {message}" if n else f"{path}: {message}", max_errors, tally)
    except (OSError, EOFError, ValueError) as exc:  # unreadable, a broken gzip, not Parquet at all
        tally.bad_files.add(path)
        tally.errors += 1
        say(f"{path}: cannot read: {exc}", max_errors, tally)


def _say(line: str, max_errors: int, tally: Tally) -> None:
    if tally.errors <= max_errors:
        print(line)


def summary(t: Tally) -> str:
    files = f"{t.files} file{'s' * (t.files != 1)}"
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(t.kinds.items())) or "none"
    if not t.bad_files:
        return f"presswash validate: {files}, {t.records} records valid ({kinds})"
    return (f"presswash validate: {t.invalid} of {t.records} records invalid, {len(t.bad_files)} of {files} "
            f"with problems ({t.errors} errors); valid: {kinds}")


def run(paths: list[str], schema: str = AUTO, max_errors: int = 100) -> int:
    files, missing = expand(paths)
    for arg in missing:
        print(f"presswash validate: {arg}: no such file, or no {', '.join(SUFFIXES)} file in it", file=sys.stderr)
    if not files:
        return EXIT_FAIL
    tally = Tally()
    for path in files:
        check_file(path, schema, tally, _say, max_errors)
    ok = not tally.bad_files and not missing
    print(summary(tally), file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if ok else EXIT_FAIL

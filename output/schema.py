"""The published JSON Schemas and line-by-line validation of JSONL files against them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator


@cache
def load_schema(name: str) -> dict:
    return json.loads(resources.files("output").joinpath(f"{name}.schema.json").read_text("utf-8"))


@cache
def validator(name: str = "article") -> Draft202012Validator:
    """Both schemas are self-contained (local $refs only): nothing is fetched, no registry needed."""
    return Draft202012Validator(load_schema(name))


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


AUTO = "auto"


def kind_of(record) -> str:
    """Which schema a record claims by its content: a reject names the stage that refused it."""
    return "reject" if isinstance(record, dict) and "stage" in record and "id" not in record else "article"


def record_errors(record, schema: str = AUTO) -> tuple[str, list[str]]:
    """(the schema it was checked against, its violations as 'path: message')."""
    kind = kind_of(record) if schema == AUTO else schema
    errors = sorted(validator(kind).iter_errors(record), key=lambda e: list(e.absolute_path))
    return kind, [f"{'/'.join(str(p) for p in e.absolute_path) or '(record)'}: {e.message}" for e in errors]


def check_lines(lines: Iterator[bytes], schema: str = "article") -> Iterator[tuple[int, str | None, list[str]]]:
    """(line number, schema or None when not a record, problems) for every line: not UTF-8, not
    JSON, cut short, or schema violations. `schema` may be "auto": each line's own kind."""
    for n, raw in enumerate(lines, start=1):
        problems = [] if raw.endswith(b"\n") else [
            "the last line has no newline: the file is truncated or still being written"]
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield n, None, [*problems, f"not UTF-8: {exc}"]
            continue
        except ValueError as exc:
            yield n, None, [*problems, f"not JSON: {exc}"]
            continue
        kind, errors = record_errors(record, schema)
        yield n, kind, problems + errors


def validate_lines(lines: Iterator[bytes], schema: str = "article") -> Iterator[LineError]:
    """Every problem of every line: not UTF-8, not JSON, not an object, or schema violations."""
    for n, _, problems in check_lines(lines, schema):
        for message in problems:
            yield LineError(n, message)

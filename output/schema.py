"""The published JSON Schemas and line-by-line validation of JSONL files against them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


@cache
def load_schema(name: str) -> dict:
    return json.loads(resources.files("output").joinpath(f"{name}.schema.json").read_text("utf-8"))


@cache
def validator(name: str = "article") -> Draft202012Validator:
    schemas = [load_schema(n) for n in ("article", "reject")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    return Draft202012Validator(load_schema(name), registry=registry)


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def validate_lines(lines: Iterator[bytes], schema: str = "article") -> Iterator[LineError]:
    """Every problem of every line: not UTF-8, not JSON, not an object, or schema violations."""
    check = validator(schema)
    for n, raw in enumerate(lines, start=1):
        if not raw.endswith(b"\n"):
            yield LineError(n, "the last line has no newline: the file is truncated or still being written")
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield LineError(n, f"not UTF-8: {exc}")
            continue
        except ValueError as exc:
            yield LineError(n, f"not JSON: {exc}")
            continue
        for err in sorted(check.iter_errors(record), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in err.absolute_path) or "(record)"
            yield LineError(n, f"{where}: {err.message}")

"""The Arrow schema of the records, derived from the JSON Schema: one source of truth.

Each JSON Schema type maps to one Arrow type (string, int64, a UTC timestamp for strings of
format date-time, lists and structs for arrays and objects); a field is nullable exactly when
its JSON Schema type admits null. `article.arrow.json` beside the JSON Schema is this schema
written out for readers that are not Python; a test checks it is what this module derives, and
`python -m output.arrow_schema` writes it again after a change of the JSON Schema.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources

import pyarrow as pa

from .schema import load_schema

SCHEMAS = ("article", "reject")
TIMESTAMP = pa.timestamp("us", tz="UTC")  # fetched_at has sub-second precision; DuckDB, polars: microseconds too
SCALARS = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


def _resolve(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if ref is None:
        return node
    if not ref.startswith("#/"):
        raise ValueError(f"only local references can be derived: {ref}")
    for part in ref[2:].split("/"):
        root = root[part]
    return root


def _nullable_and_node(node: dict, root: dict) -> tuple[bool, dict]:
    """(admits null, the non-null alternative) of a property's JSON Schema."""
    if "oneOf" in node:
        options = [_resolve(o, root) for o in node["oneOf"]]
        others = [o for o in options if o.get("type") != "null"]
        if len(others) != 1:
            raise ValueError(f"a oneOf of several non-null types has no Arrow type: {node}")
        return len(others) < len(options), others[0]
    node = _resolve(node, root)
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    kinds = [t for t in types if t != "null"]
    if len(kinds) != 1:
        raise ValueError(f"one type per field: {node}")
    return "null" in types, {**node, "type": kinds[0]}


def _arrow_type(node: dict, root: dict) -> pa.DataType:
    kind = node["type"]
    if kind == "string" and node.get("format") == "date-time":
        return TIMESTAMP
    if kind in SCALARS:
        return SCALARS[kind]
    if kind == "array":
        nullable, item = _nullable_and_node(node["items"], root)
        # "element": the name Parquet gives list items, so a Parquet file reads back with this very schema
        return pa.list_(pa.field("element", _arrow_type(item, root), nullable=nullable))
    if kind == "object":
        return pa.struct(_fields(node, root))
    raise ValueError(f"no Arrow type for JSON Schema type {kind!r}")


def _fields(node: dict, root: dict) -> list[pa.Field]:
    required = set(node.get("required", ()))
    fields = []
    for name, prop in node["properties"].items():
        nullable, inner = _nullable_and_node(prop, root)
        fields.append(pa.field(name, _arrow_type(inner, root), nullable=nullable or name not in required))
    return fields


@cache
def arrow_schema(name: str = "article") -> pa.Schema:
    """The Arrow schema of one record kind, fields in the order of the JSON Schema's properties."""
    root = load_schema(name)
    return pa.schema(_fields(root, root))


def _describe(t: pa.DataType):
    if pa.types.is_timestamp(t):
        return {"timestamp": t.unit, "tz": t.tz}
    if pa.types.is_list(t):
        return {"list": _describe_field(t.value_field)}
    if pa.types.is_struct(t):
        return {"struct": [_describe_field(t.field(i)) for i in range(t.num_fields)]}
    return str(t)


def _describe_field(f: pa.Field) -> dict:
    return {"name": f.name, "type": _describe(f.type), "nullable": f.nullable}


def arrow_json(name: str = "article") -> str:
    """The schema as published in `<name>.arrow.json`: deterministic, one field per line."""
    schema = arrow_schema(name)
    fields = ",\n".join("    " + json.dumps(_describe_field(f), ensure_ascii=False) for f in schema)
    return (f'{{\n  "title": "Arrow schema of the presswash {name} record",\n'
            f'  "derived_from": "{name}.schema.json",\n  "fields": [\n{fields}\n  ]\n}}\n')


def published_arrow_json(name: str = "article") -> str:
    return resources.files("output").joinpath(f"{name}.arrow.json").read_text("utf-8")


def main() -> int:
    for name in SCHEMAS:
        path = resources.files("output").joinpath(f"{name}.arrow.json")
        with open(str(path), "w", encoding="utf-8") as f:
            f.write(arrow_json(name))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

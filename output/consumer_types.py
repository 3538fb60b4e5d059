"""The published Arrow schema in the terms of each consumer library, for loading JSON Lines with
the declared types instead of guessed ones (Parquet files carry the schema themselves):

    pyarrow.dataset.dataset(folder, format=arrow_json_format(), partitioning=HIVE_DATE, schema=...)
    polars.read_ndjson("articles/**/*.jsonl", schema=polars_schema())
    duckdb: read_json('articles/**/*.jsonl', format='newline_delimited', hive_partitioning=true,
                      columns=duckdb_columns())
    pandas.read_json(file, lines=True, dtype=False).astype(pandas_dtypes())

Derived from output.arrow_schema, itself derived from the JSON Schema: nothing here to keep in step.
"""

from __future__ import annotations

import pyarrow as pa

from .arrow_schema import arrow_schema

PARTITION = pa.field("date", pa.date32())  # date=YYYY-MM-DD folders


def arrow_json_format(name: str = "article"):
    """pyarrow.dataset's JSON format, parsing with the published schema."""
    import pyarrow.dataset as ds
    import pyarrow.json as pj

    return ds.JsonFileFormat(parse_options=pj.ParseOptions(explicit_schema=arrow_schema(name)))


def hive_date_partitioning():
    import pyarrow.dataset as ds

    return ds.partitioning(pa.schema([PARTITION]), flavor="hive")


def polars_schema(name: str = "article") -> dict:
    import polars as pl

    return dict(pl.from_arrow(arrow_schema(name).empty_table()).schema)


def _duckdb_type(t: pa.DataType) -> str:
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t):
        return _duckdb_type(t.value_type) + "[]"
    if pa.types.is_struct(t):
        return "STRUCT(" + ", ".join(f'"{f.name}" {_duckdb_type(f.type)}' for f in t) + ")"
    return {"string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN"}[str(t)]


def duckdb_columns(name: str = "article") -> dict[str, str]:
    """read_json's `columns`: field name -> DuckDB type."""
    return {f.name: _duckdb_type(f.type) for f in arrow_schema(name)}


def pandas_dtypes(name: str = "article") -> dict[str, str]:
    """Column -> pandas dtype for the scalar fields (lists and structs stay Python objects)."""
    out = {}
    for f in arrow_schema(name):
        if pa.types.is_timestamp(f.type):
            out[f.name] = f"datetime64[{f.type.unit}, {f.type.tz}]"
        elif pa.types.is_string(f.type):
            out[f.name] = "str"
        elif pa.types.is_integer(f.type):
            out[f.name] = "Int64" if f.nullable else "int64"
    return out

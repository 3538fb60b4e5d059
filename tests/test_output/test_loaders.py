"""The crawl's partitioned article folder, as consumers load it: pandas, DuckDB, polars and
pyarrow, in JSON Lines and in Parquet, with the declared types. The folder comes from two real
crawls of a local site (revisions, nulls, four languages)."""

import glob
import subprocess
import sys
from datetime import UTC, datetime

import consumer_site as crawl_site
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from helpers import REPO

from output.arrow_schema import arrow_schema
from output.consumer_types import (
    PARTITION,
    arrow_json_format,
    duckdb_columns,
    hive_date_partitioning,
    pandas_dtypes,
    polars_schema,
)
from presswash.site_server import SiteServer

FORMATS = ("jsonl", "parquet")
LANGUAGES = {"en", "ru", "kk", "de"}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """articles/ folder per format, each from a first crawl and a second one after an edit."""
    base = tmp_path_factory.mktemp("consumers")
    folders = {}
    for fmt in FORMATS:
        root = base / f"site-{fmt}"
        crawl_site.write(root)
        with SiteServer(root) as site:
            sites = crawl_site.sites_file(base / f"sites-{fmt}.toml", site.base_url)
            for run in range(2):
                if run:
                    crawl_site.edit(root)
                proc = subprocess.run([sys.executable, "-m", "presswash.cli", "crawl", "--sites", str(sites),
                                       "--data-dir", str(base / fmt), "--workers", "1", "--format", fmt],
                                      cwd=REPO, capture_output=True, text=True, timeout=120)
                assert proc.returncode == 0, proc.stderr[-3000:]
        folders[fmt] = base / fmt / "articles"
        assert {p.suffix for p in folders[fmt].rglob("*") if p.is_file()} == {"." + fmt}
    return folders


def check_rows(rows: list[dict]) -> None:
    """The same facts, whichever library read them (rows as plain dicts)."""
    assert len(rows) == 6 and sorted(r["revision"] for r in rows) == [1, 1, 1, 1, 1, 2]
    assert {r["language"] for r in rows} == LANGUAGES
    assert {r["schema_version"] for r in rows} == {"2.1.0"}
    by_published = {r["published"]: r for r in rows}
    assert by_published[None]["published_at"] is None  # nulls survive as nulls
    assert by_published["2024-03-13"]["published_at"] == datetime(2024, 3, 13, tzinfo=UTC)  # a date: midnight UTC
    assert by_published["2024-03-12T23:30:00"]["published_at"] == datetime(2024, 3, 12, 23, 30, tzinfo=UTC)
    assert by_published["2024-03-14T09:12:00+05:00"]["published_at"] == datetime(2024, 3, 14, 4, 12, tzinfo=UTC)
    assert sorted(r["site_name"] for r in rows) == ["", ""] + ["Test Herald"] * 4
    second = next(r for r in rows if r["revision"] == 2)
    first = next(r for r in rows if r["revision"] == 1 and r["id"] == second["id"])
    assert second["previous_content_hash"] == first["content_hash"] and first["previous_content_hash"] == ""
    assert list(first["authors"])[:1] == ["Aigerim Sadykova"] and by_published[None]["authors"] == []
    assert all(isinstance(r["fetched_at"], datetime) and r["fetched_at"].tzinfo is not None for r in rows)


def _plain(value):
    """pandas' missing values (NaT, NaN) as None, its Timestamps as datetimes."""
    if value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


@pytest.mark.parametrize("fmt", FORMATS)
def test_pyarrow_dataset(crawls, fmt):
    schema = arrow_schema().append(PARTITION)
    fmt_arg = arrow_json_format() if fmt == "jsonl" else "parquet"
    table = ds.dataset(crawls[fmt], format=fmt_arg, partitioning=hive_date_partitioning(), schema=schema).to_table()
    assert table.schema == schema
    check_rows(table.to_pylist())
    if fmt == "parquet":  # the files carry the schema: no schema needed to read them back
        bare = ds.dataset(crawls[fmt], format="parquet").schema.remove_metadata()
        assert bare == arrow_schema()


@pytest.mark.parametrize("fmt", FORMATS)
def test_polars(crawls, fmt):
    if fmt == "jsonl":
        frame = pl.read_ndjson(sorted(glob.glob(f"{crawls[fmt]}/**/*.jsonl", recursive=True)), schema=polars_schema())
        assert dict(frame.schema) == polars_schema()
    else:
        frame = pl.scan_parquet(f"{crawls[fmt]}/**/*.parquet", hive_partitioning=True).collect()
        assert dict(frame.schema) == {**polars_schema(), "date": pl.Date}
    check_rows(frame.to_dicts())


@pytest.mark.parametrize("fmt", FORMATS)
def test_duckdb(crawls, fmt):
    con = duckdb.connect()
    if fmt == "jsonl":
        columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in duckdb_columns().items()) + "}"
        source = (f"read_json('{crawls[fmt]}/**/*.jsonl', format='newline_delimited', hive_partitioning=true, "
                  f"columns={columns})")
    else:
        source = f"read_parquet('{crawls[fmt]}/**/*.parquet', hive_partitioning=true)"
    types = {name: kind for name, kind, *_ in con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    assert types["published_at"] == types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["schema_version"] == types["previous_content_hash"] == "VARCHAR"
    assert types["revision"] == "BIGINT" and types["authors"] == "VARCHAR[]" and types["date"] == "DATE"
    con.sql("SET TimeZone = 'UTC'")
    result = con.sql(f"SELECT * EXCLUDE (date) FROM {source}")
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.fetchall()]
    check_rows(rows)
    [(latest,)] = con.sql(f"SELECT count(*) FROM (SELECT id, max(revision) FROM {source} GROUP BY id)").fetchall()
    assert latest == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_pandas(crawls, fmt):
    if fmt == "jsonl":
        files = sorted(glob.glob(f"{crawls[fmt]}/**/*.jsonl", recursive=True))
        frame = pd.concat([pd.read_json(f, lines=True, dtype=False) for f in files], ignore_index=True)
        frame = frame.astype(pandas_dtypes())
        # without any dtype, pandas still keeps the version a string (1.1 used to become the float 1.1)
        assert pd.api.types.is_string_dtype(pd.read_json(files[0], lines=True)["schema_version"])
    else:
        frame = pd.read_parquet(crawls[fmt]).drop(columns="date")
    assert pd.api.types.is_string_dtype(frame["schema_version"]) and pd.api.types.is_string_dtype(frame["published"])
    assert str(frame["published_at"].dtype) == str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["revision"].dtype) == "int64"
    rows = [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    for r in rows:
        r["authors"] = list(r["authors"])  # pandas hands lists from Parquet as numpy arrays
    check_rows(rows)


def test_the_parquet_dataset_is_what_the_jsonl_says(crawls):
    """The two formats carry the same records (ids, fetch times and WARC names aside: two crawls of
    two servers)."""
    def key(t):
        return sorted((r["revision"], r["content_hash"], r["text"], str(r["published_at"])) for r in t)

    jsonl = ds.dataset(crawls["jsonl"], format=arrow_json_format(), schema=arrow_schema()).to_table().to_pylist()
    parquet = ds.dataset(crawls["parquet"], format="parquet").to_table().to_pylist()
    assert key(jsonl) == key(parquet)
    assert pa.types.is_timestamp(arrow_schema().field("published_at").type)

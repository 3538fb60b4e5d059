"""The consumer contract: one type per field, both schemas self-contained and checked by the
standard validators, the Arrow schema derived from the JSON Schema and published beside it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from helpers import REPO, SEED

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.records import RawPage, RawRef
from output.arrow_schema import SCHEMAS, arrow_json, arrow_schema, published_arrow_json
from output.dates import published_at
from output.schema import load_schema
from output.serialize import SCHEMA_VERSION, article_record, reject_record, to_line

OUTPUT = REPO / "output"
NO_NETWORK = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for v in node.values():
            yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def a_record(config, **page):
    page = {"url": "https://x.example/p", "body": (SEED / "page.html").read_bytes(),
            "fetched_at": "2024-03-14T10:00:00.250Z", "raw": RawRef("sha1:" + "A" * 32, "w.warc.gz", "<urn:uuid:1>", 7),
            **page}
    return article_record(clean(RawPage(**page), config), CHAIN_VERSION)


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_published_arrow_schema_is_the_derived_one(name):
    assert published_arrow_json(name) == arrow_json(name), "run `python -m output.arrow_schema` after a schema change"
    described = json.loads(published_arrow_json(name))["fields"]
    assert [f["name"] for f in described] == list(load_schema(name)["properties"])


def test_nullable_exactly_where_the_json_schema_admits_null():
    schema, props = arrow_schema("article"), load_schema("article")["properties"]
    for field in schema:
        admits_null = "null" in (props[field.name].get("type") or [])
        assert field.nullable == admits_null, field.name
    assert {f.name for f in schema if f.nullable} == {"published", "published_at", "language", "fetched_at"}
    assert str(schema.field("published_at").type) == str(schema.field("fetched_at").type) == "timestamp[us, tz=UTC]"


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_are_self_contained(name):
    schema = load_schema(name)
    assert all(r.startswith("#/") for r in refs(schema)) and list(refs(schema))
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_the_raw_reference_is_the_same_in_both_schemas():
    assert load_schema("reject")["$defs"]["raw"] == load_schema("article")["$defs"]["raw"]


def test_check_jsonschema_validates_records_offline(tmp_path, config):
    """check-jsonschema, as a user runs it, with any network access made to fail."""
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    article = tmp_path / "article.json"
    article.write_text(json.dumps(a_record(config)))
    reject = tmp_path / "reject.json"
    reject.write_text(json.dumps(reject_record("https://x.example/", "fetch", "http_404", "HTTP 404", None, None, "1")))
    meta = subprocess.run([exe, "--check-metaschema", *(str(OUTPUT / f"{n}.schema.json") for n in SCHEMAS)],
                          capture_output=True, text=True, env=NO_NETWORK, timeout=60)
    assert meta.returncode == 0, meta.stdout + meta.stderr
    for name, doc in (("article", article), ("reject", reject)):
        proc = subprocess.run([exe, "--schemafile", str(OUTPUT / f"{name}.schema.json"), str(doc)],
                              capture_output=True, text=True, env=NO_NETWORK, timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(a_record(config), previous_content_hash=None)))
    proc = subprocess.run([exe, "--schemafile", str(OUTPUT / "article.schema.json"), str(bad)],
                          capture_output=True, text=True, env=NO_NETWORK, timeout=60)
    assert proc.returncode == 1 and "previous_content_hash" in proc.stdout


def test_every_field_has_one_json_type_in_every_line(config):
    """A first revision, a later one, a page without a site name or date, a local file: the same
    JSON type per field in each (null only in the fields the Arrow schema declares nullable)."""
    first = a_record(config)
    local = RawPage(url="file:///p.html", body=(SEED / "page.html").read_bytes(), raw=RawRef("sha1:" + "B" * 32))
    later = article_record(clean(local, config), CHAIN_VERSION, revision=2, previous_content_hash=first["content_hash"])
    bare = a_record(config, body=b"<html><head><title>Plain page</title></head><body>" + b"".join(
        b"<p>Paragraph %d says enough words to count as a real article body here.</p>" % i for i in range(6))
        + b"</body></html>")
    nullable = {f.name for f in arrow_schema("article") if f.nullable}
    kinds = {}
    for record in (first, later, bare):
        assert set(record) == set(load_schema("article")["properties"])
        for key, value in record.items():
            if value is None:
                assert key in nullable, key
                continue
            kinds.setdefault(key, set()).add(type(value).__name__)
    assert all(len(k) == 1 for k in kinds.values()), kinds
    assert first["previous_content_hash"] == "" and later["previous_content_hash"] == first["content_hash"]
    assert bare["site_name"] == "" and bare["published"] is None and bare["published_at"] is None
    assert first["schema_version"] == SCHEMA_VERSION == "2.1.0"
    assert first["published_at"] == published_at(first["published"])
    assert b'"published_at":' in to_line(first)


@pytest.mark.parametrize("published,expected", [
    ("2024-03-14", "2024-03-14T00:00:00Z"),  # a date alone: midnight UTC of that day
    ("2024-03-14T09:12:00+05:00", "2024-03-14T04:12:00Z"),
    ("2024-03-14T01:00:00+05:00", "2024-03-13T20:00:00Z"),  # the UTC day can be the day before
    ("2024-03-14T10:00:00Z", "2024-03-14T10:00:00Z"),
    ("2024-03-14T10:00:00", "2024-03-14T10:00:00Z"),  # no zone given: read as UTC
    (None, None),
])
def test_published_at_is_one_utc_form(published, expected):
    assert published_at(published) == expected

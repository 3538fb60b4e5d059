import json

from helpers import SEED

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.records import RawPage, RawRef
from output.schema import load_schema, validate_lines
from output.serialize import article_record, reject_record, to_line, word_count


def seed_record(config):
    page = RawPage(url="https://x.example/p", body=(SEED / "page.html").read_bytes(), fetched_at="2024-03-14T10:00:00Z",
                   raw=RawRef("sha1:" + "A" * 32, "presswash-x-00000.warc.gz", "<urn:uuid:1>", 1234))
    return article_record(clean(page, config), CHAIN_VERSION)


def test_keys_follow_the_schema_order(config):
    record = seed_record(config)
    assert list(record) == list(load_schema("article")["properties"])
    assert list(record["raw"]) == list(load_schema("article")["$defs"]["raw"]["properties"])


def test_a_record_is_one_valid_utf8_line(config):
    line = to_line(seed_record(config))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert b"Zakiyeva" in line and b"\\u" not in line  # UTF-8, not ASCII escapes
    assert list(validate_lines(iter([line]))) == []


def test_record_fields(config):
    r = seed_record(config)
    assert r["site"] == "steppe-digest.example" and r["site_name"] == "Steppe Daily Digest"
    assert r["word_count"] == len(r["text"].split()) == 435
    assert r["fetched_at"] == "2024-03-14T10:00:00Z" and r["raw"]["warc_offset"] == 1234
    replaced = r["audit"]["replaced"]
    assert {"step": "fix_mixed_scripts", "rule": "transliteration", "from": "Dиnara", "to": "Dinara",
            "count": 1} in replaced


def test_reject_record_validates():
    line = to_line(reject_record("https://x.example/contact/", "extract", "not_article", "declares ContactPage",
                                 None, None, CHAIN_VERSION))
    assert list(validate_lines(iter([line]), "reject")) == []
    assert json.loads(line)["raw"] is None


def test_word_count_counts_words_not_punctuation():
    assert word_count("A well-being score — 9.8 per cent, up from 9.5 .") == 9

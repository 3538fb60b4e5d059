"""Compare an article record with an expected.json (the seed's format), like
../shared/tools/check_golden.py, but returning the differences for assertions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def norm(p: str) -> str:
    p = unicodedata.normalize("NFC", p)
    p = re.sub(r"^\s*(?:[-*•·]\s+)", "", p)
    return re.sub(r"\s+", " ", p).strip()


def paragraphs(text: str) -> list[str]:
    return [norm(p) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def compare(record: dict, expected: dict) -> dict:
    """Every mismatch between the record and the expectation; an empty dict means exact."""
    got, want = paragraphs(record.get("text")), [norm(p) for p in expected["paragraphs"]]
    problems = {}
    if got != want:
        problems["missing"] = [p for p in want if p not in got]
        problems["extra"] = [p for p in got if p not in want]
        if not problems["missing"] and not problems["extra"]:
            problems["order"] = True
    text = record.get("text") or ""
    if v := [s for s in expected.get("must_not_contain", []) if s in text]:
        problems["violations"] = v
    if m := [s for s in expected.get("must_contain", []) if s not in text]:
        problems["misses"] = m
    if (record.get("title") or "") != expected["title"]:
        problems["title"] = record.get("title")
    if sorted(record.get("authors") or []) != sorted(expected.get("authors") or []):
        problems["authors"] = record.get("authors")
    want_date = expected.get("published")
    got_date = record.get("published")
    if (want_date is None and got_date is not None) or (want_date and not str(got_date or "").startswith(want_date)):
        problems["published"] = got_date
    if record.get("language") != expected.get("language"):
        problems["language"] = record.get("language")
    return problems


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))

"""Golden pages: a page, its expected clean article (expected.json, the seed's format), and how
close presswash's article comes to it. Used by tests/test_golden.py and bench/golden_pages.py."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
GOLDEN = FIXTURES / "golden"
BASELINE = GOLDEN / "baseline.json"
FETCHED_AT = "2024-06-01T00:00:00Z"  # golden pages are cleaned as if fetched on this day


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


@dataclass(frozen=True)
class Golden:
    name: str
    page: Path
    expected: dict


def goldens() -> list[Golden]:
    """Every golden page: tests/fixtures/golden/*/, the seed, and the demo site's articles."""
    out = [Golden(d.name, d / "page.html", load_expected(d / "expected.json"))
           for d in sorted(GOLDEN.iterdir()) if (d / "expected.json").exists()]
    out.append(Golden("seed", FIXTURES / "seed" / "page.html", load_expected(FIXTURES / "seed" / "expected.json")))
    demo = REPO / "presswash" / "demo_site"
    for f in sorted((FIXTURES / "demo_expected").glob("*.json")):
        if f.stem == "seed":
            continue
        [page] = [p for p in demo.rglob(f"{f.stem}/index.html")]
        out.append(Golden("demo-" + f.stem, page, load_expected(f)))
    return out


def score(record: dict | None, expected: dict) -> dict:
    """Paragraph precision and recall (multisets of normalized paragraphs), string checks and
    metadata checks of one page; a dropped page (record None) scores zero."""
    want = Counter(norm(p) for p in expected["paragraphs"])
    got = Counter(paragraphs(record["text"])) if record else Counter()
    hit = sum((got & want).values())
    text = record["text"] if record else ""
    problems = compare(record, expected) if record else {"dropped": True}
    return {
        "precision": round(hit / sum(got.values()), 4) if got else 0.0,
        "recall": round(hit / sum(want.values()), 4) if want else 1.0,
        "dropped_expected": sum((want - got).values()),
        "violations": sum(1 for s in expected.get("must_not_contain", []) if s in text),
        "misses": sum(1 for s in expected.get("must_contain", []) if s not in text),
        "title": "title" not in problems and record is not None,
        "authors": "authors" not in problems and record is not None,
        "published": "published" not in problems and record is not None,
        "language": "language" not in problems and record is not None,
    }

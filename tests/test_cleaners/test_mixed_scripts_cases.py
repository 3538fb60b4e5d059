"""The mixed-script case file (ftfy style): every positive repaired exactly, every negative
unchanged. tests/fixtures/text_cases/mixed_scripts.json says what each case is about."""

import json

import pytest
from helpers import FIXTURES

from cleaners.fix_mixed_scripts import ScriptContext, fix_text

CASES = json.loads((FIXTURES / "text_cases" / "mixed_scripts.json").read_text("utf-8"))["cases"]
POSITIVE = [c for c in CASES if c["input"] != c["expected"]]
NEGATIVE = [c for c in CASES if c["input"] == c["expected"]]


def repair(case: dict) -> str:
    context = ScriptContext.of_texts([*case.get("context", []), case["input"]], case.get("language"))
    return fix_text(case["input"], context)[0]


def test_the_case_file_is_big_enough():
    assert len(POSITIVE) >= 150 and len(NEGATIVE) >= 60


@pytest.mark.parametrize("case", NEGATIVE, ids=lambda c: f"{c['kind']}:{c['input'][:40]}")
def test_negative_is_unchanged(case):
    assert repair(case) == case["input"]


@pytest.mark.parametrize("case", POSITIVE, ids=lambda c: f"{c['kind']}:{c['input'][:40]}")
def test_positive_is_repaired_exactly(case):
    assert repair(case) == case["expected"]

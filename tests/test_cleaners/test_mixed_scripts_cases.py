"""The mixed-script case files (ftfy style): every positive repaired exactly, every negative
unchanged. tests/fixtures/text_cases/mixed_scripts*.json say what each case is about:
mixed_scripts.json holds English, Russian and Kazakh lines, mixed_scripts_languages.json the other
languages a news crawl meets, mixed_scripts_alone.json lines that are only a name or a few words (no
context, no hint). A case marked known_failure is a positive the step does not repair yet."""

import json
from collections import Counter

import pytest
from helpers import FIXTURES

from cleaners.fix_mixed_scripts import ScriptContext, fix_text

FILES = sorted((FIXTURES / "text_cases").glob("mixed_scripts*.json"))
CASES = [c for f in FILES for c in json.loads(f.read_text("utf-8"))["cases"]]
LANGUAGES = json.loads((FIXTURES / "text_cases" / "mixed_scripts_languages.json").read_text("utf-8"))["cases"]
POSITIVE = [c for c in CASES if c["input"] != c["expected"] and not c.get("known_failure")]
NEGATIVE = [c for c in CASES if c["input"] == c["expected"]]
KNOWN = [c for c in CASES if c.get("known_failure")]


def repair(case: dict) -> str:
    context = ScriptContext.of_texts([*case.get("context", []), case["input"]], case.get("language"))
    return fix_text(case["input"], context)[0]


def _id(case: dict) -> str:
    return f"{case.get('line_language')}:{case['kind']}:{case['input'][:40]}"


def test_the_case_files_are_big_enough():
    assert len(POSITIVE) >= 450 and len(NEGATIVE) >= 220
    positives = Counter(c["line_language"] for c in LANGUAGES if c["input"] != c["expected"])
    negatives = Counter(c["line_language"] for c in LANGUAGES if c["input"] == c["expected"])
    for language in ("uk", "be", "sr-Cyrl", "sr-Latn", "mk-Cyrl", "mk-Latn", "bg", "ky", "mn", "kk-Cyrl",
                     "kk-Latn", "tt", "el", "uz-Cyrl", "uz-Latn", "tr", "ro", "pl", "de", "az"):
        assert positives[language] >= 5 and negatives[language] >= 2, language


def test_every_class_of_the_issue_has_cases():
    kinds = Counter(c["kind"] for c in LANGUAGES)
    for kind in ("own_letters", "greek", "within_latin", "latin_word", "quote", "evidence", "invisible",
                 "fallback", "negative_native", "negative_caps", "negative_notation", "negative_model",
                 "negative_protected", "negative_emoji", "negative_roman", "negative_brand"):
        assert kinds[kind] >= 3, kind


@pytest.mark.parametrize("case", NEGATIVE, ids=_id)
def test_negative_is_unchanged(case):
    assert repair(case) == case["input"]


@pytest.mark.parametrize("case", POSITIVE, ids=_id)
def test_positive_is_repaired_exactly(case):
    assert repair(case) == case["expected"]


if KNOWN:  # cases the case file marks as known failures, kept visible until they are fixed
    @pytest.mark.parametrize("case", KNOWN, ids=_id)
    @pytest.mark.xfail(reason="a known failure: the case file says why", strict=False)
    def test_known_failure(case):
        assert repair(case) == case["expected"]

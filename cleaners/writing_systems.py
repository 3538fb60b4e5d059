"""The script a text is written in, and which scripts a language is written in: the checks
detect_language puts around langdetect, which has profiles for 55 languages and answers one of
them for any text ("et" for Georgian or Armenian, with certainty). The tables are data
(cleaners/data/writing_systems.json)."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "writing_systems.json").read_text("utf-8"))
_RANGES = sorted((int(lo, 16), int(hi, 16), script) for script, spans in _DATA["ranges"].items()
                 for lo, hi in spans)
_STARTS = [lo for lo, _, _ in _RANGES]
SCRIPT_LANGUAGES: dict[str, str] = _DATA["script_languages"]
LANGUAGE_SCRIPTS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["language_scripts"].items()}
DEFAULT_SCRIPTS = ("Latin",)
MIN_SHARE = 0.5  # of the letters, for a script to be the text's


def script_of(char: str) -> str | None:
    if char < "\x80":
        return "Latin" if char.isalpha() else None
    code = ord(char)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0 and code <= _RANGES[i][1]:
        return _RANGES[i][2]
    return None


def dominant_script(text: str) -> str | None:
    """The script of at least half of the text's letters (Han and Kana together count for Kana
    where there is any Kana: Japanese mixes them), or None for no letters or no majority."""
    counts: Counter = Counter()
    for char in text:
        if char.isalpha():
            counts[script_of(char)] += 1
    letters = sum(counts.values())
    if not letters:
        return None
    if counts["Kana"]:
        counts["Kana"] += counts.pop("Han", 0)
    script, n = counts.most_common(1)[0]
    return script if script is not None and n >= MIN_SHARE * letters else None


def written_in(language: str, script: str | None) -> bool:
    """Whether langdetect's answer is a language written in this script."""
    return script in LANGUAGE_SCRIPTS.get(language, DEFAULT_SCRIPTS)

"""Data for fix_mixed_scripts, read from cleaners/data: which letters look alike across scripts,
which letters each language's alphabet has, and how letters sound.

- lookalikes.json: groups of letters drawn alike in Latin, Cyrillic and Greek.
- alphabets/<tag>.json: one alphabet each (ru, uk, kk-Cyrl, kk-Latn, sr-Latn, el, de, ...), plus the
  script-level rules (Latn, Cyrl, Grek) every language without a file of its own falls back to.
- iso639_1.json: every ISO 639-1 code and the script its text is usually written in.
- romanizations.json: other ways of writing Cyrillic names in Latin, used only as evidence.
- latin_names.json: company and product names that stay Latin inside Cyrillic and Greek text.

A foreign letter's twin is the member of its look-alike group that belongs to the target alphabet: a
Latin s in a Macedonian word is ѕ, in a Russian word it has none; a Greek β in a German word is ß.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
LATIN, CYRILLIC, GREEK = "Latn", "Cyrl", "Grek"
SCRIPTS = (LATIN, CYRILLIC, GREEK)


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text("utf-8"))


def script_of(ch: str) -> str | None:
    o = ord(ch)
    if o < 0x2B0:  # Basic Latin to IPA Extensions (ə ɵ ɛ), letters only
        return LATIN if ch.isalpha() else None
    if 0x400 <= o <= 0x52F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return CYRILLIC
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return GREEK if ch.isalpha() else None
    if 0x1E00 <= o <= 0x1EFF:
        return LATIN
    return None


def _with_upper(table: dict[str, str]) -> dict[str, str]:
    """A lowercase letter table with the capital forms added (where both sides have one)."""
    out = dict(table)
    for a, b in table.items():
        A, B = a.upper(), b.upper()
        if len(A) == 1 and len(B) == 1 and A != a and A not in out:
            out[A] = B
    return out


# --- sounds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sounds:
    """A letter-by-sound table. Keys: a letter or letters; '^x' only at the start of a word, 'x$' only
    at its end, '~x' only after a vowel, '~x~' only between vowels. Longest match first."""

    plain: dict[str, str]
    initial: dict[str, str]
    final: dict[str, str]
    after_vowel: dict[str, str]
    between_vowels: dict[str, str]
    vowels: frozenset[str]
    longest: int

    @classmethod
    def of(cls, table: dict[str, str], vowels: str = "") -> Sounds:
        parts: dict[str, dict[str, str]] = {"plain": {}, "initial": {}, "final": {}, "after_vowel": {},
                                            "between_vowels": {}}
        for key, value in table.items():
            if key.startswith("~") and key.endswith("~") and len(key) > 2:
                parts["between_vowels"][key[1:-1]] = value
            elif key.startswith("^"):
                parts["initial"][key[1:]] = value
            elif key.startswith("~"):
                parts["after_vowel"][key[1:]] = value
            elif key.endswith("$") and len(key) > 1:
                parts["final"][key[:-1]] = value
            else:
                parts["plain"][key] = value
        longest = max((len(k) for p in parts.values() for k in p), default=1)
        return cls(**parts, vowels=frozenset(vowels), longest=longest)

    def get(self, chunk: str, start: bool, end: bool, after_vowel: bool, before_vowel: bool = False) -> str | None:
        if after_vowel and before_vowel and chunk in self.between_vowels:
            return self.between_vowels[chunk]
        if start and chunk in self.initial:
            return self.initial[chunk]
        if end and chunk in self.final:
            return self.final[chunk]
        if after_vowel and chunk in self.after_vowel:
            return self.after_vowel[chunk]
        return self.plain.get(chunk)


# --- alphabets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """How to pick among several letters of an alphabet that all look like one foreign letter: Latin y
    is у or ү in Kazakh. 'glide': next to one of these letters it is options[0]; 'final': the letter at
    the end of a word; 'double': next to one of the options it repeats it (Mongolian үү, уу); else vowel
    harmony: the nearest vowel after it (before it at the end), front -> options[1], back -> options[0]."""

    options: str
    glide: frozenset[str] = frozenset()
    final: str = ""
    double: bool = False
    front: frozenset[str] = frozenset()
    back: frozenset[str] = frozenset()
    default: str = ""

    def pick(self, word: str, i: int) -> str:
        low = word.lower()
        upper = word[i].isupper()
        near = [low[j] for j in (i - 1, i + 1) if 0 <= j < len(low)]
        out = None
        if self.double and any(c in self.options for c in near):
            out = next(c for c in near if c in self.options)
        elif any(c in self.glide for c in near):
            out = self.options[0]
        elif self.final and i == len(low) - 1:
            out = self.final
        else:
            after = [c for c in low[i + 1:] if c in self.front or c in self.back]
            before = [c for c in reversed(low[:i]) if c in self.front or c in self.back]
            vowel = (after or before or [None])[0]
            if vowel is None:
                out = self.default or self.options[0]
            else:
                out = self.options[1] if vowel in self.front else self.options[0]
        return out.upper() if upper else out


_LOOKALIKES = _load("lookalikes.json")


@dataclass(frozen=True, eq=False)
class Alphabet:
    tag: str
    name: str
    script: str
    letters: frozenset[str]  # both cases
    own: bool  # False: the script-level rules of a language without a file of its own
    twins: dict[str, str]  # foreign letter -> its look-alike in this alphabet
    choices: dict[str, Choice]  # foreign letter -> how to pick among several look-alikes
    from_latin: Sounds | None  # Latin letters by sound (Cyrillic and Greek alphabets)
    romanization: Sounds | None  # this alphabet's letters in Latin, as English-language copy writes them
    from_cyrillic: Sounds | None  # Cyrillic letters in this Latin alphabet (languages written in both)
    raw: dict  # the data the alphabet was built from
    markers: frozenset[str]  # letters beyond the script's shared ones: what tells its text apart
    words: frozenset[str] = frozenset()  # known words and stems, lowercase: evidence between two readings
    word_lengths: tuple[int, ...] = ()  # their lengths, longest first
    names: frozenset[str] = frozenset()  # words that name the language or its people in Latin text

    def knows(self, word: str) -> bool:
        """Whether the word is one of the alphabet's known words, or starts with a known stem: what
        decides between two readings of a letter that the letters alone cannot (Сrnogorski, мyзей)."""
        low = word.lower()
        return any(low[:n] in self.words for n in self.word_lengths if n <= len(low))

    def twin(self, word: str, i: int) -> str | None:
        """The letter of this alphabet that word[i], a letter of another script, looks like."""
        c = word[i]
        if c in self.twins:
            return self.twins[c]
        if c in self.choices:
            return self.choices[c].pick(word, i)
        parts = unicodedata.normalize("NFD", c)
        if len(parts) > 1 and (parts[0] in self.twins or parts[0] in self.choices):
            base = self.twins.get(parts[0]) or self.choices[parts[0]].pick(parts[0], 0)
            return unicodedata.normalize("NFC", base + parts[1:])
        return None


def _letters(raw: dict) -> frozenset[str]:
    return frozenset(raw["letters"]) | frozenset(c.upper() for c in raw["letters"] if len(c.upper()) == 1)


def _choice(rule: dict, upper: bool = False) -> Choice:
    options = rule["options"].upper() if upper else rule["options"]
    return Choice(options, frozenset(rule.get("glide", "")), rule.get("final", ""), rule.get("double", False),
                  frozenset(rule.get("front", "")), frozenset(rule.get("back", "")), rule.get("default", ""))


def _build(raw: dict, own: bool) -> Alphabet:
    script = raw["script"]
    letters = _letters(raw)
    base = _RAW_FALLBACK.get(script) if own else None

    def sounds(key: str, vowels: str) -> Sounds | None:
        table = dict(raw.get(key) or {})
        if base is not None and key in base and not raw.get(key + "_replace"):
            table = {**base[key], **table}
        return Sounds.of(table, vowels) if table else None

    vowels = raw.get("vowels") or (base or {}).get("vowels", "")
    twins: dict[str, str] = {}
    choices: dict[str, Choice] = {}
    rules = raw.get("choose", {})
    for group in _LOOKALIKES["groups"]:
        targets = [c for c in group if script_of(c) == script and c in letters]
        for c in group:
            if script_of(c) == script or not targets:
                continue
            if len(targets) == 1:
                twins[c] = targets[0]
            elif c.lower() in rules:
                choices[c] = _choice(rules[c.lower()], upper=not c.islower())
            else:
                twins[c] = targets[0]
    for c, t in _LOOKALIKES["near"].items():
        if c not in twins and script_of(c) != script and t in letters:
            twins[c] = t
    for c, rule in rules.items():
        # a letter whose look-alike and whose key or sound differ (Latin n in Greek: η by look, ν by
        # sound and by the Greek keyboard): the rule picks, where the groups gave a single twin
        if c not in choices and script_of(c) not in (script, None) and all(o in letters for o in rule["options"]):
            twins.pop(c, None)
            choices[c] = _choice(rule)
    for c, t in _with_upper(raw.get("twins", {})).items():
        twins[c] = t
    words = frozenset(w.lower() for w in raw.get("words", ()))
    return Alphabet(raw["tag"], raw["name"], script, letters, own, twins, choices,
                    sounds("from_latin", vowels), sounds("romanization", vowels),
                    sounds("from_cyrillic", vowels), raw, letters - _letters(_RAW_FALLBACK[script]),
                    words, tuple(sorted({len(w) for w in words}, reverse=True)),
                    frozenset(n.lower() for n in raw.get("names", ())))


_RAW = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted((DATA / "alphabets").glob("*.json"))}
_RAW_FALLBACK = {s: _RAW[s] for s in SCRIPTS}
FALLBACK: dict[str, Alphabet] = {}
for _s in SCRIPTS:
    FALLBACK[_s] = _build(_RAW[_s], own=False)
ALPHABETS: dict[str, Alphabet] = {tag: _build(raw, own=True) for tag, raw in _RAW.items() if tag not in SCRIPTS}
BY_SCRIPT: dict[str, tuple[Alphabet, ...]] = {
    s: tuple(a for a in ALPHABETS.values() if a.script == s) for s in SCRIPTS}

_ISO = _load("iso639_1.json")
LANGUAGE_SCRIPTS: dict[str, str | None] = _ISO["codes"]  # every ISO 639-1 code -> its usual script
DEFAULT_ALPHABET: dict[str, str] = _ISO["default_alphabet"]


def alphabets_of(code: str) -> dict[str, Alphabet]:
    """The alphabets of a language with files of its own, by script: sr -> {Cyrl: sr-Cyrl, Latn: sr-Latn}."""
    return {a.script: a for tag, a in ALPHABETS.items() if tag == code or tag.startswith(code + "-")}


@dataclass(frozen=True)
class Hint:
    """A language hint (--language, the page's lang attribute): an ISO 639-1 code, maybe a script."""

    code: str
    script: str | None  # the script it asks for when nothing in the text decides

    @property
    def alphabets(self) -> dict[str, Alphabet]:
        return alphabets_of(self.code)

    def describe(self, script: str) -> str:
        own = self.alphabets.get(script)
        if own is not None:
            return f"{self.code}: alphabet {own.tag} ({own.name})"
        return f"{self.code}: no {script} alphabet of its own, script-level rules ({FALLBACK[script].tag})"

    def explain(self) -> str:
        """What --explain says about the hint: its alphabets, and where it falls back."""
        own = self.alphabets
        if not own:
            return (f"language {self.code}: no alphabet of its own, script-level rules "
                    f"({', '.join(SCRIPTS)}); it asks for {self.script or 'no script'} when nothing else decides")
        tables = "; ".join(f"alphabet {a.tag} ({a.name})" for a in own.values())
        rest = [s for s in SCRIPTS if s not in own]
        return f"language {self.code}: {tables}; script-level rules for {', '.join(rest)}"


def describe_alphabet(tag: str) -> str:
    """'alphabet kk-Cyrl (Kazakh (Cyrillic))', 'script-level Cyrl rules', for --explain."""
    if tag in ALPHABETS:
        return f"alphabet {tag} ({ALPHABETS[tag].name})"
    if tag in FALLBACK:
        return f"script-level {tag} rules"
    if "|" in tag:
        return f"the letters {tag.replace('|', ', ')} share"
    return tag


def parse_language(tag: str | None) -> Hint | None:
    """'kk', 'sr-Latn', 'ru_RU', 'uz-Cyrl-UZ' -> Hint; None for what is not an ISO 639-1 code."""
    if not tag:
        return None
    parts = tag.replace("_", "-").split("-")
    code = parts[0].lower()
    if code not in LANGUAGE_SCRIPTS:
        return None
    script = next((p.title() for p in parts[1:] if p.title() in SCRIPTS), None)
    if script is None:
        default = DEFAULT_ALPHABET.get(code)
        script = ALPHABETS[default].script if default else LANGUAGE_SCRIPTS[code]
    return Hint(code, script)


@cache  # a few dozen combinations at most; kept, so each is one object for good
def meet(tags: tuple[str, ...]) -> Alphabet:
    """The letters several alphabets share, and the sounds they agree on: what is safe to use when the
    text fits each of them (і alone says Ukrainian, Belarusian or Kazakh)."""
    alphas = [ALPHABETS[t] for t in tags]
    if len(alphas) == 1:
        return alphas[0]
    first = alphas[0].raw
    letters = "".join(c for c in first["letters"] if all(c in a.raw["letters"] for a in alphas[1:]))
    raw: dict = {"tag": "|".join(tags), "name": "the letters " + ", ".join(a.name for a in alphas) + " share",
                 "script": first["script"], "letters": letters}
    for key in ("from_latin", "romanization", "from_cyrillic"):
        tables = [a.raw.get(key) or {} for a in alphas]
        agreed = {k: v for k, v in tables[0].items() if all(t.get(k) == v for t in tables[1:])}
        if agreed:
            raw[key] = agreed
    rules = [a.raw.get("choose", {}) for a in alphas]
    raw["choose"] = {}
    for letter, rule in rules[0].items():
        others = [r.get(letter) for r in rules[1:]]
        if any(o is None or o["options"] != rule["options"] for o in others):
            continue
        every = [rule, *others]
        common = {"options": rule["options"], "double": all(r.get("double", False) for r in every)}
        for key in ("glide", "front", "back"):
            common[key] = "".join(c for c in rule.get(key, "") if all(c in r.get(key, "") for r in every))
        for key in ("final", "default"):
            if all(r.get(key, "") == rule.get(key, "") for r in every):
                common[key] = rule.get(key, "")
        raw["choose"][letter] = common
    return _build(raw, own=True)


# letters that, standing alone, may be typed for a letter one alphabet has and its script's others lack
# (a capital Latin I alone is a Roman numeral or the English pronoun: Петро I stays)
LONE_LETTERS = frozenset(c for a in ALPHABETS.values() for c, t in a.twins.items()
                         if t.lower() in a.markers and c not in "IVXLCDM")

# letters only one alphabet of its script has: one word with them says which (ї, ѓ, ђ, ұ, ə)
UNIQUE_LETTERS: dict[str, frozenset[str]] = {
    a.tag: frozenset(c for c in a.markers if c.islower() and not any(
        c in b.letters for b in BY_SCRIPT[a.script] if b is not a)) for a in ALPHABETS.values()}
# letters typed inside a word of another script only for a letter of its own (not by accident or
# left over from a transliteration, as s or h are)
STAND_INS = frozenset(_LOOKALIKES["stand_ins"])

ROMANIZATIONS = _load("romanizations.json")
CONVENTIONS: dict[str, Sounds] = {
    name: Sounds.of({**_RAW[CYRILLIC]["romanization"], **table}, ROMANIZATIONS["vowels"])
    for name, table in ROMANIZATIONS["conventions"].items()}
# the Cyrillic letters each convention reads otherwise than the default romanization
CONVENTION_LETTERS: dict[str, frozenset[str]] = {
    name: frozenset(k.strip("^~$")[0] for k, v in table.items()
                    if _RAW[CYRILLIC]["romanization"].get(k.strip("^~$")) != v or not k.strip("^~$") == k)
    for name, table in ROMANIZATIONS["conventions"].items()}
LATIN_NAMES = frozenset(n.lower() for n in _load("latin_names.json")["names"])

# Transliteration variants that name the same person (Zakiyeva ~ Zakieva, Rakhimov ~ Rahimov):
# applied in order to build the key under which an article's own spellings are looked up.
EVIDENCE_VARIANTS = (("kh", "h"), ("iy", "i"), ("ii", "i"), ("ij", "i"), ("ye", "e"), ("y", "i"), ("ё", "е"))

ROMAN_NUMERAL_LETTERS = frozenset("IVXLCDMХСМІ")  # Cyrillic Х С М І stand in for X C M I in numerals
CYRILLIC_ROMAN = {"Х": "X", "С": "C", "М": "M", "І": "I"}

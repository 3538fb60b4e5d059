"""Data for fix_mixed_scripts: which letters look alike across scripts, and how letters sound.

Look-alike groups follow Unicode's confusables for the letters that really are drawn the same in
common fonts; small-capital shapes (Cyrillic в н м т к) are not look-alikes of Latin lowercase.
"""

from __future__ import annotations

LATIN, CYRILLIC, GREEK = "Latn", "Cyrl", "Grek"

# One string per look-alike group: Latin, Cyrillic, Greek ("." where a script has none).
LOOKALIKES = (
    "AАΑ", "BВΒ", "CС.", "EЕΕ", "HНΗ", "IІΙ", "JЈ.", "KКΚ", "MМΜ", "N.Ν", "OОΟ", "PРΡ",
    "SЅ.", "TТΤ", "XХΧ", "YУΥ", "Z.Ζ",
    "aаα", "cс.", "dԁ.", "eе.", "hһ.", "jј.", "oоο", "pрρ", "qԛ.", "sѕ.", "vѵν", "wԝ.",
    "xхχ", "yу.", "iі.",
)
EXTRA_TO_LATIN = {"Ү": "Y", "ү": "y", "Ӏ": "I", "ӏ": "l", "ι": "i", "κ": "k", "τ": "t", "υ": "u"}

# Latin letters that only languages writing і/ј use as Cyrillic look-alikes (Kazakh, Ukrainian,
# Belarusian): in Russian, a Latin i inside a Cyrillic word stands for и, not і.
DOTTED_I_LANG_LETTERS = frozenset("әғқңөұүһіїєӘҒҚҢӨҰҮҺІЇЄ")


def _pairs(src: int, dst: int) -> dict[str, str]:
    return {g[src]: g[dst] for g in LOOKALIKES if g[src] != "." and g[dst] != "."}


HOMOGLYPHS = {
    (CYRILLIC, LATIN): {**_pairs(1, 0), **{k: v for k, v in EXTRA_TO_LATIN.items() if "\u0400" <= k <= "\u04ff"}},
    (GREEK, LATIN): {**_pairs(2, 0), **{k: v for k, v in EXTRA_TO_LATIN.items() if "\u0370" <= k <= "\u03ff"}},
    (LATIN, CYRILLIC): {k: v for k, v in _pairs(0, 1).items() if k not in "iIjJsSdhqwv"},
    (GREEK, CYRILLIC): _pairs(2, 1),
    (LATIN, GREEK): {k: v for k, v in _pairs(0, 2).items() if k not in "vy"},
    (CYRILLIC, GREEK): _pairs(1, 2),
}
# Kazakh/Ukrainian context: the Latin i and I have the Cyrillic twins і and І.
LATIN_TO_DOTTED_I = {"i": "і", "I": "І"}

# Cyrillic -> Latin by sound: a plain scheme close to the one Kazakh and Russian newsrooms use in
# English copy (х -> kh, ж -> zh, й -> y, е -> e but ye at the start of a word).
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "є": "ye", "ї": "yi", "ґ": "g", "ў": "w", "ј": "j", "ѕ": "dz",
}
CYRILLIC_WORD_INITIAL = {"е": "ye"}

GREEK_TO_LATIN = {
    "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}

# Latin -> Cyrillic by sound, longest match first.
LATIN_TO_CYRILLIC = {
    "shch": "щ", "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "ts": "ц", "ya": "я", "yu": "ю",
    "yo": "ё", "ye": "е", "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к",
    "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "ы", "z": "з",
}
LATIN_TO_KAZAKH = {"i": "і", "q": "қ", "gh": "ғ", "ng": "ң"}

# Transliteration variants that name the same person (Zakiyeva ~ Zakieva, Rakhimov ~ Rahimov):
# applied in order to build the key under which an article's own spellings are looked up.
EVIDENCE_VARIANTS = (("kh", "h"), ("iy", "i"), ("ye", "e"), ("y", "i"), ("ё", "е"))

# The script a language hint (presswash fix-scripts --language) asks for.
LANGUAGE_SCRIPTS = {
    **dict.fromkeys("en de fr es it pt nl pl cs sk sl hr ro hu tr az uz tk sv da no fi et lv lt".split(), LATIN),
    **dict.fromkeys("ru kk uk be bg sr mk ky tg mn".split(), CYRILLIC),
    "el": GREEK,
}

ROMAN_NUMERAL_LETTERS = frozenset("IVXLCDMХСМ")  # Cyrillic Х С М stand in for X C M in numerals
CYRILLIC_ROMAN = {"Х": "X", "С": "C", "М": "M"}

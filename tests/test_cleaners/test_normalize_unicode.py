from helpers import make_article, texts

from cleaners.normalize_unicode import normalize_text, normalize_unicode
from cleaners.records import Block


def test_spaces_invisibles_and_controls_are_normalized(config):
    art = make_article("Almaty\u00a0is\u2009the\u200b largest city.", "soft\u00adhyphen and a bell\x07.")
    out = normalize_unicode(art, config)
    assert texts(out) == ["Almaty is the largest city.", "softhyphen and a bell."]
    rules = {(r.rule, r.before): r.count for r in out.replaced}
    assert rules == {("space", "\u00a0"): 1, ("space", "\u2009"): 1, ("invisible", "\u200b"): 1,
                     ("invisible", "\u00ad"): 1, ("control", "\x07"): 1}


def test_nfc_composes_decomposed_letters(config):
    out = normalize_unicode(make_article("Chis\u0326ina\u0306u and cafe\u0301"), config)
    assert texts(out) == ["Chișinău and café"]
    assert [r.rule for r in out.replaced] == ["nfc"]


def test_line_breaks_inside_a_block_survive_but_spaces_collapse():
    assert normalize_text("first line  \r\n   second\u2028third")[0] == "first line\nsecond\nthird"


# --- negative cases: text that must come out unchanged -----------------------------------------

NEGATIVE = [
    "A family emoji 👨\u200d👩\u200d👧 keeps its zero-width joiners.",
    "Persian spelling needs the non-joiner: می\u200cخواهم",
    "Hebrew with a mark: שלום\u200f (RLM stays).",
    "Already clean text, with “quotes”, dashes — and ellipses…",
    "Кириллица и қазақ тілі әріптері.",
]


def test_clean_text_passes_unchanged(config):
    art = make_article(*NEGATIVE)
    out = normalize_unicode(art, config)
    assert out is art  # nothing changed, nothing recorded


def test_code_keeps_its_layout(config):
    code = Block("def f(x):\n    return  x  *  2", kind="code")
    out = normalize_unicode(make_article(code), config)
    assert out.blocks[0].text == code.text

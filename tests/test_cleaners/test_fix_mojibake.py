"""Mojibake repair: what is repaired, recorded in the audit, and the text that must stay."""

import pytest
from helpers import make_article, texts

from cleaners.config import CleanerConfig
from cleaners.fix_mojibake import fix_mojibake, repair

REPAIRED = [
    ("CafÃ© owners meet the mayor", "Café owners meet the mayor"),
    ("MÃ¼ller und SÃ¶hne", "Müller und Söhne"),
    ("â€œquotedâ€\x9d text", "“quoted” text"),
    ("Le Ã‰tat", "Le État"),
    ("ÃƒÂ© twice encoded", "é twice encoded"),
    ("“Good” and CafÃ© in one paragraph", "“Good” and Café in one paragraph"),
    ("The ratio was 1:2 Â± 0.5", "The ratio was 1:2 ± 0.5"),
]
NEGATIVE = [
    "naïve café Größe", "São Paulo", "SÃO PAULO", "A IRMÃ E O PAI", "MAÇÃ E PÃO", "CORAÇÃO", "Đà Nẵng",
    "ÅÄÖ åäö", "Þórður Ægir", "İstanbul şehri", "2 × 3 ÷ 4", "Ελληνικά “quotes”", "Dinara Закиева",
    "Қазақстан — «жаңа»", "Zażółć gęślą jaźń", "日本語のテキスト", "ŠKODA", "señor ¿qué?", "Øresund",
    "1 € = 1.08 $", "It’s fine — really", "HELLO Â WORLD", "plain ascii",
    "Ð¢ÐµÑÑ‚ Ð¿ÑÐ¸Ð²ÐµÑ",  # lossy Cyrillic mojibake: only a partial repair exists, so none is made
]


@pytest.mark.parametrize("broken, fixed", REPAIRED)
def test_mojibake_is_repaired(broken, fixed):
    assert repair(broken) == fixed


@pytest.mark.parametrize("text", NEGATIVE)
def test_correct_text_stays(text):
    assert repair(text) == text


def test_every_repair_is_recorded():
    article = make_article("The council met at the cafÃ© and the cafÃ© was full.", "Nothing wrong here.",
                           title="CafÃ© owners meet the mayor")
    out = fix_mojibake(article, CleanerConfig())
    assert out.title == "Café owners meet the mayor"
    assert texts(out) == ["The council met at the café and the café was full.", "Nothing wrong here."]
    assert [(r.step, r.rule, r.before, r.after, r.count) for r in out.replaced] == [
        ("fix_mojibake", "mojibake", "cafÃ©", "café", 2), ("fix_mojibake", "mojibake", "CafÃ©", "Café", 1)]


def test_an_article_without_mojibake_is_returned_as_is():
    article = make_article(*NEGATIVE)
    assert fix_mojibake(article, CleanerConfig()) is article

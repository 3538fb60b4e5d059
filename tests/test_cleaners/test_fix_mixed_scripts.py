import pytest
from helpers import make_article, texts

from cleaners.fix_mixed_scripts import fix_mixed_scripts, fix_text, repair_word

POSITIVE = [
    # (input, expected, rule)
    ("Children's Ombudsperson Dиnara Закиеva announced it.", "Children's Ombudsperson Dinara Zakieva announced it.",
     "transliteration"),
    ("President Рutin spoke on Monday.", "President Putin spoke on Monday.", "homoglyph"),
    ("The minister flew to Аstana on Friday.", "The minister flew to Astana on Friday.", "homoglyph"),
    ("Deputy Rахимов voted against the bill.", "Deputy Rakhimov voted against the bill.", "transliteration"),
    ("Жумабekova won the race in Almaty.", "Zhumabekova won the race in Almaty.", "transliteration"),
    ("Цены в Kазахстане выросли на пять процентов.", "Цены в Казахстане выросли на пять процентов.", "homoglyph"),
    ("Депутат Rахимов проголосовал против законопроекта.", "Депутат Рахимов проголосовал против законопроекта.",
     "transliteration"),
    ("Біз Түркістанда тұрамыз, бұл жерде мектеп пен кiтапхана бар.",
     "Біз Түркістанда тұрамыз, бұл жерде мектеп пен кітапхана бар.", "homoglyph"),
    ("В ХХI веке всё иначе, сказал он.", "В XXI веке всё иначе, сказал он.", "roman_numeral"),
]


@pytest.mark.parametrize("text,expected,rule", POSITIVE)
def test_mixed_words_are_repaired(text, expected, rule):
    fixed, edits = fix_text(text)
    assert fixed == expected
    assert edits and all(e[0] == rule for e in edits)


NEGATIVE = [
    "She quoted the slogan «Біз біргеміз» in her speech.",
    "Олена Ковальчук met the delegation in Kyiv.",
    "The study of α-synuclein and amyloid-β continues.",
    "He was born in Chișinău and studied in Kraków.",
    "Доходность ОФЗ выросла, сообщает KazTAG.",
    "Компании Apple и OPPO показали новые модели; XXI век.",
    "Видео вышло на YouTube-канале агентства.",
    "Details at https://news.example/Кazakhstan-Рutin and write to Рutin@news.example.",
    "Follow @Рutin_fan and #Kазахстан for updates.",
    "Call get_Кey() from the config module.",
    "Түркістан облысында жаңа мектеп ашылды.",
    "An ordinary English sentence with nothing odd in it.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_single_script_words_and_protected_tokens_stay(text):
    assert fix_text(text) == (text, [])


def test_repair_word_uses_look_alikes_only_when_all_foreign_letters_have_one():
    assert repair_word("Рutin", "Latn") == ("homoglyph", "Putin")
    assert repair_word("Rахимов", "Latn") == ("transliteration", "Rakhimov")
    assert repair_word("KАZАKHSTАN", "Latn") == ("homoglyph", "KAZAKHSTAN")


def test_article_step_records_every_repair(config):
    art = make_article("Ombudsperson Dиnara Закиеva spoke.", "President Рutin and President Рutin again.")
    out = fix_mixed_scripts(art, config)
    assert texts(out) == ["Ombudsperson Dinara Zakieva spoke.", "President Putin and President Putin again."]
    assert [(r.before, r.after, r.rule, r.count) for r in out.replaced] == [
        ("Dиnara", "Dinara", "transliteration", 1),
        ("Закиеva", "Zakieva", "transliteration", 1),
        ("Рutin", "Putin", "homoglyph", 2),
    ]


def test_article_context_decides_a_short_paragraph(config):
    # "Kазақ" alone says nothing; the article around it is Kazakh Cyrillic.
    art = make_article("Бүгін Астанада үлкен жиын өтті, оған мыңдаған адам қатысты.", "Kазақ", title="Жаңалықтар")
    assert texts(fix_mixed_scripts(art, config))[1] == "Казақ"


def test_single_script_article_is_returned_untouched(config):
    art = make_article("Plain English.", "Простой русский текст.")
    assert fix_mixed_scripts(art, config) is art

import pytest
from helpers import make_article, texts

from cleaners.fix_mixed_scripts import ScriptContext, fix_mixed_scripts, fix_text, repair_word

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


# --- per-language alphabets (cleaners/data/alphabets) ------------------------------------------

from cleaners.records import PageMeta  # noqa: E402
from cleaners.script_tables import (  # noqa: E402
    ALPHABETS,
    DATA,
    FALLBACK,
    LANGUAGE_SCRIPTS,
    parse_language,
)


def test_every_alphabet_file_is_one_alphabet_named_after_its_tag():
    files = sorted(p.stem for p in (DATA / "alphabets").glob("*.json"))
    assert files == sorted([*ALPHABETS, *FALLBACK])
    for tag, alphabet in ALPHABETS.items():
        letters = alphabet.raw["letters"]
        assert alphabet.tag == tag and alphabet.name and alphabet.script in FALLBACK
        assert len(set(letters)) == len(letters), tag
        assert letters == letters.lower(), tag


@pytest.mark.parametrize("word,tag,expected", [
    ("Скопjе", "mk-Cyrl", "Скопје"),  # Latin j -> ј, not дж
    ("sвезда", "mk-Cyrl", "ѕвезда"),  # Macedonian has ѕ ...
    ("Sрбија", "sr-Cyrl", "Србија"),  # ... Serbian does not: S is read by sound
    ("кiтап", "kk-Cyrl", "кітап"),
    ("кiтап", "ru", "китап"),  # Russian has no і: i is read as и
    ("шаhар", "kk-Cyrl", "шаһар"),
    ("Украïна", "uk", "Україна"),
    ("праŭда", "be", "праўда"),
    ("мəселе", "kk-Cyrl", "мәселе"),
    ("хɵтɵлбөр", "mn", "хөтөлбөр"),
    ("Straβe", "de", "Straße"),
    ("Cumhurbaşkanι", "tr", "Cumhurbaşkanı"),
    ("Azәrbaycan", "az", "Azərbaycan"),
    ("Beogрad", "sr-Latn", "Beograd"),  # a language written in both scripts reads its Cyrillic letter
    ("αvακοίνωσε", "el", "ανακοίνωσε"),
    ("υπουργόs", "el", "υπουργός"),
])
def test_the_target_letter_is_the_alphabets_own(word, tag, expected):
    assert repair_word(word, ALPHABETS[tag])[1] == expected


@pytest.mark.parametrize("word,expected", [("Yкімет", "Үкімет"), ("yақыт", "уақыт"), ("оқy", "оқу"),
                                           ("бyгін", "бүгін")])
def test_kazakh_y_is_u_or_straight_u_by_its_neighbours(word, expected):
    assert repair_word(word, ALPHABETS["kk-Cyrl"])[1] == expected


def test_a_hint_never_forces_a_script_the_text_contradicts():
    quote = "The banner read «Мы прoтив войны» in large letters."
    assert fix_text(quote, ScriptContext.of_texts([quote], "en"))[0] == quote.replace("прoтив", "против")
    kazakh_latin = "Qazaqstan Prezidentі jaŋa jarlyqqa qol qoidy."
    assert fix_text(kazakh_latin, ScriptContext.of_texts([kazakh_latin], "kk"))[0] == \
        "Qazaqstan Prezidentı jaŋa jarlyqqa qol qoidy."


def test_the_alphabet_follows_the_texts_letters_when_no_hint_is_given():
    line = "Мешканцi Харкова знову провели нiч в укриттях через повiтряну тривогу."
    assert fix_text(line)[0] == "Мешканці Харкова знову провели ніч в укриттях через повітряну тривогу."
    russian = "Жители Харькова провели нoчь в укрытиях, сообщили в мэрии."
    assert fix_text(russian)[0] == "Жители Харькова провели ночь в укрытиях, сообщили в мэрии."


def test_every_iso_639_1_code_is_a_hint_and_falls_back_to_its_script():
    assert len(LANGUAGE_SCRIPTS) == 183
    for code in LANGUAGE_SCRIPTS:
        assert parse_language(code).code == code
    assert parse_language("sr-Latn").script == "Latn" and parse_language("sr").script == "Cyrl"
    assert parse_language("ru_RU").code == "ru" and parse_language("xx") is None
    notes = []
    line = "Ҳукумати Тoҷикистон барномаи нав қабул кард."
    fixed, _ = fix_text(line, ScriptContext.of_texts([line], "tg"), notes)
    assert fixed == "Ҳукумати Тоҷикистон барномаи нав қабул кард."
    assert notes == [("Тoҷикистон", "Тоҷикистон", "Cyrl")]  # the script-level rules: Tajik has no table
    assert parse_language("tg").describe("Cyrl").startswith("tg: no Cyrl alphabet of its own")


def test_a_latin_brand_with_a_stray_letter_stays_latin_in_cyrillic_text():
    assert fix_text("Новый iPhоne поступил в продажу.")[0] == "Новый iPhone поступил в продажу."
    assert fix_text("Компания Micrоsоft представила Windows.")[0] == "Компания Microsoft представила Windows."
    # a run of letters of the text's script is a half transliteration, not a stray: the sentence decides
    assert fix_text("Республика Kazахstan присоединилась к конвенции.")[0] == \
        "Республика Казахстан присоединилась к конвенции."


def test_invisible_characters_belong_to_the_word_and_stay():
    assert fix_text("Oil exports from Kazakh\u00adстан rose.")[0] == "Oil exports from Kazakh\u00adstan rose."
    assert fix_text("В Моc\u200cкве открыли метро.")[0] == "В Мос\u200cкве открыли метро."


def test_evidence_in_another_romanization_wins():
    line = "German papers wrote Jelzin; our correspondent met Eльцин in 1996."
    assert fix_text(line)[0] == "German papers wrote Jelzin; our correspondent met Jelzin in 1996."


@pytest.mark.parametrize("text", [
    "Врачи советуют витамин C и цинк.",  # a lone Latin letter is a label, not a typo
    "Петро I заснував місто, а Петро ІІ його розбудував.",
    "Levels rose to 5 μmol per litre.",
    "Researchers studied βarrestin and the αKlotho protein.",
    "Russian bank ВТБ and the channel РЕН ТВ were sanctioned.",
])
def test_labels_numerals_notation_and_brands_in_the_other_script_stay(text):
    assert fix_text(text) == (text, [])


def test_the_article_step_takes_the_pages_language_as_a_hint(config):
    text = "Shtастливи сме от резултата, каза треньорът на Левски."
    hinted = make_article(text, title="Спорт", meta=PageMeta(html_lang="bg"))
    assert texts(fix_mixed_scripts(hinted, config)) == ["Щастливи сме от резултата, каза треньорът на Левски."]
    # without it nothing in the letters says Bulgarian: sht is read with the script-level rules
    plain = make_article(text, title="Спорт")
    assert texts(fix_mixed_scripts(plain, config)) == ["Штастливи сме от резултата, каза треньорът на Левски."]


def test_the_command_accepts_every_iso_code_and_explains_the_fallback():
    import subprocess
    import sys

    from helpers import REPO

    def run(data: str, *args):
        return subprocess.run([sys.executable, "-m", "presswash.cli", "fix-scripts", *args], input=data.encode(),
                              capture_output=True, cwd=REPO, timeout=60)

    tatar = run("Татарстан Рəисе яңа мəктəп ачты.\n", "--language", "tt", "--explain")
    assert tatar.returncode == 0 and tatar.stdout.decode() == "Татарстан Рәисе яңа мәктәп ачты.\n"
    assert "alphabet tt (Tatar (Cyrillic))" in tatar.stderr.decode()
    french = run("Le président est à Pаris.\n", "--language", "fr", "--explain")
    assert french.returncode == 0 and french.stdout.decode() == "Le président est à Paris.\n"
    assert "language fr: no alphabet of its own" in french.stderr.decode()
    assert "(script-level Latn rules)" in french.stderr.decode()
    assert run("x\n", "--language", "xx").returncode == 2


# --- the word alone, and evidence where the letters cannot tell (issue 14) ----------------------

from cleaners.mixed_scripts_word_kind import own_script  # noqa: E402


@pytest.mark.parametrize("word,script", [("Рutin", "Latn"), ("Dиnara", "Latn"), ("Kазахстан", "Cyrl"),
                                         ("Тоқаеv", "Cyrl"), ("Закиеva", None), ("Tokaев", None), ("BМW", None),
                                         ("KАZАKHSTАN", None), ("Dи", None), ("Путин", None), ("Putin", None)])
def test_a_mixed_word_decides_its_own_script_only_with_a_few_isolated_strays(word, script):
    assert own_script(word) == script


def test_the_word_alone_is_a_fallback_after_the_context_and_the_hint():
    line = "Рutin"
    assert fix_text(line)[0] == "Putin"
    assert fix_text(line, ScriptContext.of_texts([line], "ru"))[0] == "Рутин"  # a hint still comes first
    assert fix_text("Омбудсмен Dиnara выступила")[0] == "Омбудсмен Динара выступила"  # and the context
    assert fix_text("Аsанов")[0] == "Асанов"  # a typed s is not evidence of Macedonian ѕ


def test_known_words_decide_between_two_readings_only_when_one_is_known():
    serbian, kazakh = ALPHABETS["sr-Latn"], ALPHABETS["kk-Cyrl"]
    assert serbian.knows("Crnogorski") and not serbian.knows("Srnogorski") and not serbian.knows("Cad")
    assert repair_word("Сrnogorski", serbian) == ("homoglyph", "Crnogorski")
    assert repair_word("Сad", serbian)[1] == "Sad"  # neither reading known: the counterpart
    assert repair_word("Сelo", serbian)[1] == "Selo"  # both known: the counterpart
    assert repair_word("мyзейге", kazakh)[1] == "музейге" and repair_word("мyше", kazakh)[1] == "мүше"


def test_a_latin_n_in_greek_is_nu_next_to_a_vowel_and_eta_elsewhere():
    greek = ALPHABETS["el"]
    assert [repair_word(w, greek)[1] for w in ("nαός", "τηn", "nμέρα", "Κρήτn", "Αθnνά")] == \
        ["ναός", "την", "ημέρα", "Κρήτη", "Αθηνά"]
    assert repair_word("Nαός", greek)[1] == "Ναός"  # the capital has one look-alike


def test_the_language_the_paragraph_names_reads_the_cyrillic_letters():
    assert fix_text("Ukrainian striker Artem Довбиk scored.")[0] == "Ukrainian striker Artem Dovbyk scored."
    assert fix_text("Russian and Ukrainian fans cheered Artem Довбиk.")[0] == \
        "Russian and Ukrainian fans cheered Artem Dovbik."  # two named: the default reading

from pathlib import Path

import pytest
from helpers import make_article
from langdetect.detector_factory import DetectorFactory

from cleaners import detect_language as dl
from cleaners.config import CleanerConfig
from cleaners.detect_language import detect, detect_language, is_kazakh

SAMPLES = {
    "en": "The regional akimat announced on Monday that eleven new schools will open before September, "
          "easing the pressure on overcrowded classrooms in the south of the country.",
    "ru": "Региональный акимат объявил в понедельник, что до сентября откроются одиннадцать новых школ, "
          "что снизит нагрузку на переполненные классы на юге страны.",
    "kk": "Облыс әкімдігі дүйсенбі күні қыркүйекке дейін он бір жаңа мектеп ашылатынын хабарлады, бұл елдің "
          "оңтүстігіндегі сыныптардағы жүктемені азайтады.",
    "de": "Die Regionalverwaltung kündigte am Montag an, dass bis September elf neue Schulen eröffnet werden, "
          "was die überfüllten Klassenzimmer im Süden des Landes entlasten soll.",
    "uk": "Обласна адміністрація оголосила в понеділок, що до вересня відкриються одинадцять нових шкіл, "
          "що зменшить навантаження на переповнені класи на півдні країни.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_languages(lang):
    assert detect(SAMPLES[lang]) == lang


def test_kazakh_rule_needs_kazakh_only_letters_in_quantity():
    assert is_kazakh(SAMPLES["kk"])
    assert not is_kazakh(SAMPLES["ru"])
    assert not is_kazakh(SAMPLES["uk"])  # і alone is Ukrainian too
    # Russian prose that mentions one Kazakh name is still Russian.
    ru = SAMPLES["ru"] + " Об этом сообщила пресс-служба акимата области Ұлытау."
    assert not is_kazakh(ru) and detect(ru) == "ru"


def test_detection_is_deterministic_for_a_seed():
    mixed = "Hello мир and some more words, ещё немного слов, and a few more English words here."
    first = detect(mixed, seed=0)
    assert all(detect(mixed, seed=0) == first for _ in range(10))


def test_no_letters_no_language():
    assert detect("12 345 — 678") is None


def test_step_reads_a_bounded_sample_from_several_places():
    art = make_article(SAMPLES["en"], *[SAMPLES["de"]] * 50)
    text = dl.sample(art, 300)
    assert len(text) <= 300 + dl.SAMPLE_PLACES
    assert SAMPLES["en"][:50] in text and SAMPLES["de"][:50] in text  # the opening, and further on
    assert detect_language(art, CleanerConfig(language_sample_chars=300)).language == "de"


def test_a_short_article_is_read_whole():
    art = make_article(SAMPLES["en"], SAMPLES["de"])
    assert dl.sample(art, 600) == "\n".join([art.title, SAMPLES["en"], SAMPLES["de"]])


def test_an_opening_notice_in_another_language_does_not_decide():
    notice = ("This content is not available in your region. Please enable JavaScript and cookies "
              "to continue, or update your browser to the latest version to view this page.")
    german = [SAMPLES["de"], "Der Stadtrat hat die Pläne für den Neubau der Brücke am Dienstag gebilligt; "
              "die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern.",
              "Anwohner hatten sich über den Lärm beschwert, der Bürgermeister versprach Nachtruhe.",
              "Die Kosten werden auf zwölf Millionen Euro geschätzt, der Bund trägt die Hälfte."] * 3
    art = make_article(notice, *german, title="Neue Brücke für die Altstadt")
    assert detect_language(art, CleanerConfig()).language == "de"


UNPROFILED = {  # languages langdetect has no profile for
    "ka": "საქართველოს მთავრობამ ორშაბათს გამოაცხადა, რომ სექტემბრამდე თერთმეტი ახალი სკოლა გაიხსნება, "
          "რაც შეამსუბუქებს გადატვირთულ საკლასო ოთახებს ქვეყნის სამხრეთში.",
    "hy": "Կառավարությունը երկուշաբթի հայտարարեց, որ մինչև սեպտեմբեր կբացվեն տասնմեկ նոր դպրոցներ, ինչը "
          "կթեթևացնի երկրի հարավում գերբեռնված դասարանները։",
}


@pytest.mark.parametrize("lang", sorted(UNPROFILED))
def test_a_script_of_one_language_names_it(lang):
    assert dl._ranked(UNPROFILED[lang], 0, 3)[0].lang == "et"  # what langdetect alone says, with certainty
    assert detect(UNPROFILED[lang]) == lang


def test_unknown_or_mismatched_script_is_no_language():
    amharic = "መንግሥት ሰኞ እንዳስታወቀው እስከ መስከረም ድረስ አሥራ አንድ አዳዲስ ትምህርት ቤቶች ይከፈታሉ።"
    assert detect(amharic) is None
    assert not dl.written_in("et", "Georgian") and dl.written_in("et", "Latin")
    assert dl.written_in("ja", "Kana") and dl.written_in("ru", "Cyrillic") and not dl.written_in("ru", "Latin")


def test_dominant_script():
    from cleaners.writing_systems import dominant_script

    assert dominant_script(SAMPLES["en"]) == "Latin" and dominant_script(SAMPLES["ru"]) == "Cyrillic"
    assert dominant_script("日本語のテキストです") == "Kana" and dominant_script("中文文本") == "Han"
    assert dominant_script("12 345 — 678") is None


def _langdetects_own() -> DetectorFactory:
    """The profiles as langdetect loads them (in sorted order, as detection always has)."""
    own = DetectorFactory()
    own.load_json_profile([Path(name).read_text("utf-8") for name in dl._profile_files()])
    return own


def test_compact_profiles_are_langdetects_numbers_from_a_cache_or_without_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    own = _langdetects_own()
    try:
        for step in ("built", "cached", "corrupt cache"):
            dl._factory.cache_clear()
            if step == "corrupt cache":
                cache = dl._cache_path(dl._profile_files())
                cache.write_bytes(cache.read_bytes()[:1000])
            got = dl._factory()
            assert got.langlist == own.langlist, step
            assert got.word_lang_prob_map.keys() == own.word_lang_prob_map.keys(), step
            assert all(tuple(got.word_lang_prob_map[w]) == tuple(v) for w, v in own.word_lang_prob_map.items()), step
            assert dl._cache_path(dl._profile_files()).exists()
    finally:
        dl._factory.cache_clear()  # the next test loads from the user's cache again


def test_cached_vectors_are_pages_of_the_mapped_file(tmp_path, monkeypatch):
    """Mapped, the 23 MB of vectors are shared by every worker instead of copied into each."""
    import mmap

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        dl._factory.cache_clear()
        dl._factory()  # builds and writes the cache
        dl._factory.cache_clear()
        probs = dl._factory().word_lang_prob_map
        assert isinstance(probs.vectors.obj, mmap.mmap)
        assert detect(SAMPLES["de"]) == "de"
    finally:
        dl._factory.cache_clear()


def test_an_unwritable_cache_still_detects(tmp_path, monkeypatch):
    (tmp_path / "presswash").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        dl._factory.cache_clear()
        assert detect(SAMPLES["de"]) == "de"
    finally:
        dl._factory.cache_clear()

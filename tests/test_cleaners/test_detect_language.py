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


def test_step_uses_a_bounded_sample():
    art = make_article(SAMPLES["en"], *[SAMPLES["de"]] * 50)
    assert detect_language(art, CleanerConfig(language_sample_chars=300)).language == "en"


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
            assert all(got.word_lang_prob_map[w] == tuple(v) for w, v in own.word_lang_prob_map.items()), step
            assert dl._cache_path(dl._profile_files()).exists()
    finally:
        dl._factory.cache_clear()  # the next test loads from the user's cache again


def test_an_unwritable_cache_still_detects(tmp_path, monkeypatch):
    (tmp_path / "presswash").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        dl._factory.cache_clear()
        assert detect(SAMPLES["de"]) == "de"
    finally:
        dl._factory.cache_clear()

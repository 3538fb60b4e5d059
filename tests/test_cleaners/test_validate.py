from helpers import make_article

from cleaners.records import Dropped, PageMeta
from cleaners.validate import validate, word_count

PROSE = "The akimat announced a plan to build new schools in the region over the next three years. " * 3


def test_an_article_with_evidence_and_enough_words_passes(config):
    art = make_article(PROSE, meta=PageMeta(evidence=("date:json-ld",)))
    assert validate(art, config) is art


def test_too_short_whatever_the_page_says(config):
    for meta in (PageMeta(evidence=("byline",)), PageMeta()):
        out = validate(make_article("Just a few words here.", meta=meta), config)
        assert isinstance(out, Dropped) and out.reason == "too_short"


def test_lacking_markup_is_no_reason_to_refuse(config):
    """A press release that says og:type=website and carries no date or byline is still news."""
    for meta in (PageMeta(declared_types=("og:website", "webpage")), PageMeta()):
        art = make_article(PROSE, meta=meta)
        assert validate(art, config) is art


def test_evidence_of_another_kind_of_page_refuses_it_with_the_reason(config):
    art = make_article(PROSE * 3, meta=PageMeta(not_article="a listing page: 12 teasers, 0 words besides them"))
    out = validate(art, config)
    assert isinstance(out, Dropped) and (out.reason, out.detail) == ("not_article", art.meta.not_article)


def test_chinese_and_japanese_words_are_counted_by_characters(config):
    zh = make_article("在抗击新冠肺炎疫情的日子里，封在武汉的父母们总要万般无奈而又小心翼翼回应着孩子天真的追问。")
    assert word_count(zh) == 22  # 43 Han characters, two to a word
    assert validate(zh, config) is zh
    assert word_count(make_article("子どもへの虐待をなくすための法律ができました。")) == 11


def test_no_title(config):
    assert validate(make_article(PROSE, title=" ", meta=PageMeta(evidence=("byline",))), config).reason == "no_title"

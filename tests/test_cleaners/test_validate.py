from helpers import make_article

from cleaners.records import Dropped, PageMeta
from cleaners.validate import validate

PROSE = "The akimat announced a plan to build new schools in the region over the next three years. " * 3


def test_an_article_with_evidence_and_enough_words_passes(config):
    art = make_article(PROSE, meta=PageMeta(evidence=("date:json-ld",)))
    assert validate(art, config) is art


def test_too_short(config):
    out = validate(make_article("Just a few words here.", meta=PageMeta(evidence=("byline",))), config)
    assert isinstance(out, Dropped) and out.reason == "too_short"


def test_a_website_page_without_evidence_is_not_an_article(config):
    art = make_article(PROSE * 3, meta=PageMeta(declared_types=("og:website", "webpage")))
    assert validate(art, config).reason == "not_article"


def test_without_any_markup_more_words_are_needed(config):
    assert validate(make_article(PROSE), config).reason == "not_article"
    art = make_article(PROSE * 3)
    assert validate(art, config) is art


def test_no_title(config):
    assert validate(make_article(PROSE, title=" ", meta=PageMeta(evidence=("byline",))), config).reason == "no_title"

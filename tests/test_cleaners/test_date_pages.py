"""The date golden pages (tests/fixtures/dates): each page cleaned by the whole chain as a crawl
would, its `published` exactly as expected.json says, one page or more per error class of
docs/dates.md, each class with a negative whose dates must not be taken."""

import json

import pytest
from helpers import FIXTURES

from cleaners.chain import clean
from cleaners.records import Article, RawPage

DATES = FIXTURES / "dates"
EXPECTED = json.loads((DATES / "expected.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED["pages"]))
def test_published(name, config):
    want = EXPECTED["pages"][name]
    page = RawPage(url=want["url"], body=(DATES / name).read_bytes(), fetched_at=EXPECTED["fetched_at"])
    article = clean(page, config)
    assert isinstance(article, Article), article
    assert article.published == want["published"]


def test_every_page_has_an_expectation_and_every_class_a_negative():
    assert sorted(p.name for p in DATES.glob("*.html")) == sorted(EXPECTED["pages"])
    classes = {p["class"].split(":")[0] for p in EXPECTED["pages"].values()}
    negatives = {p["class"].split(":")[0] for p in EXPECTED["pages"].values() if "negative" in p}
    assert classes == negatives == {"no date found", "one day off", "another item's date"}
    languages = {name.split("-")[0] for name in EXPECTED["pages"]} - {"url"}
    assert len(languages) >= 5

"""TrafilaturaRun must give exactly what two plain bare_extraction calls (fast, then full) give."""

from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import trafilatura
from helpers import aside_page
from trafilatura.core import _prepare_tree
from trafilatura.main_extractor import extract_content
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from cleaners.decode import decode_html
from cleaners.dom import drop_comments, prune_invisible
from cleaners.extract import _blocks, _plain, needs_fallbacks
from cleaners.trafilatura_run import SETTINGS, TrafilaturaRun, _options, may_match

GOLDEN = Path(__file__).parent.parent / "fixtures" / "golden"


def page_tree(name: str):
    """The tree main_text gets: parsed, comments and invisible elements gone."""
    text, _ = decode_html((GOLDEN / name / "page.html").read_bytes(), None)
    tree = lxml.html.document_fromstring(text)
    drop_comments(tree)
    prune_invisible(tree)
    return tree


def as_compared(doc):
    return None if doc is None else (doc.text, lxml.etree.tostring(doc.body, encoding="unicode"))


def assert_same_as_bare_extraction(tree, url: str) -> TrafilaturaRun:
    fast = trafilatura.bare_extraction(tree, url=url, fast=True, **SETTINGS)
    full = trafilatura.bare_extraction(tree, url=url, fast=False, **SETTINGS)
    run = TrafilaturaRun(tree, url)
    assert as_compared(run.fast) == as_compared(fast)
    assert as_compared(run.full()) == as_compared(full)
    return run


@pytest.mark.parametrize("name, fires", [
    ("comments-heavy", True),  # short, and little of the page: the fallbacks decide
    ("live-blog", True),  # very short: baseline rescue and recall escalation too
    ("amp-page", False),
    ("br-paragraphs", False),
])
def test_one_pass_equals_two_bare_extractions(name, fires):
    tree = page_tree(name)
    url = f"https://news.example/{name}"
    run = assert_same_as_bare_extraction(tree, url)
    assert needs_fallbacks(_plain(_blocks(run.fast)), tree) is fires


def test_page_with_teaser_blocks_gets_its_own_full_extraction():
    """With fast off, trafilatura's wild-text recovery also prunes teaser blocks: on such a page
    the two runs' main extractions differ, so the full run cannot reuse the fast one's."""
    p = "A paragraph of the story that says something about the city council and its budget for next year. "
    tree = lxml.html.document_fromstring(f'<html><body><div class="wrap"><p>{p}</p><div class="teaser">'
                                         f'<p>Teaser: {p * 2}</p></div><p>{p}</p></div></body></html>')
    run = assert_same_as_bare_extraction(tree, "https://news.example/teaser")
    assert run._cleaned is not None  # the pristine copy was kept
    fast, full = _options("u"), _options("u")
    full.fast = False
    assert "Teaser:" in extract_content(_prepare_tree(tree, fast, "u")[0], fast)[1]
    assert "Teaser:" not in extract_content(_prepare_tree(tree, full, "u")[0], full)[1]


def test_caller_tree_is_left_untouched():
    tree = page_tree("amp-page")
    before = lxml.etree.tostring(tree)
    TrafilaturaRun(tree, "https://news.example/amp").full()
    assert lxml.etree.tostring(tree) == before


def test_recall_is_bare_extraction_with_favor_recall():
    tree = lxml.html.document_fromstring(aside_page())
    recall = trafilatura.bare_extraction(tree, url="https://news.example/bridge", fast=True, favor_recall=True,
                                         **SETTINGS)
    run = TrafilaturaRun(tree, "https://news.example/bridge")
    assert as_compared(run.recall()) == as_compared(recall)
    assert "council voted" in run.recall().text and "council voted" not in (run.full().text or "")


def test_raw_prune_patterns_are_trafilaturas_own():
    """may_match skips an XPath by its own patterns: an upgrade that changes them must fail here."""
    raw, comments = RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH
    assert "re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')" in raw[0].path
    assert "re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')" in raw[0].path
    assert "contains(@class, 'elementor-share-buttons')" in raw[1].path
    assert "re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)')" in comments[0].path
    assert "re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')" in comments[0].path
    assert len(raw) == 2 and len(comments) == 1  # a new XPath would be evaluated, but say so here


@pytest.mark.parametrize("attributes, found", [
    ('<div id="comments">', True),
    ('<section class="Comment-list">', True),
    ('<ol id="comol-1">', True),
    ('<div id="disqus_thread">', True),
    ('<ul class="x post-comments">', True),
    ('<div class="infinitescroll">', True),
    ('<aside id="mvp-post-add-box">', True),
    ('<div class="elementor-share-buttons">', True),
    ('<div class="commentary">', False),  # trafilatura's (?!ary): a column, not comments
    ('<div class="x comment-count">', False),  # "^": the class must open with it
    ('<div class="wrap\ncomments">', False),  # a newline inside a class: "^" is the value's start only
    ('<div id="main" class="story">', False),
])
def test_may_match_keeps_every_xpath_that_finds_something(attributes, found):
    tree = lxml.html.document_fromstring(f"<html><body>{attributes}<p>Text of the page.</p></div></body></html>")
    ids, classes = "\n".join(tree.xpath("//@id")), "\n".join(tree.xpath("//@class"))
    xpaths = RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH
    matching = [x for x in xpaths if x(tree)]
    kept = may_match(xpaths, ids, classes)
    assert set(map(id, matching)) <= set(map(id, kept))
    assert bool(matching) is found
    if not found and "\n" not in attributes:
        assert kept == []  # nothing to find: nothing evaluated

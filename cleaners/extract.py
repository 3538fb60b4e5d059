"""RawPage -> Article draft: decode, parse once, read metadata, find the main text.

The main text comes from trafilatura's own extraction (its fast mode, balanced focus). When that
text is short and covers little of the page, trafilatura's full default run decides instead (its
readability and jusText fallbacks, compared its own way). Sub-headings, lists and quotes it
dropped from the middle of the story come back (restore.py). See docs/extraction.md for the
measures behind the choice.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from trafilatura.utils import repair_faulty_html

from . import dates, metadata
from .config import CleanerConfig
from .decode import DecodeError, charset_from_content_type, decode_html
from .dom import drop_comments, prune_invisible
from .html_blocks import blocks_of
from .page_kind import not_article_evidence
from .records import Article, Block, Dropped, PageMeta, RawPage
from .restore import restore_dropped
from .text import count_words
from .trafilatura_run import TrafilaturaRun, embedded_json
from .urls import resolve_canonical

STEP = "extract"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_PAGE_TEXT_LENGTH = lxml.etree.XPath("string-length(normalize-space(/html/body))")
# trafilatura's full run (its readability and jusText fallbacks) only when its own extraction is
# short and covers little of the page: a story found in full is long, or most of the page. On the
# trafilatura-eval pages this asks for the fallbacks on a quarter of the pages and keeps the F1 that
# running them everywhere gives; asking on fewer costs F1 there and on the readability pages
# (docs/extraction.md).
SECOND_OPINION_LENGTH = 2000  # characters
SECOND_OPINION_COVERAGE = 0.6  # of the page's text
RECALL_BELOW_WORDS = 50  # an extraction this short is no story: the recall focus is asked
RECALL_GAIN = 2  # and taken only when it finds at least twice the words


def extract(page: RawPage, config: CleanerConfig) -> Article | Dropped:
    content_type = page.header("Content-Type")
    if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return Dropped(STEP, "not_html", content_type)
    if len(page.body) > config.max_body_bytes:
        return Dropped(STEP, "too_large", f"{len(page.body)} bytes > {config.max_body_bytes}")
    try:
        text, _encoding = decode_html(page.body, charset_from_content_type(content_type))
    except DecodeError as exc:
        return Dropped(STEP, "decode_error", str(exc))
    try:
        # trafilatura's own repair first: with some doctype lines libxml2 builds a tree on which
        # trafilatura finds nothing (lxml bug 1955915), as it would when parsing the page itself
        text = repair_faulty_html(_XML_DECL_RE.sub("", text, count=1), text[:50].lower())
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        return Dropped(STEP, "unparsable", str(exc) or "empty document")

    tags = metadata.meta_tags(tree)
    jsonld = metadata.read_jsonld(tree)
    types = metadata.declared_types(tags, jsonld)
    if metadata.is_declared_non_article(types):
        return Dropped(STEP, "not_article", "the page declares itself " + ", ".join(types))
    articles = metadata.article_objects(jsonld)
    site = metadata.site_name(tags, jsonld)
    title = metadata.title(tree, tags, jsonld, site)
    published, date_sources = dates.published(tree, tags, articles, page.url, page.fetched_at,
                                              lambda: metadata.headline_lines(tree, title))
    authors = metadata.authors(tree, tags, jsonld, title)
    canonical = metadata.canonical_href(tree, tags)

    drop_comments(tree)
    embedded = embedded_json(tree)
    prune_invisible(tree)
    blocks = main_text(tree, config, embedded)
    if not blocks:
        return Dropped(STEP, "no_body", "no main text found")
    evidence = metadata.article_evidence(types, date_sources, authors)
    not_article = not_article_evidence(page.url, title, blocks, tree, evidence)
    return Article(
        url=page.url,
        canonical_url=resolve_canonical(canonical, page.url),
        title=title,
        blocks=blocks,
        authors=authors,
        published=published,
        fetched_at=page.fetched_at,
        raw=page.raw,
        meta=PageMeta(
            declared_types=types,
            evidence=evidence,
            html_lang=metadata.html_lang(tree),
            site_name=site,
            description=metadata.description(tags),
            not_article=not_article,
        ),
    )


def main_text(tree, config: CleanerConfig, embedded: tuple = ()) -> tuple[Block, ...]:
    """trafilatura's own extraction; when that is short and covers little of the page, its full
    default run with fallbacks decides instead (see docs/extraction.md for the measure). Both come
    from one tree preparation (trafilatura_run.py). `embedded`: the page's JSON-LD scripts, which
    the tree no longer holds, for trafilatura's baseline rescue."""
    # no base URL: the links are read for their density only, and resolving every href against
    # the page's URL (courlan) cost ~4% of the chain's CPU
    run = TrafilaturaRun(tree, None, embedded)
    blocks = _blocks(run.fast)
    # a fast run rescued by baseline found next to nothing itself: its text is baseline's guess (the
    # JSON-LD's body, the page's paragraphs, or all the body's text, menus included), however long
    if not config.fast_extraction and (run.rescued or needs_fallbacks(_plain(blocks), tree)):
        blocks = _blocks(run.full())
    if not config.fast_extraction and (found := count_words(_plain(blocks))) < RECALL_BELOW_WORDS:
        # next to nothing found, the default run's fallbacks included (a story the parser nests
        # inside an <aside>, which trafilatura's page-share test leaves out, so it never escalates):
        # its recall focus, when that finds at least twice the words
        recall = _blocks(run.recall())
        if count_words(_plain(recall)) >= max(config.min_words, RECALL_GAIN * found):
            blocks = recall
    return restore_dropped(tree, blocks)


def _blocks(doc) -> tuple[Block, ...]:
    return blocks_of(doc.body) if doc is not None and doc.body is not None else ()


def needs_fallbacks(text: str, tree) -> bool:
    """A story found in full is long, or is most of the page; anything else may be a fraction.
    The page's text is measured only for a short story."""
    return len(text) < SECOND_OPINION_LENGTH and len(text) < SECOND_OPINION_COVERAGE * _page_text_length(tree)


def _plain(blocks: tuple[Block, ...]) -> str:
    return "\n".join(b.text for b in blocks)


def _page_text_length(tree) -> int:
    """Characters of readable text on the page (the tree is pruned: no scripts, no styles)."""
    return int(_PAGE_TEXT_LENGTH(tree))

"""RawPage -> Article draft: decode, parse once, read metadata, find the main text.

The main text comes from trafilatura (its fast mode: precise, no fallbacks). When that text is
short and covers little of the page, a second opinion comes from the readability algorithm that
ships with trafilatura; it replaces trafilatura's text only when it contains it and adds to it. The
later steps remove what a broader extraction lets in, so recall comes from the extractors and
precision from the cleaners.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.external import try_readability

from . import dates, metadata
from .config import CleanerConfig
from .decode import DecodeError, charset_from_content_type, decode_html
from .dom import prune_invisible
from .html_blocks import blocks_of
from .records import Article, Block, Dropped, PageMeta, RawPage
from .text import collapse_spaces
from .urls import resolve_canonical

STEP = "extract"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_TOKEN_RE = re.compile(r"\w+")
_PAGE_TEXT_LENGTH = lxml.etree.XPath("string-length(normalize-space(/html/body))")
# Ask readability only when trafilatura's text is short and covers little of the page: a story
# trafilatura found in full is long, whatever the share of menus and teasers around it.
SECOND_OPINION_LENGTH = 2000  # characters
SECOND_OPINION_COVERAGE = 0.6  # of the page's text
SUPERSET = 0.9  # readability's text must hold this share of trafilatura's shingles ...
LONGER = 1.05  # ... and be this much longer, to replace it


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
        tree = lxml.html.document_fromstring(_XML_DECL_RE.sub("", text, count=1))
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

    prune_invisible(tree)
    blocks = main_text(tree, page.url, config)
    if not blocks:
        return Dropped(STEP, "no_body", "no main text found")
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
            evidence=metadata.article_evidence(types, date_sources, authors),
            html_lang=metadata.html_lang(tree),
            site_name=site,
            description=metadata.description(tags),
        ),
    )


def main_text(tree, url: str, config: CleanerConfig) -> tuple[Block, ...]:
    doc = trafilatura.bare_extraction(
        tree,  # trafilatura works on its own copy
        url=url,
        fast=True,
        favor_recall=True,  # the cleaners take care of precision; recall mode skips a costly retry
        with_metadata=False,
        include_comments=False,
        include_links=True,  # link density is a boilerplate signal
        include_tables=True,
        include_images=False,
        include_formatting=False,
        deduplicate=False,  # trafilatura's dedup cache is process-global: output would depend on order
    )
    own = blocks_of(doc.body) if doc is not None and doc.body is not None else ()
    own = restore_headings(tree, own)
    own_text = _plain(own)
    if config.fast_extraction or len(own_text) >= SECOND_OPINION_LENGTH \
            or len(own_text) >= SECOND_OPINION_COVERAGE * _page_text_length(tree):
        return own
    other = blocks_of(try_readability(tree))  # the last reader of the tree: it may change it
    return other if prefer_broader(own_text, _plain(other)) else own


def prefer_broader(own: str, other: str) -> bool:
    """The broader extraction wins when it holds (nearly) all of the precise one and more."""
    if not other or len(other) < LONGER * len(own):
        return False
    if not own:
        return True
    mine, theirs = _shingles(own), _shingles(other)
    return len(mine & theirs) >= SUPERSET * len(mine)


def restore_headings(tree, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Put back the sub-headings trafilatura dropped (it does on pages without an article
    container): a heading whose next paragraph was extracted belongs before that paragraph."""
    if not blocks:
        return blocks
    position = {}
    for i, b in enumerate(blocks):
        position.setdefault(b.text, i)
    inserts: dict[int, Block] = {}
    for h in tree.iter("h2", "h3", "h4", "h5", "h6"):
        text = collapse_spaces(h.text_content())
        if not text or text in position:
            continue
        nxt = h.getnext()
        while nxt is not None and (not isinstance(nxt.tag, str) or not nxt.text_content().strip()):
            nxt = nxt.getnext()  # comments, empty elements
        if nxt is None:
            continue
        i = position.get(collapse_spaces(nxt.text_content()))
        if i is not None and i not in inserts:
            inserts[i] = Block(text, "heading", level=int(h.tag[1]))
    if not inserts:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i in inserts:
            out.append(inserts[i])
        out.append(b)
    return tuple(out)


def _plain(blocks: tuple[Block, ...]) -> str:
    return "\n".join(b.text for b in blocks)


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text)
    return {tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))}


def _page_text_length(tree) -> int:
    """Characters of readable text on the page (the tree is pruned: no scripts, no styles)."""
    return int(_PAGE_TEXT_LENGTH(tree))

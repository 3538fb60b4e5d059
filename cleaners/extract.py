"""RawPage -> Article draft: decode, parse once, read metadata, let trafilatura find the body.

The body keeps its structure as Blocks (paragraph, heading, list item, quote, table row, code),
each with the share of its characters that sat inside links, which the boilerplate step uses.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from . import metadata
from .config import CleanerConfig
from .decode import DecodeError, charset_from_content_type, decode_html
from .records import Article, Block, Dropped, PageMeta, RawPage
from .text import collapse_spaces
from .urls import resolve_canonical

STEP = "extract"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK_TAGS = {"p": "p", "head": "heading", "quote": "quote", "code": "code"}


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

    doc = trafilatura.bare_extraction(
        tree,
        url=page.url,
        fast=config.fast_extraction,
        with_metadata=True,
        include_comments=False,
        include_links=True,  # link density is a boilerplate signal
        include_tables=True,
        include_images=False,
        include_formatting=False,
        deduplicate=False,  # trafilatura's dedup cache is process-global: output would depend on order
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or doc.body is None:
        return Dropped(STEP, "no_body", "trafilatura found no main text")
    blocks = body_blocks(doc.body)
    if not blocks:
        return Dropped(STEP, "no_body", "the main text is empty")

    site = metadata.site_name(tags, doc.sitename)
    title = metadata.strip_site_suffix(collapse_spaces(doc.title or ""), site)
    dates = metadata.published_candidates(tree, tags, jsonld, page.url)
    published = metadata.choose_published(dates, doc.date, page.fetched_at)
    authors = metadata.authors(jsonld, doc.author)
    return Article(
        url=page.url,
        canonical_url=resolve_canonical(metadata.canonical_href(tree, tags), page.url),
        title=title,
        blocks=blocks,
        authors=authors,
        published=published,
        fetched_at=page.fetched_at,
        raw=page.raw,
        meta=PageMeta(
            declared_types=types,
            evidence=metadata.article_evidence(types, [src for src, _ in dates], authors),
            html_lang=metadata.html_lang(tree),
            site_name=site,
            description=metadata.description(tags),
        ),
    )


def body_blocks(body) -> tuple[Block, ...]:
    """Flatten trafilatura's body tree into Blocks, in document order."""
    out: list[Block] = []
    groups = iter(range(1 << 30))

    def add(el, kind: str, **kw) -> None:
        text, link_chars = _inline_text(el)
        density = round(min(1.0, link_chars / max(1, _visible_len(text))), 3)
        for part in _split_paragraphs(text) if kind == "p" else [text]:
            part = part.strip("\n") if kind == "code" else collapse_spaces(part)
            if part.strip():
                out.append(Block(part, kind, link_density=density, **kw))

    def walk_list(el, depth: int, group: int) -> None:
        ordered = el.get("rend") == "ol"
        for item in el:
            if item.tag != "item":
                continue
            nested = [c for c in item if c.tag == "list"]
            for c in nested:
                item.remove(c)  # the item's own text first, then its sub-list
            add(item, "item", level=depth, group=group, ordered=ordered)
            for c in nested:
                walk_list(c, depth + 1, next(groups))

    for el in body:
        tag = el.tag
        if tag == "list":
            walk_list(el, 0, next(groups))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [collapse_spaces(_inline_text(c)[0]) for c in row if c.tag == "cell"]
                cells = [c for c in cells if c]
                if cells:
                    out.append(Block(" | ".join(cells), "row"))
        elif tag == "quote" and any(c.tag in ("p", "list") for c in el):
            for child in el:
                if child.tag == "list":
                    walk_list(child, 0, next(groups))
                else:
                    add(child, "quote")
        elif tag == "head":
            add(el, "heading", level=_heading_level(el))
        elif tag in _BLOCK_TAGS:
            add(el, _BLOCK_TAGS[tag])
        else:  # div, graphic with caption text, anything trafilatura adds later
            add(el, "p")
    return tuple(out)


def _heading_level(el) -> int:
    rend = el.get("rend") or ""
    return int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit() else 2


def _inline_text(el) -> tuple[str, int]:
    """Text of an element with <lb/> as line breaks; also the number of characters inside links."""
    parts: list[str] = []
    link_chars = 0

    def visit(node, in_link: bool) -> None:
        nonlocal link_chars
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
            if in_link or node.tag == "ref":
                link_chars += _visible_len(node.text)
        for child in node:
            visit(child, in_link or node.tag == "ref")
            if child.tail:
                parts.append(child.tail)
                if in_link or node.tag == "ref":
                    link_chars += _visible_len(child.tail)

    visit(el, False)
    return "".join(parts), link_chars


def _visible_len(text: str) -> int:
    return len(text) - sum(map(text.count, " \n\t\xa0"))


def _split_paragraphs(text: str) -> list[str]:
    """Pages without <p> separate paragraphs with <br><br>: a blank line splits a block."""
    return re.split(r"\n[ \t\xa0]*\n", text)

"""An extracted body (trafilatura's XML or plain HTML) as a flat list of Blocks.

One walker for both vocabularies: each tag has a role (paragraph, heading, list, item, quote,
code, table, row, cell, line break, link, container, skip; anything else is inline text).
Inline text between blocks becomes a paragraph; two line breaks in a row end one, so pages
written as <div>text<br><br>text</div> keep their paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import count

from .records import Block
from .text import collapse_spaces

ROLES = {
    # trafilatura's output format
    "p": "p", "head": "heading", "list": "list", "item": "item", "quote": "quote", "code": "code",
    "table": "table", "row": "row", "cell": "cell", "lb": "br", "ref": "link", "graphic": "skip",
    # HTML
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    **dict.fromkeys(("ul", "ol", "dl", "menu"), "list"),
    **dict.fromkeys(("li", "dt", "dd"), "item"),
    "blockquote": "quote", "pre": "code", "tr": "row", "td": "cell", "th": "cell", "br": "br", "a": "link",
    **dict.fromkeys(("div", "section", "article", "main", "header", "footer", "aside", "details", "summary",
                     "center", "form", "fieldset", "address", "nav", "body", "html", "hgroup", "picture", "caption",
                     "thead", "tbody", "tfoot", "doc"), "container"),
    # figures and their captions describe pictures, not the story: left out, as trafilatura does
    **dict.fromkeys(("figure", "figcaption", "script", "style", "noscript", "template", "img", "svg", "video",
                     "audio", "iframe", "object", "embed", "canvas", "button", "input", "select", "textarea", "math",
                     "title", "meta", "link", "source", "track", "map", "area"), "skip"),
}
LAYOUT_CELL_CHARS = 1000  # a cell holding more text than this is page layout, not data
BLOCK_ROLES = frozenset(("p", "heading", "list", "item", "quote", "code", "table", "row", "cell", "container"))
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\xa0]*\n")
_SPACE_RE = re.compile(r"\s+")


def role(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag:
        return "skip"  # comments, processing instructions
    tag = tag.lower()
    if tag == "a":
        href = el.get("href") or ""
        if not href or href.startswith("#"):
            return "inline"  # a named anchor or a jump within the page is not a link elsewhere
    elif tag == "ref" and not el.get("target"):
        return "inline"  # trafilatura's link without a target; a jump within the page ("Jump to
        # navigation", a table of contents, "Back to top") is page furniture and counts as a link
    return ROLES.get(tag, "inline")


def visible_len(text: str) -> int:
    return len(_SPACE_RE.sub("", text))


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.groups = count()
        self.parts: list[str] = []  # the inline run being collected
        self.link_chars = 0

    # --- inline runs ---------------------------------------------------------------------------

    def text(self, s: str | None, in_link: bool = False) -> None:
        if s:
            self.parts.append(s)
            if in_link:
                self.link_chars += visible_len(s)

    def inline(self, el, in_link: bool = False) -> None:
        r = role(el)
        if r == "skip":
            return
        if r == "br":
            self.parts.append("\n")
            return
        in_link = in_link or r == "link"
        self.text(el.text, in_link)
        for child in el:
            if role(child) == "code" and "\n" not in "".join(child.itertext()).strip():
                self.inline_code(child, in_link)  # `setup.py` inside a sentence is part of it
            elif role(child) in BLOCK_ROLES:
                self.parts.append("\n\n")  # a block inside inline markup still breaks the line
                self.inline(child, in_link)
                self.parts.append("\n\n")
            else:
                self.inline(child, in_link)
            self.text(child.tail, in_link)

    def inline_code(self, el, in_link: bool) -> None:
        self.text("".join(el.itertext()), in_link)

    def flush(self, kind: str = "p", **kw) -> None:
        text = "".join(self.parts)
        link_chars, self.parts, self.link_chars = self.link_chars, [], 0
        if not text.strip():
            return
        density = round(min(1.0, link_chars / max(1, visible_len(text))), 3)
        pieces = [text] if kind in ("code", "heading", "item", "row") else _PARAGRAPH_BREAK_RE.split(text)
        for piece in pieces:
            piece = piece.strip("\n") if kind == "code" else collapse_spaces(piece)
            if piece.strip():
                self.blocks.append(Block(piece, kind, link_density=density, **kw))

    # --- blocks --------------------------------------------------------------------------------

    def container(self, el) -> None:
        self.text(el.text)
        for child in el:
            r = role(child)
            if r in BLOCK_ROLES:
                self.flush()
                self.block(child, r)
            elif r == "br":
                self.parts.append("\n")
            elif r != "skip":
                self.inline(child)
            self.text(child.tail)
        self.flush()

    def block(self, el, r: str) -> None:
        if r == "p":
            self.inline(el)
            self.flush("p")
        elif r == "heading":
            self.inline(el)
            self.flush("heading", level=_heading_level(el))
        elif r == "list":
            self.list(el, 0)
        elif r == "item":
            self.item(el, 0, next(self.groups), ordered=False)
        elif r == "quote":
            if any(role(c) in BLOCK_ROLES for c in el):
                start = len(self.blocks)
                self.container(el)
                for i in range(start, len(self.blocks)):
                    if self.blocks[i].kind == "p":
                        self.blocks[i] = replace(self.blocks[i], kind="quote")
            else:
                self.inline(el)
                self.flush("quote")
        elif r == "code":
            self.parts.append("".join(el.itertext()))
            self.flush("code")
        elif r == "table":
            self.table(el)
        else:  # container, or a row or cell out of place
            self.container(el)

    def list(self, el, depth: int) -> None:
        group = next(self.groups)
        ordered = el.tag == "ol" or el.get("rend") == "ol"
        for child in el:
            r = role(child)
            if r == "item":
                self.item(child, depth, group, ordered)
            elif r == "list":
                self.list(child, depth + 1)
            elif r in BLOCK_ROLES:
                self.block(child, r)
            elif r != "skip":
                self.inline(child)
                self.flush("item", level=depth, group=group, ordered=ordered)

    def item(self, el, depth: int, group: int, ordered: bool) -> None:
        """An item's own text first (its paragraphs joined), then its sub-lists."""
        nested = []
        self.text(el.text)
        for child in el:
            r = role(child)
            if r == "list":
                nested.append(child)
            elif r == "br":
                self.parts.append("\n")
            elif r in BLOCK_ROLES:
                self.parts.append(" ")
                self.inline(child)
                self.parts.append(" ")
            elif r != "skip":
                self.inline(child)
            self.text(child.tail)
        self.flush("item", level=depth, group=group, ordered=ordered)
        for child in nested:
            self.list(child, depth + 1)

    def table(self, el) -> None:
        """A data table becomes one block per row; a table used for page layout (a cell holds a
        whole text) is walked like any container."""
        rows = [r for r in el.iter() if role(r) == "row"]
        cells = [c for r in rows for c in r if role(c) == "cell"]
        if not rows or any(len("".join(c.itertext())) > LAYOUT_CELL_CHARS for c in cells):
            self.container(el)
            return
        for row in rows:
            texts = []
            for cell in row:
                if role(cell) == "cell":
                    self.inline(cell)
                    texts.append(collapse_spaces(" ".join("".join(self.parts).split("\n"))))
                    self.parts, self.link_chars = [], 0
            texts = [t for t in texts if t]
            if texts:
                self.blocks.append(Block(" | ".join(texts), "row"))


def _heading_level(el) -> int:
    tag = el.tag.lower()
    if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
        return int(tag[1])
    rend = el.get("rend") or ""
    return int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2


def blocks_of(root) -> tuple[Block, ...]:
    builder = _Builder()
    builder.container(root)
    return tuple(builder.blocks)

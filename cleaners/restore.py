"""Put back what trafilatura dropped from a story it found.

On pages without an article container trafilatura's own extraction drops sub-headings, lists
and quotations that sit between paragraphs it kept. An element whose neighbours on both sides
were extracted one right after the other is in the story's flow; a heading needs only the
paragraph it introduces. Around the story: the standfirst between the headline and the first
kept paragraph (often in a container of its own), and the source line or the reporter's e-mail
right after the last one. What comes back is walked like any extracted body (html_blocks), so
the cleaners judge it like the rest; link lists (menus, "read also" boxes) are not put back.
"""

from __future__ import annotations

import re

from .html_blocks import blocks_of
from .records import Block
from .text import ENDS_SENTENCE_RE, SOURCE_LINE_RE, collapse_spaces, words

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
BETWEEN = ("ul", "ol", "dl", "blockquote", "p", "pre")
PARAGRAPH_LIKE = frozenset(("p", "li", "blockquote", "pre", *HEADINGS))  # what one block comes from
STANDFIRST_WORDS = 8  # a standfirst is a sentence, not a date or a kicker
STANDFIRST_BLOCKS = 3
STANDFIRST_DEPTH = 3  # levels above the headline where its siblings are looked at
SKIP_CONTAINERS = frozenset(("header", "nav", "aside", "footer", "form", "figure", "figcaption"))
REFERENCE_WORDS = 25
REFERENCE_LINES = 3
_URL_TEXT_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
KEY_CHARS = 60  # a block is found again by its first (or last) characters
MAX_LINK_DENSITY = 0.5  # a list of links between two paragraphs is a box, not the story


def _neighbour(el, forward: bool):
    """The next (or previous) sibling element with text, skipping empty elements."""
    node = el.getnext() if forward else el.getprevious()
    while node is not None and (not isinstance(node.tag, str) or not node.text_content().strip()):
        node = node.getnext() if forward else node.getprevious()
    return node


def _key(text: str) -> str:
    """The first KEY_CHARS characters of the text, whitespace collapsed. Collapsing a prefix gives
    a prefix of the collapsed whole, so a long text is only collapsed as far as the key reaches."""
    if len(text) > 4 * KEY_CHARS:
        head = " ".join(text[:4 * KEY_CHARS].split())
        if len(head) >= KEY_CHARS:
            return head[:KEY_CHARS]
    return " ".join(text.split())[:KEY_CHARS]


def restore_dropped(tree, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    if not blocks:
        return blocks
    # Cheap lookups first: the start and the end of every extracted block. An element's own
    # blocks are built (the costly part) only once its neighbours say it may belong.
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for i, b in enumerate(blocks):
        starts.setdefault(_key(b.text), i)
        ends.setdefault(_key(b.text[-KEY_CHARS:]), i)
    extracted = "\n".join(b.text for b in blocks)
    inserts: dict[int, list[Block]] = {}  # blocks to put before blocks[i]

    def starts_at(el) -> int | None:
        if el is None:
            return None
        key = keys.get(el)
        return starts.get(key if key is not None else _key(el.text_content()))

    def ends_at(el) -> int | None:
        return ends.get(_key(collapse_spaces(el.text_content())[-KEY_CHARS:])) if el is not None else None

    # One pass reads the text of every candidate element and its key (the same for the raw text
    # and the collapsed one); the story's first and last elements are found in the same list.
    # Only the few candidates next to a kept block get their text collapsed.
    elements = [(el, raw, _key(raw)) for el, raw in ((el, el.text_content()) for el in
                                                     tree.iter(*HEADINGS, *BETWEEN, "li"))]
    keys = {el: key for el, _raw, key in elements}
    for el, raw, key in elements:
        if el.tag not in HEADINGS and el.tag not in BETWEEN:
            continue
        if not key or key in starts:
            continue  # extracted already (an empty key: no text)
        i = starts_at(_neighbour(el, forward=True))
        if i is None or i in inserts:
            continue
        text = collapse_spaces(raw)
        if text[:KEY_CHARS] in extracted:
            continue  # not before a kept block, or kept already (inside a larger block)
        if el.tag in BETWEEN and any(a.tag in BETWEEN or a.tag in HEADINGS for a in el.iterancestors()):
            continue  # the outermost element is put back whole
        if el.tag in HEADINGS:
            inserts[i] = [Block(text, "heading", level=int(el.tag[1]))]
            continue
        if i == 0 or ends_at(_neighbour(el, forward=False)) != i - 1:
            continue
        own = blocks_of(el)
        chars = sum(len(b.text) for b in own)
        if not own or sum(b.link_density * len(b.text) for b in own) > MAX_LINK_DENSITY * chars:
            continue
        inserts[i] = list(own)
    first = _element_of(elements, blocks[0])
    lead = _standfirst(tree, first) if first is not None else []
    if lead and 0 not in inserts:
        inserts[0] = lead
    last = _element_of(elements, blocks[-1], last=True)
    tail = _references_after(last) if last is not None else []
    if not inserts and not tail:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        out.extend(inserts.get(i, ()))
        out.append(b)
    return tuple(out + tail)


def _element_of(elements: list, block: Block, last: bool = False):
    """The paragraph-like element a block was extracted from (the last such, with `last`)."""
    key, found = _key(block.text), None
    for el, _raw, el_key in elements:
        if el_key == key and el.tag in PARAGRAPH_LIKE:
            if not last:
                return el
            found = el
    return found


def _standfirst(tree, first) -> list[Block]:
    """The standfirst: paragraphs between the headline and the first extracted paragraph, in a
    container of their own (trafilatura takes one container: the intro in another is lost)."""
    h1 = None
    for el in tree.iter():
        if el is first:
            break
        if el.tag == "h1":
            h1 = el
    if h1 is None:
        return []
    anchor = h1
    for _ in range(STANDFIRST_DEPTH):  # the headline may sit in a header of its own
        if anchor is None:
            return []
        found = _between(anchor, first)
        if found is not None:
            return found
        anchor = anchor.getparent()
    return []


def _between(anchor, first) -> list[Block] | None:
    """The standfirst paragraphs among the siblings after `anchor` and before the one holding
    `first`; None when `first` is not among them."""
    out: list[Block] = []
    for el in anchor.itersiblings():
        if el is first or first in el.iterdescendants():
            return out if len(out) <= STANDFIRST_BLOCKS else []  # more is a layout, not a standfirst
        if not isinstance(el.tag, str):
            continue
        for p in (el.iter("p") if el.tag != "p" else [el]):
            if any(a.tag in SKIP_CONTAINERS for a in p.iterancestors()):
                continue
            out.extend(b for b in blocks_of(p) if b.link_density < MAX_LINK_DENSITY and "\n" not in b.text
                       and len(words(b.text)) >= STANDFIRST_WORDS and ENDS_SENTENCE_RE.search(b.text))
    return None


def _references_after(last) -> list[Block]:
    """The source line, the reporter's e-mail or a link to the data right after the story's last
    paragraph: trafilatura leaves out short lines that are all link."""
    out = []
    for el in last.itersiblings():
        if not isinstance(el.tag, str) or el.tag != "p":
            break
        text = collapse_spaces(el.text_content())
        if not text:
            continue
        hrefs = [a.get("href") or "" for a in el.iter("a")]
        is_reference = SOURCE_LINE_RE.match(text) or any(h.startswith("mailto:") and "@" in h for h in hrefs) \
            or _URL_TEXT_RE.fullmatch(text)
        if not is_reference or len(words(text)) > REFERENCE_WORDS:
            break
        out.extend(blocks_of(el))
        if len(out) >= REFERENCE_LINES:
            break
    return out

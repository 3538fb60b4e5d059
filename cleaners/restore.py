"""Put back what trafilatura dropped from the middle of a story it found.

On pages without an article container trafilatura's own extraction drops sub-headings, lists
and quotations that sit between paragraphs it kept. An element whose neighbours on both sides
were extracted one right after the other is in the story's flow; a heading needs only the
paragraph it introduces. What comes back is walked like any extracted body (html_blocks), so
the cleaners judge it like the rest; link lists (menus, "read also" boxes) are not put back.
"""

from __future__ import annotations

from .html_blocks import blocks_of
from .records import Block
from .text import collapse_spaces

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
BETWEEN = ("ul", "ol", "dl", "blockquote", "p", "pre")
MAX_LINK_DENSITY = 0.5  # a list of links between two paragraphs is a box, not the story


def _neighbour(el, forward: bool):
    """The next (or previous) sibling element with text, skipping empty elements."""
    node = el.getnext() if forward else el.getprevious()
    while node is not None and (not isinstance(node.tag, str) or not node.text_content().strip()):
        node = node.getnext() if forward else node.getprevious()
    return node


def restore_dropped(tree, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    if not blocks:
        return blocks
    position: dict[str, int] = {}
    for i, b in enumerate(blocks):
        position.setdefault(b.text, i)
    inserts: dict[int, list[Block]] = {}  # blocks to put before blocks[i]

    def first_index(el) -> int | None:
        found = blocks_of(el)
        return position.get(found[0].text) if found else None

    def last_index(el) -> int | None:
        found = blocks_of(el)
        return position.get(found[-1].text) if found else None

    for el in tree.iter(*HEADINGS, *BETWEEN):
        if el.tag in BETWEEN and any(a.tag in BETWEEN or a.tag in HEADINGS for a in el.iterancestors()):
            continue  # the outermost element is put back whole
        own = blocks_of(el)
        if not own or any(b.text in position for b in own):
            continue
        nxt = _neighbour(el, forward=True)
        i = first_index(nxt) if nxt is not None else None
        if i is None or i in inserts:
            continue
        if el.tag in HEADINGS:
            text = collapse_spaces(el.text_content())
            inserts[i] = [Block(text, "heading", level=int(el.tag[1]))]
            continue
        prev = _neighbour(el, forward=False)
        if prev is None or last_index(prev) != i - 1:
            continue
        chars = sum(len(b.text) for b in own)
        if sum(b.link_density * len(b.text) for b in own) > MAX_LINK_DENSITY * chars:
            continue
        inserts[i] = list(own)
    if not inserts:
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        out.extend(inserts.get(i, ()))
        out.append(b)
    return tuple(out)

"""What a page prints around the story, told by where it sits: an advertising disclosure before the
story's first or after its last paragraph of prose, a note about the writer closing the page, a
label left as the page's last line with nothing under it.

Each of these is real text of the same shape inside the story (an article on affiliate marketing
quotes a disclosure; a profile opens a paragraph with a name; "Kontakt:" over a contact address),
so each rule reads only the edges. The rules return indexes; strip_boilerplate records them under
its own step, with the reasons `disclosure`, `author_bio` and `trailing_box`.
"""

from __future__ import annotations

import re

from .records import Block
from .text import words

PROSE_WORDS = 25  # a paragraph of running text: the story
DISCLOSURE_MAX_WORDS = 80  # "This post contains references to products from one or more of our advertisers. ..."
AUTHOR_BIO_MAX_WORDS = 80
LABEL_MAX_WORDS = 3  # "Von:", "Release Date:"
# "<author> is ...": the verbs of being an author's note opens with
_BIO_VERBS = frozenset("is was has ist war hat est était es fue è era jest był była é foi является".split())


def edge_disclosures(blocks: tuple[Block, ...], pattern: re.Pattern) -> list[int]:
    """An advertising or affiliate disclosure of a few sentences (`pattern`: its phrases, from
    data/boilerplate_phrases.json), before the story's first or after its last paragraph of prose
    ("We may receive compensation when you click on links to those products"). Between two
    paragraphs of the story the same words are the story."""
    def disclosure(i: int, n: int) -> bool:
        return blocks[i].kind == "p" and n <= DISCLOSURE_MAX_WORDS \
            and pattern.search(" ".join(blocks[i].text.lower().replace("’", "'").split())) is not None

    def edge(order) -> list[tuple[int, int]]:
        """(index, words) of the blocks met before a paragraph of prose, read in `order`; none
        when the page has no prose at all."""
        seen = []
        for i in order:  # only the edges are read: the story's middle is never looked at
            n = len(words(blocks[i].text))
            if blocks[i].kind in ("p", "item", "quote") and n >= PROSE_WORDS and not disclosure(i, n):
                return seen
            seen.append((i, n))
        return []

    return [i for i, n in [*edge(range(len(blocks))), *edge(range(len(blocks) - 1, -1, -1))] if disclosure(i, n)]


def is_author_bio(block: Block, authors: tuple[str, ...]) -> bool:
    """'Inga Buller ist Head of Social & Community bei CHIP. ...': a short paragraph that opens
    with one of the article's own authors (a full name, from its metadata) and a verb of being."""
    text = block.text.lstrip()
    if not authors or block.kind not in ("p", "quote") or len(words(text)) > AUTHOR_BIO_MAX_WORDS:
        return False
    for name in authors:
        if len(name.split()) >= 2 and text.startswith(name):
            rest = text[len(name):].split(maxsplit=1)
            return bool(rest) and rest[0].lower().strip(",") in _BIO_VERBS
    return False


def closing_author_bio(blocks: tuple[Block, ...], removed, authors: tuple[str, ...]) -> list[int]:
    """The note about the writer as the page's last block still kept, or right above a last line
    too short to be the story (a label, a credit); a box of its own (a quote element) counts.
    Inside the story, the author's name opening a paragraph is the story's."""
    kept = [i for i in range(len(blocks)) if i not in removed]
    if not kept:
        return []
    if is_author_bio(blocks[kept[-1]], authors):
        return [kept[-1]]
    if len(kept) > 1 and len(words(blocks[kept[-1]].text)) < PROSE_WORDS and is_author_bio(blocks[kept[-2]], authors):
        return [kept[-2]]
    return []


def is_dangling_label(block: Block) -> bool:
    """A label of one to three words and no figures, ending in a colon: "Von:", "Kontakt:"."""
    text = block.text.strip()
    return block.kind in ("p", "heading") and text.endswith(":") and 1 <= len(words(text)) <= LABEL_MAX_WORDS \
        and not any(c.isdigit() for c in text)

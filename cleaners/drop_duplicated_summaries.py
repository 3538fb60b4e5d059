"""Drop text that restates what the article already said: the title repeated in the body, a copy
of an earlier paragraph, a closing paragraph restating the lead, a recap list restating quotes.

The first occurrence always stays. Similarity is content-word containment: the share of a
block's content words found in an earlier text, matched by truncation stem or, for names,
up to one edit (Zakieva ~ Zakiyeva). Containment, not Jaccard, because a restatement is usually shorter than
what it restates. Short blocks ("Yes.") and quoted or verse-like repetitions are never dropped.
"""

from __future__ import annotations

import re

from .config import CleanerConfig
from .records import Article, Block
from .text import Vocabulary, content_words, stem, words

STEP = "drop_duplicated_summaries"

MIN_WORDS = 6  # shorter blocks may repeat legitimately ("Yes.", "No comment.")
MIN_STEMS = 4  # and a block must say enough to be compared at all
DUPLICATE = 0.9  # shared stems, both ways, for a copy of an earlier block anywhere in the article
TITLE_REPEAT = 0.9  # containment of the title in a heading-like block and back
RESTATEMENT = 0.65  # containment in one earlier block for a closing restatement
RECAP_ITEM = 0.6  # containment of a recap item in everything said before the list
RECAP_SHARE = 0.75  # share of a list's items that must be recaps for the list to go
LEAD_BLOCKS = 3  # the lead: the first blocks of the body
CLOSING_BLOCKS = 2  # a restated lead is looked for among the last blocks only
_QUOTED_RE = re.compile(r'^\s*["«“„\'].*["»”“\']\s*[.!?]?\s*$', re.S)


def drop_duplicated_summaries(article: Article, config: CleanerConfig) -> Article:
    blocks = article.blocks
    stems = [content_words(b.text) for b in blocks]
    vocab = [Vocabulary(s) for s in stems]
    title = content_words(article.title)
    drops: dict[int, tuple[str, str]] = {}

    for i, block in enumerate(blocks):
        if title and _repeats_title(block, stems[i], title, vocab[i]):
            drops[i] = (STEP, "repeats_title")
            continue
        if len(words(block.text)) < MIN_WORDS or len(stems[i]) < MIN_STEMS or _is_quotation(block):
            continue
        for j in range(i):
            if j not in drops and _copies(stems[i], stems[j]):
                drops[i] = (STEP, "duplicate")
                break

    _drop_recap_lists(blocks, stems, drops)
    _drop_closing_restatement(blocks, stems, vocab, drops)
    return article.without(drops)


def containment(words: list[str], other: Vocabulary) -> float:
    """Share of `words` found in `other` (same stem, or one edit away for longer words)."""
    if not words:
        return 0.0
    return sum(w in other for w in words) / len(words)


def _copies(a: list[str], b: list[str]) -> bool:
    """Near-verbatim copies: the same stems both ways (a reworded restatement is not a copy)."""
    sa, sb = {stem(w) for w in a}, {stem(w) for w in b}
    return len(sa & sb) >= DUPLICATE * max(len(sa), len(sb))


def _repeats_title(block: Block, stems: list[str], title: list[str], vocab: Vocabulary) -> bool:
    if not stems or block.kind == "item":
        return False
    return containment(stems, Vocabulary(title)) >= TITLE_REPEAT and containment(title, vocab) >= TITLE_REPEAT


def _is_quotation(block: Block) -> bool:
    return block.kind == "quote" or "\n" in block.text or bool(_QUOTED_RE.match(block.text))


def _drop_recap_lists(blocks, stems, drops) -> None:
    """A list whose items mostly restate what came before it is a recap: it goes as a block."""
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "item" and i not in drops:
            groups.setdefault(b.group, []).append(i)
    for members in groups.values():
        first = members[0]
        before = [s for k in range(first) if k not in drops for s in stems[k]]
        if len(members) < 2 or not before:
            continue
        said = Vocabulary(before)
        recaps = [k for k in members if len(stems[k]) >= MIN_WORDS and containment(stems[k], said) >= RECAP_ITEM]
        if len(recaps) >= RECAP_SHARE * len(members):
            for k in members:
                drops[k] = (STEP, "recap_list")


def _drop_closing_restatement(blocks, stems, vocab, drops) -> None:
    """One of the last blocks restating one lead block in other words."""
    kept = [i for i in range(len(blocks)) if i not in drops]
    if len(kept) < LEAD_BLOCKS + CLOSING_BLOCKS:
        return
    lead = kept[:LEAD_BLOCKS]
    for i in kept[-CLOSING_BLOCKS:]:
        if len(stems[i]) < MIN_WORDS or _is_quotation(blocks[i]):
            continue
        for j in lead:
            if containment(stems[i], vocab[j]) >= RESTATEMENT:
                drops[i] = (STEP, "restates_lead")
                break

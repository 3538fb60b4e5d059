"""Drop text that restates what the article already said: the title repeated in the body, a copy
of an earlier paragraph, a numbered recap list at the end, a closing paragraph restating the lead.

The first occurrence always stays. Similarity is content-word containment: the share of a
block's content words found in an earlier text, matched by truncation stem or, for names, up to
one edit (Zakieva ~ Zakiyeva). Containment, not Jaccard, because a restatement is usually
shorter than what it restates. Paraphrase is only caught where the structure says "summary":
a recap list must be numbered, at the very end, made of sentences; a closing paragraph is
compared with the lead, not with everything. The thresholds and what they separate on the
golden pages and the 130 real pages are in docs/dedup.md.

Never dropped: blocks under MIN_WORDS words ("Yes." three times), quotations and verse (a
chorus quoted twice), code, and lists that add information.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter, defaultdict

from .config import CleanerConfig
from .records import Article, Block
from .text import ENDS_SENTENCE_RE, SOURCES_LABEL_RE, STEM, Vocabulary, content_words, words

STEP = "drop_duplicated_summaries"

MIN_WORDS = 6  # shorter blocks may repeat legitimately ("Yes.", "No comment.")
MIN_CONTENT = 4  # and a block must say enough to be compared at all
VERBATIM = 0.95  # of all words, both ways: an accidental copy says the same words
DUPLICATE = 0.9  # shared stems, both ways, for a copy of an earlier block anywhere in the article
TITLE_REPEAT = 0.9  # containment of the title in a heading-like block and back
RESTATES_LEAD = 0.65  # containment of a closing block in one lead block ...
RESTATES_LEAD_MARKED = 0.4  # ... or, when it opens with "In short", "To sum up", "Итак", in the whole lead
RESTATED = 0.85  # and this share of its words said somewhere before it: nothing new in it ...
RESTATED_MARKED = 0.5  # ... or this share, behind a summary marker (paraphrase is expected there)
RESTATEMENT_WORDS = 15  # a restated lead is a paragraph; a shorter closing line is a takeaway or a label
LEAD_BLOCKS = 3  # the lead: the first blocks of the body
CLOSING_BLOCKS = 2  # a restated lead is looked for among the last blocks only
RECAP_MAX_ITEMS = 12  # a longer numbered list is a list of its own (steps, references)
RECAP_MIN_CONTENT = 6  # recap items are sentences, not entries
RECAP_MEAN = 0.4  # mean containment of the items in everything said before the list
RECAP_AFTER = 1  # blocks allowed after a recap list (a closing line)

SUMMARY_MARKERS = re.compile(
    r"^\W*(?:in short|put simply|simply put|all in all|in summary|to sum up|to summari[sz]e|in sum|in brief|"
    r"in a nutshell|итак|таким образом|короче говоря|в итоге|подводя итог|словом|қысқасы|қорыта айтқанда|"
    r"түйіндей келе)\b",
    re.I,
)
_QUOTED_RE = re.compile(r'^\s*["«“„\'].*["»”“\']\s*[.!?]?\s*$', re.S)


def drop_duplicated_summaries(article: Article, config: CleanerConfig) -> Article:
    blocks = article.blocks
    content = [content_words(b.text) for b in blocks]
    comparable = [_comparable(b, c) for b, c in zip(blocks, content, strict=True)]
    drops: dict[int, tuple[str, str]] = {}

    title = content_words(article.title)
    if title:
        title_vocab = Vocabulary(title)
        for i, b in enumerate(blocks):
            if 0 < len(content[i]) <= 2 * len(title) and b.kind != "item" \
                    and title_vocab.share(content[i], TITLE_REPEAT) >= TITLE_REPEAT \
                    and Vocabulary(content[i]).share(title, TITLE_REPEAT) >= TITLE_REPEAT:
                drops[i] = (STEP, "repeats_title")

    for i, originals in _copies(content, comparable):
        if i not in drops and any(_accidental(blocks, drops, i, j) and _verbatim(blocks[i].text, blocks[j].text)
                                  for j in _nearest_kept(originals, drops, i)):
            drops[i] = (STEP, "duplicate")

    _drop_recap_lists(blocks, content, drops)
    _drop_closing_restatement(blocks, content, comparable, drops)
    return article.without(drops)


def containment(ws: list[str], other: Vocabulary) -> float:
    """Share of `ws` found in `other` (same stem, or one edit away for longer words)."""
    return other.share(ws)


def _comparable(block: Block, content: list[str]) -> bool:
    """Blocks long enough, and not of a kind that repeats on purpose (list entries: references
    cited twice, an ingredient in two lists)."""
    if block.kind in ("code", "quote", "item") or "\n" in block.text or _QUOTED_RE.match(block.text):
        return False
    return len(content) >= MIN_CONTENT and len(words(block.text)) >= MIN_WORDS


def _copies(content: list[list[str]], comparable: list[bool]):
    """(i, originals) for every comparable block i: originals iterates, nearest first and only as
    far as it is asked, over the earlier blocks j of which i is a near-verbatim copy: the same
    stems both ways and the same numbers (item 11111 and item 22222 are different facts).

    A copy shares all but a tenth of i's stems, so it must hold one of i's m+1 rarest stems
    (m = the stems it may miss): only blocks holding those are compared, which keeps pages with
    hundreds of similar list items (reference lists) linear; and as only the nearest kept copy
    counts past the top (_nearest_kept), a page of thousands of copies is not quadratic either."""
    stems = {i: {w[:STEM] for w in c} for i, c in enumerate(content) if comparable[i]}
    numbers = {i: tuple(_numbers(content[i])) for i in stems}
    # a copy has the same numbers: blocks are indexed by their numbers and a stem, so that list
    # items alike but for their numbers ("Resident 12 answers ...") are never candidates
    postings: dict[tuple, list[int]] = defaultdict(list)  # ascending: blocks are visited in order
    for i, s in stems.items():
        for st in s:
            postings[numbers[i], st].append(i)
    for i, s in stems.items():
        missing = int(len(s) * (1 - DUPLICATE))
        rarest = sorted(s, key=lambda st: (len(postings[numbers[i], st]), st))[: missing + 1]
        yield i, _originals(i, s, [postings[numbers[i], st] for st in rarest], stems)


def _originals(i: int, s: set[str], lists: list[list[int]], stems):
    """The earlier blocks of i's rarest stems' postings that are copies of i, nearest first."""
    def earlier(p: list[int]):
        return (p[k] for k in range(bisect_left(p, i) - 1, -1, -1))

    last = None
    for j in heapq.merge(*map(earlier, lists), reverse=True):
        if j != last and len(s & stems[j]) >= DUPLICATE * max(len(s), len(stems[j])):
            yield j
        last = j


def _nearest_kept(originals, drops, i: int):
    """The originals that can make i an accidental copy, nearest first: past the top, only the
    nearest kept one (a farther one has that kept copy between it and i). Linear in the copies: a
    question put to each of a thousand respondents is not compared with every earlier one. (A
    paragraph printed thousands of times in a row is still quadratic: each copy looks back past
    the dropped ones to the first.)"""
    for j in originals:
        if j not in drops:
            yield j
            if i >= 2 * LEAD_BLOCKS:
                return


def _accidental(blocks, drops, i: int, j: int) -> bool:
    """A copy made by accident: right after its original (only dropped blocks between),
    or the first paragraph said again near the top, with no heading in between (a template printing
    the standfirst twice).
    Repetition further apart is parallel structure (the same question to each interviewee, the
    same bullet under each product, the same paragraph under each section's heading), and content."""
    if all(k in drops for k in range(j + 1, i)):  # stops at the first kept block: O(1) for copies far apart
        return True
    return j == 0 and i < 2 * LEAD_BLOCKS and not any(_heading_like(blocks[k]) for k in range(1, i) if k not in drops)


def _heading_like(block: Block) -> bool:
    """A section's heading, or a short line that reads as one ("Single <img>": trafilatura keeps
    some headings as paragraphs): the story has moved on to a new section there."""
    return block.kind == "heading" or (len(words(block.text)) < MIN_WORDS and not ENDS_SENTENCE_RE.search(block.text))


def _verbatim(a: str, b: str) -> bool:
    """The same words, function words included: "consider all placements" and "consider all
    placements even if they're not routable" share their content words, not their meaning."""
    wa, wb = Counter(w.lower() for w in words(a)), Counter(w.lower() for w in words(b))
    same = sum((wa & wb).values())
    return same >= VERBATIM * max(sum(wa.values()), sum(wb.values()))


def _numbers(ws: list[str]) -> list[str]:
    return sorted(w for w in ws if w[0].isdigit())


def _drop_recap_lists(blocks, content, drops) -> None:
    """A numbered list at the very end whose sentences mostly restate what came before."""
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "item" and i not in drops:
            groups.setdefault(b.group, []).append(i)
    kept_after = lambda last: sum(1 for k in range(last + 1, len(blocks)) if k not in drops)  # noqa: E731
    for members in groups.values():
        first, last = members[0], members[-1]
        if not (2 <= len(members) <= RECAP_MAX_ITEMS) or not blocks[first].ordered or kept_after(last) > RECAP_AFTER:
            continue
        heading = next((blocks[k] for k in range(first - 1, max(-1, first - 3), -1) if blocks[k].kind == "heading"),
                       None)
        if heading is not None and SOURCES_LABEL_RE.search(heading.text):
            continue
        if not all(len(content[k]) >= RECAP_MIN_CONTENT and ENDS_SENTENCE_RE.search(blocks[k].text)
                   for k in members):
            continue
        said = Vocabulary([w for k in range(first) if k not in drops for w in content[k]])
        mean = sum(containment(content[k], said) for k in members) / len(members)
        if mean >= RECAP_MEAN:
            for k in members:
                drops[k] = (STEP, "recap_list")


def _drop_closing_restatement(blocks, content, comparable, drops) -> None:
    """One of the last blocks restating the lead: most of its words in one lead block, or,
    announced by a summary marker ("In short, ..."), a good part of them in the lead."""
    kept = [i for i in range(len(blocks)) if i not in drops and blocks[i].kind != "heading"]
    if len(kept) < LEAD_BLOCKS + CLOSING_BLOCKS:
        return
    lead = kept[:LEAD_BLOCKS]
    singles = [Vocabulary(content[j]) for j in lead]
    whole_lead = Vocabulary([w for j in lead for w in content[j]])
    for i in kept[-CLOSING_BLOCKS:]:
        if not comparable[i] or i <= lead[-1] or len(words(blocks[i].text)) < RESTATEMENT_WORDS \
                or blocks[i].text.rstrip().endswith("?"):  # a question asks again, it restates nothing
            continue
        marker = SUMMARY_MARKERS.match(blocks[i].text)
        said = content_words(blocks[i].text[marker.end():]) if marker else content[i]
        if marker:
            like_lead = whole_lead.share(said, RESTATES_LEAD_MARKED) >= RESTATES_LEAD_MARKED
        else:
            like_lead = any(v.share(said, RESTATES_LEAD) >= RESTATES_LEAD for v in singles)
        enough = RESTATED_MARKED if marker else RESTATED
        if like_lead and Vocabulary([w for k in kept if k < i for w in content[k]]).share(said, enough) >= enough \
                and not _quotes_earlier_text(blocks, kept, i):
            drops[i] = (STEP, "restates_lead")


def _quotes_earlier_text(blocks, kept: list[int], i: int) -> bool:
    """Word for word a stretch of what came before: a copy (the duplicate rule's to judge), not a
    summary, which says it again in fewer or other words."""
    earlier = " ".join(w.lower() for k in kept if k < i for w in words(blocks[k].text))
    return " ".join(w.lower() for w in words(blocks[i].text)) in earlier

"""Page-level DOM work done once, before any extractor sees the tree."""

from __future__ import annotations

import re

from lxml.etree import XPath

_HIDDEN_STYLE_RE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)",
                              re.I)
# the elements carrying any of the attributes is_hidden reads, in document order: reaching them
# through their attributes is several times cheaper than testing every element's attributes
_WITH_HIDING_ATTRIBUTES = XPath("//@hidden/.. | //@aria-hidden/.. | //@style/..")


def _candidate(el) -> bool:
    """@hidden or @aria-hidden='true' or contains(@style, 'none') or contains(@style, 'hidden')"""
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return style is not None and ("none" in style or "hidden" in style)


def is_hidden(el) -> bool:
    """What a reader never sees: the hidden attribute, display:none or visibility:hidden inline
    styles, aria-hidden="true" (as Readability.js: a fallback image marked so is still shown)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE_RE.search(style):
        return True
    return el.get("aria-hidden") == "true" and "fallback-image" not in (el.get("class") or "")


# class words that say a pane's state, not what it is: a slide shown now and the next one hidden
# are the same kind of element
_STATE_CLASSES = frozenset(
    "hidden hide is-hidden d-none invisible active is-active show shown visible is-visible open is-open "
    "closed collapsed current is-current selected in fade".split())
PANE_PROSE_CHARS = 200
PANE_LINKED = 0.3
_SENTENCE_RE = re.compile(r"\w[.!?…][\"»”’)]*\s+\w")  # a sentence's end with another after it


def _series_key(el) -> tuple[str, frozenset[str]]:
    return el.tag, frozenset(c for c in (el.get("class") or "").lower().split() if c not in _STATE_CLASSES)


def is_unshown_pane(el, shown: dict) -> bool:
    """One of a series of siblings of the same kind (tag and class, state words aside) of which
    another is shown: a gallery's next slide, a tab's other panes, an accordion's closed answers.
    The reader reaches them with a click, and they are of the same nature as the one shown.
    `shown` caches each parent's shown kinds across calls (linear in the siblings, not quadratic:
    a page may hide thousands of them); removing hidden siblings does not change it."""
    key = _series_key(el)
    parent = el.getparent()
    if not key[1] or parent is None:
        return False
    kinds = shown.get(parent)
    if kinds is None:
        kinds = shown[parent] = {_series_key(sib) for sib in parent if isinstance(sib.tag, str) and not is_hidden(sib)}
    return key in kinds and _holds_prose(el)


def _holds_prose(el) -> bool:
    """Running text, not a carousel of links and image credits: enough of it, mostly outside
    links, with sentences in it."""
    text = " ".join(el.text_content().split())
    if len(text) < PANE_PROSE_CHARS or not _SENTENCE_RE.search(text):
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked < PANE_LINKED * len(text)


_COMMENTS = XPath("//comment() | //processing-instruction()")


def drop_comments(tree) -> int:
    """Remove comments and processing instructions in place, keeping the text after them.

    trafilatura drops the text that follows a comment inside a paragraph (drop caps and CMS
    markers such as `<p>T<!-- dropcap -->he mayor said`), so the opening words vanished."""
    removed = 0
    for node in _COMMENTS(tree):
        parent = node.getparent()
        if parent is None:
            continue  # before or after the root element: not in the body
        node.drop_tree()  # lxml.html nodes: the tail joins the previous sibling or the parent's text
        removed += 1
    return removed


# <noscript> stays: Blogger and other CMSs put the whole post there for readers without JavaScript.
NOT_TEXT = ("script", "style", "template", "svg")


def prune_invisible(tree) -> int:
    """Remove hidden elements, scripts, styles and inline SVG in place (their tails stay);
    returns how many were removed. Read JSON-LD first: it is a script. A hidden pane of a
    series whose other pane is shown stays (is_unshown_pane)."""
    removed = 0
    for el in list(tree.iter(*NOT_TEXT)):
        if el.getparent() is not None:
            el.drop_tree()
            removed += 1
    shown: dict = {}
    for el in _WITH_HIDING_ATTRIBUTES(tree):
        if _candidate(el) and el.getparent() is not None and is_hidden(el) and not is_unshown_pane(el, shown):
            el.drop_tree()
            removed += 1
    return removed

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
    returns how many were removed. Read JSON-LD first: it is a script."""
    removed = 0
    for el in list(tree.iter(*NOT_TEXT)):
        if el.getparent() is not None:
            el.drop_tree()
            removed += 1
    for el in _WITH_HIDING_ATTRIBUTES(tree):
        if _candidate(el) and el.getparent() is not None and is_hidden(el):
            el.drop_tree()
            removed += 1
    return removed

"""trafilatura's own extraction, and on demand its full run with fallbacks, from one tree preparation.

This mirrors trafilatura 2.3.1's bare_extraction and trafilatura_sequence (core.py), pinned
exactly in pyproject.toml: re-read them on any upgrade. Why: presswash wants the fast run on every
page and the full run (readability and jusText compared, external.py compare_extraction) only
when the fast one comes out short. Two plain bare_extraction calls repeat the raw-tree pruning,
tree cleaning and tag conversion, which do not depend on `fast`, and its main extraction, which
differs only where the wild-text recovery prunes teaser blocks. Here they run once; the full run
reuses the fast run's main extraction (a pristine copy of the converted tree instead on a page
with teaser classes) and recall retry, gets the untouched backups, and then does only what
`fast=False` adds: compare_extraction and the jusText candidate of the recall escalation.
Only presswash's settings are mirrored: python output, no comments, no metadata, balanced focus,
no dedup, language filter or prune_xpath. tests/test_cleaners/test_trafilatura_run.py checks it against bare_extraction.
"""

from __future__ import annotations

import re
from copy import copy, deepcopy

from lxml.etree import XPath, strip_tags
from trafilatura.baseline import _BLOCK_ELEMS, baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _prepare_tree,
)
from trafilatura.external import compare_extraction, justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.metadata import Document
from trafilatura.settings import _COOKIE_CONSENT_RE, Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import _COMMENTS_CLASS, _COMMENTS_ID, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from . import justext_stoplist

# the bare_extraction arguments presswash uses, besides url and fast
SETTINGS = dict(
    with_metadata=False,
    include_comments=False,
    include_links=True,  # link density is a boilerplate signal
    include_tables=True,
    include_images=False,
    include_formatting=False,
    deduplicate=False,  # trafilatura's dedup cache is process-global: output would depend on order
)


# a superset of TEASER_DISCARD_XPATH's matches (its translate() only lowers T), three times cheaper
_MAYBE_TEASERS = XPath("boolean(//@class[contains(., 'easer')] | //@id[contains(., 'easer')])")
_IDS, _CLASSES = XPath("//@id"), XPath("//@class")
# What the raw-tree prune's XPaths need to find in an id or in a class: their own re:test
# patterns (trafilatura's constants where it has them; a contains() literal), searched once over
# all the page's ids and all its classes, each set joined by newlines with "^" at any line's
# start. The joined text can only match more than one attribute would, never less: an XPath is
# skipped only where it cannot match. They are ~5% of the chain's CPU and find something on few
# pages (5, 4 and 365 of trafilatura-eval's 990). An XPath without an entry is always evaluated;
# test_trafilatura_run.py checks the patterns against trafilatura's.
_NEEDS = {  # id(XPath) -> (pattern an id may match, pattern a class may match)
    id(RAW_TREE_PRUNE_XPATH[0]): ("mvp-post-add-(?:box|wrap)|infinite-?scroll",) * 2,
    id(RAW_TREE_PRUNE_XPATH[1]): (None, "elementor-share-buttons"),
    id(REMOVE_COMMENTS_AND_LISTS_XPATH[0]): (f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)", _COMMENTS_CLASS),
}
_NEEDS_RE = {key: tuple(p and re.compile(p, re.M) for p in patterns) for key, patterns in _NEEDS.items()}


def may_match(xpaths: list, ids: str, classes: str) -> list:
    """The XPaths that may find something, given the page's ids and classes (newline-joined)."""
    kept = []
    for xpath in xpaths:
        id_re, class_re = _NEEDS_RE.get(id(xpath), (None, None))
        if (id_re is None and class_re is None) or (id_re and id_re.search(ids)) \
                or (class_re and class_re.search(classes)):
            kept.append(xpath)
    return kept


def _options(url: str | None) -> Extractor:
    return Extractor(output_format="python", fast=True, comments=False, formatting=False, links=True,
                     images=False, tables=True, dedup=False, url=url, with_metadata=False)


class TrafilaturaRun:
    """`fast` is bare_extraction(tree, fast=True, **SETTINGS); `full()` is the same with
    fast=False. Either is a Document, or None where bare_extraction gives None."""

    def __init__(self, tree, url: str | None = None, embedded: tuple = ()):
        """`embedded`: the page's JSON-LD scripts (embedded_json), when the tree no longer holds them."""
        self.url = url
        self._embedded = embedded
        self._options = _options(url)
        self._full: tuple[Document | None] | None = None
        self._page_chars: int | None = None
        self.rescued = False  # the last run's text is baseline's: its main extraction found next to nothing
        self._stage_1 = None  # the fast extract_content result, pristine, when the full run can reuse it
        self._recall = None  # the recall retry's extract_content, once run (or the error it raised)
        self._tree = None  # the pruned raw tree, once prepared
        try:
            tree = copy(tree)  # bare_extraction: never touch the caller's tree
            is_forum = _forum_thread_page(tree)
            ids, classes = "\n".join(_IDS(tree)), "\n".join(_CLASSES(tree))
            tree = prune_unwanted_nodes(tree, may_match(RAW_TREE_PRUNE_XPATH, ids, classes))
            if not is_forum:  # comments off, balanced focus: the comment sections go
                tree = prune_unwanted_nodes(tree, may_match(REMOVE_COMMENTS_AND_LISTS_XPATH, ids, classes))
            # focus and fast do not reach tree_cleaning or convert_tags: one preparation serves both runs
            cleaned, self._backup = _prepare_tree(tree, self._options, url)
            # with fast off, extract_content differs only in its wild-text recovery also pruning teaser
            # blocks (deletions only, so none appear later): without any, both runs extract the same
            has_teasers = _MAYBE_TEASERS(cleaned)
            self._cleaned = deepcopy(cleaned) if has_teasers else None  # extract_content consumes its tree
            self._tree = tree
        except (TypeError, ValueError):
            self.fast, self._full = None, (None,)
            return

        def fast_stage_1(options):
            body, text = extract_content(cleaned, options)
            if not has_teasers:
                self._stage_1 = (deepcopy(body), text)  # later steps may hand the body on
            return body, text

        self.fast = self._finish(fast_stage_1, self._options)

    def full(self) -> Document | None:
        if self._full is None:
            justext_stoplist.warm()  # the full run may rescue with jusText
            options = copy(self._options)  # as trafilatura copies its options: fast is a plain field
            options.fast = False
            self._full = (self._finish(self._full_stages_1_2, options),)
        return self._full[0]

    def recall(self) -> Document | None:
        """bare_extraction(tree, fast=True, favor_recall=True, **SETTINGS): the recall focus, whose
        stage 1 the recall escalation of either run shares."""
        if self._tree is None:
            return None
        options = copy(self._options)
        options.focus = "recall"
        return self._finish(lambda o: self._recall_stage_1(o)[1:], options)

    def _full_stages_1_2(self, options: Extractor):
        if self._cleaned is not None:
            body, text = extract_content(self._cleaned, options)
        elif self._stage_1 is not None:
            body, text = self._stage_1
        else:  # the fast run's extract_content raised, and this one would, the same way
            raise ValueError
        return compare_extraction(self._backup, copy(self._tree), body, text, options)

    def _finish(self, stages_1_2, options: Extractor) -> Document | None:
        """The rest of trafilatura_sequence (baseline rescue, recall escalation) and bare_extraction."""
        try:
            postbody, temp_text = stages_1_2(options)
            postbody, temp_text = self._rescue(postbody, temp_text, options)
            if options.max_tree_size:
                if len(postbody) > options.max_tree_size:
                    strip_tags(postbody, "hi")
                if len(postbody) > options.max_tree_size:
                    raise ValueError
            if len(temp_text) < options.min_output_size and 0 < options.min_output_comm_size:
                raise ValueError
        except (TypeError, ValueError):
            return None
        document = Document()
        document.text = xmltotxt(postbody, options.formatting)
        document.raw_text = document.text
        document.body = postbody
        return document

    def _rescue(self, postbody, temp_text: str, options: Extractor):
        tree = self._tree
        # 3. baseline on the original tree, accepted only if it adds text
        if len(temp_text) < options.min_extracted_size:
            b_body, b_text, b_len = baseline(self._with_embedded(tree))
            if b_len > len(temp_text):
                postbody, temp_text = b_body, b_text
                self.rescued = True
        # 4. recall escalation; comments off, so its input is the pruned raw tree itself
        if 0 < len(temp_text) < ESCALATION_MAX_LENGTH and len(temp_text) < ESCALATION_PAGE_SHARE * self._page_text():
            r_options = copy(options)
            r_options.focus = "recall"
            r_text = ""
            try:
                r_backup, body, text = self._recall_stage_1(r_options)
                if not r_options.fast:
                    body, text = compare_extraction(r_backup, copy(tree), body, text, r_options)
                r_body, r_text = body, text
            except Exception:  # as trafilatura: a failed retry keeps the first result
                pass
            j_text = ""
            if not options.fast:
                try:
                    j_body, j_text = justext_rescue(copy(tree), options)
                except Exception:
                    pass
            len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
            if j_len > r_len and j_len > ESCALATION_JUSTEXT_RATIO * len_text:
                postbody, temp_text = j_body, j_text
            elif r_len >= options.min_extracted_size and r_len > ESCALATION_ACCEPT_RATIO * len_text:
                postbody, temp_text = r_body, r_text
        return postbody, temp_text

    def _with_embedded(self, tree):
        """The tree with the page's JSON-LD back, for baseline's first source (schema.org text
        bodies: a page rendered in the browser may hold its story there only). baseline reads
        them wherever they are and removes every script before its other sources."""
        if not self._embedded:
            return tree
        tree = copy(tree)
        body = tree.find("body")
        (tree if body is None else body).extend(deepcopy(s) for s in self._embedded)
        return tree

    def _page_text(self) -> int:
        if self._page_chars is None:
            self._page_chars = page_text_length(self._tree)
        return self._page_chars

    def _recall_stage_1(self, r_options: Extractor):
        """The recall retry's preparation and extract_content: in recall focus nothing prunes teasers,
        so both runs get the same; the first run to retry keeps it (and its untouched backup)."""
        if self._recall is None:
            try:
                cleaned, backup = _prepare_tree(self._tree, r_options, self.url)
                body, text = extract_content(cleaned, r_options)
            except Exception as err:
                self._recall = err
                raise
            self._recall = (backup, deepcopy(body), text)
            return backup, body, text
        if isinstance(self._recall, Exception):
            raise self._recall
        return self._recall


_JSON_LD = XPath('//script[@type="application/ld+json"]')


def embedded_json(tree) -> tuple:
    """The page's JSON-LD scripts, taken before the scripts leave the tree: removed, they stay
    whole while held here, and are copied only where baseline runs (_with_embedded)."""
    return tuple(s for s in _JSON_LD(tree) if s.text)


# html2txt's basic_cleaning (BASIC_CLEAN_XPATH in trafilatura/settings.py), as a test per element
_CLEANED_TAGS = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))
_COOKIE_CONSENT = re.compile(_COOKIE_CONSENT_RE, re.I)  # EXSLT re:test with "i" is re.search, IGNORECASE
# whitespace that html2txt's remove_control_characters keeps and lxml accepts in a text: with only
# these besides printable characters, html2txt neither rewrites nor rejects (ValueError) any text
_PLAIN_SPACES_RE = re.compile("[\t\n\r\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _cleaned_away(el) -> bool:
    tag = el.tag
    if tag in _CLEANED_TAGS:
        return True
    attrib = el.attrib
    cls, ident = attrib.get("class"), attrib.get("id")
    if cls is None and ident is None:
        return False
    # contains(@class|@id, 'footer'): the string value of whichever of the two comes first
    if tag == "div" and "footer" in next(v for k, v in attrib.items() if k in ("class", "id")):
        return True
    return bool(cls and _COOKIE_CONSENT.search(cls)) or bool(ident and _COOKIE_CONSENT.search(ident))


def page_text_length(tree) -> int:
    """len(html2txt(tree)) without copying the tree and rewriting its texts: the text of the
    <body> (or of the tree without one) left by basic_cleaning, with a space at every block
    element's start and end, whitespace collapsed. A page whose text holds characters html2txt
    would strip or lxml would refuse gets html2txt itself."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    text = body.text_content()
    if body.tag in _BLOCK_ELEMS and body.tail:
        text += body.tail
    if not text.isprintable() and not _PLAIN_SPACES_RE.sub("", text).isprintable():
        return len(html2txt(tree))
    parts = []
    stack = [(body, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if el.tag in _BLOCK_ELEMS:
                parts.append(" ")
            if el is not body and el.tail:
                parts.append(el.tail)
            continue
        if not isinstance(el.tag, str) or (el is not body and _cleaned_away(el)):
            if el.tail:  # comments and processing instructions, and what basic_cleaning deletes: their tails stay
                parts.append(el.tail)
            continue
        if el.tag in _BLOCK_ELEMS:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return len(" ".join("".join(parts).split()))

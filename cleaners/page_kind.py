"""Evidence that a page is not an article: a listing of teasers, a site's service page, an error page.

The article gate (validate) refuses a page only on such evidence, never merely because the page
lacks article markup: press releases, product news and blog posts often carry none. Each test
returns a one-line reason for the reject record, or None. The word lists are data
(data/page_kinds.json).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from urllib.parse import unquote, urlsplit

from lxml.etree import XPath

from .records import Block
from .text import ENDS_SENTENCE_RE, collapse_spaces, count_words

TEASER_LINK_DENSITY = 0.6  # a teaser's headline is a link ...
TEASER_HEADLINE_WORDS = 20  # ... of a headline's length
TEASER_SUMMARY_WORDS = 60  # the standfirst under it is short
TEASER_SUMMARY_BLOCKS = 2  # standfirst and a date line, at most
TEASER_BOX_WORDS = 120  # a teaser's box holds headline, standfirst, date; a larger parent is the page
STORY_PARAGRAPH_WORDS = 25  # a paragraph of a story, not a standfirst of a teaser ...
LISTING_MAX_STORY = STORY_PARAGRAPH_WORDS  # ... one of them before the first teaser: the teasers are a box under it
ANCHOR_MIN_WORDS = 3  # a link text this long is a headline, not "Home" or "More"
LISTING_MIN_TEASERS = 5
LISTING_MIN_TEASERS_PAGINATED = 3  # "Page 8 of 11" says listing by itself; fewer teasers will do
LISTING_TEASER_SHARE = 0.5  # of the words: teasers are most of what the page says ...
LISTING_MAX_PROSE = 120  # ... and the words outside them are no story (a section's intro at most)
# A link farm or site map: link text is nearly all of what the page says, and it says a lot. On the
# three dev corpora (1,920 pages) no page with 2,000 words extracted has more than 68% of its text in
# links; a weekly roundup of links is a few dozen headlines.
LINK_FARM_SHARE = 0.9
LINK_FARM_WORDS = 2000
# a heading holding a link, or inside one (card layouts wrap image and headline in one <a>)
_TEASER_HEADINGS = XPath("//body//*[self::h2 or self::h3 or self::h4][.//a[@href] or ancestor::a[@href]]")
_LINK_AROUND = XPath("ancestor::a[@href][1]")
_LINKS = XPath("//body//a[@href and not(starts-with(@href, '#'))]")
_ERROR_SPACE_RE = re.compile(r"[\W_]+")
_ERROR_CODE_RE = re.compile(r"(?:error |fehler |ошибка )?(?:40[034]|410|50[023])(?: (?:error|fehler|ошибка))?"
                            r"(?: (?:page )?(?:not found|forbidden|gone|service unavailable|nicht gefunden))?")
_EXTENSION_RE = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$")


@cache
def _kinds() -> dict:
    data = json.loads(resources.files("cleaners").joinpath("data/page_kinds.json").read_text("utf-8"))
    return {
        "slugs": frozenset(data["service_slugs"]),
        "titles": frozenset(data["service_titles"]),
        "errors": frozenset(_ERROR_SPACE_RE.sub(" ", t).strip() for t in data["error_titles"]),
        "pagination": re.compile(rf"^\W*{data['pagination']}\W*$", re.I),
    }


def service_page(url: str, title: str) -> str | None:
    """A site's own pages about itself: contact, imprint, privacy, terms, advertising, log-in,
    search, cart; known by the last segment of the URL path or by a headline that is nothing else."""
    segments = [s for s in unquote(urlsplit(url).path).lower().split("/") if s]
    slug = _EXTENSION_RE.sub("", segments[-1]) if segments else ""
    if slug in _kinds()["slugs"]:
        return f"a service page of the site (/{slug})"
    head = " ".join(title.lower().split()).strip(" .:")
    if head in _kinds()["titles"]:
        return f"a service page of the site (headline {title.strip()!r})"
    return None


def error_page(title: str) -> str | None:
    """A headline that is an error message and nothing else: '404 - Page not found', 'Seite
    nicht gefunden'. 'Access denied: why women still cannot get loans' is a story."""
    head = _ERROR_SPACE_RE.sub(" ", title.lower()).strip()
    if head in _kinds()["errors"] or _ERROR_CODE_RE.fullmatch(head):
        return f"an error page served as 200 (headline {title.strip()!r})"
    return None


def _is_headline_link(b: Block) -> bool:
    return b.kind in ("p", "heading", "item") and b.link_density >= TEASER_LINK_DENSITY \
        and count_words(b.text) <= TEASER_HEADLINE_WORDS


def teasers_of(tree) -> tuple[list[str], frozenset[str]]:
    """What the page's teasers say: the text of every teaser box (a heading that is a link
    elsewhere, with the small box around it: standfirst, date), and every headline-long link text.
    Extractors often drop the links of a listing and keep its standfirsts, or keep the headlines
    as plain lines; these tell where such text came from."""
    boxes = []
    box_texts: dict = {}  # parent -> its text: one parent holds many headings on a big listing, read it once
    # (keyed by the element itself, which keeps lxml's proxy alive: an id() could be reused)
    for h in _TEASER_HEADINGS(tree):
        text = collapse_spaces(h.text_content())
        if not text or count_words(text) > TEASER_HEADLINE_WORDS:
            continue
        around = _LINK_AROUND(h)
        if around and not around[0].get("href", "#").startswith("#"):
            linked, head = len(text), around[0]  # the box is the link's parent
        else:
            linked = sum(len(a.text_content().strip()) for a in h.iter("a")
                         if not (a.get("href") or "#").startswith("#"))
            head = h
        if linked < TEASER_LINK_DENSITY * len(text):
            continue
        box = head.getparent()
        if box is not None and box not in box_texts:
            # a box bigger than a teaser's is the page around it: the heading alone stands for it
            box_text = " ".join(box.text_content().split()[:TEASER_BOX_WORDS + 1])
            box_texts[box] = box_text if count_words(box_text) <= TEASER_BOX_WORDS else ""
        boxes.append((box_texts.get(box) if box is not None else "") or text)
    anchors = set()
    for a in _LINKS(tree):
        text = " ".join(a.text_content().split())
        if ANCHOR_MIN_WORDS <= count_words(text) <= TEASER_HEADLINE_WORDS:
            anchors.add(text)
    return boxes, frozenset(anchors)


def link_farm(blocks: tuple[Block, ...], tree=None) -> str | None:
    """Thousands of words, nearly all of them link text: a page of links, whatever its markup says.
    The page's own links are counted where there is a tree (an extractor may keep such a page's
    text without its links); the blocks' link density otherwise."""
    words = sum(count_words(b.text) for b in blocks)
    if words < LINK_FARM_WORDS:
        return None
    if tree is not None:
        body = tree.find(".//body")
        chars = len((body if body is not None else tree).text_content())
        linked = sum(len(a.text_content()) for a in _LINKS(tree))
    else:
        chars = sum(len(b.text) for b in blocks)
        linked = sum(len(b.text) * b.link_density for b in blocks)
    if not chars or linked < LINK_FARM_SHARE * chars:
        return None
    return f"a page of links: {min(linked / chars, 1):.0%} of its text is link text, {words} words"


def listing_page(blocks: tuple[Block, ...], boxes: list[str] = (), anchors: frozenset[str] = frozenset(),
                 dated_article: bool = False) -> str | None:
    """Many teasers (a headline link, then at most a short standfirst and a date line) and little
    running prose besides them: a section front, a tag page, a home page, an archive. The teasers
    are those of the extracted text (headline link, standfirst) and those of the page (`boxes`
    and link texts, `anchors`, when the extracted text came from them). A story told before the
    first teaser makes the teasers a box under it. A page whose markup says it is an article with
    a date is a post of links (a weekly roundup). Either way, "Page 8 of 11" says listing."""
    in_boxes = "\n".join(boxes)
    teasers = teaser_words = total = story_before = 0
    seen_teaser = paginated = False
    i = 0
    while i < len(blocks):
        b = blocks[i]
        n = count_words(b.text)
        total += n
        if not paginated and n <= 8 and _kinds()["pagination"].match(b.text):
            paginated = True
        if not seen_teaser and (_is_headline_link(b) or (in_boxes and b.text in in_boxes)):
            seen_teaser = True
        if not seen_teaser and b.kind in ("p", "quote") and b.link_density < TEASER_LINK_DENSITY \
                and n >= STORY_PARAGRAPH_WORDS and ENDS_SENTENCE_RE.search(b.text):
            story_before += n
        if _is_headline_link(b):
            teasers += 1
            teaser_words += n
            j = i + 1
            while j < len(blocks) and j <= i + TEASER_SUMMARY_BLOCKS and not _is_headline_link(blocks[j]) \
                    and blocks[j].kind != "heading" and count_words(blocks[j].text) <= TEASER_SUMMARY_WORDS:
                m = count_words(blocks[j].text)
                teaser_words += m
                total += m
                j += 1
            i = j
            continue
        if in_boxes and b.text in in_boxes:
            teaser_words += n
        elif anchors:
            for line in b.text.split("\n"):
                if line in anchors:  # a headline kept as plain text
                    teasers += 1
                    teaser_words += count_words(line)
        i += 1
    teasers = max(teasers, len(boxes))
    needed = LISTING_MIN_TEASERS_PAGINATED if paginated else LISTING_MIN_TEASERS
    if not paginated and (dated_article or story_before >= LISTING_MAX_STORY):
        return None
    if teasers < needed or total - teaser_words > LISTING_MAX_PROSE \
            or teaser_words < LISTING_TEASER_SHARE * total:
        return None
    marker = ", paginated" if paginated else ""
    return f"a listing page: {teasers} teasers{marker}, {total - teaser_words} words besides them"



def could_be_listing(blocks: tuple[Block, ...]) -> bool:
    """False when one paragraph of running prose alone is more than a listing says besides its
    teasers (a teaser box holds fewer words): the cheap test that spares most articles the look
    at every link of the page."""
    return not any(b.link_density < TEASER_LINK_DENSITY and count_words(b.text) > LISTING_MAX_PROSE for b in blocks)


def not_article_evidence(url: str, title: str, blocks: tuple[Block, ...], tree=None,
                         evidence: tuple[str, ...] = ()) -> str | None:
    """The first piece of evidence that the page is not an article, or None. `tree` is the page
    (for its teasers), `evidence` what says it is an article (metadata.article_evidence)."""
    dated_article = any(e.startswith("type:") for e in evidence) and any(e.startswith("date:") for e in evidence)
    if found := link_farm(blocks, tree):
        return found
    if dated_article:  # its markup says dated article: only pagination can outweigh that
        found = None
    else:
        found = error_page(title) or service_page(url, title)
    if found or not could_be_listing(blocks):
        return found
    boxes, anchors = teasers_of(tree) if tree is not None else ((), frozenset())
    return listing_page(blocks, boxes, anchors, dated_article)

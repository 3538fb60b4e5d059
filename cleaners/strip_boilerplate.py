"""Remove the boilerplate that sits inside the article body: link lines, share/newsletter/cookie
lines, "Read also" blocks and decorative emoji banners.

Each rule is a small predicate over one block; the phrase lists are data
(data/boilerplate_phrases.json). A block goes only when a rule is sure: a quoted sentence that
ends with an emoji, or prose that mentions "share", stays.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from importlib import resources

from .config import CleanerConfig
from .dates import written_date
from .metadata import names_in_line
from .reader_appeals import appeal_indexes, site_box_label, site_refs
from .records import Article, Block
from .service_boxes import CURRENCY_RE, service_box_indexes
from .site_template import REASON as SITE_TEMPLATE
from .site_template import template_drops
from .story_edges import closing_author_bio, edge_disclosures, is_dangling_label
from .text import SOURCE_LINE_RE, SOURCES_LABEL_RE, STOPWORDS, words

STEP = "strip_boilerplate"

EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff\u25a0-\u25ff"
    "\u3030\u303d\u3297\u3299\ufe0f\u200d\U000e0020-\U000e007f"
)
_EMOJI_RE = re.compile(f"[{EMOJI}]")
_EDGE_RE = re.compile(rf"^[\s{EMOJI}\W_]+|[\s{EMOJI}\W_]+$")
_QUOTES = "\"«»“”„‘’'"
_PREFIX_SEP = r"\s*[:\-–—|»>]+\s*"
_SENTENCE_END_RE = re.compile(r"[.!?…:;][\"»”’)]*\s*$")

LINK_LINE_DENSITY = 0.8  # a block this much inside links ...
LINK_LINE_MAX_WORDS = 15  # ... and this short is a link line, not a paragraph
CAPTION_MAX_WORDS = 25  # "Photo: Natacha Pisarenko/Pool via Reuters"
CONTAINS_MAX_WORDS = 30  # "contains" phrases only count in blocks this short
COPYRIGHT_OPENINGS = ("©", "(c) ", "(C) ", "Copyright ", "copyright ", "Copyright:", "copyright:")
BANNER_MAX_WORDS = 14
LONGEST_BOILERPLATE = 400  # characters: CONTAINS_MAX_WORDS words of any language fit in this
BYLINE_MAX_WORDS = 15
TICKER_MAX_WORDS = 16
ABOVE_HEADLINE_MAX = 25  # blocks: the headline is near the top when the extraction starts above it
ABOVE_HEADLINE_WORDS = 20  # header lines are short; a longer block before the headline is content
_DATE_LINE_NOISE_RE = re.compile(
    r"\d{1,4}[./:-]\d{1,2}(?:[./:-]\d{1,4})?|\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b(?:posted|published|updated|on|at|am|pm|gmt|utc|mon|tue|wed|thu|fri|sat|sun)\w*\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?|"
    r"\b(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|обновлено|опубликовано)\w*|"
    r"\b(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|жылғы)\w*|"
    r"\b(?:г|ж)\.?(?=\s|$)",
    re.I,
)
_MODIFIED_LABEL_RE = re.compile(
    r"^\W*(?:last (?:modified|updated|changed)|updated|letzte änderung|zuletzt (?:aktualisiert|geändert)|"
    r"aktualisiert|mis à jour|actualizado|aggiornato|обновлено)\b", re.I)
# what a line naming the authors may hold besides their names: byline words and conjunctions
_BYLINE_WORDS = frozenset(
    "by von par por di de da przez door av af text texte foto fotos photo photos and und et y e i "
    "mit with und from автор авторы текст фото и".split())
_BYLINE_START_RE = re.compile(r"(?:^|[\s|])(?:by|author|authors|автор|авторы|авторлар)\b", re.I)
_COMMENTS_HEADING_RE = re.compile(
    r"^(?:\d+\s+(?:comments?|responses?|replies|комментари\w*|пікір\w*)|comments|reader comments|"
    r"leave a (?:reply|comment)|комментарии|пікірлер)$"
)
BANNER_TITLE_CASE = 0.6
# A link that is a reference belongs to the story: a source URL, a reporter's e-mail, a DOI, a handle.
_REFERENCE_RE = re.compile(r"https?://|www\.|\S@\S+\.\w|\bdoi\b|\b10\.\d{4,}/|(?:^|\s)@\w", re.I)
LABEL_MAX_WORDS = 6  # a box's heading: "More on this topic", "Weitere Themen"
COLON_LABEL_MAX_WORDS = 5  # a label line: "Weitere Informationen:", "Weitere Beiträge aus der Kolumne:"
TEASER_MAX_WORDS = 60  # a teaser's standfirst, one link from end to end; a linked paragraph longer is the story's
TEASER_LINKED = 0.9
KICKER_MAX_WORDS = 3  # a section's name over the teasers of a box: "COLOMBIA", "INFOBAE AMÉRICA"
_LINKY = ("link_line", "related_link_line", "boilerplate_phrase")  # removals that make a run of links
PROSE_WORDS = 25  # a paragraph of running text, for telling the story's middle from its edges
_QUANTITY_RE = re.compile(r"^\s*\d+(?:[.,/½¼¾]\d*)?\s*(?:\w{1,5}\.?)?\s*$")  # "1 Pck.", "250 g", "2", "1/2 TL"


@cache
def phrase_lists(extra: tuple[str, ...] = ()) -> dict:
    """The phrase lists of every language as one set and three compiled patterns, and the
    site's own phrases (`extra`) apart, so that the audit says which list removed a line."""
    data = json.loads(resources.files("cleaners").joinpath("data/boilerplate_phrases.json").read_text("utf-8"))
    langs = [v for k, v in data.items() if not k.startswith("_")]
    extra_norm = [normalize_phrase(p) for p in extra]

    def gather(kind: str) -> list[str]:
        return [normalize_phrase(p) for lang in langs for p in lang.get(kind, [])]

    def alternation(phrases: list[str]) -> str:
        return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))

    return {
        "site_line": frozenset(extra_norm),
        "site_prefix": re.compile(rf"^(?:{alternation(extra_norm)}){_PREFIX_SEP}") if extra_norm else None,
        "line": frozenset(gather("line")),
        "prefix": re.compile(rf"^(?:{alternation(gather('prefix'))}){_PREFIX_SEP}"),
        "link_prefix": re.compile(rf"^(?:{alternation(gather('link_prefix'))}){_PREFIX_SEP}"),
        "caption_prefix": re.compile(rf"^\(?(?:{alternation(gather('caption_prefix'))})\s*[:|]\s*"),
        "contains": re.compile(alternation(gather("contains"))),
        "disclosure": re.compile(alternation(gather("disclosure"))),
        "box_words": frozenset(w for lang in langs for w in lang.get("box_words", [])),
        "date_words": frozenset(w for lang in langs for p in lang.get("date_words", []) for w in p.lower().split()),
    }


def normalize_phrase(text: str) -> str:
    text = _EDGE_RE.sub("", text.lower().replace("’", "'"))
    return " ".join(text.split())


def has_emoji(text: str) -> bool:
    return bool(_EMOJI_RE.search(text))


def is_emoji_banner(text: str) -> bool:
    """A short decorative line led or framed by emoji: a hype line or a section label."""
    stripped = text.strip()
    if not stripped or not has_emoji(stripped):
        return False
    led = bool(_EMOJI_RE.match(stripped))
    framed = led and bool(_EMOJI_RE.search(stripped[-2:]))
    if not led or any(q in stripped for q in _QUOTES if q != "'"):
        return False  # a sentence that merely ends with an emoji is content; so is a quotation
    ws = words(_EMOJI_RE.sub(" ", stripped))
    if not ws:
        return True  # nothing but emoji: a separator
    if len(ws) > BANNER_MAX_WORDS:
        return False
    if framed or len(ws) <= 4:
        return True
    significant = [w for w in ws if len(w) >= 4 and w.lower() not in STOPWORDS]
    title_case = sum(w[0].isupper() for w in significant) / len(significant) if significant else 0
    return title_case >= BANNER_TITLE_CASE


def classify(block: Block, phrases: dict) -> str | None:
    """The reason a block is boilerplate, or None to keep it."""
    text = block.text
    if block.kind == "code" or len(text) > LONGEST_BOILERPLATE:
        return None  # every rule below needs a short block
    norm = normalize_phrase(text)
    if not norm and not has_emoji(text):
        return "separator" if not any(c.isalnum() for c in text) else None
    n_words = len(words(text))
    if norm in phrases["site_line"] or (
            phrases["site_prefix"] and (n_words <= LINK_LINE_MAX_WORDS + 3 or block.link_density >= 0.5)
            and phrases["site_prefix"].match(norm)):
        return "site_phrase"  # the sites file's extra_boilerplate
    if norm in phrases["line"]:
        return "boilerplate_phrase"
    if (n_words <= LINK_LINE_MAX_WORDS + 3 or block.link_density >= 0.5) and phrases["prefix"].match(norm):
        return "related_link_line"
    if block.link_density >= 0.5 and phrases["link_prefix"].match(norm):
        return "related_link_line"
    if n_words <= CAPTION_MAX_WORDS and phrases["caption_prefix"].match(text.lower()):
        return "caption"  # the picture is left out, so is what it says about it
    if text.lstrip().startswith(COPYRIGHT_OPENINGS) and n_words <= CONTAINS_MAX_WORDS:
        return "boilerplate_phrase"
    if n_words <= TICKER_MAX_WORDS and len(CURRENCY_RE.findall(text)) >= 2:
        return "ticker"  # exchange rates and the like in the page header
    if block.kind in ("p", "heading") and is_byline(text):
        return "byline"
    if block.kind in ("p", "heading") and is_date_line(text, phrases["date_words"]):
        return "date_line"
    if block.link_density >= LINK_LINE_DENSITY and n_words <= LINK_LINE_MAX_WORDS and block.kind == "p" \
            and not _SENTENCE_END_RE.search(text) and not _REFERENCE_RE.search(text) and not SOURCE_LINE_RE.match(text):
        return "link_line"  # a headline pointing elsewhere; a linked sentence is still a sentence
    if n_words <= CONTAINS_MAX_WORDS and (phrases["contains"].search(norm) or phrases["disclosure"].search(norm)):
        return "boilerplate_phrase"
    if is_emoji_banner(text):
        return "emoji_banner"
    return None


def strip_boilerplate(article: Article, config: CleanerConfig) -> Article:
    phrases = phrase_lists(tuple(config.extra_boilerplate_phrases))
    drops: dict[int, tuple[str, str]] = {}
    for i, block in enumerate(article.blocks):
        reason = classify(block, phrases) or ("byline" if is_author_line(block, article.authors) else None)
        if reason == "date_line" and written_date(block.text) != (article.published or "")[:10] \
                and not _MODIFIED_LABEL_RE.match(block.text):
            continue  # a date other than the article's (first published, event day) is news; a
            # page's "last modified" stamp is the page's, whatever its day
        if reason:
            drops[i] = (STEP, reason)
    _keep_lone_link_lines(article.blocks, drops)
    for i in edge_disclosures(article.blocks, phrases["disclosure"]):
        drops.setdefault(i, (STEP, "disclosure"))
    for i in closing_author_bio(article.blocks, drops, article.authors):
        drops[i] = (STEP, "author_bio")
    _drop_link_lists(article.blocks, drops)
    refs = site_refs(article.meta.site_name, article.url)
    for i in appeal_indexes(article.blocks, refs):
        drops.setdefault(i, (STEP, "reader_appeal"))
    for i in service_box_indexes(article.blocks, article.title):
        drops.setdefault(i, (STEP, "service_box"))
    _drop_trailing_boxes(article.blocks, drops, phrases["box_words"], refs)
    _drop_above_headline(article, drops)
    _drop_comment_section(article.blocks, drops)
    if config.site_template is not None:  # the site's learned template, after every rule of its own
        for i in template_drops(article, config.site_template):
            drops.setdefault(i, (STEP, SITE_TEMPLATE))
        article = article.replace(meta=dataclasses.replace(article.meta, site_template=config.site_template.digest))
    return article.without(drops)


def is_byline(text: str) -> bool:
    """'By Helen Marsh', 'Posted on 12 May 2024 by Helen Marsh', '26.04.2024 17:42 Author: Yerbol
    Nurlanov': a short line that opens with a byline marker (after a date or "Posted on" at most)
    and names people. 'By the end of May', 'Portrait by George Del Barrio' and 'The site is
    produced by John Gruber.' are not bylines."""
    if len(text.split()) > BYLINE_MAX_WORDS or text.rstrip().endswith(":"):
        return False
    m = _BYLINE_START_RE.search(text)
    if not m or words(_DATE_LINE_NOISE_RE.sub(" ", text[:m.start()])):
        return False
    return bool(names_in_line(text))


def is_author_line(block: Block, authors: tuple[str, ...]) -> bool:
    """'Von Jonas Keller', 'Par Jeanne Martin et Luc Roy', 'Text: Anna Berg': the article's own
    authors (from its metadata) behind a byline word of any language and nothing else. Without
    the authors to compare, 'Von Bäumen und Menschen' would be a byline too."""
    if not authors or block.kind not in ("p", "heading") or len(block.text.split()) > BYLINE_MAX_WORDS:
        return False
    rest = block.text
    for name in sorted(authors, key=len, reverse=True):
        rest = rest.replace(name, " ")
    if rest == block.text:
        return False
    return all(w.lower() in _BYLINE_WORDS for w in words(rest))


def is_date_line(text: str, date_words: frozenset[str] = frozenset()) -> bool:
    """A line that is a publication date and nothing else ('17.05.2024 | 14:30', 'Updated: May 2,
    2024', 'Veröffentlicht am 16.08.2019'). A date with a label of its own is content:
    'Termin: 29.02.2020, 19 Uhr', 'Einsendeschluss: 03.11.2019'."""
    if len(text.split()) > BYLINE_MAX_WORDS or not written_date(text):
        return False
    rest = _DATE_LINE_NOISE_RE.sub(" ", text)
    return all(w.lower() in date_words for w in words(rest))


def _keep_lone_link_lines(blocks: tuple[Block, ...], drops: dict[int, tuple[str, str]]) -> None:
    """Teaser headlines come in runs, or sit above or below the story; a linked line alone (no
    link line next to it) anywhere between the story's first and last paragraphs ("Here is the
    petition") is part of it, and so is one below a quantity wherever it is: a product in a
    recipe's list of ingredients ("1 Pck." over "Dr. Oetker Vanillin-Zucker")."""
    prose = [i for i, b in enumerate(blocks) if b.kind in ("p", "quote") and b.link_density < 0.5
             and len(words(b.text)) >= PROSE_WORDS]
    if not prose:
        return
    for i in [i for i, (_, reason) in drops.items() if reason == "link_line"]:
        if not (prose[0] < i < prose[-1] or (i > 0 and _QUANTITY_RE.match(blocks[i - 1].text))):
            continue
        if any(drops.get(k, ("", ""))[1] in _LINKY for k in (i - 1, i + 1)):
            continue
        del drops[i]


def is_box_label(b: Block, box_words: frozenset[str] = frozenset()) -> bool:
    """'More from the region', 'Weitere Informationen:': a heading, or a short line ending in a
    colon, made of the words boxes of other stories are labelled with (data: box_words)."""
    text = b.text.strip()
    n = len(words(text))
    if n > LABEL_MAX_WORDS or b.link_density >= 0.5 or SOURCES_LABEL_RE.search(text):
        return False
    # "More from the region" and "Weitere Informationen:" are labels; "The shortlist" over a list
    # of linked books, "The ministry published three documents:" and "Empfehlungen von Dennis:"
    # (the recommendations are the story) are not
    if not all(w.lower() in box_words or w.lower() in STOPWORDS for w in words(text)):
        return False
    if b.kind == "heading":  # a colon closes a label, not a sentence
        return not _SENTENCE_END_RE.search(text.removesuffix(":"))
    return b.kind == "p" and text.endswith(":") and n <= COLON_LABEL_MAX_WORDS


def _is_teaser_line(b: Block) -> bool:
    """A link elsewhere of a headline's length; a source URL, an e-mail or a DOI is a reference."""
    return b.link_density >= 0.5 and len(words(b.text)) <= LINK_LINE_MAX_WORDS + 5 \
        and not _REFERENCE_RE.search(b.text) and not SOURCE_LINE_RE.match(b.text)


def _in_teaser_box(b: Block) -> bool:
    """What a box of other stories holds below its label: teaser headlines, their standfirsts
    (linked from end to end, as the headline is), and the names of sections between them."""
    if _is_teaser_line(b):
        return True
    if b.kind == "p" and b.link_density >= TEASER_LINKED and len(words(b.text)) <= TEASER_MAX_WORDS:
        return not _REFERENCE_RE.search(b.text) and not SOURCE_LINE_RE.match(b.text)
    return b.kind == "heading" and len(words(b.text)) <= KICKER_MAX_WORDS and not _SENTENCE_END_RE.search(b.text)


def _drop_trailing_boxes(blocks: tuple[Block, ...], drops: dict[int, tuple[str, str]],
                         box_words: frozenset[str], refs: tuple[str, ...] = ()) -> None:
    """After the story, a label with only teasers under it (or nothing at all: a box whose
    links the extractor dropped) is a box of other stories: it goes with its teasers. Read from the
    end; the first block of another kind (a paragraph, a credit line, a contact address) ends it,
    and nothing goes without the label.
    The page's very last line, a label of one to three words with nothing under it ("Von:",
    "Kontakt:"), labels what the extractor left out: it goes too."""
    pending: list[int] = []  # teaser lines below the label still to be found
    last = True
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if i in drops:  # a label another rule took ("Latest news" is a boilerplate line) still labels its box
            if pending and drops[i][1] == "boilerplate_phrase" and (b.kind == "heading" or is_box_label(b, box_words)):
                for k in pending:
                    drops[k] = (STEP, "trailing_box")
                pending = []
            continue
        if last and is_dangling_label(b):
            drops[i] = (STEP, "trailing_box")
            last = False
            continue
        last = False
        if is_box_label(b, box_words) or site_box_label(b, box_words, refs):
            for k in [i, *pending]:
                drops[k] = (STEP, "trailing_box")
            pending = []
        elif _in_teaser_box(b):
            pending.append(i)
        else:
            return


def _drop_above_headline(article: Article, drops: dict[int, tuple[str, str]]) -> None:
    """When the extraction began above the headline (a table layout, a page of bare divs), the
    short lines before it are the page's header: site tagline, menus, widgets."""
    title = normalize_phrase(article.title)
    if not title:
        return
    blocks = article.blocks
    for i, b in enumerate(blocks[:ABOVE_HEADLINE_MAX]):
        if normalize_phrase(b.text) == title:
            if i and all(len(words(blocks[k].text)) <= ABOVE_HEADLINE_WORDS for k in range(i)):
                for k in range(i):
                    drops.setdefault(k, (STEP, "above_headline"))
            return


def _drop_comment_section(blocks: tuple[Block, ...], drops: dict[int, tuple[str, str]]) -> None:
    """A "2 comments" / "Комментарии" heading in the second half of the text opens the comment
    section: it and everything after it go."""
    for i in range(len(blocks) // 2, len(blocks)):
        b = blocks[i]
        if b.kind in ("heading", "p") and _COMMENTS_HEADING_RE.match(normalize_phrase(b.text)):
            for k in range(i, len(blocks)):
                drops.setdefault(k, (STEP, "comment_section"))
            return


def _drop_link_lists(blocks: tuple[Block, ...], drops: dict[int, tuple[str, str]]) -> None:
    """A list whose every item is a short link, right after a removed "Read also"-style line,
    is the rest of that box."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "item" and i > 0 and drops.get(i - 1, ("", ""))[1] in ("boilerplate_phrase", "related_link_line"):
            j = i
            while j < len(blocks) and blocks[j].kind == "item" and blocks[j].group == b.group:
                j += 1
            group = range(i, j)
            if all(blocks[k].link_density >= LINK_LINE_DENSITY and len(words(blocks[k].text)) <= LINK_LINE_MAX_WORDS
                   for k in group):
                for k in group:
                    drops[k] = (STEP, "related_link_list")
            i = j
        else:
            i += 1

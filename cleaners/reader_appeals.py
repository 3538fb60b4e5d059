"""A publication's appeals to its readers after the story: newsletter and subscription offers,
donation and membership requests, "follow us on Twitter", "write a letter to the editor".

They are sentences, so no phrase list can hold them all; what they share is their shape. An
appeal names something offered to the reader (a newsletter, a subscription, a donation), names
the publication itself ("our", "we", the site's own name) and speaks to the reader ("you", "Sie")
or opens with an imperative ("Subscribe", "Unterstütze"), or holds a later sentence or clause
that is an appeal on its own (an imperative, the offer and the publication in it: "... political
website. Subscribe to our daily newsletter here."). All three are needed, and only in the
page's tail: after the last paragraph of running prose that is not itself appeal-shaped. In the
middle of a story the same words are an interview answer ("We have 10,000 subscribers to our
newsletter, you know") or a news item about a publication, and stay. A quotation is never an
appeal. The only exception is a short heading that names the site and an offer ("PC Gamer
Newsletter"): a box's title wherever it sits.

Also here: a trailing box heading that names the site ("Mehr zum Thema auf UEPO.de", "Top-Themen
bei FIT FOR FUN"): the words boxes are labelled with, then a preposition and the site's name.
The vocabulary is data (data/reader_appeals.json); the audit reason is `reader_appeal`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from .records import Block
from .text import words

APPEAL_MAX_WORDS = 80  # "Gefällt dir unser Magazin? ... keine Bezahlschranke ..." is four sentences
HEADING_MAX_WORDS = 5  # "PC Gamer Newsletter", "Unser Newsletter"
PROSE_WORDS = 25  # a paragraph of running text: where the story still is
SITE_LABEL_MAX_WORDS = 7
_QUOTE_RE = re.compile(r"[\"«»“”„]")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?…])\s+|,\s+")  # sentences, and the clauses after a comma
_SITE_PREPOSITIONS = frozenset(("on", "at", "from", "by", "auf", "bei", "von", "sur", "de", "en", "na", "w", "в", "на"))
# Parts of a host that name no publication: www.example.co.uk is "example"
_HOST_NOISE = frozenset(("www", "m", "amp", "mobile", "news", "blog", "com", "org", "net", "de", "co", "uk"))


@cache
def vocabulary() -> dict:
    data = json.loads(resources.files("cleaners").joinpath("data/reader_appeals.json").read_text("utf-8"))
    langs = [v for k, v in data.items() if not k.startswith("_")]

    def gather(kind: str) -> list[str]:
        return [t.lower() for lang in langs for t in lang.get(kind, [])]

    offers = gather("offer")
    channels = gather("channel")
    # a cheap first look: text without any of these strings offers nothing (every offer word
    # starts with one, every offer phrase holds its first word, every channel is one)
    cues = {t.split()[0] for t in offers} | set(channels)
    return {
        "cues": tuple(sorted(cues)),
        "offer_words": tuple(sorted({t for t in offers if " " not in t})),  # word prefixes
        # whole words: "support us", and "abo " for the word alone ("Abo", not "Abonnement")
        "offer_phrases": tuple(sorted({f" {' '.join(words(t))} " for t in offers if " " in t})),
        "self": frozenset(gather("self")),
        "address": frozenset(gather("address")),
        "imperative": frozenset(gather("imperative")),
        "channels": frozenset(channels),
    }


def site_refs(site_name: str | None, url: str) -> tuple[str, ...]:
    """How the page's own site is named in its text: its name, and the telling part of its host."""
    refs = []
    if site_name and len(_squash(site_name)) >= 3:
        refs.append(_norm(site_name))
    labels = [p for p in (urlsplit(url).hostname or "").lower().split(".") if p not in _HOST_NOISE]
    if labels and len(labels[-1 if len(labels) == 1 else -2]) >= 4:
        refs.append(labels[-1 if len(labels) == 1 else -2])
    return tuple(dict.fromkeys(r for r in refs if r))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _offers(ws: list[str], vocab) -> bool:
    flat = f" {' '.join(ws)} "
    return any(p in flat for p in vocab["offer_phrases"]) or any(w.startswith(vocab["offer_words"]) for w in ws)


def _names_site(text: str, refs: tuple[str, ...]) -> bool:
    squashed = _squash(text)
    return any(_squash(r) in squashed for r in refs)


def _may_offer(text: str) -> bool:
    lowered = text.lower().replace("’", "'")
    return any(cue in lowered for cue in vocabulary()["cues"])


def appeal_shaped(text: str, refs: tuple[str, ...] = ()) -> bool:
    """Offer, self-reference, and an address or an imperative opening, in a short unquoted block."""
    if not _may_offer(text):
        return False
    ws = [w.lower() for w in words(text.replace("’", "'"))]
    if not ws or len(ws) > APPEAL_MAX_WORDS or _QUOTE_RE.search(text):
        return False
    vocab = vocabulary()
    imperative = ws[0] in vocab["imperative"]
    # "Follow The Gleaner on Twitter": a network is an offer only when the reader is told to use it
    if not (_offers(ws, vocab) or (imperative and vocab["channels"].intersection(ws))):
        return False
    if not (vocab["self"].intersection(ws) or _names_site(text, refs)):
        return False
    return imperative or bool(vocab["address"].intersection(ws)) or _asking_sentence(text, refs, vocab)


def _asking_sentence(text: str, refs: tuple[str, ...], vocab) -> bool:
    """A later sentence or clause that is an appeal of its own: it opens with an imperative and
    names both the offer and the publication ("... political website. Subscribe to our daily
    newsletter here.", "For all the latest news, visit the Belfast Live homepage here and sign up
    to our daily newsletter here."). "Follow the link to the council's report" offers nothing."""
    for sentence in _SENTENCE_SPLIT_RE.split(text)[1:]:
        ws = [w.lower() for w in words(sentence.replace("’", "'"))]
        if ws and ws[0] in vocab["imperative"] and _offers(ws, vocab) \
                and (vocab["self"].intersection(ws) or _names_site(sentence, refs)):
            return True
    return False


def appeal_heading(block: Block, refs: tuple[str, ...]) -> bool:
    """A box's title naming the site and an offer: "PC Gamer Newsletter", "Unser Newsletter"."""
    text = block.text.strip()
    if block.kind != "heading" or not _may_offer(text):
        return False
    ws = [w.lower() for w in words(text)]
    if not ws or len(ws) > HEADING_MAX_WORDS or text.endswith((".", "?", "!")):
        return False
    vocab = vocabulary()
    return _offers(ws, vocab) and (bool(vocab["self"].intersection(ws)) or _names_site(text, refs))


def appeal_indexes(blocks: tuple[Block, ...], refs: tuple[str, ...]) -> list[int]:
    """The blocks that are reader appeals: appeal-shaped ones in the tail, appeal headings anywhere,
    and an offer line right below a removed appeal ("Sign up to get the best of the week")."""
    def shaped(b: Block) -> bool:
        return b.kind in ("p", "heading", "item") and appeal_shaped(b.text, refs)

    # the tail: after the last paragraph of prose that is not itself appeal-shaped (read from the
    # end, so that only the tail's blocks are looked at closely)
    tail_start = 0
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind in ("p", "quote", "item") and b.link_density < 0.5 and len(words(b.text)) >= PROSE_WORDS \
                and not shaped(b):
            tail_start = i + 1
            break
    found = {i for i in range(tail_start, len(blocks)) if shaped(blocks[i])}
    found |= {i for i, b in enumerate(blocks) if appeal_heading(b, refs)}
    vocab = vocabulary()
    for i in sorted(found):
        k = i + 1
        while k < len(blocks) and k not in found and len(words(blocks[k].text)) <= APPEAL_MAX_WORDS \
                and not _QUOTE_RE.search(blocks[k].text) and _may_offer(blocks[k].text) \
                and _offers([w.lower() for w in words(blocks[k].text)], vocab):
            found.add(k)
            k += 1
    return sorted(found)


def site_box_label(block: Block, box_words: frozenset[str], refs: tuple[str, ...]) -> bool:
    """'Mehr zum Thema auf UEPO.de', 'Top-Themen bei FIT FOR FUN', 'Auch auf gofeminin.de': box
    words, a preposition, the site's name. 'Mehr Geld für Pflegekräfte' names no site."""
    text = block.text.strip()
    if not refs or block.kind not in ("heading", "p") or block.link_density >= 0.5 or text.endswith((".", "?", "!")):
        return False
    ws = words(text)
    if not 2 <= len(ws) <= SITE_LABEL_MAX_WORDS:
        return False
    lowered = [w.lower() for w in ws]
    for k, w in enumerate(lowered):
        if w in _SITE_PREPOSITIONS and k > 0:
            rest = _squash(" ".join(ws[k + 1:]))
            if len(rest) >= 3 and any(rest.startswith(_squash(r)) or _squash(r).startswith(rest) for r in refs):
                return all(x in box_words for x in lowered[:k])
    return False

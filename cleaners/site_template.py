"""A site's template lines: the rule that removes them, given a profile learned elsewhere.

A profile (SiteTemplate) is data: the normalized lines that repeat across a large share of one
site's pages, learned over many pages by corpus/site_templates.py and handed to the chain in
CleanerConfig.site_template. This module only applies it, page by page, purely: the same page
and the same profile give the same blocks removed. strip_boilerplate calls `template_drops`
after its own rules, so a line another rule already removes keeps that rule's reason, and a
page cleaned without a profile is cleaned exactly as before.

Precision first: a block is template only when its line key is one of the profile's lines, it is
no code, and it is not the page's own headline or a part of it ("Steppe Digest" stays on the
page titled "Steppe Digest turns ten").
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Article

REASON = "site_template"
FORMAT = 1  # of the profile's lines and of line_key: a change makes every digest new
_EDGE_RE = re.compile(r"^[\W_]+|[\W_]+$")


def line_key(text: str) -> str:
    """What a line is compared by: NFKC, case-folded, one space between words, punctuation,
    emoji and symbols cut at both ends ("📢 Follow us on Telegram!" -> "follow us on telegram")."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _EDGE_RE.sub("", " ".join(text.split()))


def digest_of(lines: Iterable[str]) -> str:
    """The digest of a profile: of its format and its sorted lines, nothing else (the counts it
    was learned from do not change what it removes)."""
    body = json.dumps({"format": FORMAT, "lines": sorted(set(lines))}, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SiteTemplate:
    """The template lines of one site, as line keys, and the digest that names them."""

    lines: frozenset[str]
    digest: str

    @classmethod
    def of(cls, lines: Iterable[str]) -> SiteTemplate:
        keys = frozenset(k for k in (line_key(x) for x in lines) if k)
        return cls(keys, digest_of(keys))


def in_title(key: str, title_key: str) -> bool:
    """The line is the headline, or words of it: ' steppe digest ' in ' steppe digest turns ten '."""
    return bool(title_key) and f" {key} " in f" {title_key} "


def template_drops(article: Article, template: SiteTemplate) -> list[int]:
    """Indexes of the article's blocks that are lines of the site's template."""
    if not template.lines:
        return []
    title = line_key(article.title)
    return [i for i, b in enumerate(article.blocks)
            if b.kind != "code" and (key := line_key(b.text)) in template.lines and not in_title(key, title)]

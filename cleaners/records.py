"""The records that flow through the cleaner chain.

RawPage is what was fetched (or read back from an archive); Article is the page as the chain
sees it, a draft after `extract` and the clean article at the end. Both are immutable: a step
returns a new Article (``dataclasses.replace``) with its edits appended to the audit trail, or a
Dropped saying why the page cannot become an article.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

# The audit keeps a removed block whole up to AUDIT_TEXT_CHARS characters; a longer one is cut
# there and followed by its length and a digest (a 9 MB page made a 10 MB output line for a
# 150-word article). Past AUDIT_MAX_REMOVALS blocks, one last entry counts the rest.
AUDIT_TEXT_CHARS = 200
AUDIT_MAX_REMOVALS = 1000
AUDIT_MORE = ("audit", "more_removed")  # (step, reason) of that last entry


def audit_text(text: str) -> str:
    if len(text) <= AUDIT_TEXT_CHARS:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{text[:AUDIT_TEXT_CHARS]}… [{len(text)} characters, sha256:{digest}]"


@dataclass(frozen=True, slots=True)
class RawRef:
    """Where the raw bytes of a page are kept, so every article can be traced back to them."""

    payload_digest: str  # "sha1:<base32>" of the payload as stored (WARC convention)
    warc_file: str | None = None  # file name inside the archive folder, not a full path
    warc_record_id: str | None = None
    warc_offset: int | None = None


@dataclass(frozen=True, slots=True)
class RawPage:
    url: str
    body: bytes  # transfer and content encodings removed
    headers: tuple[tuple[str, str], ...] = ()
    status: int = 200
    fetched_at: str | None = None  # ISO 8601 UTC; None when unknown (a bare HTML file)
    raw: RawRef | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of body text: a paragraph, a heading, a list item, a quote, a table row, code."""

    text: str
    kind: str = "p"  # p | heading | item | quote | code | row
    level: int = 0  # heading level (2..6) or list nesting depth
    group: int = -1  # list items of one list share a group id; -1 when not in a list
    ordered: bool = False  # item of a numbered list
    link_density: float = 0.0  # share of the characters that sit inside links

    def with_text(self, text: str) -> Block:
        return dataclasses.replace(self, text=text)


@dataclass(frozen=True, slots=True)
class Removal:
    step: str
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Replacement:
    step: str
    rule: str
    before: str
    after: str
    count: int = 1  # identical replacements in one article are recorded once, with a count


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Signals read from the page head that later steps consult (not emitted as such)."""

    declared_types: tuple[str, ...] = ()  # og:type and JSON-LD @type values, lower-cased
    evidence: tuple[str, ...] = ()  # what says the page is an article (see metadata.article_evidence)
    html_lang: str | None = None
    site_name: str | None = None
    description: str | None = None
    not_article: str | None = None  # evidence the page is no article (page_kind): a listing, a service page
    site_template: str | None = None  # digest of the site template profile the page was cleaned with


@dataclass(frozen=True, slots=True)
class Article:
    url: str
    canonical_url: str
    title: str
    blocks: tuple[Block, ...]
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    fetched_at: str | None = None
    raw: RawRef | None = None
    meta: PageMeta = field(default_factory=PageMeta)
    removed: tuple[Removal, ...] = ()
    replaced: tuple[Replacement, ...] = ()

    def replace(self, **changes) -> Article:
        return dataclasses.replace(self, **changes)

    def without(self, drops: dict[int, tuple[str, str]]) -> Article:
        """A copy with the blocks at the given indexes removed; ``drops`` maps index -> (step, reason)."""
        if not drops:
            return self
        kept = tuple(b for i, b in enumerate(self.blocks) if i not in drops)
        gone = tuple(Removal(step, reason, audit_text(self.blocks[i].text))
                     for i, (step, reason) in sorted(drops.items()))
        return self.replace(blocks=kept, removed=_bounded(self.removed + gone))


def _bounded(removed: tuple[Removal, ...]) -> tuple[Removal, ...]:
    """At most AUDIT_MAX_REMOVALS entries: the first ones, then one counting the others by reason."""
    if len(removed) <= AUDIT_MAX_REMOVALS:
        return removed
    listed, rest, earlier = list(removed[:AUDIT_MAX_REMOVALS - 1]), removed[AUDIT_MAX_REMOVALS - 1:], {}
    for r in rest:
        if (r.step, r.reason) == AUDIT_MORE:  # the count a previous step left: carried over
            for part in r.text.split(": ", 1)[1].split(", "):
                n, key = part.split(" ", 1)
                earlier[key] = earlier.get(key, 0) + int(n)
        else:
            earlier[f"{r.step}/{r.reason}"] = earlier.get(f"{r.step}/{r.reason}", 0) + 1
    summary = ", ".join(f"{n} {key}" for key, n in sorted(earlier.items()))
    return (*listed, Removal(*AUDIT_MORE, f"{sum(earlier.values())} more blocks removed: {summary}"))


@dataclass(frozen=True, slots=True)
class Dropped:
    """A page that did not become an article: which step said so, a reason code, and details."""

    step: str
    reason: str
    detail: str = ""

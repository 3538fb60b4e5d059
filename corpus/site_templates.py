"""Per-site template profiles: the lines that repeat across a large share of one site's pages
("Follow us on Telegram", a newsletter box, a donation appeal, the same "Read also" heading),
learned from the article records a crawl or a re-clean wrote, kept as versioned data.

Learning (TemplateLearner), over one site's article records, newest first:
- a page is counted once per headline: copies of one story under several URLs (syndication,
  session ids) are one page, so the story's own paragraphs never look like a template;
- a page's lines are its text's paragraphs and the lines an earlier profile already removed
  (audit `site_template`), so a profile in use keeps seeing its own lines;
- a line is a candidate when it is short (at most MAX_LINE_CHARS characters, the audit's bound,
  so a removed line is always recorded whole) and not running prose (PROSE_WORDS words or more
  ending like a sentence, on any page);
- a candidate is template when it is on at least MIN_LINE_PAGES pages and MIN_SHARE of the
  site's pages, the site has at least MIN_SITE_PAGES pages, and it is no headline nor words of
  one of any page seen. Thresholds and their evidence: docs/site_templates.md.

Storage (TemplateStore): DATA/templates/<site>/v0001-<digest>.json, one file per distinct
profile, the highest version the current one; a profile learned again with the same lines
writes nothing. The digest (cleaners.site_template.digest_of) covers the format and the lines
only, and goes into every line cleaned with the profile (audit.site_template).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.site_template import FORMAT, REASON, SiteTemplate, digest_of, in_title, line_key
from output.sinks import write_text_atomic

MIN_SITE_PAGES = 10  # pages (distinct headlines) of a site before any line can be its template
MIN_LINE_PAGES = 5  # pages a line must be on
MIN_SHARE = 0.3  # share of the site's pages a line must be on
MAX_LINE_CHARS = 200  # longer blocks are never template (cleaners.records.AUDIT_TEXT_CHARS: recorded whole)
PROSE_WORDS = 25  # a line this long that ends like a sentence is running prose somewhere: never template
LEARN_PAGES = 2_000  # the newest pages of a site learned from; a line on 30% of them is on 600
_SENTENCE_END = re.compile(r"[.!?…;][\"»”’)]*\s*$")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
THRESHOLDS = {"min_site_pages": MIN_SITE_PAGES, "min_line_pages": MIN_LINE_PAGES, "min_share": MIN_SHARE,
              "max_line_chars": MAX_LINE_CHARS, "prose_words": PROSE_WORDS}


def is_prose(text: str) -> bool:
    return len(text.split()) >= PROSE_WORDS and bool(_SENTENCE_END.search(text))


def page_lines(record: dict) -> list[str]:
    """The lines of an article record as the chain's last steps saw them: its paragraphs, and
    the lines a site template removed (they were on the page)."""
    text = record.get("text") or ""
    lines = [p for p in text.split("\n\n") if p.strip()]
    lines += [r["text"] for r in (record.get("audit") or {}).get("removed", []) if r.get("reason") == REASON]
    return lines


@dataclass(frozen=True)
class TemplateLine:
    key: str  # line_key of the line: what the rule matches
    text: str  # the line as most pages have it, for people
    pages: int
    share: float


@dataclass(frozen=True)
class Profile:
    site: str
    lines: tuple[TemplateLine, ...]  # in key order
    pages: int  # pages learned from
    version: int = 0  # 0 until stored
    learned_from: str = ""  # the run (or clean) whose records it was learned after
    thresholds: dict = field(default_factory=lambda: dict(THRESHOLDS))

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(x.key for x in self.lines)

    @property
    def digest(self) -> str:
        return digest_of(self.keys)

    def template(self) -> SiteTemplate:
        return SiteTemplate(self.keys, self.digest)

    def to_json(self) -> dict:
        return {"format": FORMAT, "site": self.site, "version": self.version, "digest": self.digest,
                "learned_from": self.learned_from, "pages": self.pages, "thresholds": self.thresholds,
                "lines": [{"key": x.key, "text": x.text, "pages": x.pages, "share": x.share} for x in self.lines]}

    @classmethod
    def from_json(cls, doc: dict) -> Profile:
        if doc.get("format") != FORMAT:
            raise ValueError(f"site template profile of format {doc.get('format')!r}, this version reads {FORMAT}")
        lines = tuple(sorted((TemplateLine(line_key(x["key"]), x.get("text", x["key"]), int(x.get("pages", 0)),
                                           float(x.get("share", 0.0))) for x in doc["lines"]), key=lambda x: x.key))
        return cls(doc["site"], lines, int(doc.get("pages", 0)), int(doc.get("version", 0)),
                   doc.get("learned_from", ""), doc.get("thresholds", dict(THRESHOLDS)))


class TemplateLearner:
    """Counts, per line, the pages of one site it is on; `profile()` applies the thresholds.
    Memory: the distinct short lines of at most `max_pages` pages."""

    def __init__(self, site: str, max_pages: int = LEARN_PAGES):
        self.site, self.max_pages = site, max_pages
        self.titles: set[str] = set()  # headline keys seen: one page per headline
        self.counts: Counter = Counter()  # line key -> pages
        self.texts: dict[str, Counter] = {}  # line key -> its spellings
        self.prose: set[str] = set()  # keys seen as running prose somewhere

    @property
    def pages(self) -> int:
        return len(self.titles)

    @property
    def full(self) -> bool:
        return self.pages >= self.max_pages

    def add(self, record: dict) -> bool:
        """Count one article record; False when it was not counted (a copy, or the learner is full)."""
        title = line_key(record.get("title") or "")
        if self.full or not title or title in self.titles:
            return False
        self.titles.add(title)
        keys = set()
        for text in page_lines(record):
            key = line_key(text)
            if not key or len(text) > MAX_LINE_CHARS:
                continue
            if is_prose(text):
                self.prose.add(key)
            if key not in keys:
                keys.add(key)
                self.texts.setdefault(key, Counter())[text.strip()] += 1
        self.counts.update(keys)
        return True

    def add_all(self, records: Iterable[dict]) -> TemplateLearner:
        for record in records:
            self.add(record)
            if self.full:
                break
        return self

    def profile(self, learned_from: str = "") -> Profile:
        pages = self.pages
        lines = []
        if pages >= MIN_SITE_PAGES:
            need = max(MIN_LINE_PAGES, MIN_SHARE * pages)
            for key, n in self.counts.items():
                if n < need or key in self.prose or any(in_title(key, t) for t in self.titles):
                    continue
                text = min(self.texts[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
                lines.append(TemplateLine(key, text, n, round(n / pages, 4)))
        return Profile(self.site, tuple(sorted(lines, key=lambda x: x.key)), pages, learned_from=learned_from)


def learn(site: str, records: Iterable[dict], learned_from: str = "", max_pages: int = LEARN_PAGES) -> Profile:
    """The profile of one site from its article records, newest first."""
    return TemplateLearner(site, max_pages).add_all(records).profile(learned_from)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


class TemplateStore:
    """Versioned profiles under one folder, a sub-folder per site (names made file-safe)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, site: str) -> Path:
        return self.root / (_SAFE.sub("_", site).strip("._") or "_")

    def versions(self, site: str) -> list[Path]:
        folder = self.folder(site)
        return sorted(folder.glob("v[0-9][0-9][0-9][0-9]-*.json")) if folder.is_dir() else []

    def current(self, site: str) -> Profile | None:
        found = self.versions(site)
        return load_profile(found[-1]) if found else None

    def save(self, profile: Profile) -> tuple[Profile, bool]:
        """Store `profile` as the site's next version unless the current one has the same lines;
        returns the current profile and whether a version was written. A site that never had a
        template gets no empty profile."""
        now = self.current(profile.site)
        if (now is None and not profile.lines) or (now is not None and now.digest == profile.digest):
            return now or profile, False
        version = (now.version if now else 0) + 1
        stored = Profile(profile.site, profile.lines, profile.pages, version, profile.learned_from,
                         profile.thresholds)
        target = self.folder(profile.site) / f"v{version:04d}-{stored.digest.removeprefix('sha256:')}.json"
        write_text_atomic(target, json.dumps(stored.to_json(), ensure_ascii=False, indent=1) + "\n")
        return stored, True

    def sites(self) -> list[str]:
        out = []
        for folder in sorted(p for p in self.root.glob("*") if p.is_dir()) if self.root.is_dir() else []:
            found = sorted(folder.glob("v[0-9][0-9][0-9][0-9]-*.json"))
            if found:
                out.append(load_profile(found[-1]).site)
        return out


def load_profile(path: Path) -> Profile:
    try:
        return Profile.from_json(json.loads(Path(path).read_text("utf-8")))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a site template profile ({exc})") from None

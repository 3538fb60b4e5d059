"""The before/after view of one article: the page's blocks in page order, each kept, or struck
through with the step and reason that removed it, and every repaired token shown from -> to.

What was removed and why comes from the line's audit alone. The audit does not say *where* a
removed block stood, so the order comes from the raw page: `extract` is run again over the
archived bytes (the draft, before any cleaning step) and the output's kept blocks and the
audit's removed blocks are matched onto it. Without the raw page, the kept text is shown in
order and the removals after it, marked as such.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator

from cleaners.config import CleanerConfig
from cleaners.extract import extract
from cleaners.records import Article, RawPage, RawRef

KEPT, REMOVED, UNAUDITED = "kept", "removed", "unaudited"
FUZZY = 0.85  # a draft block this similar to an output block is that block (spaces, NFC, repairs)


@dataclass(frozen=True)
class ViewBlock:
    text: str
    status: str  # kept | removed | unaudited (in the draft, neither in the output nor in the audit)
    step: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class View:
    line: dict
    blocks: tuple[ViewBlock, ...]
    ordered: bool  # False: no raw page, removals listed after the text
    note: str = ""


def _key(text: str, repairs: list[tuple[str, str]]) -> str:
    for before, after in repairs:
        text = text.replace(before, after)
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def align(draft: list[str] | None, line: dict) -> tuple[ViewBlock, ...]:
    """Kept and removed blocks of a line in the order of the draft's blocks (pure)."""
    text = line.get("text") or ""
    kept = text.split("\n\n") if text else []
    audit = line.get("audit") or {}
    removed = [(r["text"], r["step"], r["reason"]) for r in audit.get("removed", [])]
    if draft is None:
        return tuple([ViewBlock(t, KEPT) for t in kept] + [ViewBlock(t, REMOVED, s, r) for t, s, r in removed])
    repairs = [(r["from"], r["to"]) for r in audit.get("replaced", [])]
    kept_keys = [_key(t, repairs) for t in kept]
    removed_keys = [_key(t, repairs) for t, _, _ in removed]
    used = [False] * len(removed)
    out: list[ViewBlock] = []
    j = 0  # the next kept block: kept blocks stay in page order
    for block in draft:
        k = _key(block, repairs)
        if j < len(kept) and k == kept_keys[j]:
            out.append(ViewBlock(kept[j], KEPT))
            j += 1
            continue
        exact = next((i for i, rk in enumerate(removed_keys) if not used[i] and rk == k), None)
        if exact is not None:
            used[exact] = True
            out.append(ViewBlock(removed[exact][0], REMOVED, *removed[exact][1:]))
            continue
        # no exact match: the most similar of the next kept block and the unused removals
        best, score = None, FUZZY
        if j < len(kept):
            s = difflib.SequenceMatcher(None, k, kept_keys[j], autojunk=False).ratio()
            if s >= score:
                best, score = "kept", s
        for i, rk in enumerate(removed_keys):
            if not used[i]:
                s = difflib.SequenceMatcher(None, k, rk, autojunk=False).ratio()
                if s > score:
                    best, score = i, s
        if best == "kept":
            out.append(ViewBlock(kept[j], KEPT))
            j += 1
        elif best is not None:
            used[best] = True
            out.append(ViewBlock(removed[best][0], REMOVED, *removed[best][1:]))
        else:
            out.append(ViewBlock(block, UNAUDITED))
    # what the draft did not place (a block a later step rewrote beyond recognition) still shows
    out += [ViewBlock(t, KEPT) for t in kept[j:]]
    out += [ViewBlock(removed[i][0], REMOVED, *removed[i][1:]) for i in range(len(removed)) if not used[i]]
    return tuple(out)


class RawPages:
    """Finds the archived bytes of an article: its WARC record (by file name and offset, in the
    given WARC files or the data folder's raw/), or the HTML file a clean read."""

    def __init__(self, warc_files: list[Path], raw_dirs: list[Path], html_files: list[Path]):
        self.warcs = {p.name.removesuffix(".open"): p for p in warc_files}
        for folder in raw_dirs:
            for p in sorted(folder.glob("*.warc*")) if folder.is_dir() else ():
                self.warcs.setdefault(p.name.removesuffix(".open"), p)
        self.html = list(html_files)
        self._html_by_digest: dict[str, Path] | None = None

    def page(self, line: dict) -> RawPage | None:
        raw = line.get("raw") or {}
        url = line.get("url") or ""
        if raw.get("warc_file") and raw.get("warc_offset") is not None:
            path = self.warcs.get(raw["warc_file"])
            return _warc_page(path, raw["warc_offset"]) if path else None
        if url.startswith("file://"):
            path = Path(unquote(urlsplit(url).path))
            return RawPage(url=url, body=path.read_bytes()) if path.is_file() else None
        path = self._by_digest().get(raw.get("payload_digest", ""))
        return RawPage(url=url, body=path.read_bytes()) if path else None

    def _by_digest(self) -> dict[str, Path]:
        if self._html_by_digest is None:  # only a clean with --url over one file gets here
            from presswash.inputs import payload_digest

            self._html_by_digest = {payload_digest(p.read_bytes()): p for p in self.html if p.is_file()}
        return self._html_by_digest


def _warc_page(path: Path, offset: int) -> RawPage | None:
    with open(path, "rb") as f:
        f.seek(offset)
        for record in ArchiveIterator(f):
            if record.rec_type != "response" or record.http_headers is None:
                return None
            rec = record.rec_headers
            return RawPage(url=rec.get_header("WARC-Target-URI"), body=record.content_stream().read(),
                           headers=tuple(record.http_headers.headers),
                           status=int(record.http_headers.get_statuscode() or 0),
                           raw=RawRef(payload_digest=rec.get_header("WARC-Payload-Digest")))
    return None


def view(line: dict, raw_pages: RawPages | None,
         config: Callable[[RawPage], CleanerConfig] | None = None) -> View:
    page = raw_pages.page(line) if raw_pages else None
    if page is None:
        return View(line, align(None, line), False, "raw page not found: removed blocks are listed after the text")
    draft = extract(page, config(page) if config else CleanerConfig())
    if not isinstance(draft, Article):
        return View(line, align(None, line), False, f"the raw page no longer extracts ({draft.reason})")
    return View(line, align([b.text for b in draft.blocks], line), True)

"""What changed between two article sets (a crawl's output and a re-clean with a newer chain).

Both sides are loaded into a scratch SQLite file keyed by (side, id), keeping per id the line
of the highest revision, as a consumer would; the comparison walks the join in id order. Only
one pair of lines is in memory at a time, so a diff of millions of articles costs disk, not RAM.

Two lines are the same article unchanged when what a consumer reads of them is equal: url,
canonical url, title, authors, date, language, site name, text, and the audit (what was removed
or repaired, and why). Fetch time, raw reference, chain version and revision numbers are not
compared: a re-clean changes them without changing the article.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

COMPARED = ("url", "canonical_url", "site_name", "title", "authors", "published", "published_at", "language", "text",
            "audit")
OLD, NEW = 0, 1
SCHEMA = """
CREATE TABLE lines (side INTEGER NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, key TEXT NOT NULL,
                    line TEXT NOT NULL, PRIMARY KEY (side, id)) WITHOUT ROWID;
"""


def compare_key(line: dict) -> str:
    view = {k: line.get(k) for k in COMPARED}
    return hashlib.sha256(json.dumps(view, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BlockChange:
    kind: str  # vanished (in OLD's text, not in NEW's) | appeared (in NEW's, not in OLD's)
    text: str
    cause: str  # "step · reason" responsible, or what else explains it


@dataclass(frozen=True)
class ArticleChange:
    id: str
    title: str
    fields: tuple[str, ...]  # compared fields that differ
    blocks: tuple[tuple[str, str, str], ...]  # (status, text, cause) in NEW's order: same, vanished, appeared
    relabelled: tuple[tuple[str, str, str], ...] = ()  # (text, old cause, new cause): removed in both, not alike


@dataclass
class DiffResult:
    old_articles: int = 0
    new_articles: int = 0
    added: int = 0
    gone: int = 0
    unchanged: int = 0
    changed: int = 0
    changed_fields: Counter = field(default_factory=Counter)
    causes: Counter = field(default_factory=Counter)  # (kind, cause) -> blocks
    added_ids: list[str] = field(default_factory=list)  # the first few, for the summary
    gone_ids: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.added or self.gone or self.changed)


def _removals(line: dict) -> dict[str, str]:
    """Removed block text -> 'step · reason' (the first removal of that text)."""
    out: dict[str, str] = {}
    for r in (line.get("audit") or {}).get("removed", []):
        out.setdefault(r["text"], f"{r['step']} · {r['reason']}")
    return out


def _blocks(line: dict) -> list[str]:
    text = line.get("text") or ""
    return text.split("\n\n") if text else []


def compare(old: dict, new: dict) -> ArticleChange:
    """Which blocks appeared or vanished between two lines of one article, and which step or
    reason is responsible: the step that now removes a vanished block, or that removed an
    appeared block before (pure)."""
    fields = tuple(k for k in COMPARED if old.get(k) != new.get(k))
    old_removed, new_removed = _removals(old), _removals(new)
    a, b = _blocks(old), _blocks(new)
    blocks: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks += [("same", t, "") for t in b[j1:j2]]
            continue
        for t in a[i1:i2]:
            blocks.append(("vanished", t, new_removed.get(t, "rewritten or no longer extracted")))
        for t in b[j1:j2]:
            blocks.append(("appeared", t, "was " + old_removed[t] if t in old_removed
                           else "rewritten or newly extracted"))
    relabelled = tuple((t, old_removed[t], new_removed[t]) for t in sorted(set(old_removed) & set(new_removed))
                       if old_removed[t] != new_removed[t])
    return ArticleChange(new.get("id") or old.get("id"), new.get("title") or "", fields, tuple(blocks), relabelled)


class DiffStore:
    """The scratch database of one diff."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-16000;" + SCHEMA)

    def load(self, side: int, records: Iterable[dict], batch: int = 2_000) -> int:
        n, rows = 0, []
        sql = ("INSERT INTO lines VALUES (?, ?, ?, ?, ?) ON CONFLICT (side, id) DO UPDATE SET revision = "
               "excluded.revision, key = excluded.key, line = excluded.line WHERE excluded.revision > lines.revision")
        for record in records:
            rows.append((side, record["id"], int(record.get("revision") or 1), compare_key(record),
                         json.dumps(record, ensure_ascii=False)))
            n += 1
            if len(rows) >= batch:
                self.db.executemany(sql, rows)
                rows.clear()
        self.db.executemany(sql, rows)
        self.db.commit()
        return n

    def _ids(self, only: int, other: int, limit: int) -> tuple[int, list[str]]:
        where = f"FROM lines a WHERE a.side = {only} AND NOT EXISTS " \
                f"(SELECT 1 FROM lines b WHERE b.side = {other} AND b.id = a.id)"
        count = self.db.execute(f"SELECT count(*) {where}").fetchone()[0]
        return count, [r[0] for r in self.db.execute(f"SELECT a.id {where} ORDER BY a.id LIMIT ?", (limit,))]

    def changed_pairs(self) -> Iterator[tuple[dict, dict]]:
        cur = self.db.execute("SELECT o.line, n.line FROM lines o JOIN lines n ON n.side = 1 AND n.id = o.id "
                              "WHERE o.side = 0 AND o.key != n.key ORDER BY o.id")
        for old, new in cur:
            yield json.loads(old), json.loads(new)

    def summary(self, listed: int = 20) -> DiffResult:
        r = DiffResult()
        r.old_articles, r.new_articles = (self.db.execute("SELECT count(*) FROM lines WHERE side = ?", (s,))
                                          .fetchone()[0] for s in (OLD, NEW))
        r.added, r.added_ids = self._ids(NEW, OLD, listed)
        r.gone, r.gone_ids = self._ids(OLD, NEW, listed)
        r.unchanged = self.db.execute("SELECT count(*) FROM lines o JOIN lines n ON n.side = 1 AND n.id = o.id "
                                      "WHERE o.side = 0 AND o.key = n.key").fetchone()[0]
        return r

    def close(self) -> None:
        self.db.close()


def diff(store: DiffStore, on_change=None, listed: int = 20) -> DiffResult:
    """Counts of the loaded store; `on_change(ArticleChange)` sees every changed article in id order."""
    result = store.summary(listed)
    for old, new in store.changed_pairs():
        change = compare(old, new)
        result.changed += 1
        result.changed_fields.update(change.fields)
        for status, _text, cause in change.blocks:
            if status != "same":
                result.causes[(status, cause)] += 1
        for _text, was, now in change.relabelled:
            result.causes[("relabelled", f"{was} -> {now}")] += 1
        if on_change:
            on_change(change)
    return result

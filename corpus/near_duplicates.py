"""Near-duplicate articles: MinHash signatures over word shingles, LSH bands in a persistent
SQLite index, clusters rooted at their earliest article.

- A signature is datasketch's MinHash (affine32, fixed seed) of the article's word 3-shingles
  (title and text, case-folded); the Jaccard similarity of two articles' shingle sets is
  estimated from their signatures. The thresholds and their evidence: docs/near_duplicates.md.
- LSH: the signature is cut into BANDS bands of ROWS rows (datasketch's own optimum for the
  threshold, `datasketch.lsh._optimal_param`); articles sharing a band are candidates, and a
  candidate is a near-duplicate when the estimated similarity reaches THRESHOLD. The bands live
  in SQLite on disk (datasketch's MinHashLSH keeps them in memory, or in Redis/Cassandra), so
  the index persists between runs and memory does not grow with it.
- Clusters: an article that matches is a near-duplicate *of the root of the cluster it matched*
  (`near_duplicate_of`), with the similarity to the closest earlier member. Within one run the
  new articles are taken in the order (published, fetched_at, id), never in arrival order, so
  the same input gives the same clusters however it was fed; articles of earlier runs are in the
  index already and keep what they were given. An article almost identical to one in the index
  (similarity >= TWIN) adds no bands of its own: 2,000 copies of one story cost one entry.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datasketch import MinHash

SHINGLE = 3  # words per shingle: at threshold 0.5, recall 0.964 with 3 words, 0.924 with 5, precision 1.0 both
NUM_PERM = 128
SEED = 1
THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles at or above which two articles are near-duplicates
TWIN = 0.9  # this similar to an indexed article: represented by it, no bands of its own
BANDS, ROWS = 25, 5  # datasketch.lsh._optimal_param(0.5, 128, 0.5, 0.5)
INDEX_VERSION = f"minhash-affine32-{NUM_PERM}-{SEED}-w{SHINGLE}-{BANDS}x{ROWS}"
WORD = re.compile(r"\w+")
_MULT = np.uint32(0x01000193)  # FNV prime: word hashes folded into shingle hashes

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY,          -- order of entry into the index
    id TEXT NOT NULL UNIQUE,
    sortkey TEXT NOT NULL,          -- published, fetched_at, id: what "earliest" means
    signature BLOB NOT NULL,
    root TEXT NOT NULL,             -- the cluster's earliest article (itself for a root)
    matched TEXT,                   -- the closest earlier member it matched, null for a root
    similarity REAL,
    run TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key ON bands (key);
CREATE TABLE IF NOT EXISTS pending (id TEXT PRIMARY KEY, sortkey TEXT NOT NULL, revision INTEGER NOT NULL,
                                    signature BLOB NOT NULL);
"""


class IndexError_(ValueError):
    """An index built with other parameters: its similarities do not compare with these."""


_WORD_HASHES: dict[str, int] = {}  # crc32 of words seen: news text repeats its words (bounded below)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations  # drawn once, not per article


def _word_hashes(words: list[str]) -> list[int]:
    get = _WORD_HASHES.get
    hashes = [get(x) for x in words]
    if None in hashes:
        if len(_WORD_HASHES) >= 500_000:
            _WORD_HASHES.clear()
        for i, h in enumerate(hashes):
            if h is None:
                hashes[i] = _WORD_HASHES[words[i]] = zlib.crc32(words[i].encode("utf-8"))
    return hashes


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of the text's word k-shingles (a text shorter than k words is
    one shingle). crc32 per word, folded FNV-style per shingle: deterministic, no Python hash()."""
    words = WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint32)
    w = np.array(_word_hashes(words), dtype=np.uint32)
    n = max(1, len(w) - k + 1)
    h = np.full(n, 0x811C9DC5, dtype=np.uint32)
    for i in range(min(k, len(w))):
        h = (h ^ w[i:i + n]) * _MULT  # uint32 arrays wrap around, as the hash wants
    return np.unique(h)


def _identity(x):
    return x


def signature(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, scheme="affine32", permutations=_PERMUTATIONS)
    hashes = shingle_hashes(text)
    if len(hashes):
        m.update_batch(hashes.tolist())
    return m.hashvalues.astype(np.uint32)


def article_text(record: dict) -> str:
    return (record.get("title") or "") + "\n\n" + (record.get("text") or "")


def sort_key(record: dict) -> str:
    # ISO 8601 strings sort by time when they share a form; a missing date sorts last
    return "\x1f".join((record.get("published") or "~", record.get("fetched_at") or "~", record["id"]))


def band_keys(sig: np.ndarray) -> list[int]:
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8, salt=bytes([b]) * 8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass(frozen=True)
class Assignment:
    id: str
    near_duplicate_of: str | None  # the cluster's root; None when the article is a root
    matched: str | None
    similarity: float | None
    new: bool  # entered the index in this run


class NearDuplicateIndex:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32000;"
                              + SCHEMA)
        found = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if found is None:
            self.db.execute("INSERT INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
            self.db.commit()
        elif found[0] != INDEX_VERSION:
            self.db.close()
            raise IndexError_(f"{path}: an index of {found[0]}, not {INDEX_VERSION}; use another --index")
        # the ids of this run's input, for its cluster table (a temp table: on disk when large)
        self.db.execute("CREATE TEMP TABLE inputs (id TEXT PRIMARY KEY)")
        self.first_new = self.db.execute("SELECT coalesce(max(n), 0) + 1 FROM articles").fetchone()[0]

    def stage(self, records: Iterable[dict], batch: int = 1_000) -> int:
        """Signatures of the run's articles, waiting on disk to be clustered in sort-key order;
        returns how many records were read. An id already in the index is not staged; an id
        seen twice keeps its highest revision (then the smaller signature), whatever the order."""
        n, rows = 0, []
        for record in records:
            n += 1
            self.db.execute("INSERT OR IGNORE INTO temp.inputs VALUES (?)", (record["id"],))
            rows.append((record["id"], sort_key(record), int(record.get("revision") or 1),
                         signature(article_text(record)).tobytes()))
            if len(rows) >= batch:
                self._stage(rows)
        self._stage(rows)
        return n

    def _stage(self, rows: list) -> None:
        self.db.executemany(
            "INSERT INTO pending SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = ?1) "
            "ON CONFLICT (id) DO UPDATE SET sortkey = excluded.sortkey, revision = excluded.revision, "
            "signature = excluded.signature WHERE excluded.revision > pending.revision OR "
            "(excluded.revision = pending.revision AND excluded.signature < pending.signature)", rows)
        rows.clear()

    def cluster(self, run: str, threshold: float = THRESHOLD) -> int:
        """Place every staged article, earliest first; returns how many entered the index."""
        entered = 0
        reader = self.db.cursor()
        writer = self.db.cursor()
        for sortkey, ident, blob in reader.execute("SELECT sortkey, id, signature FROM pending ORDER BY sortkey"):
            sig = np.frombuffer(blob, dtype=np.uint32)
            keys = band_keys(sig)
            best = None  # (similarity, -n, id, root)
            marks = ",".join("?" * len(keys))
            for n, other, other_blob, root in writer.execute(
                    f"SELECT a.n, a.id, a.signature, a.root FROM articles a WHERE a.n IN "
                    f"(SELECT DISTINCT n FROM bands WHERE key IN ({marks}))", keys).fetchall():
                s = similarity(sig, np.frombuffer(other_blob, dtype=np.uint32))
                if s >= threshold and (best is None or (s, -n) > best[:2]):
                    best = (s, -n, other, root)
            root, matched, sim = (ident, None, None) if best is None else (best[3], best[2], best[0])
            writer.execute("INSERT INTO articles (id, sortkey, signature, root, matched, similarity, run) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", (ident, sortkey, blob, root, matched, sim, run))
            if sim is None or sim < TWIN:
                n = writer.lastrowid
                writer.executemany("INSERT INTO bands VALUES (?, ?)", [(k, n) for k in keys])
            entered += 1
        self.db.execute("DELETE FROM pending")
        self.db.commit()
        return entered

    def assignments(self) -> Iterable[Assignment]:
        """Where every article of this run's input stands, in id order."""
        for ident, root, matched, sim, n in self.db.execute(
                "SELECT a.id, a.root, a.matched, a.similarity, a.n FROM temp.inputs i JOIN articles a USING (id) "
                "ORDER BY a.id"):
            yield Assignment(ident, None if root == ident else root, matched,
                             None if sim is None else round(sim, 4), n >= self.first_new)

    def input_clusters(self) -> int:
        """Clusters with a near-duplicate among this run's input."""
        return self.db.execute("SELECT count(DISTINCT a.root) FROM temp.inputs i JOIN articles a USING (id) "
                               "WHERE a.root != a.id").fetchone()[0]

    def size(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self.db.close()

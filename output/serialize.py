"""Articles and rejects as JSON Lines records: the consumer contract (see article.schema.json).

Keys are emitted in schema order; the output is a function of the record alone, so the same
article always serializes to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime

from cleaners.records import Article, Dropped, RawRef
from cleaners.text import count_words
from cleaners.urls import article_id, site_of

from .dates import published_at

# MAJOR.MINOR.PATCH, never a float to a type-guessing reader. 1.1 added content_hash, revision and
# previous_content_hash; 2.0.0 added published_at and made site_name and previous_content_hash
# strings in every line (empty for none), so no column is all null in a whole file of revisions 1;
# 2.1.0 added audit.site_template (empty for none).
SCHEMA_VERSION = "2.1.0"


def article_text(article: Article) -> str:
    return "\n\n".join(b.text for b in article.blocks)


def word_count(text: str) -> int:
    """Words of the text, as the article gate counts them (cleaners.text.count_words)."""
    return count_words(text)


def raw_record(ref: RawRef | None) -> dict | None:
    if ref is None:
        return None
    return {
        "warc_file": ref.warc_file,
        "warc_record_id": ref.warc_record_id,
        "warc_offset": ref.warc_offset,
        "payload_digest": ref.payload_digest,
    }


def content_hash(article: Article) -> str:
    """What a consumer sees of the article, hashed: a new hash is a new revision. The fetch time,
    provenance, chain version and audit are not content. Computed from the article, not from the
    record, so a new schema version leaves the hashes of earlier crawls valid."""
    content = json.dumps([article.title, list(article.authors), article.published, article_text(article)],
                         ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def article_record(article: Article, chain_version: str, revision: int = 1,
                   previous_content_hash: str | None = None) -> dict:
    text = article_text(article)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": article_id(article.canonical_url),
        "url": article.url,
        "canonical_url": article.canonical_url,
        "site": site_of(article.canonical_url),
        "site_name": article.meta.site_name or "",
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "published_at": published_at(article.published),
        "language": article.language,
        "text": text,
        "word_count": word_count(text),
        "content_hash": content_hash(article),
        "revision": revision,
        "previous_content_hash": previous_content_hash or "",
        "fetched_at": article.fetched_at,
        "raw": raw_record(article.raw),
        "chain_version": chain_version,
        "audit": {
            "removed": [{"step": r.step, "reason": r.reason, "text": r.text} for r in article.removed],
            "replaced": [
                {"step": r.step, "rule": r.rule, "from": r.before, "to": r.after, "count": r.count}
                for r in article.replaced
            ],
            "site_template": article.meta.site_template or "",
        },
    }


def reject_record(
    url: str, stage: str, reason: str, detail: str, fetched_at: str | None, raw: RawRef | None, chain_version: str
) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "url": url,
        "stage": stage,
        "reason": reason,
        "detail": detail,
        "fetched_at": fetched_at,
        "raw": raw_record(raw),
        "chain_version": chain_version,
    }


def dropped_record(url: str, dropped: Dropped, fetched_at: str | None, raw: RawRef | None, chain_version: str) -> dict:
    return reject_record(url, dropped.step, dropped.reason, dropped.detail, fetched_at, raw, chain_version)


def to_line(record: dict) -> bytes:
    """One JSON object, UTF-8, no insignificant whitespace, newline-terminated."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def utc_now_iso() -> str:
    """For file names and manifests only, never for record contents."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def new_run_id() -> str:
    """Names every file of a run: its UTC start and its pid, so two runs started in the same
    second (over different sites) never share a name."""
    return f"{utc_now_iso()}-{os.getpid()}"

"""Which removal rules take real text: every block the chain removed (an article's audit.removed),
by step and reason, checked against the ground truth of the corpora that have one.

    python bench/removal_audit.py [--work DIR] [--examples 3] [--shared DIR]

A removed block is a hit when it holds ground-truth text:
- trafilatura-eval: a page's "with" snippet (whitespace squashed, as snippet_eval.py squashes)
  is inside the squashed removed text, or that text (>= 25 characters) is inside a "with"
  snippet. The same test against the "without" snippets counts the removals that were right.
- readability: the squashed text (>= 3 \\w+ tokens) is inside the squashed ground truth, or at
  least half of its 4-token shingles are shingles of the ground truth.
- goldens: the removed text equals an expected paragraph, or (>= 3 tokens) is inside one, or
  holds one (a whole container removed); both sides normalized as tests/golden.py does.
A hit the record still carries (a second copy removed and the first kept, the headline now in
`title`, a byline's names in `authors`, a date line's day in `published`; on trafilatura-eval,
every "with" snippet the removed block held still in the text) is counted as "kept" too:
nothing of it was lost.
Rejected pages have no audit: their loss is the gate's "refused" figure, not a rule's.
The rate is of real text lost (hits not kept) per removal; above 2% a reason is flagged.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import (  # noqa: E402
    GOLDENS,
    RD,
    TE,
    MissingData,
    corpus_truth,
    first_by_url,
    read_jsonl,
    readability_urls,
    run_corpora,
    shared_dir,
    squash,
    url_key,
)
from scoring import shingles  # noqa: E402

from cleaners.date_text import written_date  # noqa: E402

AUDITED = (TE, RD, GOLDENS)
FLAG_RATE = 0.02
MIN_REVERSE_CHARS = 25  # shorter removed text inside a "with" snippet says little (a date, a name)
MIN_TOKENS = 3
_TOKEN = re.compile(r"\w+")

Judge = Callable[[str], tuple[bool, bool]]  # removed text -> (holds real text, holds a "without" snippet)


def holds_snippet(text: str, snippets: Iterable[str]) -> bool:
    flat = squash(text)
    for s in map(squash, snippets):
        if s and (s in flat or (len(flat) >= MIN_REVERSE_CHARS and flat in s)):
            return True
    return False


class SnippetJudge:
    """The trafilatura-eval judge: a removal is real text when it holds a "with" snippet (or is
    part of one), and nothing was lost when every such snippet is still in the record."""

    def __init__(self, item: dict):
        self.wanted = [s for s in map(squash, item["with"]) if s]
        self.unwanted = item["without"]

    def held(self, text: str) -> list[str]:
        flat = squash(text)
        return [s for s in self.wanted if s in flat or (len(flat) >= MIN_REVERSE_CHARS and flat in s)]

    def __call__(self, text: str) -> tuple[bool, bool]:
        return bool(self.held(text)), holds_snippet(text, self.unwanted)

    def kept(self, text: str, record_text: str, title: str) -> bool:
        """A headline phrase removed with a box that quotes it is still in the story's text."""
        return all(s in record_text or s in title for s in self.held(text))


def te_judge(item: dict) -> Judge:
    return SnippetJudge(item)


def rd_judge(truth_text: str) -> Judge:
    truth_flat, truth_shingles = squash(truth_text), set(shingles(truth_text))

    def judge(text: str) -> tuple[bool, bool]:
        if len(_TOKEN.findall(text)) < MIN_TOKENS:
            return False, False
        if squash(text) in truth_flat:
            return True, False
        own = set(shingles(text))
        return bool(own) and len(own & truth_shingles) >= len(own) / 2, False

    return judge


def golden_judge(paragraphs: list[str], norm: Callable[[str], str]) -> Judge:
    wanted = [norm(p) for p in paragraphs]
    long = [p for p in wanted if len(_TOKEN.findall(p)) >= MIN_TOKENS]

    def judge(text: str) -> tuple[bool, bool]:
        flat = norm(text)
        if flat in wanted:
            return True, False
        if len(_TOKEN.findall(flat)) >= MIN_TOKENS and any(flat in p for p in wanted):
            return True, False
        return any(p in flat for p in long), False

    return judge


def tally(pages: Iterable[tuple[str, dict, Judge]], examples: int = 0) -> dict[str, dict]:
    """{"step/reason": {"removed", "hits", "kept", "without_hits", "examples": [(text, url)]}} over
    (url, article record, judge) of every article."""
    out: dict[str, dict] = {}
    for url, record, judge in pages:
        text = squash(record.get("text") or "")
        for r in record["audit"]["removed"]:
            row = out.setdefault(f"{r['step']}/{r['reason']}", {"removed": 0, "hits": 0, "kept": 0,
                                                                "without_hits": 0, "examples": []})
            real, without = judge(r["text"])
            row["removed"] += 1
            row["hits"] += real
            row["kept"] += real and (still_in_record(r, record, text) or (
                hasattr(judge, "kept") and judge.kept(r["text"], text, squash(record.get("title") or ""))))
            row["without_hits"] += without
            if real and len(row["examples"]) < examples:
                row["examples"].append((r["text"], url))
    return dict(sorted(out.items()))


def still_in_record(removal: dict, record: dict, text: str) -> bool:
    """Nothing of a removed block was lost when the record still carries it: a second copy was
    removed and the first kept, the headline went to `title`, the byline's names to `authors`,
    the date line's day to `published`."""
    removed = squash(removal["text"])
    if removed in text or removed.casefold() == squash(record.get("title") or "").casefold():
        return True
    authors = record.get("authors") or []
    if removal["reason"] == "byline":
        return bool(authors) and all(a in removed for a in authors)
    # a publication-date line is removed only when it names the record's own day (`published`)
    return removal["reason"] == "date_line" and written_date(removed) == (record.get("published") or "")[:10]


def te_pages(truth: dict, articles: Path) -> Iterator:
    by_key = {url_key(u): u for u in truth}
    for key, rec in first_by_url(read_jsonl(articles)).items():
        if key in by_key:
            yield rec["url"], rec, te_judge(truth[by_key[key]])


def rd_pages(truth: dict, articles: Path) -> Iterator:
    ids = {url_key(url): pid for pid, url in readability_urls(truth).items()}
    for key, rec in first_by_url(read_jsonl(articles)).items():
        if key in ids:
            yield rec["url"], rec, rd_judge(truth[ids[key]]["articleBody"])


def golden_pages(results: list[tuple[str, dict | None, dict]]) -> Iterator:
    from golden import norm  # tests/golden.py, on the path once the goldens were cleaned

    for name, record, expected in results:
        if record is not None:
            yield name, record, golden_judge(expected["paragraphs"], norm)


def audit(cleaned: dict, truths: dict[str, dict], examples: int = 0) -> dict[str, dict]:
    """Tallies by corpus from run_corpora's results (and each corpus's truth)."""
    out = {}
    if TE in cleaned:
        out[TE] = tally(te_pages(truths[TE], cleaned[TE].articles), examples)
    if RD in cleaned:
        out[RD] = tally(rd_pages(truths[RD], cleaned[RD].articles), examples)
    if GOLDENS in cleaned:
        out[GOLDENS] = tally(golden_pages(cleaned[GOLDENS]), examples)
    return out


def counts(tallies: dict[str, dict]) -> dict[str, dict]:
    """The tallies without their examples: what the gate's baseline keeps."""
    return {corpus: {key: {k: v for k, v in row.items() if k != "examples"} for key, row in rows.items()}
            for corpus, rows in tallies.items()}


def flagged(row: dict) -> bool:
    """Real text lost (hits the record does not carry elsewhere) in more than FLAG_RATE of the removals."""
    lost = row["hits"] - row["kept"]
    return lost >= 1 and lost / row["removed"] > FLAG_RATE


def _beside(now: int, before: int | None) -> str:
    return f"{now}" if before is None or before == now else f"{now} ({before})"


def table(tallies: dict[str, dict], baseline: dict[str, dict] | None = None) -> list[str]:
    """Lines of the per-reason table; with a baseline, its counts stand beside changed ones."""
    lines = []
    for corpus, rows in tallies.items():
        base = (baseline or {}).get(corpus, {})
        lines.append(f"\nremovals, {corpus}" + ("  (baseline in brackets where it differs)" if baseline else ""))
        lines.append(f"  {'step/reason':44} {'removed':>13} {'real text':>11} {'lost':>6} {'kept':>9}"
                     + (f" {'without':>11}" if corpus == TE else ""))
        for key in sorted(set(rows) | set(base), key=lambda k: (-rows.get(k, {}).get("removed", 0), k)):
            row = rows.get(key, {"removed": 0, "hits": 0, "kept": 0, "without_hits": 0, "examples": []})
            old = base.get(key, {})
            rate = (row["hits"] - row["kept"]) / row["removed"] if row["removed"] else 0.0
            lines.append(f"  {key:44} {_beside(row['removed'], old.get('removed')):>13} "
                         f"{_beside(row['hits'], old.get('hits')):>11} {rate:6.1%} "
                         f"{_beside(row['kept'], old.get('kept')):>9}"
                         + (f" {_beside(row['without_hits'], old.get('without_hits')):>11}" if corpus == TE else "")
                         + ("  <- takes real text" if flagged(row) else ""))
            for text, url in row.get("examples", []):
                lines.append(f"      {squash(text)[:120]!r}  {url}")
    marked = [f"{c}: {k}" for c, rows in tallies.items() for k, row in rows.items() if flagged(row)]
    lines.append(f"\nreasons losing real text in more than {FLAG_RATE:.0%} of their removals: "
                 + (", ".join(marked) or "none"))
    return lines


def truths_for(names: Iterable[str], shared: Path) -> dict[str, dict]:
    return {n: corpus_truth(n, shared) for n in names if n in (TE, RD)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="keep WARCs and outputs here (default: a temporary folder)")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="show up to N hits per reason")
    parser.add_argument("--shared", help="the shared folder (default: $PRESSWASH_SHARED, else ../shared)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes of each presswash clean")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    with tempfile.TemporaryDirectory(prefix="presswash-audit-") as tmp:
        try:
            cleaned, _ = run_corpora(list(AUDITED), shared, args.work or Path(tmp), args.workers)
        except MissingData as exc:
            print(f"removal audit: {exc}", file=sys.stderr)
            return 2
        print("\n".join(table(audit(cleaned, truths_for(AUDITED, shared), args.examples))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

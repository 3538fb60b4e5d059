"""The quality gate: every corpus of ../shared/data and every golden page cleaned in one run,
exactly as a user would, each scored with its own metric and compared with bench/baseline.json.

    python bench/quality_gate.py [--work DIR] [--skip-missing] [--baseline PATH] [--templates]
    python bench/quality_gate.py --accept [--accept-lower "REASON"]   # write the new baseline

- trafilatura-eval (990 pages): ../shared/tools/snippet_eval.py's P, R, accuracy, F1;
- htmldate-eval (800 urls): ../shared/tools/date_eval.py's P, R, F1 of `published`;
- readability (130 pages): bench/scoring.py's shingle P, R, F1 of `text` against articleBody;
- goldens: pages whose article matches expected.json exactly (tests/golden.py's compare).
A refused page (no article line: rejected, as a user sees it) scores as an empty output.

Fails when a precision, recall or F1 falls by more than 0.001, when more pages are refused,
or when a golden page changes (fewer exact, or an exact one no longer exact); accuracy is shown
but not gated. --accept writes the current figures, but lowers none (not even within the
tolerance, so the baseline cannot creep down) unless --accept-lower gives the reason, kept in
the history. Exit 0 pass, 1 gate failed, 2 usage or missing data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import removal_audit  # noqa: E402
from corpora import (  # noqa: E402
    DEFAULT_SHARED,
    GOLDENS,
    HD,
    RD,
    TE,
    MissingData,
    check_shared,
    corpus_truth,
    first_by_url,
    read_jsonl,
    readability_urls,
    run_corpora,
    shared_dir,
    url_key,
)
from scoring import aggregate, page_scores  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "baseline.json"
CORPORA = (TE, HD, RD, GOLDENS)
SCORES = ("precision", "recall", "f1")  # gated: may fall by TOLERANCE at most
INFO = ("accuracy",)  # shown, never gated
TOLERANCE = 0.001
EPS = 1e-9  # figures are rounded to 4 decimals: 0.9 - 0.899 must not count as more than 0.001


# --- figures -------------------------------------------------------------------------------------

def load_tool(shared: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, shared / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rounded(figures: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}


def articles_by_corpus_url(urls, articles: Path) -> dict[str, dict]:
    """Corpus url -> its first article line."""
    by_key = first_by_url(read_jsonl(articles))
    return {u: by_key[url_key(u)] for u in urls if url_key(u) in by_key}


def te_figures(tool, truth: dict, articles: Path) -> dict:
    urls = sorted(truth)
    found = articles_by_corpus_url(urls, articles)
    s, _ = tool.evaluate(truth, urls, {u: rec.get("text") or "" for u, rec in found.items()})
    return rounded({**{k: s[k] for k in ("precision", "recall", "f1", "accuracy")}, "refused": len(urls) - len(found)})


def hd_figures(tool, truth: dict, articles: Path) -> dict:
    urls = sorted(truth)
    found = articles_by_corpus_url(urls, articles)
    dates = {u: (rec.get("published") or "")[:10] or None for u, rec in found.items()}
    s = tool.evaluate(truth, urls, dates)
    return rounded({**{k: s[k] for k in SCORES}, "refused": len(urls) - len(found)})


def rd_figures(truth: dict, articles: Path) -> dict:
    urls = readability_urls(truth)
    found = articles_by_corpus_url(urls.values(), articles)
    pairs = [page_scores((found.get(urls[pid]) or {}).get("text") or "", truth[pid]["articleBody"]) for pid in urls]
    p, r, f1 = aggregate(pairs)
    return rounded({"precision": p, "recall": r, "f1": f1, "refused": len(urls) - len(found)})


def golden_figures(results: list[tuple[str, dict | None, dict]]) -> dict:
    from golden import compare as mismatches  # tests/golden.py, on the path once the goldens were cleaned

    not_exact = sorted(name for name, record, expected in results if record is None or mismatches(record, expected))
    return {"exact": len(results) - len(not_exact), "total": len(results), "not_exact": not_exact}


def absent(truth_urls, cleaned) -> int:
    """Pages with neither an article nor a reject line: something lost them on the way."""
    seen = {url_key(r.get("url")) for path in (cleaned.articles, cleaned.rejects) for r in read_jsonl(path)}
    return sum(1 for u in truth_urls if url_key(u) not in seen)


def measure(shared: Path, work: Path, workers: int, examples: int, templates: bool = False
            ) -> tuple[dict, dict, dict]:
    """(figures document, removal tallies with examples, facts of the run)."""
    from cleaners.chain import CHAIN_VERSION

    cleaned, seconds = run_corpora(list(CORPORA), shared, work, workers, templates=templates)
    truths = {n: corpus_truth(n, shared) for n in (TE, HD, RD)}
    figures = {
        TE: te_figures(load_tool(shared, "snippet_eval"), truths[TE], cleaned[TE].articles),
        HD: hd_figures(load_tool(shared, "date_eval"), truths[HD], cleaned[HD].articles),
        RD: rd_figures(truths[RD], cleaned[RD].articles),
        GOLDENS: golden_figures(cleaned[GOLDENS]),
    }
    tallies = removal_audit.audit(cleaned, truths, examples)
    lost = {TE: absent(truths[TE], cleaned[TE]), HD: absent(truths[HD], cleaned[HD]),
            RD: absent(readability_urls(truths[RD]).values(), cleaned[RD])}
    facts = {"seconds": seconds, "summaries": {n: cleaned[n].summary for n in (TE, HD, RD)}, "absent": lost}
    doc = {"figures": figures, "removals": removal_audit.counts(tallies), "chain_version": CHAIN_VERSION}
    return doc, tallies, facts


# --- comparison ----------------------------------------------------------------------------------

def verdict_of(figure: str, before, after) -> str:
    if before is None:
        return "new"
    if after is None:
        return "FAIL"  # a figure that is gone cannot be vouched for
    delta = after - before
    if figure in SCORES + INFO:
        if delta < -(TOLERANCE + EPS) and figure in SCORES:
            return "FAIL"
        return "better" if delta > EPS else "lower" if delta < -EPS else "ok"
    if figure == "refused":
        return "FAIL" if delta > 0 else "better" if delta < 0 else "ok"
    if figure == "exact":
        return "FAIL" if delta < 0 else "better" if delta > 0 else "ok"
    return "ok" if delta == 0 else "changed"


def _row(corpus, figure, before, after, verdict) -> dict:
    numeric = isinstance(before, int | float) and isinstance(after, int | float)
    delta = round(after - before, 4) if numeric else None
    return {"corpus": corpus, "figure": figure, "baseline": before, "now": after, "delta": delta, "verdict": verdict}


def _corpus_order(corpus: str) -> tuple:
    return (CORPORA.index(corpus), "") if corpus in CORPORA else (len(CORPORA), corpus)


def compare(baseline: dict, now: dict) -> tuple[list[dict], str]:
    """Rows (corpus, figure, baseline, now, delta, verdict) of two figures mappings, and the
    verdict: "pass", or "FAIL" when any row fails."""
    rows = []
    for corpus in sorted(set(baseline) | set(now), key=_corpus_order):
        before, after = baseline.get(corpus, {}), now.get(corpus, {})
        for figure in [f for f in {**before, **after} if f != "not_exact"]:
            b, a = before.get(figure), after.get(figure)
            rows.append(_row(corpus, figure, b, a, verdict_of(figure, b, a)))
        if corpus == GOLDENS and before and after:
            was, is_ = set(before.get("not_exact", [])), set(after.get("not_exact", []))
            rows += [_row(corpus, f"golden {n}", "exact", "not exact", "FAIL") for n in sorted(is_ - was)]
            rows += [_row(corpus, f"golden {n}", "not exact", "exact or gone", "better") for n in sorted(was - is_)]
    return rows, "FAIL" if any(r["verdict"] == "FAIL" for r in rows) else "pass"


def worse(row: dict) -> bool:
    """Lower at all, within the tolerance or not (a figure gone or a golden lost fails anyway)."""
    if row["verdict"] == "FAIL":
        return True
    d = row["delta"]
    if d is None:
        return False
    return d < 0 if row["figure"] in SCORES + INFO + ("exact",) else d > 0 if row["figure"] == "refused" else False


def lowered(baseline: dict, now: dict) -> list[str]:
    """Every figure now worse than in the baseline: what --accept refuses without a reason."""
    rows = compare(baseline, now)[0]
    return [f"{r['corpus']} {r['figure']}: {r['baseline']} -> {r['now']}" for r in rows if worse(r)]


def changes(baseline: dict, now: dict) -> dict:
    """{"corpus figure": [before, after]} of every figure that moved."""
    out = {}
    for corpus in sorted(set(baseline) | set(now)):
        before, after = baseline.get(corpus, {}), now.get(corpus, {})
        for figure in sorted(set(before) | set(after)):
            if before.get(figure) != after.get(figure):
                out[f"{corpus} {figure}"] = [before.get(figure), after.get(figure)]
    return out


def accepted(baseline: dict | None, now: dict, reason: str, date: str) -> dict:
    """The new baseline document: the current figures, and the history one entry longer."""
    old = (baseline or {}).get("figures", {})
    entry = {"date": date, "chain_version": now.get("chain_version"), "reason": reason,
             "changed": changes(old, now["figures"])}
    return {"figures": now["figures"], "removals": now.get("removals", {}), "chain_version": now.get("chain_version"),
            "history": [*(baseline or {}).get("history", []), entry]}


# --- output --------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> list[str]:
    lines = [f"{'corpus':18} {'figure':34} {'baseline':>10} {'now':>10} {'delta':>8}  verdict"]
    for r in rows:
        d = r["delta"]
        delta = "" if d is None else f"{d:+.4f}" if isinstance(d, float) else f"{d:+d}"
        lines.append(f"{r['corpus']:18} {r['figure']:34} {_cell(r['baseline']):>10} {_cell(r['now']):>10} "
                     f"{delta:>8}  {r['verdict']}")
    return lines


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--work", type=Path, help="keep WARCs and outputs here (default: a temporary folder)")
    p.add_argument("--baseline", type=Path, default=BASELINE, help=f"the accepted figures (default: {BASELINE.name})")
    p.add_argument("--shared", help="the shared folder with data/ and tools/ (default: $PRESSWASH_SHARED, ../shared)")
    p.add_argument("--skip-missing", action="store_true", help="pass (exit 0) when ../shared/data is not there")
    p.add_argument("--accept", action="store_true", help="write the current figures as the new baseline")
    p.add_argument("--accept-lower", metavar="REASON", help="accept even figures lower than the baseline, for REASON")
    p.add_argument("--figures", type=Path, help="take the figures of an earlier run (WORK/figures.json), clean nothing")
    p.add_argument("--examples", type=int, default=0, metavar="N", help="show up to N real-text hits per reason")
    p.add_argument("--templates", action="store_true",
                   help="clean each corpus with site template profiles learned from itself, per host "
                   "(presswash clean --learn-templates); the goldens are single pages of their sites: unchanged")
    p.add_argument("--workers", type=int, default=1, help="worker processes of each presswash clean (default 1: "
                   "two cleans run side by side, never more than 2 processes busy)")
    return p.parse_args(argv)


def run(args, work: Path) -> tuple[dict, dict, dict] | int:
    shared = shared_dir(args.shared)
    if not (shared / "data").is_dir():
        shown = "../shared/data" if shared == DEFAULT_SHARED else str(shared / "data")
        if args.skip_missing:
            print(f"quality gate skipped: {shown} not found")
            return 0
        print(f"quality gate: {shown} not found (--skip-missing to pass without it)", file=sys.stderr)
        return 2
    try:
        check_shared(shared, CORPORA)
    except MissingData as exc:
        print(f"quality gate: {exc}", file=sys.stderr)
        return 2
    doc, tallies, facts = measure(shared, work, args.workers, args.examples, args.templates)
    (work / "figures.json").write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    return doc, tallies, facts


def report(doc: dict, tallies: dict, facts: dict, baseline: dict | None) -> str:
    rows, verdict = compare((baseline or {}).get("figures", {}), doc["figures"])
    lines = table(rows)
    for name, summary in facts.get("summaries", {}).items():
        lines.append(f"{name}: {summary.removeprefix('presswash clean: ')}")
    lines += [f"note: {n} {name} pages have neither an article nor a reject line"
              for name, n in facts.get("absent", {}).items() if n]
    lines += removal_audit.table(tallies, (baseline or {}).get("removals"))
    print("\n".join(lines))
    return verdict


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    args = parse_args(argv)
    baseline = json.loads(args.baseline.read_text("utf-8")) if args.baseline.exists() else None
    with tempfile.TemporaryDirectory(prefix="presswash-gate-") as tmp:
        if args.figures:
            doc, facts = json.loads(args.figures.read_text("utf-8")), {}
            tallies = doc.get("removals", {})
        else:
            measured = run(args, args.work or Path(tmp))
            if isinstance(measured, int):
                return measured
            doc, tallies, facts = measured
    verdict = report(doc, tallies, facts, baseline)
    usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    jobs = ", ".join(f"{k} {v:.1f} s" for k, v in facts.get("seconds", {}).items())
    print(f"\nwall time {time.monotonic() - started:.1f} s, CPU {sum(u.ru_utime + u.ru_stime for u in usage):.1f} s"
          + (f" ({jobs})" if jobs else ""))
    if args.accept or args.accept_lower:
        return accept(args, baseline, doc)
    if baseline is None:
        print(f"quality gate: no baseline at {args.baseline}; run with --accept to write one", file=sys.stderr)
        return 2
    print(f"quality gate: {verdict}")
    return 1 if verdict == "FAIL" else 0


def accept(args, baseline: dict | None, doc: dict) -> int:
    worse = lowered(baseline["figures"], doc["figures"]) if baseline else []
    if worse and not args.accept_lower:
        print("quality gate: --accept would lower " + "; ".join(worse) + '\n  give --accept-lower "REASON" to do so',
              file=sys.stderr)
        return 2
    reason = args.accept_lower or ("first baseline" if baseline is None else "accepted: no figure lower")
    new = accepted(baseline, doc, reason, datetime.now(UTC).strftime("%Y-%m-%d"))
    args.baseline.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"quality gate: baseline written to {args.baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`presswash report`: one self-contained HTML file for one run or a window of runs.

    sources (manifests or a clean's files) -> collect (counters, examples) -> sections -> file

The file is written atomically; the same files give the same bytes (nothing of the moment
of writing goes in).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from cleaners.config import CleanerConfig
from cleaners.records import RawPage
from output.sinks import write_text_atomic as write_atomic

from . import plots
from .beforeafter import RawPages, view
from .collect import ReportData, collect
from .drift import section_drift
from .render import anchor, article_link, document, example_list, pct, render_view, table
from .sources import RunSource

SLOWEST = 20


def _quantile(counts: dict[int, int], q: float) -> int:
    """The q-quantile of values given as value -> count (no list of every value)."""
    total, seen = sum(counts.values()), 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= q * total:
            return value
    return 0


def section_runs(d: ReportData) -> list[str]:
    sites = sorted({r.site for r in d.runs})
    rows = [[escape(r.run_id), escape(r.started_at), escape(r.site), r.new, r.updated, r.unchanged, r.not_modified,
             r.rejected] for r in d.runs]
    out = ["<h2 id=\"runs\">Runs: per site, articles new / updated / unchanged / rejected</h2>",
           table(["run", "started", "site", "new", "updated", "unchanged", "not modified (304)", "rejected"], rows,
                 {3, 4, 5, 6, 7})]
    if sites:
        out.append(f'<div class="plot">{plots.runs_over_time(d.runs, sites)}</div>')
    return out


def section_rejects(d: ReportData) -> list[str]:
    out = ['<h2 id="rejects">Rejected pages by stage and reason</h2>']
    if not d.rejects:
        return out + ["<p>No page was rejected.</p>"]
    total = sum(d.rejects.values())
    items = sorted(d.rejects.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [[escape(s), escape(r), n, pct(n, total),
             "<br>".join(f'<a href="{escape(u)}">{escape(u)}</a>' for u in d.reject_urls[(s, r)][:3])]
            for (s, r), n in items]
    out.append(table(["stage", "reason", "pages", "share", "first pages"], rows, {2, 3}))
    svg = plots.hbar([f"{s} · {r}" for (s, r), _ in items], [n for _, n in items], "rejected pages")
    out.append(f'<div class="plot">{svg}</div>')
    return out


def section_removals(d: ReportData) -> list[str]:
    out = ['<h2 id="removals">Removals by step and reason</h2>',
           f"<p>{d.blocks_total} blocks and {d.words_total} words before cleaning, over {d.articles} articles; "
           "a share is of all of them. Follow a count to the articles where the rule fired.</p>"]
    if not d.removed_blocks:
        return out + ["<p>Nothing was removed.</p>"]
    items = sorted(d.removed_blocks, key=lambda k: (-d.removed_words[k], k))
    rows = []
    for key in items:
        step, reason = key
        ids = d.examples[("removed", step, reason)]
        rows.append([escape(step), escape(reason), d.removed_blocks[key], pct(d.removed_blocks[key], d.blocks_total),
                     d.removed_words[key], pct(d.removed_words[key], d.words_total),
                     f'<a href="#{anchor("removed", step, reason)}">{d.removed_pages[key]} articles</a> '
                     f"(first {len(ids)})"])
    out.append(table(["step", "reason", "blocks", "of blocks", "words", "of words", "where it fired"], rows,
                     {2, 3, 4, 5}))
    svg = plots.hbar([f"{s} · {r}" for s, r in items], [100 * d.removed_words[k] / d.words_total for k in items],
                     "share of words removed (%)", "{:.2f}%")
    out.append(f'<div class="plot">{svg}</div>')
    return out


def section_words_languages(d: ReportData) -> list[str]:
    out = ['<h2 id="words">Words per article</h2>']
    if not d.articles:
        return out + ["<p>No article was written.</p>"]
    mean = sum(w * n for w, n in d.words.items()) / d.articles
    out.append(f"<p>{d.articles} articles; median {_quantile(d.words, 0.5)} words, mean {mean:.0f}, "
               f"shortest {min(d.words)}, longest {max(d.words)}.</p>")
    out.append(f'<div class="plot">{plots.histogram(d.words, "words per article")}</div>')
    out.append('<h2 id="languages">Languages</h2>')
    langs = sorted(d.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    out.append(table(["language", "articles", "share"], [[escape(k), n, pct(n, d.articles)] for k, n in langs],
                     {1, 2}))
    out.append(f'<div class="plot">{plots.hbar([k for k, _ in langs], [n for _, n in langs], "articles")}</div>')
    return out


def section_repairs(d: ReportData) -> list[str]:
    out = ['<h2 id="repairs">Mixed-script repairs and other replacements</h2>']
    if not d.replaced:
        return out + ["<p>No token was replaced.</p>"]
    rows = [[escape(s), escape(r), n,
             f'<a href="#{anchor("replaced", s, r)}">{len(d.examples[("replaced", s, r)])} articles</a>']
            for (s, r), n in sorted(d.replaced.items(), key=lambda kv: (-kv[1], kv[0]))]
    out.append(table(["step", "rule", "tokens", "examples"], rows, {2}))
    pairs = sorted(d.repair_pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    out.append("<p>Most frequent repairs:</p>")
    out.append(table(["rule", "from", "to", "tokens"],
                     [[escape(r), f"<del>{escape(a)}</del>", f"<ins>{escape(b)}</ins>", n] for (r, a, b), n in pairs],
                     {3}))
    return out


def section_fetch(d: ReportData) -> list[str]:
    out = ['<h2 id="fetch">Fetches: HTTP status mix and latency</h2>']
    if not d.statuses:
        return out + ["<p>No WARC file in this report (a clean of HTML files): nothing was fetched.</p>"]
    rows = [[escape(site), status, n] for (site, status), n in sorted(d.statuses.items())]
    out.append(table(["site", "HTTP status", "responses"], rows, {1, 2}))
    out.append(f'<div class="plot">{plots.status_mix(d.statuses)}</div>')
    if not d.latency_ms:
        return out + ["<p>These WARC files record no fetch latency (written before presswash recorded it).</p>"]
    roles = sorted({r for r, _ in d.latency_ms})
    lat_rows = []
    for role in roles:
        mine = {ms: n for (r, ms), n in d.latency_ms.items() if r == role}
        lat_rows.append([escape(role), sum(mine.values()), _quantile(mine, 0.5), _quantile(mine, 0.9),
                         _quantile(mine, 0.99), max(mine)])
    out.append(table(["role", "responses", "p50 ms", "p90 ms", "p99 ms", "max ms"], lat_rows, {1, 2, 3, 4, 5}))
    out.append(f'<div class="plot">{plots.latency(d.latency_ms)}</div>')
    out.append(f'<h2 id="slowest">The {len(d.slowest)} slowest fetches</h2>')
    slow = []
    for f in d.slowest:
        ident = d.slowest_ids.get(f.url)
        slow.append([f"{f.latency * 1000:.0f}", f.status, escape(f.role), escape(f.site),
                     f'<a href="{escape(f.url)}">{escape(f.url)}</a>',
                     article_link(d.lines.get(ident), "before/after") if ident else ""])
    out.append(table(["ms", "status", "role", "site", "url", "article"], slow, {0, 1}))
    return out


def header(d: ReportData) -> list[str]:
    ids = [s.run_id for s in d.sources]
    span = ids[0] if len(ids) == 1 else f"{len(ids)} runs, {d.sources[0].started_at} to {d.sources[-1].started_at}"
    chains = ", ".join(f"{escape(str(c))} ({n})" for c, n in sorted(d.chain_versions.items(), key=str)) or "-"
    return ["<h1>presswash report</h1>",
            f'<p class="meta">{escape(span)} · {d.articles} articles, {sum(d.rejects.values())} rejected · '
            f"chain versions: {chains}</p>",
            '<p class="meta"><a href="#runs">runs</a> · <a href="#rejects">rejects</a> · <a href="#removals">removals'
            '</a> · <a href="#words">words</a> · <a href="#languages">languages</a> · <a href="#repairs">repairs</a>'
            ' · <a href="#fetch">fetches</a> · <a href="#slowest">slowest</a> · <a href="#drift">drift</a></p>']


def render_report(d: ReportData, raw_pages: RawPages | None,
                  config: Callable[[RawPage], CleanerConfig] | None = None) -> str:
    body = header(d) + section_runs(d) + section_rejects(d) + section_removals(d) + section_words_languages(d) \
        + section_repairs(d) + section_fetch(d) + section_drift(d.sources)
    pages = [example_list(key, ids, d.lines) for key, ids in sorted(d.examples.items()) if ids]
    pages += [render_view(view(d.lines[i], raw_pages, config)) for i in sorted(d.lines)]
    title = "presswash report " + (d.sources[0].run_id if len(d.sources) == 1 else f"{len(d.sources)} runs")
    return document(title, body, pages)


def build_report(sources: list[RunSource], out: Path, data_dir: Path | None = None, examples: int = 20,
                 config: Callable[[RawPage], CleanerConfig] | None = None) -> tuple[Path, ReportData]:
    data = collect(sources, examples, SLOWEST)
    raw_pages = RawPages([p for s in sources for _, p in s.warc_files],
                         [data_dir / "raw"] if data_dir else [], [p for s in sources for p in s.html_files])
    return write_atomic(out, render_report(data, raw_pages, config)), data


def build_article_page(line: dict, out: Path, raw_pages: RawPages,
                       config: Callable[[RawPage], CleanerConfig] | None = None) -> Path:
    """The before/after view of one article alone, as its own file (shown without a target)."""
    page = render_view(view(line, raw_pages, config)).replace('class="page"', 'class="page" style="display:block"', 1)
    return write_atomic(out, document(f"presswash: {line.get('title') or line['id']}", [], [page]))

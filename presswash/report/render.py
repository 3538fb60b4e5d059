"""The report as one HTML document: tables, inline SVG plots and the before/after views.

No script and no external resource: the before/after views and the example lists are sections
shown by CSS when their anchor is the target (`report.html#a-<id>`), so a link in a table opens
an article's view and the browser's back button returns to the table.
"""

from __future__ import annotations

import re
from html import escape

from .beforeafter import KEPT, REMOVED, View

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d3557;background:#fafafa}
main,.page{max-width:980px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555}.plot svg{max-width:100%;height:auto}code{font-size:12px}
.page{display:none;background:#fff}.page:target{display:block}body:has(.page:target) main{display:none}
.blk{margin:6px 0;padding:6px 10px;border-left:4px solid #2a9d8f;background:#fff}
.blk.removed{border-color:#e76f51;background:#fff4f1}.blk.removed del{color:#9a3b22;text-decoration:line-through}
.blk.unaudited{border-color:#8d99ae;color:#666}
.blk.appeared{border-color:#457b9d;background:#eef5fb}.blk.appeared ins{text-decoration:none}
.label.new{background:#457b9d}
.label{display:inline-block;margin-left:8px;padding:0 6px;border-radius:3px;background:#e76f51;color:#fff;
font-size:11px;white-space:nowrap}.rep del{color:#9a3b22}.rep ins{color:#1b7a4c;text-decoration:none;
font-weight:600}.legend span{margin-right:14px}
.drift{color:#b5301b}li.drift-alarm{margin:3px 0}
"""


def anchor(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts))


def table(head: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    out = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    return "\n".join(out) + "</table>"


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _repaired(text: str, repairs: list[dict]) -> str:
    """Escaped text with every repaired token shown as from -> to, labelled with its rule."""
    pairs = {r["to"]: r for r in repairs if r["to"] and r["to"] != r["from"]}
    if not pairs:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(pairs, key=len, reverse=True)))
    out, last = [], 0
    for m in pattern.finditer(text):
        r = pairs[m.group(0)]
        out.append(escape(text[last:m.start()]))
        out.append(f'<span class="rep" title="{escape(r["step"])} · {escape(r["rule"])}"><del>{escape(r["from"])}'
                   f'</del>→<ins>{escape(r["to"])}</ins></span>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def render_view(v: View) -> str:
    line = v.line
    repairs = (line.get("audit") or {}).get("replaced", [])
    removed = sum(1 for b in v.blocks if b.status == REMOVED)
    parts = [f'<section class="page" id="{anchor("a", line["id"])}">',
             '<p><a href="#top">← back to the report</a></p>',
             f"<h1>{escape(line.get('title') or '(no title)')}</h1>",
             f'<p class="meta"><a href="{escape(line.get("url") or "")}">{escape(line.get("url") or "")}</a><br>'
             f'id <code>{escape(line["id"])}</code> · chain {escape(str(line.get("chain_version")))} · '
             f'{line.get("word_count", 0)} words kept · {removed} blocks removed · '
             f'{sum(r.get("count", 1) for r in repairs)} tokens repaired</p>',
             '<p class="legend"><span style="color:#2a9d8f">▌kept</span><span style="color:#e76f51">▌removed '
             '(struck through, labelled step · reason)</span><span style="color:#8d99ae">▌in the page, not in the '
             'output nor the audit</span></p>']
    if v.note:
        parts.append(f'<p class="meta"><strong>{escape(v.note)}</strong></p>')
    for b in v.blocks:
        if b.status == KEPT:
            parts.append(f'<div class="blk kept">{_repaired(b.text, repairs)}</div>')
        elif b.status == REMOVED:
            parts.append(f'<div class="blk removed" data-step="{escape(b.step)}" data-reason="{escape(b.reason)}">'
                         f'<del>{escape(b.text)}</del><span class="label">{escape(b.step)} · {escape(b.reason)}'
                         "</span></div>")
        else:
            parts.append(f'<div class="blk unaudited">{escape(b.text)}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def article_link(line: dict | None, text: str | None = None) -> str:
    if line is None:
        return escape(text or "")
    return f'<a href="#{anchor("a", line["id"])}">{escape(text or line.get("title") or line["id"])}</a>'


def example_list(key: tuple, ids: list[str], lines: dict) -> str:
    kind, step, reason = key
    what = "removed" if kind == "removed" else "repaired"
    rows = []
    for i in ids:
        line = lines[i]
        audit = line.get("audit") or {}
        n = sum(1 for r in audit.get("removed", []) if (r["step"], r["reason"]) == (step, reason)) \
            if kind == "removed" else sum(r.get("count", 1) for r in audit.get("replaced", [])
                                          if (r["step"], r["rule"]) == (step, reason))
        rows.append([article_link(line), escape(line.get("site") or ""), n])
    return (f'<section class="page" id="{anchor(kind, step, reason)}"><p><a href="#top">← back to the report</a>'
            f"</p><h1>{len(ids)} articles where <code>{escape(step)} · {escape(reason)}</code> {what}</h1>"
            + table(["article", "site", "blocks" if kind == "removed" else "tokens"], rows, {2}) + "</section>")


def document(title: str, body: list[str], pages: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body id=\"top\">\n<main>\n"
            + "\n".join(body) + "\n</main>\n" + "\n".join(pages) + "\n</body></html>\n")

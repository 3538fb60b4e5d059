"""The report's drift section: per site and run, the figures the drift alarm compares (from
the run manifests, sites.<name>.drift and .templates) and the alarms raised, loudest first."""

from __future__ import annotations

from html import escape

from . import plots
from .render import table
from .sources import RunSource


def _fmt(value, pct: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.0f}%" if pct else f"{value:.0f}"


def _template(s: dict) -> str:
    t = s.get("templates")
    if not t:
        return "-"
    used, learned = t["used"], t["learned"]
    out = f"v{used['version']} ({used['lines']} lines)" if used["digest"] else "none"
    if learned.get("new_version"):
        out += f" → v{learned['version']} ({learned['lines']} lines)"
    return escape(out)


def section_drift(sources: list[RunSource]) -> list[str]:
    out = ['<h2 id="drift">Layout drift and site templates</h2>']
    rows, alarms, series = [], [], {}
    for source in sources:
        for site, s in sorted(source.sites.items()):
            d = s.get("drift")
            if not isinstance(d, dict):
                continue
            st = d.get("stats", {})
            found = d.get("alarms", [])
            verdict = ('<strong class="drift">DRIFT: ' + escape(", ".join(a["metric"] for a in found)) + "</strong>"
                       if found else "ok")
            rows.append([escape(source.run_id), escape(site), st.get("articles", 0), _fmt(st.get("reject_rate"), True),
                         _fmt(st.get("words_per_article")), _fmt(st.get("template_hit_rate"), True), _template(s),
                         len(d.get("compared_with", [])), verdict])
            alarms += [(source.run_id, site, a) for a in found]
            if st.get("words_per_article") is not None:
                series.setdefault(site, []).append((source.started_at, st["words_per_article"]))
    if not rows:
        return out + ["<p>These runs recorded no drift figures (a clean, or runs written before presswash "
                      "compared a site with its history).</p>"]
    if alarms:
        out.append(f'<p class="drift"><strong>{len(alarms)} alarm(s)</strong>: a site\'s figures moved sharply '
                   "from its history (redesigned? the extraction now takes the sidebar?). "
                   "<code>presswash crawl --fail-on-drift</code> exits 65 on such a run.</p>")
        out.append("<ul>" + "".join(f'<li class="drift-alarm" data-site="{escape(site)}" data-metric='
                                    f'"{escape(a["metric"])}"><strong>{escape(site)}</strong> in run '
                                    f"{escape(run)}: {escape(a['detail'])}</li>" for run, site, a in alarms)
                   + "</ul>")
    else:
        out.append("<p>No alarm: every site's figures are within their thresholds of its history.</p>")
    out.append(table(["run", "site", "articles", "reject rate", "words / article", "template fired",
                      "site template", "runs compared", "drift"], rows, {2, 3, 4, 5, 7}))
    if any(len(v) > 1 for v in series.values()):
        out.append(f'<div class="plot">{plots.words_over_runs(series)}</div>')
    return out

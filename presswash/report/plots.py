"""The report's plots: matplotlib figures rendered to inline SVG (text kept as text, no date,
a fixed hash salt), so a report is one file that needs no network and the same data draws
the same bytes."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")  # no display; chosen before pyplot is imported
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller files, searchable, the page's own font
    "svg.hashsalt": "presswash",  # clip-path ids from a fixed salt, not a random one
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
COLORS = {"new": "#2a9d8f", "updated": "#e9c46a", "unchanged": "#8d99ae", "not_modified": "#c9d1dc",
          "rejected": "#e76f51"}
BAR = "#457b9d"
WIDTH = 7.0  # inches: the report's column at 96 dpi


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # the XML prolog and doctype do not belong inside HTML


def _short(label: str, size: int = 38) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def hbar(labels: list[str], values: list[float], xlabel: str, fmt: str = "{:g}") -> str:
    """Horizontal bars, the largest on top; empty input draws nothing."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 0.28 * len(labels) + 0.8))
        y = list(range(len(labels)))[::-1]
        ax.barh(y, values, color=BAR)
        ax.set_yticks(y, [_short(s) for s in labels])
        ax.set_xlabel(xlabel)
        for yi, v in zip(y, values, strict=True):
            ax.annotate(fmt.format(v), (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        ax.grid(axis="y", visible=False)
        return _svg(fig)


def histogram(values: dict[int, int], xlabel: str, bins: int = 30, log: bool = False) -> str:
    """A histogram of integer values given as value -> count."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 2.4))
        xs = sorted(values)
        ax.hist(xs, bins=min(bins, max(1, len(xs))), weights=[values[x] for x in xs], color=BAR)
        if log:
            ax.set_xscale("symlog")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("count")
        return _svg(fig)


def runs_over_time(rows: list, sites: list[str]) -> str:
    """Per site, one stacked bar per run: new, updated, unchanged, not modified (304), rejected."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(len(sites), 1, figsize=(WIDTH, 1.9 * len(sites) + 0.4), squeeze=False)
        for ax, site in zip(axes[:, 0], sites, strict=True):
            mine = [r for r in rows if r.site == site]
            x = list(range(len(mine)))
            bottom = [0] * len(mine)
            for kind, color in COLORS.items():
                values = [getattr(r, kind) for r in mine]
                ax.bar(x, values, bottom=bottom, color=color, label=kind.replace("_", " "), width=0.7)
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
            ax.set_title(site, loc="left", fontsize=9)
            ax.set_xticks(x, [r.started_at.replace("T", " ")[:16] for r in mine],
                          rotation=30 if len(mine) > 4 else 0, ha="right" if len(mine) > 4 else "center")
            ax.set_ylabel("pages")
        axes[0, 0].legend(ncols=5, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.12), frameon=False)
        return _svg(fig)


def status_mix(counts: dict[tuple[str, int], int]) -> str:
    """Per site, responses by HTTP status, stacked by status class."""
    sites = sorted({s for s, _ in counts})
    classes = {"2xx": "#2a9d8f", "3xx": "#8d99ae", "4xx": "#e9c46a", "5xx": "#e76f51", "other": "#6d597a"}

    def klass(status: int) -> str:
        return f"{status // 100}xx" if 200 <= status < 600 else "other"

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 0.4 * len(sites) + 0.9))
        left = [0] * len(sites)
        for name, color in classes.items():
            values = [sum(n for (s, st), n in counts.items() if s == site and klass(st) == name) for site in sites]
            ax.barh(sites, values, left=left, color=color, label=name)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlabel("responses")
        ax.legend(ncols=5, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
        ax.grid(axis="y", visible=False)
        return _svg(fig)


def latency(ms_by_role: dict[tuple[str, int], int]) -> str:
    """Fetch latency per role (page, sitemap, feed, ...), milliseconds on a log scale."""
    roles = sorted({r for r, _ in ms_by_role})
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 2.4))
        top = max(ms for _, ms in ms_by_role) + 1
        edges = sorted({0, 1, 2, 5, *(b for b in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000)
                                       if b < top), top})
        for role in roles:
            xs = [ms for r, ms in ms_by_role if r == role]
            ax.hist(xs, bins=edges, weights=[ms_by_role[(role, x)] for x in xs], histtype="step", linewidth=1.5,
                    label=role)
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlabel("fetch latency (ms)")
        ax.set_ylabel("responses")
        ax.legend(fontsize=8, frameon=False)
        return _svg(fig)


def svg_count(html: str) -> int:
    return len(re.findall(r"<svg\b", html))


def words_over_runs(series: dict[str, list[tuple[str, float]]]) -> str:
    """Mean words per article per run, one line per site: a jump is a layout change."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH, 2.4))
        runs = sorted({p[0] for points in series.values() for p in points})  # runs in one minute stay apart
        for site, points in sorted(series.items()):
            ax.plot([runs.index(p[0]) for p in points], [p[1] for p in points], marker="o", label=site)
        ax.set_xticks(range(len(runs)), [r.replace("T", " ").rstrip("Z") for r in runs],
                      rotation=30 if len(runs) > 3 else 0, ha="right" if len(runs) > 3 else "center")
        ax.set_ylabel("words per article")
        ax.legend(fontsize=8, frameon=False)
        return _svg(fig)

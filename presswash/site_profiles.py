"""Site templates and drift alarms for `presswash crawl` (and `presswash clean --learn-templates`):
the glue between a run's files and corpus/site_templates.py, corpus/drift.py.

Before a crawl, each site's current profile (DATA/templates/<site>/) is handed to its cleaner
config; after it, each site's figures are compared with its earlier runs (their manifests), and
the profile is learned again from the site's newest article records (this run's first): a new
version is stored when its lines differ. Both go into the run manifest, per site, under
`templates` and `drift`.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from corpus import drift
from corpus.site_templates import LEARN_PAGES, MIN_SITE_PAGES, Profile, TemplateLearner, TemplateStore
from scraper.sites import SiteConfig

from .report.collect import iter_jsonl

EXIT_DRIFT = 65  # EX_DATAERR: `crawl --fail-on-drift` when a site's figures moved sharply (the run itself went well)


@dataclasses.dataclass(frozen=True)
class TemplatedSite(SiteConfig):
    """A site with its learned template profile: the crawl's cleaners get it with the site's options."""

    profile: Profile | None = None

    @classmethod
    def of(cls, site: SiteConfig, profile: Profile | None) -> TemplatedSite:
        return cls(**{f.name: getattr(site, f.name) for f in dataclasses.fields(SiteConfig)}, profile=profile)

    def cleaner_config(self):
        config = super().cleaner_config()
        if self.profile is None or not self.profile.lines:
            return config
        return dataclasses.replace(config, site_template=self.profile.template())


def _located(path: str, data_dir: Path) -> Path | None:
    """A part the manifest names; when the data folder has moved, the same file in it."""
    p = Path(path)
    if p.exists():
        return p
    moved = data_dir.joinpath("articles", *p.parts[-2:])
    return moved if moved.exists() else None


def earlier_runs(data_dir: Path, site: str, before: str) -> list[tuple[str, dict]]:
    """(run id, the site's summary) of the manifests of runs over `site` that started before
    `before` (an ISO time), oldest first."""
    runs = []
    for path in sorted((data_dir / "runs").glob("*.json")) if (data_dir / "runs").is_dir() else []:
        try:
            m = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if site in m.get("sites", {}) and (m.get("started_at", ""), m.get("run_id", "")) < (before, "~"):
            runs.append((m.get("started_at", ""), m.get("run_id", ""), m["sites"][site]))
    runs.sort(key=lambda r: (r[0], r[1]))
    return [(run_id, s) for _, run_id, s in runs]


def _records(files: Iterable[str], data_dir: Path) -> Iterator[dict]:
    for name in files:
        path = _located(name, data_dir)
        if path is not None:
            yield from iter_jsonl(path)


def _counted(records: Iterable[dict], learner: TemplateLearner) -> Iterator[dict]:
    for record in records:
        learner.add(record)
        yield record


def current_profiles(sites: list[SiteConfig], data_dir: Path) -> dict[str, Profile | None]:
    store = TemplateStore(data_dir / "templates")
    return {site.name: store.current(site.name) for site in sites}


def with_profiles(sites: list[SiteConfig], profiles: dict[str, Profile | None]) -> list[SiteConfig]:
    return [TemplatedSite.of(site, profiles.get(site.name)) for site in sites]


def _profile_json(profile: Profile | None) -> dict:
    if profile is None or not profile.lines:
        return {"digest": None, "version": profile.version if profile else 0, "lines": 0}
    return {"digest": profile.digest, "version": profile.version, "lines": len(profile.lines)}


def after_run(run_id: str, started: str, summaries: dict[str, dict], data_dir: Path,
              used: dict[str, Profile | None], learn: bool = True) -> list[str]:
    """Add `drift` (and, when learning, `templates`) to each site's summary; returns the names
    of the sites that drifted."""
    store = TemplateStore(data_dir / "templates")
    drifted = []
    for name, summary in summaries.items():
        profile = used.get(name)
        used_keys = profile.keys if profile is not None else frozenset()
        stats = drift.RunStats(fetched=summary["new"] + summary["updated"] + summary["unchanged"]
                               + sum(summary["rejected"].values()), rejected=sum(summary["rejected"].values()),
                               template_used=profile.digest if profile and profile.lines else None,
                               template_used_lines=len(used_keys))
        own = TemplateLearner(name)  # the template of this run's pages alone
        files = summary.get("article_files", [])
        drift.add_records(stats, _counted(_records(files, data_dir), own))
        run_profile = own.profile(run_id)
        stats.run_template = sorted(run_profile.keys) if run_profile.pages >= MIN_SITE_PAGES else None
        history = earlier_runs(data_dir, name, started)
        past = [(rid, drift.RunStats.from_json(s["drift"]["stats"])) for rid, s in history
                if isinstance(s.get("drift"), dict) and isinstance(s["drift"].get("stats"), dict)]
        found = drift.alarms(stats, [h for _, h in past], used_keys)
        summary["drift"] = {"stats": stats.to_json(), "compared_with": [rid for rid, _ in past[-drift.HISTORY_RUNS:]],
                            "alarms": found, "thresholds": drift.THRESHOLDS}
        if found:
            drifted.append(name)
        if not learn:
            continue
        if any(a["metric"] == "template" for a in found):
            learned = run_profile  # the layout changed: what came before is another template
        else:
            learner = TemplateLearner(name, LEARN_PAGES)
            learner.add_all(_records(files, data_dir))
            for _, s in reversed(history):
                if learner.full:
                    break
                learner.add_all(_records(s.get("article_files", []), data_dir))
            learned = learner.profile(run_id)
        stored, written = store.save(learned)
        summary["templates"] = {"used": _profile_json(profile), "learned": {**_profile_json(stored),
                                "pages": learned.pages, "new_version": written}}
    return drifted



def clean_config(store_dir: Path, learn: bool, pages: Callable[[], Iterable], base: Callable, site_of_host: dict,
                 run_first: Callable[[Iterable, Path, Path], object], learned_from: str) -> tuple[Callable, str]:
    """`presswash clean --templates DIR` / `--learn-templates DIR`: each page's config with its
    site's profile (a site is the sites file's name of the page's host, else the host). Learning
    cleans the input once without profiles (`run_first(pages, out, rejects)`), learns a profile
    per site from what that wrote and stores it, before the real clean. Returns the per-page
    config and a line saying which profiles are used."""
    def site_of(url: str) -> str:
        host = urlsplit(url).netloc
        return site_of_host.get(host, host)

    store = TemplateStore(store_dir)
    learned = 0
    if learn:
        with tempfile.TemporaryDirectory(prefix="presswash-templates-") as tmp:
            out = Path(tmp) / "first.jsonl"
            run_first(pages(), out, Path(tmp) / "first.rejects.jsonl")
            learners: dict[str, TemplateLearner] = {}
            for record in iter_jsonl(out):
                key = site_of(record.get("url") or "")
                learners.setdefault(key, TemplateLearner(key)).add(record)
            for key in sorted(learners):
                learned += store.save(learners[key].profile(learned_from))[1]
    templates = {}
    for site in store.sites():
        profile = store.current(site)
        if profile is not None and profile.lines:
            templates[site] = profile.template()

    def config(page):
        c = base(page)
        t = templates.get(site_of(page.url))
        return dataclasses.replace(c, site_template=t) if t else c

    lines = sum(len(t.lines) for t in templates.values())
    note = (f"site templates: {len(templates)} profiles ({lines} lines) from {store_dir}"
            + (f", {learned} new versions learned" if learn else ""))
    return config, note

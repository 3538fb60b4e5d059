"""Which files a report reads: the runs of a data folder (their manifests), or the files of one
`presswash clean`. A source names its files; nothing is read here but manifests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

SINCE = re.compile(r"^(\d+)([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class SourceError(ValueError):
    """A run id, window or file the report cannot use; the message is the one line shown."""


class UsageError(SourceError):
    """A malformed argument (exit code 2, not 1)."""


@dataclass(frozen=True)
class RunSource:
    run_id: str
    started_at: str  # ISO 8601 UTC
    sites: dict = field(default_factory=dict)  # site name -> the manifest's summary; {} for a clean
    article_files: tuple[Path, ...] = ()
    reject_files: tuple[Path, ...] = ()
    warc_files: tuple[tuple[str, Path], ...] = ()  # (site name or "", WARC file)
    html_files: tuple[Path, ...] = ()  # pages a clean read from plain files (for before/after)


def parse_since(value: str, now: datetime) -> datetime:
    m = SINCE.match(value.strip())
    if not m:
        raise UsageError(f"--since {value!r}: expected a number and a unit, like 90m, 6h, 7d or 2w")
    return now - timedelta(**{UNITS[m.group(2)]: int(m.group(1))})


def _located(path: str, data_dir: Path, kind: str, keep: int) -> Path:
    """A path the manifest wrote; when the data folder has moved since, the same file in it."""
    p = Path(path)
    if p.exists():
        return p
    return data_dir.joinpath(kind, *p.parts[-keep:])


def source_of_manifest(manifest: dict, data_dir: Path) -> RunSource:
    sites = manifest.get("sites", {})
    articles, rejects, warcs = [], [], []
    for name in sorted(sites):
        s = sites[name]
        articles += [_located(p, data_dir, "articles", 2) for p in s.get("article_files", [])]
        rejects += [_located(p, data_dir, "rejects", 1) for p in s.get("reject_files", [])]
        warcs += [(name, _located(p, data_dir, "raw", 1)) for p in s.get("warc_files", [])]
    return RunSource(manifest["run_id"], manifest.get("started_at", ""), sites, tuple(sorted(articles)),
                     tuple(sorted(rejects)), tuple(warcs))


def load_manifests(data_dir: Path) -> list[dict]:
    runs = data_dir / "runs"
    if not runs.is_dir():
        raise SourceError(f"{data_dir}: no runs/ folder (not a crawl's data folder?)")
    out = []
    for path in sorted(runs.glob("*.json")):
        try:
            out.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError) as exc:
            raise SourceError(f"{path}: not a run manifest ({exc})") from None
    return out


def select_runs(data_dir: Path, run_id: str | None = None, since: str | None = None,
                now: datetime | None = None) -> list[RunSource]:
    """One run by id, every run started in a window, or else the latest run; oldest first."""
    manifests = load_manifests(data_dir)
    if run_id:
        chosen = [m for m in manifests if m.get("run_id") == run_id]
        if not chosen:
            raise SourceError(f"{data_dir}: no run {run_id!r} (runs/{run_id}.json not found)")
    elif since:
        start = parse_since(since, now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        chosen = [m for m in manifests if m.get("started_at", "") >= start]
        if not chosen:
            raise SourceError(f"{data_dir}: no run started in the last {since}")
    else:
        if not manifests:
            raise SourceError(f"{data_dir}: no run yet (runs/ is empty)")
        chosen = [max(manifests, key=lambda m: (m.get("started_at", ""), m["run_id"]))]
    chosen.sort(key=lambda m: (m.get("started_at", ""), m["run_id"]))
    return [source_of_manifest(m, data_dir) for m in chosen]


def source_of_clean(run_id: str, started_at: str, output: Path, rejects: Path,
                    inputs: list[Path]) -> RunSource:
    """The files of one `presswash clean`: its two outputs and the raw pages it read."""
    warcs = tuple(("", p) for p in inputs if ".warc" in p.name)
    html = tuple(p for p in inputs if ".warc" not in p.name)
    return RunSource(run_id, started_at, {}, (output,), (rejects,) if rejects.exists() else (), warcs, html)

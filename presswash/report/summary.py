"""The human-readable summary of a crawl run, from its manifest."""

from __future__ import annotations

from pathlib import Path


def crawl_summary(manifest: dict, path: Path) -> str:
    lines = [f"run {manifest['run_id']}: exit code {manifest['exit_code']}, manifest {path}"]
    if manifest.get("recovered_runs"):
        lines.append(f"  recovered what killed runs left: {', '.join(manifest['recovered_runs'])}")
    for name, s in manifest["sites"].items():
        rejected = ", ".join(f"{k} {v}" for k, v in s["rejected"].items()) or "none"
        skipped = ", ".join(f"{k} {v}" for k, v in s["skipped"].items()) or "none"
        lines += [
            f"  site {name}: {s['status']}",
            f"    requests          {s['requests']}  (pages fetched {s['fetched']}, not modified {s['not_modified']})",
            f"    articles written  {s['new'] + s['updated']}  (new {s['new']}, updated {s['updated']}; "
            f"unchanged, not written again: {s['unchanged']})",
            f"    rejected          {sum(s['rejected'].values())}  ({rejected})",
            f"    not fetched       {skipped}",
            f"    raw WARC          {', '.join(s['warc_files']) or '-'}",
            f"    articles          {len(s['article_files'])} files under "
            f"{Path(s['article_files'][0]).parent.parent if s['article_files'] else '-'}",
            f"    rejects           {', '.join(s['reject_files']) or '-'}",
        ]
    return "\n".join(lines)

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
        lines += template_lines(s)
    return "\n".join(lines)


def template_lines(s: dict) -> list[str]:
    """The site's template profile and drift alarms, when the run recorded them."""
    out = []
    t = s.get("templates")
    if t:
        used, learned = t["used"], t["learned"]
        used_text = f"v{used['version']} {used['digest']} ({used['lines']} lines)" if used["digest"] else "none"
        if learned.get("new_version"):
            learned_text = (f"v{learned['version']} {learned['digest']} ({learned['lines']} lines, "
                            f"from {learned['pages']} pages), used from the next run")
        else:
            learned_text = f"unchanged ({learned['pages']} pages seen)"
        out.append(f"    site template     {used_text}; learned: {learned_text}")
    d = s.get("drift")
    if d:
        alarms = d.get("alarms", [])
        if alarms:
            out += [f"    DRIFT             {a['metric']}: {a['detail']}" for a in alarms]
        else:
            out.append(f"    drift             none (compared with {len(d.get('compared_with', []))} earlier runs)")
    return out

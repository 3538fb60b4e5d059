"""After a run was killed: publish what it had written, and make the crawl state agree.

A killed run leaves hidden in-progress JSONL parts and ".open" WARC files. Their complete
lines and records are kept (a trailing partial line or record, the write the kill cut short,
is dropped) and published under their final names, which the article lines already refer to.
Every salvaged article is recorded in the state's revisions, so the next run finds the content
written and does not write it again.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from output.sinks import INPROGRESS_SUFFIX, salvage
from scraper.state import CrawlState
from scraper.warc import OPEN_SUFFIX


def salvage_jsonl(folder: Path, run_id: str) -> list[Path]:
    """Publish the complete lines of every in-progress part of the run under `folder`."""
    published = []
    for tmp in sorted(folder.rglob(f".*-{run_id}-*{INPROGRESS_SUFFIX}")):
        target = tmp.with_name(tmp.name[1:-len(INPROGRESS_SUFFIX)])
        if salvage(tmp, target):
            published.append(target)
    return published


def salvage_warc(path: Path) -> Path:
    """Cut an .open WARC file after its last complete record and give it its final name."""
    end = 0
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        try:
            for record in it:
                record.content_stream().read()
                end = it.get_record_offset() + it.get_record_length()
        except (ArchiveLoadFailed, EOFError, OSError, ValueError):
            pass  # the record the kill cut short
    with open(path, "r+b") as f:
        f.truncate(end)
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    os.replace(path, final)
    return final


def recover_run(data_dir: Path, run_id: str, state: CrawlState) -> dict[str, list[str]]:
    """Everything a killed run left, published and recorded; returns the files per kind."""
    for jobdir in (data_dir / "jobs").glob(f"{run_id}-*"):  # its queue: the state has the frontier
        shutil.rmtree(jobdir, ignore_errors=True)
    articles = salvage_jsonl(data_dir / "articles", run_id)
    rejects = salvage_jsonl(data_dir / "rejects", run_id)
    warcs = [salvage_warc(p) for p in sorted((data_dir / "raw").glob(f"*-{run_id}-*{OPEN_SUFFIX}"))]
    for part in articles:
        with open(part, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                state.written(r["id"], r["revision"], r["content_hash"], r["previous_content_hash"], r["url"], run_id)
    return {"articles": [str(p) for p in articles], "rejects": [str(p) for p in rejects],
            "warc": [str(p) for p in warcs]}

"""Shared test helpers (tests/ is on pytest's pythonpath)."""

import json
import subprocess
import sys
from pathlib import Path

from cleaners.records import Article, Block

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"


def make_article(*texts, title="A headline about something else entirely", **kw) -> Article:
    """An Article draft from strings or Blocks, as `extract` would hand it on."""
    blocks = tuple(t if isinstance(t, Block) else Block(t) for t in texts)
    return Article(url="https://news.example/a/1", canonical_url="https://news.example/a/1", title=title,
                   blocks=blocks, **kw)


def texts(article) -> list[str]:
    return [b.text for b in article.blocks]


def run_cli(*args, cwd=REPO, check=True, timeout=180, stdin=None) -> subprocess.CompletedProcess:
    """The presswash command, run as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "presswash.cli", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        command = " ".join(map(str, args))
        raise AssertionError(f"presswash {command} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]


def shout_unless_poison(text: str) -> str:
    """A worker task that kills its own process for one input, as an OOM kill or a segfault would."""
    import os
    import signal
    import time

    if text == "poison":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)  # long enough for other tasks to be in flight beside the poison
    return text.upper()


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for its reaper."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


STORIES = [
    "The council voted on Tuesday to back the new bridge over the river, ending two years of debate.",
    "Its members agreed that the old crossing could no longer carry the buses that serve the east bank.",
    "Work is due to start in the spring, and the mayor said the first lane would open within a year.",
    "Residents on both banks had written to the council for months to ask for a safer way across.",
]


def aside_page(with_story: bool = True) -> str:
    """A story the parser finds inside the sidebar's <aside> (a template whose markup nests it
    there): trafilatura's cleaning deletes the aside, and its page-share test then sees no page
    to escalate for."""
    story = "".join(f"<p>{s} {s}</p>" for s in STORIES) if with_story else ""
    return ('<html><head><title>Council backs bridge</title></head><body><header><div class="tagline">'
            'Your most important touchpoint for the region.</div></header><aside class="sidebar"><nav><ul>'
            '<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
            f'<div class="main-content"><article><h1>Council backs bridge</h1>{story}</article></div></aside>'
            '<div class="tagline">Your most important touchpoint for the region.</div></body></html>')

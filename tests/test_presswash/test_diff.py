"""`presswash diff OLD NEW`: a crawl's output against a re-clean with other options, the block
changes and who is responsible, exit codes for CI, and memory that does not follow the input."""

import gzip
import json
import shutil
import subprocess
import sys

import pytest
from helpers import REPO, read_jsonl, run_cli

from corpus.diff import compare


def art(blocks, removed=(), **kw):
    return {"id": "a" * 32, "title": "T", "text": "\n\n".join(blocks),
            "audit": {"removed": [{"step": s, "reason": r, "text": t} for t, s, r in removed], "replaced": []}, **kw}


def test_compare_names_the_step_responsible():
    old = art(["Lead.", "Follow us on Telegram", "Body.", "Old tail"], [("Ad", "strip_boilerplate", "link_line")])
    new = art(["Lead.", "Body.", "Ad", "New tail"], [("Follow us on Telegram", "strip_boilerplate", "site_phrase"),
                                                     ("Ad", "x", "y")])
    change = compare(old, new)
    assert change.fields == ("text", "audit")
    moved = [(s, t, c) for s, t, c in change.blocks if s != "same"]
    assert ("vanished", "Follow us on Telegram", "strip_boilerplate · site_phrase") in moved
    assert ("appeared", "Ad", "was strip_boilerplate · link_line") in moved
    assert ("vanished", "Old tail", "rewritten or no longer extracted") in moved
    assert ("appeared", "New tail", "rewritten or newly extracted") in moved
    same = art(["x"], [("y", "a", "b")])
    assert compare(same, art(["x"], [("y", "a", "c")])).relabelled == (("y", "a · b", "a · c"),)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The demo crawl's articles, and a re-clean of its WARC with two more site phrases."""
    tmp = tmp_path_factory.mktemp("diff")
    data = tmp / "data"
    run_cli("demo", "--data-dir", data)
    lines = [r for f in sorted((data / "articles").rglob("*.jsonl")) for r in read_jsonl(f)]
    host = lines[0]["url"].split("/")[2]
    sites = tmp / "sites.toml"
    sites.write_text(f'[[site]]\nname = "demo"\nbase_url = "http://{host}/"\n'
                     'extra_boilerplate = ["Fares and timetable", "What the plan includes"]\n')
    run_cli("clean", data / "raw", "-o", tmp / "reclean.jsonl", "--sites", sites, "--no-progress")
    return data / "articles", tmp / "reclean.jsonl", tmp


def test_reclean_with_site_phrases(outputs):
    old, new, tmp = outputs
    proc = run_cli("diff", old, new, "--html", tmp / "d.html", check=False)
    assert proc.returncode == 1, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.endswith("(9): 0 added, 0 gone, 7 unchanged, 2 changed")
    assert "  blocks vanished: strip_boilerplate · site_phrase 2" in proc.stdout
    html = (tmp / "d.html").read_text("utf-8")
    assert html.count('<div class="blk removed"><del>') == 2
    assert "<del>Fares and timetable</del><span class=\"label\">strip_boilerplate · site_phrase</span>" in html
    back = run_cli("diff", new, old, check=False)  # the other way round: the blocks come back
    assert back.returncode == 1 and "blocks appeared: was strip_boilerplate · site_phrase 2" in back.stdout


def test_identical_added_gone_and_revisions(outputs, tmp_path):
    old, new, _ = outputs
    copy = tmp_path / "copy"
    shutil.copytree(old, copy)
    (copy / "date=2024-03-14" / ".part-x.jsonl.inprogress").write_text("half a line")  # never read
    proc = run_cli("diff", old, copy)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("0 added, 0 gone, 9 unchanged, 0 changed")
    lines = [r for f in sorted(old.rglob("*.jsonl")) for r in read_jsonl(f)]
    fewer = tmp_path / "fewer.jsonl"
    # one article gone; another one's later revision sits beside its first: the highest revision counts
    bumped = {**lines[1], "revision": 2, "title": "A new title"}
    fewer.write_text("".join(json.dumps(r) + "\n" for r in [*lines[1:], bumped]))
    proc = run_cli("diff", old, fewer, check=False)
    assert proc.returncode == 1
    assert "0 added, 1 gone, 7 unchanged, 1 changed" in proc.stdout and f"gone: {lines[0]['id']}" in proc.stdout
    assert "changed fields: title 1" in proc.stdout


def test_parquet_parts(outputs, tmp_path):
    parquet = pytest.importorskip("output.parquet", reason="Parquet output is not in this tree")
    old, _, _ = outputs
    jsonl = tmp_path / "all.jsonl"
    jsonl.write_text("".join(p.read_text("utf-8") for p in sorted(old.rglob("*.jsonl"))), "utf-8")
    (tmp_path / "pq").mkdir()
    parquet.jsonl_to_parquet(jsonl, tmp_path / "pq" / "part-00000.parquet")
    proc = run_cli("diff", old, tmp_path / "pq")
    assert proc.stdout.strip().endswith("9 unchanged, 0 changed")


def test_bad_input_exits_2(outputs, tmp_path):
    old, new, _ = outputs
    for args, message in [((tmp_path / "nope", new), "no such file or folder"),
                          ((new.with_name("reclean.rejects.jsonl"), new), "not an article record"),
                          ((REPO / "README.md", new), "not a JSONL")]:
        proc = run_cli("diff", *args, check=False)
        assert proc.returncode == 2 and message in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n{not json\n')
    proc = run_cli("diff", bad, new, check=False)
    assert proc.returncode == 2 and proc.stderr.strip() == f"presswash diff: {bad}:2: not a JSON line"
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(new.read_bytes())[:-40])
    proc = run_cli("diff", cut, new, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith(f"presswash diff: {cut}:") and "Traceback" not in proc.stderr


def test_gzipped_jsonl(outputs, tmp_path):
    _, new, _ = outputs
    packed = tmp_path / "reclean.jsonl.gz"
    packed.write_bytes(gzip.compress(new.read_bytes()))
    proc = run_cli("diff", new, packed)
    assert proc.stdout.strip().endswith("9 unchanged, 0 changed")


PEAK = """import resource, sys
from presswash.cli import main
code = main(sys.argv[1:])
print("peak_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def _peak_mb(tmp_path, n: int) -> float:
    """Peak RSS of a diff of two generated sets of n articles of ~2 KB, every tenth changed."""
    body = " ".join(f"word{i}" for i in range(300))
    for side in ("old", "new"):
        with open(tmp_path / f"{side}-{n}.jsonl", "w") as f:
            for i in range(n):
                text = body + (" changed" if side == "new" and i % 10 == 0 else "")
                f.write(json.dumps({"id": f"{i:032x}", "revision": 1, "title": f"t{i}", "text": text,
                                    "audit": {"removed": [], "replaced": []}}) + "\n")
    proc = subprocess.run([sys.executable, "-c", PEAK, "diff", str(tmp_path / f"old-{n}.jsonl"),
                           str(tmp_path / f"new-{n}.jsonl")], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and f"{n // 10} changed" in proc.stdout, proc.stderr
    return int(proc.stderr.split("peak_kb")[1]) / 1024


def test_memory_does_not_follow_the_input(tmp_path):
    small, large = _peak_mb(tmp_path, 1_000), _peak_mb(tmp_path, 20_000)
    # 20,000 articles a side are ~80 MB of lines; held in a dict they would cost more than that
    assert large - small < 25, (small, large)

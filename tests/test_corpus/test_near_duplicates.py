"""Near-duplicates: the demo's stories copied 2,000 times under other URLs, with edits,
truncations and boilerplate, come out as one cluster per story, whatever the order of arrival,
and a later run is checked against the index the first one left."""

import json
import random
import sqlite3

import numpy as np
import pytest
from helpers import FIXTURES, read_jsonl, run_cli

from presswash.cli import main

nd = pytest.importorskip("corpus.near_duplicates", reason="datasketch (the dedup extra) is a test extra")

BOILER = ["Follow us on Telegram", "Subscribe to our newsletter", "Read also: Astana light rail begins test runs",
          "Share this article", "Support independent journalism in Kazakhstan"]


def stories() -> list[dict]:
    out = []
    for path in sorted((FIXTURES / "demo_expected").glob("*.json")):
        d = json.loads(path.read_text("utf-8"))
        if "paragraphs" in d and d.get("canonical_url"):
            out.append(d)
    return out


def copies(n: int, seed: int = 0) -> tuple[list[dict], dict[str, int]]:
    """n articles: every story once, then copies under session-id URLs, edited, truncated or
    with other boilerplate; truth: id -> story."""
    rnd = random.Random(seed)
    base = stories()
    lines, truth = [], {}
    for i in range(n):
        s = i % len(base) if i < len(base) else rnd.randrange(len(base))
        paras = list(base[s]["paragraphs"])
        if i >= len(base):
            kind = rnd.choice(("exact", "edits", "truncated", "boilerplate"))
            if kind == "edits":
                for _ in range(3):
                    j = rnd.randrange(len(paras))
                    words = paras[j].split()
                    words[rnd.randrange(len(words))] = "edited"
                    paras[j] = " ".join(words)
            elif kind == "truncated":
                paras = paras[: max(3, round(len(paras) * 0.75))]
            elif kind == "boilerplate":
                paras = rnd.sample(BOILER, 2)[:1] + paras + rnd.sample(BOILER, 1)
        ident = f"{i:032x}"
        lines.append({"id": ident, "url": f"{base[s]['canonical_url']}?sid={i}", "title": base[s]["title"],
                      "published": f"2024-03-{1 + i % 28:02d}T10:00:00Z", "text": "\n\n".join(paras), "revision": 1})
        truth[ident] = s
    return lines, truth


def dedup(capsys, *args) -> str:
    """The command in this process: datasketch (and scipy under it) is imported once for all."""
    assert main(["dedup", *map(str, args)]) == 0
    return capsys.readouterr().out


def write(path, lines):
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    return path


def test_shingles_and_signatures():
    assert np.array_equal(nd.shingle_hashes("One two three four"), nd.shingle_hashes("ONE two, three -- four!"))
    assert len(nd.shingle_hashes("one two three four five")) == 3
    assert len(nd.shingle_hashes("two words")) == 1 and len(nd.shingle_hashes("")) == 0
    text = " ".join(f"w{i}" for i in range(400))
    half = " ".join(f"w{i}" for i in range(200))
    # Jaccard of the shingle sets: 198 / 398; the MinHash estimate is within a few hundredths
    assert abs(nd.similarity(nd.signature(text), nd.signature(half)) - 198 / 398) < 0.1
    assert nd.similarity(nd.signature(text), nd.signature(text)) == 1.0
    assert nd.signature(text).tobytes() == nd.signature(text).tobytes()


def test_two_thousand_copies_are_their_stories(tmp_path):
    lines, truth = copies(2000)
    n_stories = len(set(truth.values()))
    proc = run_cli("dedup", write(tmp_path / "in.jsonl", lines), "--data-dir", tmp_path / "data",
                   "-o", tmp_path / "clusters.jsonl")
    assert f"2000 articles read, 2000 new to the index (2000 in {tmp_path / 'data' / 'near_duplicates.sqlite'})" \
        in proc.stdout
    table = read_jsonl(tmp_path / "clusters.jsonl")
    assert [r["id"] for r in table] == sorted(truth)
    clusters = {}
    for r in table:
        clusters.setdefault(r["cluster"], set()).add(truth[r["id"]])
    assert len(clusters) == n_stories and all(len(s) == 1 for s in clusters.values())
    by_id = {r["id"]: r for r in lines}
    for r in table:
        if r["near_duplicate_of"] is None:
            assert r["cluster"] == r["id"] and r["similarity"] is None
        else:
            assert r["similarity"] >= nd.THRESHOLD and truth[r["matched"]] == truth[r["id"]]
            root = by_id[r["near_duplicate_of"]]  # the earliest copy of its story
            assert all(nd.sort_key(root) <= nd.sort_key(by_id[o]) for o in truth if truth[o] == truth[r["id"]])
    # near-twins add no bands: the index holds a few entries' worth of bands, not 2,000
    with sqlite3.connect(tmp_path / "data" / "near_duplicates.sqlite") as db:
        banded = db.execute("SELECT count(DISTINCT n) FROM bands").fetchone()[0]
    assert banded < 400, banded


def test_order_of_arrival_does_not_matter(tmp_path, capsys):
    lines, _ = copies(600, seed=1)
    shuffled = list(lines)
    random.Random(5).shuffle(shuffled)
    for name, batch in (("a", lines), ("b", shuffled)):
        dedup(capsys, write(tmp_path / f"{name}.jsonl", batch), "--index", tmp_path / f"{name}.sqlite",
              "-o", tmp_path / f"{name}-clusters.jsonl")
    assert (tmp_path / "a-clusters.jsonl").read_bytes() == (tmp_path / "b-clusters.jsonl").read_bytes()


def test_a_later_run_is_checked_against_the_index(tmp_path, capsys):
    lines, truth = copies(400, seed=2)
    first, second = write(tmp_path / "1.jsonl", lines[:200]), write(tmp_path / "2.jsonl", lines[200:])
    dedup(capsys, first, "--data-dir", tmp_path, "-o", tmp_path / "c1.jsonl")
    roots = {r["cluster"] for r in read_jsonl(tmp_path / "c1.jsonl")}
    out = dedup(capsys, second, first, "--data-dir", tmp_path, "-o", tmp_path / "c2.jsonl")
    assert "400 articles read, 200 new to the index (400 in" in out
    table = read_jsonl(tmp_path / "c2.jsonl")
    assert sum(r["new"] for r in table) == 200
    assert {r["cluster"] for r in table} == roots  # every copy of the second run joined a first-run cluster
    # the same run again changes nothing: the articles are in the index with what they were given
    again = dedup(capsys, second, first, "--data-dir", tmp_path, "-o", tmp_path / "c3.jsonl")
    assert "0 new to the index" in again
    assert [{**r, "new": False} for r in table] == read_jsonl(tmp_path / "c3.jsonl")


def test_related_stories_are_not_merged(tmp_path, capsys):
    base = stories()
    a, b = base[0]["paragraphs"], base[1]["paragraphs"]
    follow_up = b[:-2] + a[:2]  # another story quoting two paragraphs of the first as background
    lines = [{"id": "1" * 32, "title": "A", "text": "\n\n".join(a)}, {"id": "2" * 32, "title": "B", "text": "\n\n".join(
        follow_up)}]
    dedup(capsys, write(tmp_path / "in.jsonl", lines), "--data-dir", tmp_path, "-o", tmp_path / "c.jsonl")
    assert [r["near_duplicate_of"] for r in read_jsonl(tmp_path / "c.jsonl")] == [None, None]


def test_bad_input_and_foreign_index(tmp_path):
    proc = run_cli("dedup", tmp_path / "nope.jsonl", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 2 and proc.stderr.strip().endswith("no such file or folder")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "a b c"}\n{"url": "no id"}\n')
    proc = run_cli("dedup", bad, "--data-dir", tmp_path, "-o", tmp_path / "c.jsonl", check=False)
    assert proc.returncode == 2 and "bad.jsonl:2: not an article record" in proc.stderr
    assert not (tmp_path / "c.jsonl").exists()
    with sqlite3.connect(tmp_path / "near_duplicates.sqlite") as db:
        db.execute("UPDATE meta SET value = 'minhash-other' WHERE key = 'version'")
    proc = run_cli("dedup", write(tmp_path / "ok.jsonl", [{"id": "y", "text": "a b c"}]), "--data-dir", tmp_path,
                   check=False)
    assert proc.returncode == 1 and "an index of minhash-other" in proc.stderr and proc.stderr.count("\n") == 1
    proc = run_cli("dedup", tmp_path / "ok.jsonl", "--threshold", "0", "--data-dir", tmp_path, check=False)
    assert proc.returncode == 2

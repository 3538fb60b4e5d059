"""`presswash dedup DATASET...`: near-duplicate clusters over article sets, against the
persistent index of everything deduplicated before (corpus/near_duplicates.py).

    presswash dedup data/articles [-o clusters.jsonl] [--data-dir data] [--index FILE]

Writes the cluster table, one line per input article in id order:
{"id", "cluster", "near_duplicate_of", "matched", "similarity", "new"} (new: entered the index in
this run; the same index and input give the same bytes). Exit codes: 0 done,
2 bad usage or input (as for diff), 1 the index cannot be used.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_BAD = 0, 1, 2
INDEX_NAME = "near_duplicates.sqlite"


def add_dedup_parser(sub) -> None:
    p = sub.add_parser("dedup", help="near-duplicate clusters (MinHash LSH) against the data folder's index")
    p.add_argument("inputs", nargs="+", type=Path, help="article JSONL or Parquet files, or folders of them")
    p.add_argument("-o", "--output", type=Path, default=Path("clusters.jsonl"),
                   help="the cluster table (default: clusters.jsonl)")
    p.add_argument("--data-dir", default="data", type=Path, help=f"where the index lives (default: data/{INDEX_NAME})")
    p.add_argument("--index", type=Path, help="the index file itself, instead of DATA_DIR/" + INDEX_NAME)
    p.add_argument("--threshold", type=float, default=None,
                   help="estimated Jaccard of word 3-shingles from which articles are near-duplicates (default 0.5)")
    p.set_defaults(func=cmd_dedup)


def cmd_dedup(args) -> int:
    from .diff import InputError, article_files, records

    if args.threshold is not None and not 0 < args.threshold <= 1:
        print("presswash dedup: --threshold must be above 0 and at most 1", file=sys.stderr)
        return EXIT_BAD
    try:
        files = [f for p in args.inputs for f in article_files(p)]
    except InputError as exc:
        print(f"presswash dedup: {exc}", file=sys.stderr)
        return EXIT_BAD
    try:
        from corpus import near_duplicates as nd
    except ImportError as exc:
        print(f"presswash dedup: needs datasketch, the 'dedup' extra: pip install 'presswash[dedup]' ({exc})",
              file=sys.stderr)
        return EXIT_FAIL
    from output.serialize import new_run_id
    from output.sinks import AtomicJsonlWriter

    threshold = nd.THRESHOLD if args.threshold is None else args.threshold
    path = args.index or args.data_dir / INDEX_NAME
    run = new_run_id()
    try:
        index = nd.NearDuplicateIndex(path)
    except (nd.IndexError_, OSError, sqlite3.Error) as exc:
        print(f"presswash dedup: {path}: {exc}" if isinstance(exc, sqlite3.Error) else f"presswash dedup: {exc}",
              file=sys.stderr)
        return EXIT_FAIL
    try:
        read = index.stage(records(files))
        entered = index.cluster(run, threshold)
        duplicates = 0
        with AtomicJsonlWriter(args.output) as out:
            for a in index.assignments():
                cluster = a.near_duplicate_of or a.id
                duplicates += a.near_duplicate_of is not None
                out.write((json.dumps({"id": a.id, "cluster": cluster, "near_duplicate_of": a.near_duplicate_of,
                                       "matched": a.matched, "similarity": a.similarity,
                                       "new": a.new}) + "\n").encode("utf-8"))
        size, clusters = index.size(), index.input_clusters()
    except InputError as exc:
        print(f"presswash dedup: {exc}", file=sys.stderr)
        return EXIT_BAD
    except sqlite3.Error as exc:
        print(f"presswash dedup: {path}: {exc}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        index.close()
    print(f"presswash dedup: {read} articles read, {entered} new to the index ({size} in {path}): "
          f"{duplicates} near-duplicates in {clusters} clusters -> {args.output}")
    return EXIT_OK

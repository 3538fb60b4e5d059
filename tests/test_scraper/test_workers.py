"""The cleaning processes survive a worker's death: real processes, really killed."""

import asyncio
import os
import subprocess
import sys
import textwrap
import time

from helpers import alive, shout_unless_poison  # importable by name in the spawned workers

from scraper.workers import CleaningPool, WorkerCrashed, ordered_map


def test_the_async_pool_loses_only_the_page_that_kills_its_worker():
    async def main():
        pool = CleaningPool(2, shout_unless_poison)
        try:
            words = ["a", "b", "poison", "c", "d", "e"]
            results = await asyncio.gather(*(pool.run(w) for w in words), return_exceptions=True)
            after = await pool.run("f")  # the pool works on after a crash
        finally:
            pool.shutdown()
        return results, after, pool.generation

    results, after, generations = asyncio.run(main())
    assert [r for r in results if not isinstance(r, Exception)] == ["A", "B", "C", "D", "E"]
    assert isinstance(results[2], WorkerCrashed)
    assert after == "F" and generations >= 1


def test_ordered_map_keeps_order_and_goes_on_past_a_crash():
    words = [f"w{i}" for i in range(12)]
    words[5] = "poison"
    got = list(ordered_map(shout_unless_poison, words, workers=2, window=4))
    assert [g for i, g in enumerate(got) if i != 5] == [w.upper() for i, w in enumerate(words) if i != 5]
    assert isinstance(got[5], WorkerCrashed)


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A killed crawl leaves no worker behind: nothing keeps its locks or memory."""
    script = textwrap.dedent("""
        import sys, time
        from scraper.workers import spawn_pool
        import os
        pool = spawn_pool(2)
        pids = set(pool.submit(os.getpid).result() for _ in range(8))
        print(" ".join(map(str, pids)), flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    assert not any(alive(p) for p in pids)


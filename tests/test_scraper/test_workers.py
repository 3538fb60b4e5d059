"""The cleaning processes survive a worker's death: real processes, really killed."""

import asyncio
import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from helpers import REPO, alive, shout_unless_poison  # importable by name in the workers

from scraper import workers
from scraper.workers import CleaningPool, WorkerCrashed, ordered_map, spawn_pool


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



# --- the forkserver: warm workers that still hold nothing of the crawler's and end with it -------

HOLDER = textwrap.dedent("""
    import os, socket, sys, time
    from pathlib import Path
    from presswash.locks import SiteLocks
    from scraper.workers import spawn_pool

    locks = SiteLocks(Path(sys.argv[1]), ["news.example"], "run-1").__enter__()  # before any worker
    server = socket.create_server(("127.0.0.1", 0))
    pool = spawn_pool(2)
    futures = [pool.submit(eval, "__import__('time').sleep(0.2) or __import__('os').getpid()") for _ in range(4)]
    pids = sorted({f.result() for f in futures})
    parents = sorted({pool.submit(os.getppid).result() for _ in range(4)})
    print(" ".join(map(str, pids)), "|", " ".join(map(str, parents)), "|", server.fileno(), flush=True)
    time.sleep(60)
""")


def open_files(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.add(os.readlink(fd))
        except OSError:
            pass
    return found


def test_workers_and_their_forkserver_hold_no_lock_nor_socket_and_end_with_a_killed_crawler(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                            cwd=REPO)
    try:
        pids, parents, server_fd = proc.stdout.readline().split("|")
        workers, forkservers = [int(p) for p in pids.split()], [int(p) for p in parents.split()]
        assert len(workers) == 2 and forkservers and proc.pid not in forkservers  # forked by the forkserver
        lock, server = str(tmp_path / "news.example.lock"), os.readlink(f"/proc/{proc.pid}/fd/{int(server_fd)}")
        assert lock in open_files(proc.pid) and server.startswith("socket:")
        for pid in workers + forkservers:
            assert not {lock, server} & open_files(pid), pid
    finally:
        proc.kill()  # kill -9: no clean-up of any kind runs in the crawler
        proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in workers + forkservers):
        time.sleep(0.05)
    assert not [p for p in workers + forkservers if alive(p)]


def test_workers_start_with_the_chain_imported_and_the_profiles_loaded():
    loaded = "__import__('sys').modules['cleaners.detect_language']._factory.cache_info().currsize"
    with spawn_pool(1) as pool:
        assert pool.submit(eval, loaded).result() == 1


def test_the_forkserver_leaves_the_default_start_method_alone():
    code = ("import multiprocessing as mp; from scraper.workers import spawn_pool\n"
            "with spawn_pool(1) as p: p.submit(abs, -1).result()\n"
            "print(mp.get_start_method(), mp.get_context().get_start_method())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.split() == [multiprocessing.get_start_method()] * 2


def test_spawned_where_there_is_no_forkserver(monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn"])
    assert workers._context(None).get_start_method() == "spawn"
    with spawn_pool(1) as pool:
        assert pool._mp_context.get_start_method() == "spawn"
        assert pool.submit(abs, -2).result() == 2


def test_a_small_input_is_mapped_in_this_process_a_larger_one_in_workers():
    pid = "__import__('os').getpid()"
    assert set(ordered_map(eval, [pid] * 5, workers=2, inline=5)) == {os.getpid()}
    assert os.getpid() not in set(ordered_map(eval, [pid] * 6, workers=2, inline=5))
    assert os.getpid() not in set(ordered_map(eval, [pid] * 3, workers=2))  # no inline: always workers

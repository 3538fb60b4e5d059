import os
import signal
import subprocess
import sys
import time

import pytest

from output.sinks import AtomicJsonlWriter, RollingJsonlWriter, inprogress_path, salvage


def test_nothing_is_visible_until_close(tmp_path):
    target = tmp_path / "out.jsonl"
    w = AtomicJsonlWriter(target)
    w.write(b'{"a":1}\n')
    assert not target.exists() and inprogress_path(target).exists()
    assert w.close() == target
    assert target.read_bytes() == b'{"a":1}\n' and not inprogress_path(target).exists()


def test_an_exception_publishes_nothing(tmp_path):
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        with AtomicJsonlWriter(target) as w:
            w.write(b'{"a":1}\n')
            raise RuntimeError("crash")
    assert not target.exists()
    assert salvage(inprogress_path(target), target) == 1 and target.read_bytes() == b'{"a":1}\n'


def test_lines_must_be_single_and_terminated(tmp_path):
    w = AtomicJsonlWriter(tmp_path / "x.jsonl")
    for bad in (b'{"a":1}', b'{"a":\n1}\n'):
        with pytest.raises(ValueError):
            w.write(bad)


def test_rolling_parts_are_published_as_they_fill(tmp_path):
    w = RollingJsonlWriter(tmp_path, "articles-run1", max_lines=2)
    for i in range(5):
        w.write(b'{"i":%d}\n' % i)
    published = sorted(p.name for p in tmp_path.glob("*.jsonl"))
    assert published == ["articles-run1-00000.jsonl", "articles-run1-00001.jsonl"]
    parts = w.close()
    assert [p.read_bytes().count(b"\n") for p in parts] == [2, 2, 1]


def test_salvage_cuts_a_partial_last_line(tmp_path):
    tmp = tmp_path / ".x.jsonl.inprogress"
    tmp.write_bytes(b'{"a":1}\n{"b":2}\n{"c":')
    assert salvage(tmp, tmp_path / "x.jsonl") == 2
    assert (tmp_path / "x.jsonl").read_bytes() == b'{"a":1}\n{"b":2}\n'


WRITER = """
import sys, time
from output.sinks import AtomicJsonlWriter
w = AtomicJsonlWriter(sys.argv[1])
i = 0
while True:
    w.write(b'{"n":%d,"pad":"%s"}\\n' % (i, b"x" * 500)); i += 1
    if i == 1000:
        print("ready", flush=True)
"""


def test_a_killed_writer_leaves_no_visible_file(tmp_path):
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [inprogress_path(target).name]
    n = salvage(inprogress_path(target), target)
    assert n >= 1000 and target.read_bytes().endswith(b"}\n")

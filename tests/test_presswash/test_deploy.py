"""The files a user deploys with: LICENSE, the systemd service and timer, the Airflow DAG and the
Dockerfile, each checked as far as this machine allows (systemd-analyze, Python's compiler,
Airflow and Docker when they are there)."""

import ast
import py_compile
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import REPO

DEPLOY = REPO / "deploy"
PRESSWASH = Path(sys.executable).parent / "presswash"


def test_license_is_the_apache_2_text():
    text = (REPO / "LICENSE").read_text("utf-8")
    assert text.lstrip().startswith("Apache License\n                           Version 2.0, January 2004")
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text.splitlines()) > 190
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["license"] == "Apache-2.0"


def unit(name: str) -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_the_service_runs_a_real_presswash_crawl(tmp_path):
    service, timer = unit("presswash-crawl.service"), unit("presswash-crawl.timer")
    assert timer["Unit"] == "presswash-crawl.service" and timer["Persistent"] == "true"
    assert service["Type"] == "oneshot" and service["SuccessExitStatus"] == "75"
    argv = shlex.split(service["ExecStart"])
    assert argv[0].endswith("/bin/presswash") and argv[1] == "crawl"
    # the same arguments, given to this checkout's presswash: parsed, and refused only for the missing file
    proc = subprocess.run([sys.executable, "-m", "presswash.cli", *argv[1:]], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "/etc/presswash/sites.toml" in proc.stderr and "usage:" not in proc.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    for name in ("presswash-crawl.service", "presswash-crawl.timer"):
        text = (DEPLOY / "systemd" / name).read_text()
        # verify checks that ExecStart's program exists: point it at this environment's presswash
        (tmp_path / name).write_text(text.replace("/opt/presswash/venv/bin/presswash", str(PRESSWASH)))
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(tmp_path / n) for n in
                           ("presswash-crawl.service", "presswash-crawl.timer"))],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "presswash-crawl" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr  # no warning about ours


def test_the_airflow_dag_compiles_and_runs_presswash(tmp_path):
    dag = DEPLOY / "airflow" / "presswash_dag.py"
    py_compile.compile(str(dag), cfile=str(tmp_path / "dag.pyc"), doraise=True)
    calls = {kw.arg: kw.value for node in ast.walk(ast.parse(dag.read_text()))
             if isinstance(node, ast.Call) for kw in node.keywords}
    assert ast.literal_eval(calls["skip_on_exit_code"]) == 75 and ast.literal_eval(calls["max_active_runs"]) == 1
    try:
        import airflow  # noqa: F401
    except ImportError:
        return  # not installed here: compiled is as far as it goes
    from airflow.models import DagBag

    bag = DagBag(dag_folder=str(dag), include_examples=False)
    assert not bag.import_errors and set(bag.dags["presswash_crawl"].task_ids) == {"crawl", "validate"}


def dockerfile() -> list[tuple[str, str]]:
    return [tuple(line.split(None, 1)) for line in (REPO / "Dockerfile").read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def test_the_dockerfile_installs_the_package_and_runs_the_demo():
    steps = dockerfile()
    assert steps[0][0] == "FROM" and steps[0][1].startswith("python:3.11")
    for op, arg in steps:
        if op == "COPY":
            *sources, _ = arg.split()
            assert all((REPO / s).exists() for s in sources), arg  # the build context has what it copies
    assert any(op == "RUN" and "pip install" in arg and " ." in arg for op, arg in steps)
    assert ("CMD", '["presswash", "demo", "--data-dir", "/data"]') in steps
    packages = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    copied = {arg.split()[0] for op, arg in steps if op == "COPY"}
    assert {p.rstrip("*") for p in packages["include"]} <= copied  # every package of the wheel is copied


def _docker_can_build() -> bool:
    """A daemon, and the base image at hand (no registry but PyPI's and Debian's is reachable here)."""
    if shutil.which("docker") is None:
        return False
    base = dockerfile()[0][1]
    return subprocess.run(["docker", "image", "inspect", base], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not _docker_can_build(), reason="no Docker daemon, or no python:3.11-slim image, on this machine")
def test_the_image_builds_and_its_demo_writes_articles():
    tag = "presswash-test:latest"
    subprocess.run(["docker", "build", "-t", tag, str(REPO)], check=True, timeout=900)
    proc = subprocess.run(["docker", "run", "--rm", tag], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "articles written  9" in proc.stdout, proc.stderr[-3000:]

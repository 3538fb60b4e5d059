"""Parquet is an optional extra: without pyarrow, --format parquet is one clear line, exit 2."""

import importlib.util

from presswash import settings_check
from presswash.cli import main


def test_parquet_without_pyarrow_says_which_extra(monkeypatch, tmp_path, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    assert settings_check.format_problem("jsonl") is None
    assert "presswash[parquet]" in settings_check.format_problem("parquet")
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "one"\nbase_url = "http://127.0.0.1:9/"\n')
    assert main(["crawl", "--sites", str(sites), "--data-dir", str(tmp_path / "data"), "--format", "parquet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["presswash crawl: --format parquet needs pyarrow: pip install 'presswash[parquet]'"]


def test_parquet_with_pyarrow_is_no_problem():
    assert settings_check.format_problem("parquet") is None

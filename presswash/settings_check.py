"""`presswash crawl -s NAME=VALUE`: a name that is neither a Scrapy setting nor one of presswash's
is most often a typo, which Scrapy itself would ignore in silence. Warn, and pass it on (an
extension of the user's own may read it)."""

from __future__ import annotations

import difflib


def known_settings() -> set[str]:
    import scrapy.settings.default_settings as scrapy_defaults

    import scraper.settings as presswash_settings

    return {n for module in (scrapy_defaults, presswash_settings) for n in dir(module) if n.isupper()}


def unknown_setting_warnings(names: list[str]) -> list[str]:
    known = known_settings()
    warnings = []
    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"-s {name}: not a Scrapy or presswash setting{hint}; passed on, but nothing may read it")
    return warnings


def data_dir_problem(path) -> str | None:
    """Why --data-dir cannot serve, in one line; None when it can (it is created if missing)."""
    from pathlib import Path

    path = Path(path)
    if path.exists() and not path.is_dir():
        return f"--data-dir {path}: not a folder"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"--data-dir {path}: cannot be created: {exc.strerror or exc}"
    return None


def format_problem(part_format: str) -> str | None:
    """Why --format cannot serve, in one line: Parquet needs the `parquet` extra (pyarrow)."""
    import importlib.util

    if part_format == "parquet" and importlib.util.find_spec("pyarrow") is None:
        return "--format parquet needs pyarrow: pip install 'presswash[parquet]'"
    return None

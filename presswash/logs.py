"""Logging flags of `presswash crawl` and `presswash demo`, for terminals and schedulers alike:

    --quiet              errors only, and no summary on standard output (the exit code and the
                         manifest say how it went)
    --log-level LEVEL    DEBUG, INFO, WARNING (default), ERROR
    --log-file FILE      append the log there instead of standard error
    --log-format json    one JSON object per line: time (UTC), level, logger, message[, exc]

presswash installs the one root handler itself (Scrapy's is turned off with
LOG_INSTALL_ROOT_HANDLER), so Scrapy's, Twisted's and presswash's records all get the same form.
Below DEBUG an error's traceback is cut to its last line: a site that is down is one line
saying what and where ("Connection was refused ... <GET http://...>"), not seventy.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PROGRESS_LOGGER = "presswash.progress"  # presswash/crawl_progress.py
TEXT_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"  # Scrapy's own default


def _one_line(exc_info) -> str:
    kind, value = exc_info[0], exc_info[1]
    return f"{kind.__name__}: {value}" if kind else ""


class TextFormatter(logging.Formatter):
    def __init__(self, tracebacks: bool):
        super().__init__(TEXT_FORMAT)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks or not record.exc_info:
            return super().format(record)
        short = logging.makeLogRecord(record.__dict__)  # the record itself goes on to other handlers
        short.exc_info, short.exc_text = None, None
        return f"{super().format(short)} ({_one_line(record.exc_info)})"


class JsonFormatter(logging.Formatter):
    def __init__(self, tracebacks: bool):
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info) if self.tracebacks else _one_line(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _LevelOrProgress(logging.Filter):
    """The level asked for, and the crawl's periodic progress lines (INFO) unless --quiet: a
    scheduled run's log says how far it got without the whole of Scrapy's INFO."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            return True
        return record.name == PROGRESS_LOGGER and self.level <= logging.WARNING


def add_arguments(parser) -> None:
    group = parser.add_argument_group("logging")
    group.add_argument("--quiet", "-q", action="store_true", help="errors only, no summary")
    group.add_argument("--log-level", choices=LEVELS, type=str.upper, help="default WARNING (INFO with --verbose)")
    group.add_argument("--log-file", help="append the log to this file instead of standard error")
    group.add_argument("--log-format", choices=("text", "json"), default="text", help="json: one object per line")
    group.add_argument("--verbose", action="store_true", help="show Scrapy's log (--log-level INFO)")


def adopt_scrapy_flags(args, pairs: list[str]) -> None:
    """`-s LOG_LEVEL=DEBUG` and `-s LOG_FILE=x`, as Scrapy users type them, mean the flags."""
    given = dict(p.partition("=")[::2] for p in pairs)
    if args.log_level is None and given.get("LOG_LEVEL", "").upper() in LEVELS:
        args.log_level = given["LOG_LEVEL"].upper()
    if args.log_file is None and given.get("LOG_FILE"):
        args.log_file = given["LOG_FILE"]


def level_of(args) -> str:
    if args.quiet:
        return "ERROR"
    return args.log_level or ("INFO" if args.verbose else "WARNING")


def configure(args) -> dict:
    """Install the root handler the flags ask for; returns the Scrapy settings that go with it.
    Raises OSError when the log file cannot be opened."""
    level = level_of(args)
    # mode "a": Scrapy's logging setup closes existing handlers once; a file handler in append mode reopens
    handler = (logging.FileHandler(args.log_file, mode="a", encoding="utf-8") if args.log_file
               else logging.StreamHandler())
    formatter = JsonFormatter if args.log_format == "json" else TextFormatter
    handler.setFormatter(formatter(tracebacks=level == "DEBUG"))
    handler.setLevel(logging.DEBUG)
    handler.addFilter(_LevelOrProgress(logging.getLevelName(level)))
    logging.root.addHandler(handler)
    logging.root.setLevel(logging.NOTSET)  # as Scrapy's own root handler would: the handler decides
    logging.getLogger(PROGRESS_LOGGER).setLevel(logging.INFO)
    return {"LOG_LEVEL": level, "LOG_INSTALL_ROOT_HANDLER": False}

"""What a run did, for people: the one-screen crawl summary (summary.py) and the HTML report
with plots and before/after views of articles (`presswash report`, build.py)."""

from .summary import crawl_summary

__all__ = ["crawl_summary"]

"""`presswash clean` writes the same bytes whichever way its pages were cleaned: in this process
(a small input, or --workers 1) or in forkserver workers."""

from helpers import FIXTURES

from cleaners.config import CleanerConfig
from cleaners.records import RawPage
from presswash.reclean import INLINE_PAGES, run_clean

FETCHED_AT = "2026-01-02T03:04:05Z"


def pages() -> list[tuple[RawPage, str | None]]:
    found = [(RawPage(url=f"https://news.example/{d.name}", body=(d / "page.html").read_bytes(),
                      headers=(("Content-Type", "text/html"),), fetched_at=FETCHED_AT), None)
             for d in sorted((FIXTURES / "golden").iterdir()) if (d / "page.html").exists()]
    found.append((found[0][0], None))  # the same page twice: a duplicate, whichever process sees it
    found.append((RawPage(url="https://news.example/gone", body=b"", status=404, fetched_at=FETCHED_AT), None))
    found.append((RawPage(url="https://news.example/file.pdf", body=b"%PDF-1.4",
                          headers=(("Content-Type", "application/pdf"),), fetched_at=FETCHED_AT), None))
    return found


def cleaned(tmp_path, name: str, workers: int, inline: int) -> tuple[bytes, bytes]:
    out, rejects = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.rejects.jsonl"
    run = run_clean(pages(), out, rejects, CleanerConfig(), workers=workers, inline=inline)
    assert run.pages == len(pages())
    return out.read_bytes(), rejects.read_bytes()


def test_output_bytes_do_not_depend_on_where_pages_were_cleaned(tmp_path):
    assert len(pages()) <= INLINE_PAGES  # so the default takes the in-process path
    in_process = cleaned(tmp_path, "inline", workers=2, inline=INLINE_PAGES)
    assert in_process[0].count(b"\n") >= 10 and b'"duplicate"' in in_process[1] and b"http_404" in in_process[1]
    assert cleaned(tmp_path, "one", workers=1, inline=0) == in_process
    assert cleaned(tmp_path, "workers", workers=2, inline=0) == in_process
    assert cleaned(tmp_path, "read-ahead", workers=2, inline=3) == in_process  # read ahead, then workers

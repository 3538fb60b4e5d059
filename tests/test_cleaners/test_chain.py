"""The whole chain: the seed golden page, determinism, and failure handling."""

import subprocess
import sys

from golden import compare, load_expected
from helpers import REPO, SEED

from cleaners import chain
from cleaners.chain import CHAIN_VERSION, ChainStats, clean
from cleaners.records import Article, Dropped, RawPage
from output.serialize import article_record, to_line


def seed_page() -> RawPage:
    return RawPage(url="file:///seed/page.html", body=(SEED / "page.html").read_bytes())


def test_seed_page_comes_out_exactly_as_expected(config):
    art = clean(seed_page(), config)
    assert isinstance(art, Article)
    assert compare(article_record(art, CHAIN_VERSION), load_expected(SEED / "expected.json")) == {}


def test_seed_audit_explains_every_removal(config):
    art = clean(seed_page(), config)
    reasons = [(r.step, r.reason) for r in art.removed]
    assert reasons.count(("strip_boilerplate", "emoji_banner")) == 2
    assert reasons.count(("strip_boilerplate", "link_line")) == 2
    assert reasons.count(("drop_duplicated_summaries", "recap_list")) == 4
    assert ("drop_duplicated_summaries", "repeats_title") in reasons
    assert ("drop_duplicated_summaries", "restates_lead") in reasons


_LINE = """
import sys
from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import RawPage
from output.serialize import article_record, to_line
page = RawPage(url="file:///seed/page.html", body=open(sys.argv[1], "rb").read())
sys.stdout.buffer.write(to_line(article_record(clean(page, CleanerConfig()), CHAIN_VERSION)))
"""


def test_same_page_same_bytes_across_processes_and_hash_seeds(config):
    here = to_line(article_record(clean(seed_page(), config), CHAIN_VERSION))
    outs = []
    for seed in ("0", "12345"):
        proc = subprocess.run([sys.executable, "-c", _LINE, str(SEED / "page.html")], capture_output=True, cwd=REPO,
                              env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True)
        outs.append(proc.stdout)
    assert outs == [here, here]


def test_a_failing_step_drops_the_page_with_the_error_and_does_not_raise(monkeypatch, config):
    def broken(article, config):
        raise RuntimeError("boom")

    monkeypatch.setattr(chain, "STEPS", (("broken_step", broken),))
    out = clean(seed_page(), config)
    assert isinstance(out, Dropped) and (out.step, out.reason) == ("broken_step", "error")
    assert "RuntimeError: boom" in out.detail


def test_stats_count_pages_drops_and_edits(config):
    stats = ChainStats()
    stats.add(clean(seed_page(), config))
    stats.add(clean(RawPage(url="file:///x.pdf", body=b"%PDF", headers=(("Content-Type", "application/pdf"),)), config))
    assert (stats.pages, stats.articles) == (2, 1)
    assert stats.dropped == {("extract", "not_html"): 1}
    assert stats.removed[("drop_duplicated_summaries", "recap_list")] == 4

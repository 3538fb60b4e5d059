"""The audit is bounded: a removed block is kept up to 200 characters, then its length and
digest; past 1,000 removed blocks one entry counts the rest by reason."""

import hashlib

from helpers import make_article

from cleaners.records import AUDIT_MAX_REMOVALS, AUDIT_MORE, audit_text


def test_short_blocks_are_kept_whole():
    assert audit_text("Share this story on Facebook") == "Share this story on Facebook"
    assert audit_text("x" * 200) == "x" * 200


def test_a_long_block_is_cut_with_its_length_and_digest():
    block = "Related: " + "another story about the council " * 400
    digest = hashlib.sha256(block.encode()).hexdigest()[:16]
    assert audit_text(block) == f"{block[:200]}… [{len(block)} characters, sha256:{digest}]"


def test_past_the_limit_one_entry_counts_the_rest_across_steps():
    article = make_article(*[f"link line {i}" for i in range(1500)])
    first = article.without({i: ("strip_boilerplate", "link_line") for i in range(0, 1500, 2)})  # 750
    second = first.without({i: ("drop_duplicated_summaries", "copy") for i in range(500)})  # 500 more
    third = second.without({i: ("strip_boilerplate", "trailing_box") for i in range(100)})  # 100 more
    assert len(third.removed) == AUDIT_MAX_REMOVALS
    assert [r.text for r in third.removed[:2]] == ["link line 0", "link line 2"]
    last = third.removed[-1]
    assert (last.step, last.reason) == AUDIT_MORE
    assert last.text == ("351 more blocks removed: 251 drop_duplicated_summaries/copy, "
                         "100 strip_boilerplate/trailing_box")
    assert len(third.blocks) == 1500 - 1350

"""The quality gate's comparison and --accept rules, on figures made here: no corpus is cleaned
and ../shared is not needed."""

import copy
import json
import sys
import threading
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import corpora  # noqa: E402
import quality_gate as gate  # noqa: E402
import removal_audit  # noqa: E402

BASELINE = json.loads((BENCH / "baseline.json").read_text("utf-8"))
GATED = [(c, f) for c in ("trafilatura-eval", "htmldate-eval", "readability") for f in gate.SCORES]


def figures():
    return copy.deepcopy(BASELINE["figures"])


def failing(rows):
    return [(r["corpus"], r["figure"]) for r in rows if r["verdict"] == "FAIL"]


def test_the_true_baseline_passes():
    rows, verdict = gate.compare(BASELINE["figures"], figures())
    assert verdict == "pass"
    assert {r["verdict"] for r in rows} == {"ok"}
    assert gate.lowered(BASELINE["figures"], figures()) == []


@pytest.mark.parametrize("corpus,figure", GATED)
def test_a_baseline_figure_raised_by_a_hundredth_fails(corpus, figure):
    raised = figures()
    raised[corpus][figure] = round(raised[corpus][figure] + 0.01, 4)
    rows, verdict = gate.compare(raised, figures())
    assert verdict == "FAIL"
    assert failing(rows) == [(corpus, figure)]


def test_a_fall_of_exactly_the_tolerance_passes_but_counts_as_lower():
    now = figures()
    now["trafilatura-eval"]["f1"] = round(now["trafilatura-eval"]["f1"] - 0.001, 4)
    rows, verdict = gate.compare(BASELINE["figures"], now)
    assert verdict == "pass"
    assert [r["verdict"] for r in rows if r["figure"] == "f1" and r["corpus"] == "trafilatura-eval"] == ["lower"]
    assert gate.lowered(BASELINE["figures"], now) != []


def test_accuracy_is_shown_not_gated():
    now = figures()
    now["trafilatura-eval"]["accuracy"] -= 0.05
    assert gate.compare(BASELINE["figures"], now)[1] == "pass"


def test_more_refused_pages_fail_and_fewer_are_better():
    now = figures()
    now["htmldate-eval"]["refused"] += 1
    rows, verdict = gate.compare(BASELINE["figures"], now)
    assert verdict == "FAIL" and failing(rows) == [("htmldate-eval", "refused")]
    now["htmldate-eval"]["refused"] -= 2
    rows, verdict = gate.compare(BASELINE["figures"], now)
    assert verdict == "pass"
    assert [r["verdict"] for r in rows if r["figure"] == "refused" and r["corpus"] == "htmldate-eval"] == ["better"]


def golden_figures(exact_names, not_exact):
    return {"exact": len(exact_names), "total": len(exact_names) + len(not_exact), "not_exact": sorted(not_exact)}


def test_a_golden_going_non_exact_fails():
    before = {"goldens": golden_figures(["a", "b", "c"], ["d"])}
    rows, verdict = gate.compare(before, {"goldens": golden_figures(["a", "b"], ["c", "d"])})
    assert verdict == "FAIL"
    assert set(failing(rows)) == {("goldens", "exact"), ("goldens", "golden c")}


def test_a_golden_swap_fails_though_the_count_holds():
    before = {"goldens": golden_figures(["a", "b", "c"], ["d"])}
    rows, verdict = gate.compare(before, {"goldens": golden_figures(["a", "b", "d"], ["c"])})
    assert verdict == "FAIL"
    assert failing(rows) == [("goldens", "golden c")]


def test_a_corpus_gone_from_the_run_fails():
    now = figures()
    del now["readability"]
    assert gate.compare(BASELINE["figures"], now)[1] == "FAIL"


def write_run(tmp_path, figs):
    run = tmp_path / "figures.json"
    run.write_text(json.dumps({"figures": figs, "removals": {}, "chain_version": "test"}), "utf-8")
    return run


def tmp_baseline(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(BASELINE), "utf-8")
    return path


def lower_run(tmp_path):
    now = figures()
    now["readability"]["recall"] = round(now["readability"]["recall"] - 0.02, 4)
    return write_run(tmp_path, now)


def test_accept_refuses_to_lower_a_figure_without_a_reason(tmp_path, capsys):
    base = tmp_baseline(tmp_path)
    before = base.read_text("utf-8")
    assert gate.main(["--figures", str(lower_run(tmp_path)), "--baseline", str(base), "--accept"]) == 2
    assert "readability recall" in capsys.readouterr().err
    assert base.read_text("utf-8") == before


def test_accept_lower_writes_the_reason_into_the_history(tmp_path):
    base = tmp_baseline(tmp_path)
    rc = gate.main(["--figures", str(lower_run(tmp_path)), "--baseline", str(base), "--accept",
                    "--accept-lower", "readability pages now keep their comments, on purpose"])
    assert rc == 0
    written = json.loads(base.read_text("utf-8"))
    entry = written["history"][-1]
    assert entry["reason"] == "readability pages now keep their comments, on purpose"
    assert entry["chain_version"] == "test"
    before = BASELINE["figures"]["readability"]["recall"]
    assert entry["changed"]["readability recall"] == [before, round(before - 0.02, 4)]
    assert written["figures"]["readability"]["recall"] == round(before - 0.02, 4)
    assert len(written["history"]) == len(BASELINE["history"]) + 1


def test_the_gate_fails_on_a_lower_run_and_passes_on_the_same(tmp_path):
    base = tmp_baseline(tmp_path)
    assert gate.main(["--figures", str(lower_run(tmp_path)), "--baseline", str(base)]) == 1
    assert gate.main(["--figures", str(write_run(tmp_path, figures())), "--baseline", str(base)]) == 0


def test_missing_data_skips_only_when_asked(tmp_path, capsys):
    nowhere = str(tmp_path / "no-shared")
    assert gate.main(["--shared", nowhere, "--skip-missing"]) == 0
    assert "quality gate skipped:" in capsys.readouterr().out
    assert gate.main(["--shared", nowhere]) == 2


def test_readability_pages_sharing_a_url_get_made_up_ones():
    truth = {"b": {"url": "http://fakehost/test/page.html"}, "a": {"url": "http://fakehost/test/page.html"},
             "c": {"url": ""}, "d": {"url": "https://real.example/d"}}
    assert corpora.readability_urls(truth) == {
        "a": corpora.MADE_UP_HOST + "a", "b": corpora.MADE_UP_HOST + "b", "c": corpora.MADE_UP_HOST + "c",
        "d": "https://real.example/d"}


def test_jobs_never_keep_more_than_the_budget_busy():
    busy, peak, lock = [0], [0], threading.Lock()

    def work(slots):
        def run():
            with lock:
                busy[0] += slots
                peak[0] = max(peak[0], busy[0])
            time.sleep(0.02)
            with lock:
                busy[0] -= slots
            return slots
        return run

    jobs = [corpora.Job("a", work(1)), corpora.Job("b", work(2), 2, ("a",)), corpora.Job("c", work(1)),
            corpora.Job("d", work(1), 1, ("b",)), corpora.Job("e", work(1))]
    results, seconds = corpora.run_jobs(jobs, budget=2)
    assert results == {"a": 1, "b": 2, "c": 1, "d": 1, "e": 1}
    assert peak[0] == 2 and set(seconds) == set(results)


def test_removal_hits_follow_each_corpus_rule():
    te = removal_audit.te_judge({"with": ["the  whole\nsentence here"], "without": ["Share this"]})
    assert te("Before. The whole sentence here. After") == (False, False)  # case counts, as in snippet_eval
    assert te("x the whole sentence here y") == (True, False)
    assert te("whole") == (False, False)  # too short to say it came from the snippet
    assert te("Share this") == (False, True)
    rd = removal_audit.rd_judge("one two three four five six seven eight")
    assert rd("three four five") == (True, False)
    assert rd("two three") == (False, False)  # under three tokens
    assert rd("four five six seven eight nine") == (True, False)  # 2 of its 3 shingles
    assert rd("five six seven eight nine ten") == (False, False)  # 1 of 3
    gold = removal_audit.golden_judge(["A real paragraph of the article."], lambda p: " ".join(p.split()))
    assert gold("A real paragraph of the article.")[0] and gold("real paragraph of")[0]
    assert not gold("real")[0] and gold("Box: A real paragraph of the article. More")[0]


def test_a_removed_snippet_still_in_the_record_is_kept_not_lost():
    te = removal_audit.te_judge({"with": ["How hospitals use AI", "Follow the money"], "without": []})
    box = "If you enjoyed our roundup How hospitals use AI, subscribe to our channel."
    rows = removal_audit.tally([("u", {"text": "Intro. How hospitals use AI today.", "title": "",
                                        "audit": {"removed": [{"step": "s", "reason": "r", "text": box}]}}, te)])
    assert rows["s/r"]["hits"] == 1 and rows["s/r"]["kept"] == 1  # the headline phrase is still in the text
    rows = removal_audit.tally([("u", {"text": "Intro.", "title": "",
                                        "audit": {"removed": [{"step": "s", "reason": "r", "text": box}]}}, te)])
    assert rows["s/r"]["kept"] == 0  # gone from the record: lost


def test_a_date_line_of_the_records_own_day_is_kept_in_published():
    te = removal_audit.te_judge({"with": ["Veröffentlicht am 16.08.2019"], "without": []})
    removal = {"step": "strip_boilerplate", "reason": "date_line", "text": "Veröffentlicht am 16.08.2019"}
    for published, kept in (("2019-08-16", 1), ("2019-08-17", 0)):
        rows = removal_audit.tally([("u", {"text": "Story.", "title": "", "published": published,
                                            "audit": {"removed": [removal]}}, te)])
        assert rows["strip_boilerplate/date_line"]["kept"] == kept

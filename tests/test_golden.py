"""Every golden page scored against its expected article; no page may fall below the figures
recorded in tests/fixtures/golden/baseline.json (re-record with bench/golden_pages.py --record
after an improvement, never to hide a regression)."""

import json

import golden_pages  # bench/golden_pages.py, on the path via conftest
import pytest
from golden import BASELINE, goldens

BASE = json.loads(BASELINE.read_text("utf-8"))
PAGES = {g.name: g for g in goldens()}


def test_every_golden_page_has_a_baseline():
    assert sorted(PAGES) == sorted(BASE)
    assert len([n for n in PAGES if not n.startswith(("demo-", "seed"))]) >= 12


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_regression(name, config):
    current = golden_pages.run(PAGES[name], config)
    assert golden_pages.regressions({name: current}, {name: BASE[name]}) == []


def test_negative_controls_lose_nothing(config):
    for name in golden_pages.NEGATIVE_CONTROLS:
        assert golden_pages.run(PAGES[name], config)["dropped_expected"] == 0, name

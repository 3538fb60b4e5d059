"""Service boxes of table layouts go before or after the story; lines of their shape inside it stay."""

import pytest

from cleaners.records import Block
from cleaners.service_boxes import line_kind, service_box_indexes

PROSE = ("The regional court in Karaganda ruled on Tuesday that the factory must pay compensation to the "
         "families of the two workers who died in the fire, ending a case that had lasted four years.")


@pytest.mark.parametrize("text,kind", [
    ("Fire service - 101", "emergency"),
    ("Полиция – 102", "emergency"),
    ("Selling a two-room flat on Toraigyrov street, 48 m2. Tel. 8 701 555 12 34", "classified"),
    ("Продам гараж у центрального рынка, тел. +7 777 210 45 67", "classified"),
    ("08:40 New school for 1,200 pupils opens in Ekibastuz", "ticker"),
    ("Today +18, cloudy, wind 5 m/s", "weather"),
    ("USD 471.20 EUR 503.15 RUB 4.85", "rates"),
])
def test_line_shapes(text, kind):
    assert line_kind(Block(text)) == kind


@pytest.mark.parametrize("text", [
    "For questions residents can call the city transport hotline on 8 7182 55 10 20.",  # no ad: a service line
    "14:10 Police closed Abay avenue after the collapse, the city said.",  # a live blog's entry: a sentence
    "Routes 1-7 and 21 run again from Tuesday",
    "The thermometer showed +18 at noon, the warmest day of the month, forecasters said on Monday evening.",
])
def test_lines_of_the_story_have_no_box_shape(text):
    assert line_kind(Block(text)) is None


def _page(*middle, before=(), after=()):
    return tuple(Block(t) for t in (*before, PROSE, *middle, PROSE.replace("Tuesday", "Monday"), *after))


def test_a_box_after_the_story_goes_with_its_label():
    blocks = _page(after=("Emergency numbers", "Fire service - 101", "Police - 102", "Ambulance - 103"))
    assert service_box_indexes(blocks) == [2, 3, 4, 5]


def test_the_same_lines_between_two_paragraphs_stay():
    blocks = _page("The numbers to call during the works:", "Road service - 1414", "Bus dispatcher - 1401",
                   "Bridge operator - 1440")
    assert service_box_indexes(blocks) == []


def test_runs_too_short_stay():
    blocks = _page(after=("Ambulance - 103", "Selling a garage near the market. Tel. 8 777 210 45 67"))
    assert service_box_indexes(blocks) == []


def test_weather_goes_only_under_its_label_and_not_on_a_weather_story():
    after = ("Weather", "Today +18, cloudy", "Tomorrow +15, rain")
    assert service_box_indexes(_page(after=after)) == [2, 3, 4]
    assert service_box_indexes(_page(after=after[1:])) == []  # no label: a forecast may be the story's
    assert service_box_indexes(_page(after=after), title="Weather turns cold in Almaty") == []


def test_a_ticker_before_the_story_goes():
    before = ("News feed", "08:40 New school opens in Ekibastuz", "08:05 Harvest reaches 60 percent",
              "07:30 Heating season to start on 1 October")
    assert service_box_indexes(_page(before=before)) == [0, 1, 2, 3]


def test_no_story_no_removal():
    blocks = tuple(Block(t) for t in ("Fire service - 101", "Police - 102", "Ambulance - 103"))
    assert service_box_indexes(blocks) == []

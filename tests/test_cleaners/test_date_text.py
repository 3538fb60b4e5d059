import pytest

from cleaners import date_text


@pytest.mark.parametrize("text,iso", [
    ("Posted on March 14, 2024 by Aigerim", "2024-03-14"),
    ("Thu 14 Mar 2024, 10:00", "2024-03-14"),
    ("Sept. 3, 2019", "2019-09-03"),
    ("14 марта 2024 г., 12:30", "2024-03-14"),
    ("2024 жылғы 14 наурыз", "2024-03-14"),
    ("Обновлено 14.03.2024", "2024-03-14"),
    ("1. November 2021, Anna Berger", "2021-11-01"),
    ("Mittwoch, 01. November 2023", "2023-11-01"),
    ("am 9. Juni 2017 um 13:22", "2017-06-09"),
    ("Wien, 3. Jänner 2020", "2020-01-03"),
    ("01. 11. 2023", "2023-11-01"),
    ("Publié le 1er mars 2020", "2020-03-01"),
    ("lun. 5 août 2019", "2019-08-05"),
    ("14 de marzo de 2024", "2024-03-14"),
    ("3 maggio 2019", "2019-05-03"),
    ("12 mei 2021", "2021-05-12"),
    ("5 maja 2022", "2022-05-05"),
    ("12 de setembro de 2018", "2018-09-12"),
])
def test_written_dates(text, iso):
    assert date_text.written_date(text) == iso


@pytest.mark.parametrize("text", [
    "31 February 2024",  # no such day
    "Call 2024 3 14 now",
    "Artikelnummer 2021-1345",
    "Version 12.2024 of the manual",
    "Sold out 2020",  # Portuguese "out" (outubro) is left out: an English word
    "Room 14 Mai 20",  # a two-digit number is no year
])
def test_not_dates(text):
    assert date_text.written_date(text) is None


def test_the_earliest_date_in_a_text_wins():
    assert date_text.written_date("Updated 14.03.2024, first published March 1, 2024") == "2024-03-14"
    assert date_text.written_date("First published March 1, 2024; updated 14.03.2024") == "2024-03-01"


def test_month_names_come_from_the_data_file_and_ambiguous_ones_are_dropped():
    names = date_text.month_names()
    assert names["november"] == 11 and names["märz"] == 3 and names["août"] == 8 and names["наурыз"] == 3
    assert "out" not in names and "set" not in names


@pytest.mark.parametrize("raw,iso", [
    ("2024-03-14T09:12:00+05:00", "2024-03-14T09:12:00+05:00"),
    ("2024-03-14T04:12:00.000Z", "2024-03-14T04:12:00Z"),
    ("2024-03-14T04:12:00+0000", "2024-03-14T04:12:00Z"),
    ("2024-03-14 09:12", "2024-03-14T09:12:00"),
    ("2024-03-14", "2024-03-14"),
    ("2024-02-30", None),
    ("14.03.2024", None),
    ("", None),
])
def test_machine_stamps(raw, iso):
    assert date_text.parse_date(raw) == iso

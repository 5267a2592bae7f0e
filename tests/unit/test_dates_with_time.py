"""Dates written with a time: the day is read, the time dropped (a gift's date is its day, as the file wrote it)."""

from datetime import date

import pytest

from donor_import.domain.values import AmbiguousDate, DateOrder, numeric_date_order, parse_date

MAY_11 = date(2019, 5, 11)


@pytest.mark.parametrize("text", [
    # GiveWP's export, and written months with a time in other orders
    "May 11, 2019 11:21 AM", "May 11, 2019 11:21 pm", "May 11, 2019, 11:21 a.m.", "May 11, 2019 at 11:21",
    "May 11, 2019 @ 11:21 am", "Saturday, May 11, 2019 11:21:05 AM", "11 May 2019 23:21", "11 May 2019, 23:21:59",
    "11. Mai 2019 23:21", "11-May-19 11:21",
    # ISO with a time and a zone
    "2019-05-11T11:21:00Z", "2019-05-11T11:21:00+02:00", "2019-05-11T11:21:00-0500", "2019-05-11T11:21",
    "2019-05-11 11:21:00.123", "2019-05-11 11:21:00.123456+00:00", "2019-05-11 11:21:00 UTC",
    "2019-05-11 11:21:00 +0200",
    # numeric days with a time
    "11.05.2019 23:21", "11/05/2019 23:21:00",
])
def test_a_date_with_a_time_is_its_day(text):
    assert parse_date(text, DateOrder.DAY_FIRST) == MAY_11


def test_a_time_late_in_a_western_zone_keeps_the_day_the_file_wrote():
    assert parse_date("2019-05-11T23:30:00-05:00") == MAY_11


def test_a_month_first_column_with_times_follows_its_order():
    assert parse_date("05/11/2019 11:21 AM", DateOrder.MONTH_FIRST) == MAY_11
    assert numeric_date_order("05/13/2019 11:21 AM") is DateOrder.MONTH_FIRST


def test_an_ambiguous_date_with_a_time_is_still_ambiguous_and_named_whole():
    with pytest.raises(AmbiguousDate, match="'05/11/2019 11:21 AM' is ambiguous"):
        parse_date("05/11/2019 11:21 AM")


@pytest.mark.parametrize("text", [
    "May 11, 2019 25:00", "May 11, 2019 11:61", "May 11, 2019 11:21 banana", "11:21", "T11:21",
    "May 11, 2019 11:21 AM extra", "2019-05-11X11:21",
])
def test_a_time_that_is_not_a_time_is_not_a_date(text):
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert not isinstance(raised.value, AmbiguousDate)


def test_an_impossible_day_with_a_time_is_named_with_its_time():
    with pytest.raises(ValueError, match="'May 41, 2019 11:21 AM' is not a real date"):
        parse_date("May 41, 2019 11:21 AM")

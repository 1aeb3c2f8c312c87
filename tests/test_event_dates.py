"""Date expressions resolved against the publication date (Wednesday 7 October 2015, Tehran)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from didban.events.dates import TEHRAN, find_dates

PUB = datetime(2015, 10, 7, 12, 0, tzinfo=TEHRAN)  # a Wednesday; 15 مهر 1394

CASES = [
    ("۱۴ شهریور ۱۴۰۴", date(2025, 9, 5), False),
    ("۲۱ شهریورماه", date(2015, 9, 12), False),  # the year from publication (1394)
    ("۲۱ شهریور ماه", date(2015, 9, 12), False),
    ("۱۲ سپتامبر ۲۰۲۵", date(2025, 9, 12), False),
    ("2025-09-12", date(2025, 9, 12), False),
    ("۱۴۰۴/۰۶/۱۴", date(2025, 9, 5), False),
    ("روز جمعه", date(2015, 10, 2), False),  # the latest Friday on or before publication
    ("روز چهارشنبه", date(2015, 10, 7), False),  # publication day itself
    ("سه‌شنبه گذشته", date(2015, 10, 6), False),
    ("جمعه آینده", date(2015, 10, 9), False),
    ("امروز", date(2015, 10, 7), False),
    ("دیروز", date(2015, 10, 6), False),
    ("پریروز", date(2015, 10, 5), False),
    ("فردا", date(2015, 10, 8), False),
    ("هفته گذشته", date(2015, 9, 30), True),
    ("ماه آینده", date(2015, 11, 6), True),
    ("امسال", date(2015, 10, 7), True),
]


@pytest.mark.parametrize(("text", "expected", "approximate"), CASES)
def test_resolves(text: str, expected: date, approximate: bool) -> None:
    (found,) = find_dates(text, published=PUB)
    assert found.date == expected
    assert found.approximate is approximate


@pytest.mark.parametrize("text", ["۳۵ اسفند ۱۴۰۳", "۳۱ اسفند ۱۴۰۳", "۳۰ اسفند ۱۴۰۲", "۳۱ فوریه ۲۰۲۵", "1404/13/01"])
def test_impossible_dates_give_none(text: str) -> None:
    found = find_dates(text, published=PUB)
    assert all(d.date is None for d in found)


def test_leap_esfand_30_exists() -> None:
    (found,) = find_dates("۳۰ اسفند ۱۴۰۳", published=PUB)
    assert found.date == date(2025, 3, 20)


@pytest.mark.parametrize("text", ["امروز", "روز جمعه", "۲۱ شهریورماه", "هفته گذشته"])
def test_relative_without_publication_is_unresolved(text: str) -> None:
    (found,) = find_dates(text, published=None)
    assert found.date is None


def test_absolute_dates_need_no_publication() -> None:
    (found,) = find_dates("۱۴ شهریور ۱۴۰۴", published=None)
    assert found.date == date(2025, 9, 5)


def test_three_calendars_in_one_text() -> None:
    text = "این نشست در ۱۴ شهریور ۱۴۰۴ برابر با ۵ سپتامبر ۲۰۲۵ و دیروز برگزار شد؛ تاریخ سند 2025-09-12 است."
    found = find_dates(text, published=PUB)
    assert [d.kind for d in found] == ["jalali", "gregorian", "relative", "numeric"]
    assert [d.date for d in found] == [date(2025, 9, 5), date(2025, 9, 5), date(2015, 10, 6), date(2025, 9, 12)]
    for d in found:
        assert text[d.start : d.end].strip()


@pytest.mark.parametrize("text", ["امروزه", "یک شنبه بازار", "۱۲ نفر", "سال ۱۳۹۴", "میدان شنبه", ""])
def test_not_dates(text: str) -> None:
    assert [d.date for d in find_dates(text, published=PUB)] == []


def test_long_text_is_linear() -> None:
    text = ("۱۲ " * 20000) + "۱/"
    assert find_dates(text, published=PUB) == []

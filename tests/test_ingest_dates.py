"""Publication dates as Persian sites, feeds and exports write them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from didban.ingest import parse_published
from didban.ingest.dates import TEHRAN, to_gregorian


def tehran(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=TEHRAN)


CASES = [
    # Jalali, month names, Persian digits — as Iranian news sites print them
    ("۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶", tehran(2025, 9, 5, 12, 56)),
    ("جمعه ۱۴ شهریور ۱۴۰۴", tehran(2025, 9, 5)),
    ("جمعه ۱۴ شهریور ۱۴۰۴ ساعت ۱۲:۵۶", tehran(2025, 9, 5, 12, 56)),
    ("سه‌شنبه ۱۸ شهریورماه ۱۴۰۴ - ۰۸:۴۵", tehran(2025, 9, 9, 8, 45)),
    ("۱۸ شهریور ماه ۱۴۰۴", tehran(2025, 9, 9)),
    ("تاریخ انتشار: ۱۵ شهریور ۱۴۰۴ - ۰۹:۳۰", tehran(2025, 9, 6, 9, 30)),
    ("۱۲ ارديبهشت ۱۴۰۳", tehran(2024, 5, 1)),  # Arabic yeh
    ("۱۲ اردیبهشت ۱۴۰۳", tehran(2024, 5, 1)),
    ("۱ فروردین ۱۴۰۴", tehran(2025, 3, 21)),
    ("۲۹ اسفند ۱۴۰۳", tehran(2025, 3, 19)),
    ("۳۰ اسفند ۱۴۰۳", tehran(2025, 3, 20)),  # 1403 is a leap year
    ("۱ آذر ۱۴۰۲", tehran(2023, 11, 22)),
    ("۱ اذر ۱۴۰۲", tehran(2023, 11, 22)),  # without the madda
    ("۱۰ دی ۱۳۹۹", tehran(2020, 12, 30)),
    ("۱۰ دي ۱۳۹۹ ۴:۳۰ ب.ظ", tehran(2020, 12, 30, 16, 30)),
    ("۵ مرداد ۱۴۰۴", tehran(2025, 7, 27)),
    ("۵ امرداد ۱۴۰۴", tehran(2025, 7, 27)),
    ("١٤ شهريور ١٤٠٤", tehran(2025, 9, 5)),  # Arabic-Indic digits and Arabic letters
    # Jalali, numeric
    ("۱۴۰۴/۰۶/۱۴ ۱۲:۵۶", tehran(2025, 9, 5, 12, 56)),
    ("1404/06/14 - 12:56", tehran(2025, 9, 5, 12, 56)),
    ("1404-06-14", tehran(2025, 9, 5)),
    ("1404.6.14", tehran(2025, 9, 5)),
    ("14/06/1404", tehran(2025, 9, 5)),
    ("۱۲:۵۶ - ۱۴۰۴/۰۶/۱۴", tehran(2025, 9, 5, 12, 56)),
    ("1404-06-14T12:56:00", tehran(2025, 9, 5, 12, 56)),
    ("1404-06-14T12:56:00+03:30", tehran(2025, 9, 5, 12, 56)),
    # Gregorian, ISO 8601
    ("2025-09-05", tehran(2025, 9, 5)),
    ("2025-09-05T12:56:00+03:30", tehran(2025, 9, 5, 12, 56)),
    ("2025-09-05T12:56:00+0330", tehran(2025, 9, 5, 12, 56)),
    ("2025-09-05T09:26:00Z", datetime(2025, 9, 5, 9, 26, tzinfo=UTC)),
    ("2025-09-05 12:56", tehran(2025, 9, 5, 12, 56)),
    ("2025-09-05T12:56:07.123+03:30", tehran(2025, 9, 5, 12, 56, 7, 123000)),
    ("۲۰۲۵-۰۹-۰۵", tehran(2025, 9, 5)),
    # RFC 822, as in RSS
    ("Fri, 05 Sep 2025 09:26:00 GMT", datetime(2025, 9, 5, 9, 26, tzinfo=UTC)),
    ("Fri, 05 Sep 2025 09:26:00 +0000", datetime(2025, 9, 5, 9, 26, tzinfo=UTC)),
    ("Fri, 05 Sep 2025 12:56:00 +0330", tehran(2025, 9, 5, 12, 56)),
    ("Fri, 5 Sep 2025 12:00 -0500", datetime(2025, 9, 5, 12, tzinfo=timezone(timedelta(hours=-5)))),
    ("Fri, 05 Sep 2025 12:56:00", tehran(2025, 9, 5, 12, 56)),  # no zone: Tehran
    # Gregorian with month names, Persian and English
    ("۵ سپتامبر ۲۰۲۵", tehran(2025, 9, 5)),
    ("۱ ژانویه ۲۰۲۴", tehran(2024, 1, 1)),
    ("5 September 2025", tehran(2025, 9, 5)),
    ("September 5, 2025 3:30 pm", tehran(2025, 9, 5, 15, 30)),
    ("05.09.2025", tehran(2025, 9, 5)),
    # Summer time before Iran abolished it in 2022: +04:30
    ("1399-05-01 10:00", datetime(2020, 7, 22, 10, 0, tzinfo=timezone(timedelta(hours=4, minutes=30)))),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_published(text: str, expected: datetime) -> None:
    parsed = parse_published(text)
    assert parsed is not None
    assert parsed.tzinfo is not None
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "به زودی",
        "۱۴ شهریور",  # no year
        "۳۰ اسفند ۱۴۰۴",  # 1404 is not a leap year
        "1404/13/01",
        "2025-02-30",
        "کد خبر: ۸۴۵۲۱",
        "12/06/25",  # two-digit year: ambiguous
    ],
)
def test_not_a_date(text: str | None) -> None:
    assert parse_published(text) is None


def test_to_gregorian_leaves_gregorian_alone() -> None:
    assert to_gregorian(2025, 9, 5) == (2025, 9, 5)
    assert to_gregorian(1404, 6, 14) == (2025, 9, 5)


@given(st.text(max_size=80))
def test_never_raises_and_is_always_aware(text: str) -> None:
    parsed = parse_published(text)
    assert parsed is None or parsed.tzinfo is not None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_jalali_written_dates_round_trip(day: date) -> None:
    j = jdatetime.date.fromgregorian(date=day)
    persian = f"{j.day} {JALALI_MONTH_NAMES[j.month - 1]} {j.year}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    parsed = parse_published(persian)
    assert parsed is not None and parsed.date() == day
    assert parse_published(f"{j.year}/{j.month:02d}/{j.day:02d}") == parsed


JALALI_MONTH_NAMES = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]

"""Publication dates as Persian news sites, feeds and data files write them → aware ``datetime``.

Accepted: ISO 8601, RFC 822 (feeds), numeric ``Y/M/D`` or ``D/M/Y`` dates and dates with a month name
(«۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶», «شنبه ۱۴ شهریور ۱۴۰۴», "5 September 2025", «۵ سپتامبر ۲۰۲۵»), in Persian,
Arabic-Indic or Latin digits. A year below 1700 is a Jalali (Solar Hijri) year. Without a zone the time
is Tehran time (``Asia/Tehran``), which is what Iranian sites print.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")
JALALI_BEFORE = 1700  # years below this are Jalali; Gregorian news dates are all far above it

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Arabic letter forms and Persian typography that vary between sites, folded for month-name lookup.
# Deleted: ZWNJ, ZWJ, tatweel and the short-vowel marks.
_LETTERS = str.maketrans(
    "يىكآأإۀة", "ییکاااهه", "\u200c\u200d\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654"
)


def _fold(word: str) -> str:
    word = word.translate(_LETTERS).lower()
    # «شهریورماه» and «شهریور ماه» name the same month.
    return word[:-3] if word.endswith("ماه") and len(word) > 3 else word


_JALALI_MONTHS = {
    _fold(name): number
    for number, names in enumerate(
        [
            ("فروردین",),
            ("اردیبهشت",),
            ("خرداد",),
            ("تیر",),
            ("مرداد", "امرداد"),
            ("شهریور",),
            ("مهر",),
            ("آبان",),
            ("آذر",),
            ("دی",),
            ("بهمن",),
            ("اسفند",),
        ],
        start=1,
    )
    for name in names
}

_GREGORIAN_MONTHS = {
    _fold(name): number
    for number, names in enumerate(
        [
            ("ژانویه", "ژانویهٔ", "january", "jan"),
            ("فوریه", "february", "feb"),
            ("مارس", "march", "mar"),
            ("آوریل", "آپریل", "april", "apr"),
            ("مه", "می", "may"),
            ("ژوئن", "جون", "june", "jun"),
            ("ژوئیه", "جولای", "july", "jul"),
            ("اوت", "آگوست", "اگوست", "august", "aug"),
            ("سپتامبر", "september", "sep", "sept"),
            ("اکتبر", "october", "oct"),
            ("نوامبر", "november", "nov"),
            ("دسامبر", "december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[A-Za-z0-9+-]{1,5})?"
)
_RFC822_ZONE = re.compile(r"(?:[+-]\d{4}|\b(?:GMT|UTC?|Z|[ECMP][SD]T)\b)\s*$", re.IGNORECASE)
_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")
# Only right after the time, so the "-" of «۱۲:۵۶ -۱۴۰۴/۰۶/۱۴» is not read as a zone offset.
_ZONE = re.compile(r"\s*(?:(?:GMT|UTC)\s*)?([+-])(\d{1,2}):?(\d{2})\b|\s*(?:GMT|UTC|Z)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?!\d)")
_PM = re.compile(r"\bب\s*\.?\s*ظ\b|\bبعد\s*از\s*ظهر\b|\bبعدازظهر\b|\bعصر\b|\bشب\b|\bp\.?m\b", re.IGNORECASE)
_AM = re.compile(r"\bق\s*\.?\s*ظ\b|\bقبل\s*از\s*ظهر\b|\bصبح\b|\ba\.?m\b", re.IGNORECASE)
_WORD = re.compile(r"\d+|[^\W\d_]+(?:[\u200c\s]?ماه)?")


def parse_published(value: str | None) -> datetime | None:
    """An aware ``datetime`` for a publication date, or ``None`` when ``value`` is not a date we know."""
    if not value:
        return None
    text = " ".join(value.translate(_DIGITS).split())
    if not text:
        return None
    try:
        return _parse_iso(text) or _parse_rfc822(text) or _parse_loose(text)
    except (ValueError, OverflowError):  # a well-formed but impossible date, e.g. 31 اسفند in a common year
        return None


def to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Jalali years (below 1700) are converted; Gregorian dates are returned as they are."""
    if year >= JALALI_BEFORE:
        return year, month, day
    g = jdatetime.date(year, month, day).togregorian()
    return g.year, g.month, g.day


def _parse_iso(text: str) -> datetime | None:
    m = _ISO.fullmatch(text)
    if not m:
        return None
    year, month, day = to_gregorian(int(m[1]), int(m[2]), int(m[3]))
    iso = f"{year:04d}-{month:02d}-{day:02d}T{m[4] or '00:00'}{(m[5] or '').upper()}"
    parsed = datetime.fromisoformat(iso.replace(",", "."))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=TEHRAN)


def _parse_rfc822(text: str) -> datetime | None:
    if not _RFC822.fullmatch(text):
        return None
    parts = email.utils.parsedate_tz(text)
    if parts is None or parts[0] < JALALI_BEFORE:
        return None
    naive = datetime(*parts[:6])
    # parsedate_tz reports 0 for both "+0000" and a missing zone; only an explicit zone is UTC.
    if _RFC822_ZONE.search(text):
        return naive.replace(tzinfo=timezone(timedelta(seconds=parts[9] or 0)))
    return naive.replace(tzinfo=TEHRAN)


def _parse_loose(text: str) -> datetime | None:
    hour = minute = second = 0
    zone: tzinfo = TEHRAN
    time_match = _TIME.search(text)
    rest = text
    if time_match:
        hour, minute, second = int(time_match[1]), int(time_match[2]), int(time_match[3] or 0)
        end = time_match.end()
        zone_match = _ZONE.match(text, end)
        if zone_match:
            sign, hh, mm = zone_match.group(1, 2, 3)
            offset = timedelta(hours=int(hh), minutes=int(mm)) if sign else timedelta(0)
            zone = timezone(-offset if sign == "-" else offset)
            end = zone_match.end()
        rest = text[: time_match.start()] + " " + text[end:]
        if _PM.search(text) and hour < 12:
            hour += 12
        elif _AM.search(text) and hour == 12:
            hour = 0
    ymd = _numeric_date(rest) or _named_month_date(rest)
    if ymd is None:
        return None
    year, month, day = to_gregorian(*ymd)
    return datetime(year, month, day, hour, minute, second, tzinfo=zone)


def _numeric_date(text: str) -> tuple[int, int, int] | None:
    m = _NUMERIC_DATE.search(text)
    if not m:
        return None
    first, month, last = m[1], int(m[3]), m[4]
    if len(first) >= 3:  # 1404/06/14, 2025-09-05
        return int(first), month, int(last)
    if len(last) >= 3:  # 14/06/1404, 05.09.2025 (day first, as Iranian and European sites write it)
        return int(last), month, int(first)
    return None  # two-digit years are ambiguous


def _named_month_date(text: str) -> tuple[int, int, int] | None:
    words = [w.strip() for w in _WORD.findall(text)]
    for i, word in enumerate(words):
        folded = _fold(word.replace(" ", ""))
        month = _JALALI_MONTHS.get(folded) or _GREGORIAN_MONTHS.get(folded)
        if month is None:
            continue
        years = [(abs(j - i), int(w)) for j, w in enumerate(words) if w.isdigit() and 1000 <= int(w) <= 2999]
        # The day is next to the month: before it in «۱۴ شهریور», after it in "September 5, 2025".
        days = [int(words[j]) for j in (i - 1, i + 1) if 0 <= j < len(words) and words[j].isdigit()]
        days = [d for d in days if 1 <= d <= 31]
        if not years or not days:
            continue
        year, day = min(years)[1], days[0]
        is_jalali = folded in _JALALI_MONTHS and year < JALALI_BEFORE
        is_gregorian = folded in _GREGORIAN_MONTHS and year >= JALALI_BEFORE
        if is_jalali or is_gregorian:
            return year, month, day
    return None

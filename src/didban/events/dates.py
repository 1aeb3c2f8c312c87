"""Date expressions in Persian news → absolute dates, resolved against the publication date.

Found: Jalali dates («۱۴ شهریور ۱۴۰۴», «۲۱ شهریورماه» — the year then comes from the publication date),
Gregorian dates («۱۲ سپتامبر ۲۰۲۵», «2025-09-12», «۱۴۰۴/۰۶/۱۴»), weekdays («روز جمعه» → the latest Friday
on or before publication; «جمعه آینده» → the next one) and relative words («امروز», «دیروز», «پریروز»,
«فردا», «هفته گذشته», «ماه آینده», «امسال»). Without a publication date relative expressions stay
unresolved (``None``). An impossible date («۳۵ اسفند», «۳۱ اسفند» of a common year) gives ``None``.

The scan walks words (digits or letters), never a backtracking regex, so its cost is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import jdatetime

from didban.ingest.dates import _GREGORIAN_MONTHS, _JALALI_MONTHS, JALALI_BEFORE, TEHRAN, _fold

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Digit runs, letter runs (ZWNJ splits «سه‌شنبه» into «سه» «شنبه»), and the separators of numeric dates.
_WORD = re.compile(r"[0-9۰-۹٠-٩]+|[^\W\d_]+|[/\-.]")
# «۱۴۰۴/۰۶/۱۴», «2025-09-12»: matched on the words, see `_numeric`.
_SEPARATORS = frozenset("/-.")
_WEEKDAYS = {"شنبه": 5, "یکشنبه": 6, "دوشنبه": 0, "سه شنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "جمعه": 4}
_PAST = frozenset({"گذشته", "پیش", "قبل", "اخیر"})
_NEXT = frozenset({"آینده", "بعد", "دیگر"})
# Relative day words: offset in days.
_DAYS = {"امروز": 0, "امشب": 0, "امروزه": None, "دیروز": -1, "دیشب": -1, "پریروز": -2, "فردا": 1, "پسفردا": 2}
# «هفته/ماه/سال گذشته|آینده»: offset in days, approximate.
_UNITS = {"هفته": 7, "ماه": 30, "سال": 365}


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date found in the text: its span, the date (``None`` when unresolved or impossible), and
    whether the date is only approximate («هفته گذشته», «امسال»)."""

    start: int
    end: int
    date: date | None
    approximate: bool = False
    kind: str = "relative"  # jalali | gregorian | numeric | weekday | relative


def publication_day(published: datetime | None) -> date | None:
    """The publication day in Tehran time (what «امروز» means in an Iranian outlet's article)."""
    if published is None:
        return None
    if published.tzinfo is None:
        return published.date()
    return published.astimezone(TEHRAN).date()


def find_dates(
    text: str, start: int = 0, end: int | None = None, published: datetime | None = None
) -> list[DateExpression]:
    """Every date expression in ``text[start:end]``, in text order."""
    end = len(text) if end is None else end
    ref = publication_day(published)
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        words.append(
            (m.start(), m.end(), w.translate(_DIGITS) if w[0].isdigit() else w.replace("ك", "ک").replace("ي", "ی"))
        )
    out: list[DateExpression] = []
    i, n = 0, len(words)
    while i < n:
        hit = _at(words, i, ref)
        if hit is None:
            i += 1
            continue
        size, value, approx, kind = hit
        out.append(DateExpression(words[i][0], words[i + size - 1][1], value, approx, kind))
        i += size
    return out


def _at(words: list[tuple[int, int, str]], i: int, ref: date | None) -> tuple[int, date | None, bool, str] | None:
    w = words[i][2]
    nxt = words[i + 1][2] if i + 1 < len(words) else ""
    if w.isdigit():
        return _numeric(words, i) or _named(words, i, ref)
    if w in _DAYS:
        off = _DAYS[w]
        if off is None:  # «امروزه»: nowadays, not a date
            return None
        return 1, (ref + timedelta(days=off)) if ref else None, False, "relative"
    if w == "پس" and nxt == "فردا":
        return 2, (ref + timedelta(days=2)) if ref else None, False, "relative"
    if w == "امسال":
        return 1, ref, True, "relative"
    if w in _UNITS and (nxt in _PAST or nxt in _NEXT):
        sign = -1 if nxt in _PAST else 1
        return 2, (ref + timedelta(days=sign * _UNITS[w])) if ref else None, True, "relative"
    day = "سه شنبه" if w == "سه" and nxt == "شنبه" else w if w in _WEEKDAYS else None
    if day is not None:
        size = 2 if w == "سه" else 1
        after = words[i + size][2] if i + size < len(words) else ""
        before = words[i - 1][2] if i > 0 else ""
        if day == "شنبه" and before in {"یک", "دو", "چهار", "پنج"}:  # the tail of «یک شنبه»
            return None
        if before != "روز" and after not in _PAST and after not in _NEXT and not _standalone(words, i, size):
            return None
        forward = after in _NEXT
        if after in _PAST or forward:
            size += 1
        if ref is None:
            return size, None, False, "weekday"
        wd = _WEEKDAYS[day]
        if forward:
            delta = (wd - ref.weekday()) % 7 or 7
            return size, ref + timedelta(days=delta), False, "weekday"
        delta = (ref.weekday() - wd) % 7
        if after in _PAST and delta == 0:
            delta = 7
        return size, ref - timedelta(days=delta), False, "weekday"
    return None


def _standalone(words: list[tuple[int, int, str]], i: int, size: int) -> bool:
    # «جمعه شب», «جمعه، ...» — a weekday heading a time phrase; a bare «شنبه» inside a name is left alone.
    after = words[i + size][2] if i + size < len(words) else ""
    return after in {"شب", "صبح", "عصر", "ظهر"}


def _numeric(words: list[tuple[int, int, str]], i: int) -> tuple[int, date | None, bool, str] | None:
    if i + 4 >= len(words):
        return None
    a, s1, b, s2, c = (words[i + k][2] for k in range(5))
    if s1 not in _SEPARATORS or s2 != s1 or not (b.isdigit() and c.isdigit()):
        return None
    # The pieces must touch: «۱۴۰۴/۰۶/۱۴», not «۳ - ۴ - ۵».
    if any(words[i + k][1] != words[i + k + 1][0] for k in range(4)):
        return None
    if len(a) == 4:
        y, m, d = int(a), int(b), int(c)
    elif len(c) == 4:
        y, m, d = int(c), int(b), int(a)
    else:
        return None
    return 5, _make(y, m, d), False, "numeric"


def _named(words: list[tuple[int, int, str]], i: int, ref: date | None) -> tuple[int, date | None, bool, str] | None:
    if i + 1 >= len(words):
        return None
    day = int(words[i][2]) if len(words[i][2]) <= 2 else 0
    month_word = words[i + 1][2]
    size = 2
    if i + 2 < len(words) and words[i + 2][2] == "ماه":  # «۲۱ شهریور ماه»
        size = 3
    folded = _fold(month_word)
    jal = _JALALI_MONTHS.get(folded)
    greg = _GREGORIAN_MONTHS.get(folded) if not month_word.isascii() or len(month_word) > 2 else None
    if not day or (jal is None and greg is None):
        return None
    year: int | None = None
    if _has_year(words, i + size):
        year = int(words[i + size][2])
        size += 1
    if jal is not None and (year is None or year < JALALI_BEFORE):
        if year is None:
            if ref is None:
                return size, None, False, "jalali"
            year = jdatetime.date.fromgregorian(date=ref).year
        return size, _make(year, jal, day), False, "jalali"
    if greg is not None and (year is None or year >= JALALI_BEFORE):
        if year is None:
            if ref is None:
                return size, None, False, "gregorian"
            year = ref.year
        return size, _make(year, greg, day), False, "gregorian"
    return None


def _has_year(words: list[tuple[int, int, str]], k: int) -> bool:
    return k < len(words) and words[k][2].isdigit() and len(words[k][2]) == 4


def _make(year: int, month: int, day: int) -> date | None:
    """The Gregorian date, or ``None`` for an impossible one (Jalali years are below `JALALI_BEFORE`)."""
    try:
        if year < JALALI_BEFORE:
            return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return,unused-ignore]
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None

"""Display helpers for the dashboard: Persian digits and dates, Persian labels, safe links.

Everything here returns plain ``str``; the templates escape it (autoescape is on). Only `safe_href`
decides whether an untrusted URL may become a link at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote, urlsplit

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip

ENTITY_TYPES = {
    "PER": "شخص",
    "ORG": "سازمان",
    "GPE": "کشور و دولت",
    "LOC": "مکان",
    "FAC": "تأسیسات",
    "EVENT": "رویداد",
    "DAT": "تاریخ",
    "TIM": "زمان",
    "MON": "مبلغ",
    "PCT": "درصد",
}

EVENT_TYPES = {  # PLOVER types (didban.events.lexicon.PLOVER_TYPES)
    "AGREE": "توافق",
    "CONSULT": "رایزنی",
    "SUPPORT": "حمایت",
    "COOPERATE": "همکاری",
    "AID": "کمک",
    "CONCEDE": "امتیازدهی",
    "RETREAT": "عقب‌نشینی",
    "INVESTIGATE": "تحقیق",
    "DEMAND": "درخواست",
    "DISAPPROVE": "انتقاد",
    "REJECT": "رد کردن",
    "THREATEN": "تهدید",
    "PROTEST": "اعتراض",
    "MOBILIZE": "بسیج نیرو",
    "SANCTION": "تحریم",
    "COERCE": "اجبار",
    "ASSAULT": "حمله",
    "FIGHT": "نبرد",
    "CRIME": "جرم",
}

MODALITIES = {
    "asserted": "قطعی",
    "possible": "احتمالی",
    "intended": "قصد",
    "conditional": "مشروط",
    "denied": "تکذیب‌شده",
    "question": "پرسشی",
}

SPEAKER_KINDS = {
    "named": "نام‌برده",
    "role": "مقام",
    "institution": "نهاد",
    "anonymous": "منبع ناشناس",
    "pronoun": "ضمیر",
    "anaphoric": "ارجاعی",
    "unattributed": "بی‌منبع",
}

FORMS = {"direct": "مستقیم", "indirect": "غیرمستقیم", "mixed": "آمیخته"}

TOPICS = {
    "politics": "سیاست",
    "world": "بین‌الملل",
    "economy": "اقتصاد",
    "society": "جامعه",
    "sports": "ورزش",
    "culture": "فرهنگ",
    "science": "علم و فناوری",
    "health": "سلامت",
    "local": "استانی",
}

FRAMING_PATTERNS = {"parenthetical": "پرانتزی", "adjective": "صفت", "appositive": "بدل"}


def label(table: dict[str, str], key: str | None) -> str:
    """The Persian label of a code, or the code itself when the table does not know it."""
    if key is None:
        return "—"
    return table.get(key, key)


def fa_digits(value: object) -> str:
    return str(value).translate(_FA_DIGITS)


def fa_number(value: int | float | None) -> str:
    """«۱۲٬۳۴۵»: Persian digits with the Arabic thousands separator."""
    if value is None:
        return "—"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text.replace(",", "٬").replace(".", "٫").translate(_FA_DIGITS)


@lru_cache(maxsize=4096)  # charts convert the same days again and again
def _jalali(day: date) -> tuple[int, int, int]:
    import jdatetime

    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def fa_date(value: datetime | date | str | None, *, time: bool = False) -> str:
    """«۱۴ شهریور ۱۴۰۴» (Tehran time); an ISO day string is accepted. Unknown: «بی‌تاریخ»."""
    if value is None or value == "":
        return "بی‌تاریخ"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return fa_digits(value)
    clock = ""
    if isinstance(value, datetime):
        from didban.ingest.dates import TEHRAN

        local = value.astimezone(TEHRAN) if value.tzinfo else value
        clock = f" {local:%H:%M}" if time else ""
        value = local.date()
    y, m, d = _jalali(value)
    return fa_digits(f"{d} {JALALI_MONTHS[m - 1]} {y}{clock}")


def fa_day_short(value: str) -> str:
    """A compact day for chart axes: «۱۴۰۴/۰۶/۱۴»."""
    try:
        y, m, d = _jalali(date.fromisoformat(value[:10]))
    except ValueError:
        return fa_digits(value)
    return fa_digits(f"{y}/{m:02d}/{d:02d}")


def iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def safe_href(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None: ``javascript:``, ``data:`` and the like
    never become links (they are shown as text)."""
    if not url:
        return None
    url = url.strip()
    if any(c in url for c in "\x00\r\n\t") or re.search(r"\s", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def path_part(value: str) -> str:
    """One URL path segment (entity ids have ':'; a '/' or anything odd is percent-encoded)."""
    return quote(value, safe=":@-._~")


__all__ = [
    "ENTITY_TYPES",
    "EVENT_TYPES",
    "FORMS",
    "FRAMING_PATTERNS",
    "MODALITIES",
    "SPEAKER_KINDS",
    "TOPICS",
    "fa_date",
    "fa_day_short",
    "fa_digits",
    "fa_number",
    "iso",
    "label",
    "path_part",
    "safe_href",
]

"""Persian character classes and one-to-one character tables (data, not logic)."""

from __future__ import annotations

ZWNJ = "\u200c"

# Canonical digits are the Persian ones (۰–۹): Persian news is written with them, readers expect
# them, and Python's int() reads them. Latin digits that belong to Latin tokens (G20, COVID-19,
# URLs) stay Latin; see the ``digits`` rule.
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
DECIMAL_SEPARATOR = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR, the Persian decimal point
THOUSANDS_SEPARATOR = "\u066c"  # ٬

# Letters written differently in Arabic (or by Arabic keyboards) mapped to their Persian form.
ARABIC_TO_PERSIAN = {
    "ي": "ی",  # U+064A ARABIC YEH
    "ى": "ی",  # U+0649 ALEF MAKSURA
    "ې": "ی",
    "ۍ": "ی",
    "ێ": "ی",
    "ك": "ک",  # U+0643 ARABIC KAF
    "ڪ": "ک",
    "ة": "ه",  # TEH MARBUTA
    "ۀ": "ه",  # HEH WITH YEH ABOVE: the ezafe mark is dropped like other diacritics
    "ە": "ه",
    "ھ": "ه",
    "ہ": "ه",
    "ۂ": "ه",
    "أ": "ا",  # hamza on alef is written inconsistently (تأثیر / تاثیر): fold it
    "إ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ٵ": "ا",
    "ٶ": "ؤ",
    "ٸ": "ئ",
}

# Space-like characters folded to an ordinary space (one to one, so offsets do not move).
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"

# Invisible characters removed outright: bidi marks, zero-width space/joiner, BOM, soft hyphen.
INVISIBLE = "\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"

# Harakat and other combining marks, the superscript alef, and kashida (tatweel).
DIACRITICS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"

# Letters that do not join to the following letter: a ZWNJ after them changes nothing visible.
NON_JOINING = "اآأإدذرزژوؤةۀ"

# Persian letters (after the one-to-one table), used to build the patterns.
LETTERS = "آ-غف-يپچژکگیئؤءٔ"

ONE_TO_ONE = str.maketrans(
    {
        **ARABIC_TO_PERSIAN,
        **{a: p for a, p in zip(ARABIC_DIGITS, PERSIAN_DIGITS, strict=True)},
        **dict.fromkeys(SPACES, " "),
    }
)

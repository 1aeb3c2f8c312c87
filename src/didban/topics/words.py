"""The word view shared by topics, keyphrases and summaries: content words of normalized text.

A *key* is a token's text lowercased (normalized Persian keeps its ZWNJ, so «می‌شود» is one key).
A *content* word has a letter, is not a stopword (``fa/stopwords.txt``), and is longer than one character.
`fold` is the lenient form used to compare phrases with human tags: normalized, then ZWNJ and spaces
removed («کاخ‌سفید» = «کاخ سفید» = «كاخ سفيد»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from didban.errors import ConfigError
from didban.fa.chars import LETTERS, ZWNJ
from didban.text.normalize import normalize_text

Span = tuple[int, int]

STOPWORDS_FILE = "stopwords.txt"
_HAS_LETTER = re.compile(f"[{LETTERS}A-Za-z]")
_FOLD_DROP = str.maketrans("", "", ZWNJ + " \u00a0")


@cache
def stopwords() -> frozenset[str]:
    """The packaged Persian stopwords, normalized (so the file may be written in any spelling)."""
    path = resources.files("didban") / "fa" / STOPWORDS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the stopword list ({e.__class__.__name__})") from None
    return frozenset(normalize_text(w.strip()).lower() for w in lines if w.strip() and not w.startswith("#"))


def is_content(key: str, stop: frozenset[str]) -> bool:
    return len(key) > 1 and key not in stop and _HAS_LETTER.search(key) is not None and not key.startswith("می‌")


def content_keys(text: str, tokens: Sequence[Span]) -> list[str | None]:
    """Per token: its key when it is a content word, else None (a phrase boundary)."""
    stop = stopwords()
    memo = _MEMO
    out: list[str | None] = []
    for s, e in tokens:
        key = text[s:e].lower()
        ok = memo.get(key)
        if ok is None:
            ok = is_content(key, stop)
            if len(memo) < 500_000:  # bounded: a long-running process sees an open vocabulary
                memo[key] = ok
        out.append(key if ok else None)
    return out


_MEMO: dict[str, bool] = {}


def fold(phrase: str) -> str:
    """Lenient comparison form: normalized, lowercased, without ZWNJ or spaces."""
    return normalize_text(phrase).lower().translate(_FOLD_DROP)

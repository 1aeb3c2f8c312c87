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
from typing import Any

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
    """Per token: its key when it is a content word, else None (a phrase boundary).

    The topic, keyword and summary stages ask for the same article's keys in turn, so the last answer is
    kept and handed out again (the same list: callers must not modify it) while ``text`` and ``tokens``
    are equal to the last call's. Equality is checked, not identity, so a kept answer is never stale.
    """
    last = _last  # one read: another thread may replace it meanwhile
    if last is not None and (text is last[0] or text == last[0]) and tokens == last[1]:
        return last[2]
    memo = _MEMO
    get = memo.get
    miss = _MISS
    found: list[Any] = [get(text[s:e], miss) for s, e in tokens]
    if miss in found:
        stop = stopwords()
        for i, key in enumerate(found):
            if key is miss:
                raw = text[tokens[i][0] : tokens[i][1]]
                low = raw.lower()
                key = low if is_content(low, stop) else None
                if len(memo) < 500_000:  # bounded: a long-running process sees an open vocabulary
                    memo[raw] = key
                found[i] = key
    out: list[str | None] = found
    _remember((text, list(tokens), out))
    return out


def _remember(entry: tuple[str, list[Span], list[str | None]]) -> None:
    global _last
    _last = entry


_MISS = object()
_MEMO: dict[str, str | None] = {}  # token text → its key when it is a content word, else None
_last: tuple[str, list[Span], list[str | None]] | None = None  # text, tokens and keys of the last call


def fold(phrase: str) -> str:
    """Lenient comparison form: normalized, lowercased, without ZWNJ or spaces."""
    return normalize_text(phrase).lower().translate(_FOLD_DROP)

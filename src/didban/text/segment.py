"""Sentence splitting and word tokenization over normalized text. Both return spans into the text.

Sentences: every line of normalized text is a hard boundary (the normalizer already joined lines
broken mid-sentence, and kept the title on its own line); inside a line a sentence ends at
«. ! ؟ …» followed by a space, except after abbreviations and list numbers and inside a «…» quote.
«گفت: …» is not a break.

Tokens: Persian words keep their inner ZWNJ («می‌شود» is one token); numbers keep decimal and
thousands separators, dates and times (۲۰٫۵، ۱,۲۰۰، ۱۴۰۴/۰۶/۱۴، ۱۲:۵۶); URLs, e-mails, hashtags
and Latin words with digits (COVID-19, G20) are single tokens; every other symbol is its own token.
"""

from __future__ import annotations

import re

from didban.fa.chars import LETTERS, ZWNJ

Span = tuple[int, int]

TOKEN = re.compile(
    "[" + LETTERS + "]+(?:" + ZWNJ + "[" + LETTERS + "]+)*(?![^\\W\\d_])"
    r"|https?://[^\s«»\"]+[^\s«»\".,،؛:!؟?)\]]"
    r"|www\.[^\s«»\"]+[^\s«»\".,،؛:!؟?)\]]"
    r"|[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|[#@][^\W_][\w" + ZWNJ + r"]*"
    r"|[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:['\-.][A-Za-z0-9]+)*"
    r"|\d+(?:[٫.,٬/:]\d+)*"
    r"|[^\W\d_]+(?:" + ZWNJ + r"[^\W\d_]+)*"
    r"|\S"
)

_BOUNDARY = re.compile(r"(?:[.!؟?]+|…+)[»\"')\]]*(?= )")
# Latin abbreviations that end with a dot but not a sentence.
_LATIN_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "no",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
    ]
)


_span = re.Match.span

try:  # the optional C fast path (src/didban/text/_tokenize.c), built when a compiler is present
    from didban.text._tokenize import tokenize as _fast_tokenize
except ImportError:  # pragma: no cover - a build without a compiler
    _fast_tokenize = None  # type: ignore[assignment]

try:  # the sentence splitter's C fast path (src/didban/text/_normalize.c), built alongside
    from didban.text._normalize import split_sentences as _fast_split_sentences
except ImportError:  # pragma: no cover - a build without a compiler
    _fast_split_sentences = None  # type: ignore[assignment]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Token spans of ``text[start:end]`` (offsets relative to ``text``)."""
    end = len(text) if end is None else end
    if _fast_tokenize is not None:
        return _fast_tokenize(text, start, end, TOKEN.match)
    return tokenize_by_pattern(text, start, end)


def tokenize_by_pattern(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The specification: every match of `TOKEN`. The C fast path gives the same spans."""
    return list(map(_span, TOKEN.finditer(text, start, len(text) if end is None else end)))


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of normalized ``text``, in order, without surrounding spaces."""
    if _fast_split_sentences is not None:
        return _fast_split_sentences(text, _LATIN_ABBREVIATIONS)
    return split_sentences_by_rules(text)


def split_sentences_by_rules(text: str) -> list[Span]:
    """The specification: lines, `_BOUNDARY` and `_is_break` below. The C fast path gives the same spans."""
    spans: list[Span] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        line_end = n if nl < 0 else nl
        if line_end > pos:
            _split_line(text, pos, line_end, spans)
        pos = line_end + 1
    return spans


def _split_line(text: str, start: int, end: int, out: list[Span]) -> None:
    sent_start = start
    has_quotes = text.find("«", start, end) >= 0
    for m in _BOUNDARY.finditer(text, start, end):
        b = m.end()
        if not _is_break(text, start, end, m.start(), b, has_quotes):
            continue
        _emit(text, sent_start, b, out)
        sent_start = b
    _emit(text, sent_start, end, out)


def _is_break(text: str, line_start: int, line_end: int, p: int, b: int, has_quotes: bool) -> bool:
    mark = text[p]
    if mark == ".":
        word_start = (
            max(text.rfind(" ", line_start, p), text.rfind("«", line_start, p), text.rfind("(", line_start, p)) + 1
        )
        word = text[max(word_start, line_start) : p]
        if not word:
            return False
        if len(word) == 1 and not word.isdigit():  # «م. احمدی»: an initial
            return False
        if word.lower().rstrip(".") in _LATIN_ABBREVIATIONS:
            return False
        if word.isdigit() and word_start <= line_start:  # «۱. …» list item
            return False
    if has_quotes:
        before = text[line_start:p]
        opened = before.count("«") - before.count("»")
        # Inside a quote that closes later on the line: not a sentence end.
        if opened > 0 and text.find("»", b, line_end) >= 0:
            return False
    return True


def _emit(text: str, s: int, e: int, out: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def sentence_tokens(tokens: list[Span], sentences: list[Span]) -> list[list[Span]]:
    """Group token spans by sentence (both sorted); tokens outside every sentence are dropped."""
    groups: list[list[Span]] = [[] for _ in sentences]
    k = 0
    for i, (s, e) in enumerate(sentences):
        while k < len(tokens) and tokens[k][0] < s:
            k += 1
        while k < len(tokens) and tokens[k][1] <= e:
            groups[i].append(tokens[k])
            k += 1
    return groups

"""Folded words over an article's tokens, and phrase tables matched on them.

A token joined by ZWNJ («می‌گوید»، «گفته‌است») folds to several words («می گوید»), so «گفته است» and
«گفته‌است» match one pattern. A phrase must start at a token's first word and end at a token's last
word: «گفت» is not found inside «گفت‌وگو».
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from didban.article import Mention, Span
from didban.entities.registry import fold, fold_tokens
from didban.text.segment import tokenize

V = TypeVar("V")
_ZWNJ = "\u200c"


def phrase_words(surface: str) -> tuple[str, ...]:
    """The folded words of a lexicon entry (normalized first, as article text is)."""
    from didban.text.normalize import normalize_text

    text = normalize_text(surface)
    return tuple(w for s, e in tokenize(text) for w in fold(text[s:e]).split())


@dataclass(slots=True)
class PhraseTable(Generic[V]):
    """Word tuples → a value; longest match at a position."""

    entries: dict[tuple[str, ...], V] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)  # first word → longest entry starting with it

    def add(self, words: tuple[str, ...], value: V, *, replace: bool = True) -> None:
        if not words or (not replace and words in self.entries):
            return
        self.entries[words] = value
        self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def __contains__(self, words: object) -> bool:
        return words in self.entries

    def get(self, words: tuple[str, ...]) -> V | None:
        return self.entries.get(words)

    def match(self, ws: Words, i: int, end: int) -> tuple[int, V] | None:
        """The longest entry at word ``i`` that ends at a token end, before word ``end``: (length, value)."""
        words = ws.words
        n = self.longest.get(words[i], 0)
        if not n or not ws.first[i]:
            return None
        last = ws.last
        for size in range(min(n, end - i), 0, -1):
            if not last[i + size - 1]:
                continue
            value = self.entries.get(tuple(words[i : i + size]))
            if value is not None:
                return size, value
        return None


class Words:
    """The folded words of an article's tokens, with their character spans and token boundaries."""

    __slots__ = ("ends", "first", "last", "letter", "mention_end", "mention_of", "starts", "words")

    def __init__(self, text: str, tokens: Sequence[Span], mentions: Iterable[Mention] = ()) -> None:
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        first: list[bool] = []
        last: list[bool] = []
        for (s, e), f in zip(tokens, fold_tokens(text, tokens), strict=True):
            if " " not in f:
                words.append(f)
                starts.append(s)
                ends.append(e)
                first.append(True)
                last.append(True)
                continue
            parts = f.split()
            pieces = _pieces(text, s, e)
            if len(pieces) != len(parts):  # a folded letter changed the length: one span for all
                pieces = [(s, e)] * len(parts)
            for k, (w, (ps, pe)) in enumerate(zip(parts, pieces, strict=True)):
                words.append(w)
                starts.append(ps)
                ends.append(pe)
                first.append(k == 0)
                last.append(k == len(parts) - 1)
        self.words = words
        self.starts = starts
        self.ends = ends
        self.first = first
        self.last = last
        # A word is "lettered" when it is a word, not punctuation (digits count as words).
        self.letter = [w[:1].isalnum() for w in words]
        self.mention_of: dict[int, Mention] = {}  # first word of a mention → the mention
        self.mention_end: dict[int, int] = {}  # first word of a mention → the word after it
        for m in mentions:
            i = bisect_left(starts, m.start)
            j = bisect_right(ends, m.end)
            if i < j and i not in self.mention_of:
                self.mention_of[i] = m
                self.mention_end[i] = j

    def __len__(self) -> int:
        return len(self.words)

    def span(self, i: int, j: int) -> Span:
        """Characters of words ``[i, j)`` (j > i)."""
        return (self.starts[i], self.ends[j - 1])

    def index(self, pos: int) -> int:
        """The first word that starts at or after character ``pos``."""
        return bisect_left(self.starts, pos)

    def mentions_in(self, i: int, j: int) -> list[Mention]:
        """Mentions that start among words ``[i, j)`` and end inside them."""
        out = []
        k = i
        while k < j:
            m = self.mention_of.get(k)
            if m is not None and self.mention_end[k] <= j:
                out.append(m)
                k = self.mention_end[k]
            else:
                k += 1
        return out


def _pieces(text: str, s: int, e: int) -> list[Span]:
    out: list[Span] = []
    a = s
    while True:
        z = text.find(_ZWNJ, a, e)
        if z < 0:
            out.append((a, e))
            return out
        if z > a:
            out.append((a, z))
        a = z + 1

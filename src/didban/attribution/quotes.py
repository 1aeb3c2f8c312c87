"""Quotation regions: «…» (nested allowed), “…” and "…", found by one linear scan.

Unbalanced marks are common in scraped news, so a region never runs on without bound: a «…» that is
still open after `MAX_LINES` line breaks or `MAX_CHARS` characters ends at the first line break after
it opened; a "…" pair must close on its own line, unless it opens colon speech («گفت: "…») and closes
at the end of one of the next `MAX_LINES` lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from didban.article import Span

MAX_LINES = 4  # a quotation may run over a few paragraphs («… \n «… \n …»)
MAX_CHARS = 6000
_MARKS = re.compile('[«»“”"\n]')


def quote_regions(text: str) -> list[Span]:
    """Outermost quotations as spans of their inner text (without the marks), sorted and disjoint."""
    regions: list[Span] = []
    depth = 0
    open_at = -1
    first_break = -1  # the first line break after the open mark
    breaks = 0
    straight = -1  # an open '"' on the current line
    spoken = False  # that '"' opens colon speech («گفت: "…»): it may close at the end of a later line
    lines = 0  # line breaks since that speech opened
    for m in _MARKS.finditer(text):
        ch = m.group()
        pos = m.start()
        if ch == "\n":
            if straight >= 0 and spoken and lines < MAX_LINES and pos - straight < MAX_CHARS:
                lines += 1
            else:
                straight, spoken = -1, False
            if depth:
                breaks += 1
                if first_break < 0:
                    first_break = pos
                if breaks > MAX_LINES or pos - open_at > MAX_CHARS:
                    regions.append((open_at + 1, first_break))
                    depth = 0
            continue
        if ch == '"':
            if depth:
                continue
            if straight >= 0 and lines and not _ends_line(text, pos + 1):
                straight = -1  # a colon speech left open: this mark opens a pair of its own line
            if straight < 0:
                straight = pos
                spoken = _after_colon(text, pos)
                lines = 0
            else:
                regions.append((straight + 1, pos))
                straight = -1
            continue
        if ch in "«“":
            if depth == 0:
                if straight >= 0:  # a «…» inside "…": the straight pair wins
                    continue
                open_at, first_break, breaks = pos, -1, 0
            depth += 1
        elif depth:  # a closing mark
            depth -= 1
            if depth == 0:
                regions.append((open_at + 1, pos))
    if depth:
        regions.append((open_at + 1, first_break if first_break >= 0 else len(text)))
    # Regions closed by the limits may be followed by ones that started inside them: keep them disjoint.
    regions.sort()
    out: list[Span] = []
    for s, e in regions:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _after_colon(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k >= 0 and text[k] == ":"


def _ends_line(text: str, pos: int) -> bool:
    """Whether only spaces and final punctuation stand between ``pos`` and the end of its line."""
    for k in range(pos, min(len(text), pos + 8)):
        ch = text[k]
        if ch == "\n":
            return True
        if ch not in " \t.!؟?…":
            return False
    return pos + 8 > len(text) or text[pos:].strip(" \t.!؟?…") == ""


class Quotes:
    """Lookups over `quote_regions`."""

    __slots__ = ("ends", "regions", "starts")

    def __init__(self, text: str) -> None:
        self.regions = quote_regions(text) if ("«" in text or '"' in text or "“" in text) else []
        self.starts = [s for s, _ in self.regions]
        self.ends = [e for _, e in self.regions]

    def around(self, pos: int) -> Span | None:
        """The region whose inner text contains ``pos``."""
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            return self.regions[k]
        return None

    def starting_at(self, pos: int) -> Span | None:
        """The region whose inner text starts at ``pos`` (just after its open mark)."""
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and self.starts[k] == pos:
            return self.regions[k]
        return None

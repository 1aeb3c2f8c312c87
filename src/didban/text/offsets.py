"""Offset maps: from a position in normalized text back to the raw text it came from.

A map is a list of segments ``(n_start, n_end, r_start, r_end)`` that tile the normalized text.
A *copy* segment has equal lengths and maps character by character; a *replace* segment (lengths
differ: a deletion, an insertion or a ligature expanded) maps every position inside it to the whole
raw range. Raw characters that were deleted live in the gaps between segments.

The map is built edit by edit (each normalization rule reports only the edits that change length),
so its size grows with the number of edits, not with the length of the text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

Segment = tuple[int, int, int, int]
Edit = tuple[int, int, int, int]
"""One length-changing replacement: ``(old_start, old_end, new_start, new_end)``."""


class OffsetMap:
    __slots__ = ("_n_starts", "_segs", "n_len", "r_len")

    def __init__(self, segments: Iterable[Segment], n_len: int, r_len: int) -> None:
        self._segs: list[Segment] = [s for s in segments if s[1] > s[0]]
        self._n_starts = [s[0] for s in self._segs]
        self.n_len = n_len
        self.r_len = r_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(0, length, 0, length)], length, length)

    @property
    def segments(self) -> list[Segment]:
        return list(self._segs)

    def is_identity(self) -> bool:
        return self.n_len == self.r_len and all(s[0] == s[2] and s[1] == s[3] for s in self._segs)

    # -- queries ---------------------------------------------------------------------------------
    def _seg(self, pos: int) -> Segment:
        k = bisect_right(self._n_starts, pos) - 1
        return self._segs[k]

    def to_raw(self, pos: int) -> int:
        """Raw position of the normalized character at ``pos`` (``n_len`` maps to ``r_len``)."""
        if pos >= self.n_len or not self._segs:
            return self.r_len
        if pos < 0:
            raise IndexError(pos)
        ns, ne, rs, re = self._seg(pos)
        if ne - ns == re - rs:
            return rs + (pos - ns)
        return rs

    def to_raw_end(self, end: int) -> int:
        """Raw exclusive end for a normalized exclusive end ``end``."""
        if end <= 0:
            return self.to_raw(0) if self._segs else 0
        end = min(end, self.n_len)
        ns, ne, rs, re = self._seg(end - 1)
        if ne - ns == re - rs:
            return rs + (end - ns)
        return re

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            p = self.to_raw(start)
            return p, p
        return self.to_raw(start), self.to_raw_end(end)

    # -- building --------------------------------------------------------------------------------
    def then(self, edits: list[Edit], new_len: int) -> OffsetMap:
        """The map of a text derived from this map's normalized text by ``edits``."""
        if not edits:
            return self
        out: list[Segment] = []
        old_pos = new_pos = 0
        for os_, oe, ns, ne in edits:
            if os_ > old_pos:  # unchanged stretch before the edit: copy through this map
                self._copy_through(old_pos, os_, new_pos, out)
            if ne > ns:
                out.append((ns, ne, self.to_raw(os_), self.to_raw_end(oe) if oe > os_ else self.to_raw(os_)))
            old_pos, new_pos = oe, ne
        if new_len > new_pos:
            self._copy_through(old_pos, old_pos + (new_len - new_pos), new_pos, out)
        return OffsetMap(_merge(out), new_len, self.r_len)

    def _copy_through(self, old_s: int, old_e: int, new_s: int, out: list[Segment]) -> None:
        """Append segments for old range [old_s, old_e) appearing unchanged at new_s."""
        k = max(bisect_right(self._n_starts, old_s) - 1, 0)
        pos = old_s
        segs = self._segs
        while pos < old_e and k < len(segs):
            ns, ne, rs, re = segs[k]
            if ne <= pos:
                k += 1
                continue
            b = min(old_e, ne)
            a_new, b_new = new_s + (pos - old_s), new_s + (b - old_s)
            if ne - ns == re - rs:
                out.append((a_new, b_new, rs + (pos - ns), rs + (b - ns)))
            else:
                out.append((a_new, b_new, rs, re))
            pos = b
            k += 1

    # -- serialization ---------------------------------------------------------------------------
    def to_list(self) -> list[int]:
        """Flat list: ``[n_len, r_len, ns, ne, rs, re, ...]`` (only segments that are not identity)."""
        flat = [self.n_len, self.r_len]
        for seg in self._segs:
            flat.extend(seg)
        return flat

    @classmethod
    def from_list(cls, flat: list[int]) -> OffsetMap:
        n_len, r_len = flat[0], flat[1]
        segs = [(flat[i], flat[i + 1], flat[i + 2], flat[i + 3]) for i in range(2, len(flat), 4)]
        return cls(segs, n_len, r_len)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.to_list() == other.to_list()

    def __repr__(self) -> str:
        return f"OffsetMap(n_len={self.n_len}, r_len={self.r_len}, segments={len(self._segs)})"


def _merge(segs: list[Segment]) -> list[Segment]:
    """Join neighbouring copy segments that continue each other in both texts."""
    out: list[Segment] = []
    for seg in segs:
        if out:
            ns, ne, rs, re = out[-1]
            if ne == seg[0] and re == seg[2] and ne - ns == re - rs and seg[1] - seg[0] == seg[3] - seg[2]:
                out[-1] = (ns, seg[1], rs, seg[3])
                continue
        out.append(seg)
    return out

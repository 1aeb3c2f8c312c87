"""Normalize a text stream of any size in bounded memory, paragraph by paragraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from didban.text.normalize import Normalizer

MAX_BLOCK_CHARS = 1 << 20  # a paragraph longer than this is cut at a line end


def paragraphs(lines: Iterable[str], max_chars: int = MAX_BLOCK_CHARS) -> Iterator[str]:
    """Group lines into blank-line-separated blocks of at most about ``max_chars`` characters."""
    block: list[str] = []
    size = 0
    for line in lines:
        if not line.strip():
            if block:
                yield "".join(block)
                block, size = [], 0
            continue
        block.append(line)
        size += len(line)
        if size >= max_chars:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)


def normalize_stream(lines: Iterable[str], normalizer: Normalizer | None = None) -> Iterator[str]:
    """Normalized paragraphs of a line stream (each without its trailing blank line)."""
    norm = normalizer or Normalizer()
    for block in paragraphs(lines):
        text = norm.text(block)
        if text:
            yield text

"""A plain text file is one article: the first non-blank line is the title, the rest the body."""

from __future__ import annotations

import os
from pathlib import Path

from didban.article import Article
from didban.errors import InputError
from didban.ingest.encoding import detect_and_decode
from didban.ingest.files import DEFAULT_MAX_BYTES, read_file_bytes


def read_text_file(
    path: str | os.PathLike[str],
    *,
    outlet: str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read one article; ``raw_text`` is the whole decoded file, title line included."""
    markdown = Path(path).suffix.lower() == ".md"
    return parse_text(read_file_bytes(path, max_bytes), str(path), outlet=outlet, url=url, markdown=markdown)


def parse_text(
    data: bytes,
    source: str,
    *,
    outlet: str | None = None,
    url: str | None = None,
    markdown: bool = False,
) -> Article:
    """The article in text bytes already in memory (a file's or a download's)."""
    decoded = detect_and_decode(data, source)
    title = first_line(decoded.text)
    if title is None:
        raise InputError(source, "empty file")
    if markdown:
        title = title.lstrip("#").strip() or title  # a Markdown heading's marks are not part of the title
    meta = {"encoding": decoded.encoding} if decoded.encoding != "utf-8" else {}
    return Article(raw_text=decoded.text, title=title, url=url, outlet=outlet, source=source, meta=meta)


def first_line(text: str) -> str | None:
    """The first line that is not blank, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None

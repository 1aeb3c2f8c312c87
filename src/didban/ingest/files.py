"""Reading whole files with a size limit, and the one-line message for a file that is too large."""

from __future__ import annotations

import os
from pathlib import Path

from didban.errors import InputError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MB
"""Largest single-article file (text, HTML, feed) read into memory. JSONL/CSV are streamed instead."""

DEFAULT_MAX_RECORD_BYTES = 10 * MB
"""Largest single JSONL line or CSV record; longer ones are skipped with a warning."""


def format_size(n: int) -> str:
    """``52428800`` → ``"50 MB"``; small limits (as in tests) stay readable too."""
    if n >= MB:
        value = n / MB
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def too_large(source: str, size: int, limit: int, what: str = "file") -> InputError:
    return InputError(source, f"{what} too large ({format_size(size)} > {format_size(limit)} limit)")


def os_problem(error: OSError) -> str:
    """``OSError`` → ``"no such file or directory"`` etc., without the repeated path."""
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"


def read_file_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The whole file, refusing files over ``max_bytes`` before reading them."""
    source = str(path)
    try:
        with Path(path).open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise too_large(source, size, max_bytes)
            # Read one byte more than allowed: the size may have changed, or stat may lie (pipes, /proc).
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise InputError(source, os_problem(e)) from None
    if len(data) > max_bytes:
        raise InputError(source, f"file too large (over the {format_size(max_bytes)} limit)")
    return data

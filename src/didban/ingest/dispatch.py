"""Files, folders and URLs → articles, each input handed to the reader its kind needs.

This is what the CLI and the batch runner call. With ``on_error="skip"`` a bad input (or a bad record
inside one) costs a one-line warning and the run goes on; with ``"raise"`` it stops the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from didban.article import Article
from didban.errors import InputError
from didban.ingest.feed import parse_feed
from didban.ingest.fetch import DEFAULT_TIMEOUT, Fetched, fetch_url, is_url
from didban.ingest.files import DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES, os_problem, read_file_bytes
from didban.ingest.policy import OnError, Warn, check_on_error, report
from didban.ingest.records import DEFAULT_MAPPING, FieldMapping, read_csv, read_json, read_jsonl
from didban.ingest.text import parse_text, read_text_file
from didban.ingest.webpage import parse_html

Kind = Literal["text", "html", "jsonl", "json", "csv", "feed"]

EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def kind_of(path: str | os.PathLike[str]) -> Kind | None:
    """The reader a file's extension calls for, or ``None`` for an unknown extension."""
    return EXTENSIONS.get(Path(path).suffix.lower())


@dataclass(frozen=True, slots=True)
class _Options:
    mapping: FieldMapping
    on_error: OnError
    warn: Warn | None
    max_bytes: int
    max_record_bytes: int
    timeout: float


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_error: OnError = "raise",
    warn: Warn | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    pattern: str = "**/*",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article]:
    """Articles from files, folders (searched with ``pattern``) and http(s) URLs, in the order given."""
    check_on_error(on_error)
    options = _Options(mapping, on_error, warn, max_bytes, max_record_bytes, timeout)
    for item in paths:
        name = os.fspath(item)
        if isinstance(name, str) and is_url(name):
            yield from _guarded(name, partial(_read_url, name, options), options)
        elif Path(name).is_dir():
            yield from _folder(Path(name), pattern, options)
        else:
            read = partial(_read_file, Path(name), kind_of(name) or "text", options)
            yield from _guarded(name, read, options)


def read_folder(
    path: str | os.PathLike[str],
    pattern: str = "**/*",
    *,
    on_error: OnError = "raise",
    warn: Warn | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Article]:
    """Every file under ``path`` matching ``pattern`` whose extension has a reader, in sorted order.

    Hidden files and folders (``.git``, ``.DS_Store``) and unknown extensions are passed over.
    """
    check_on_error(on_error)
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(path), "not a folder" if folder.exists() else "no such file or directory")
    yield from _folder(folder, pattern, _Options(mapping, on_error, warn, max_bytes, max_record_bytes, 0))


def read_path(
    path: str | os.PathLike[str],
    *,
    on_error: OnError = "raise",
    warn: Warn | None = None,
    mapping: FieldMapping = DEFAULT_MAPPING,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Article]:
    """The articles of one file, read as its extension says (unknown extensions as plain text)."""
    check_on_error(on_error)
    options = _Options(mapping, on_error, warn, max_bytes, max_record_bytes, 0)
    return _read_file(Path(path), kind_of(path) or "text", options)


# -- the work ---------------------------------------------------------------------------------------


def _folder(folder: Path, pattern: str, options: _Options) -> Iterator[Article]:
    try:
        files = sorted(p for p in folder.glob(pattern) if _visible(p, folder) and p.is_file() and kind_of(p))
    except OSError as e:
        report(InputError(str(folder), os_problem(e)), options.on_error, options.warn)
        return
    for file in files:
        kind = kind_of(file)
        assert kind is not None  # filtered above
        yield from _guarded(str(file), partial(_read_file, file, kind, options), options)


def _read_file(path: Path, kind: Kind, options: _Options) -> Iterator[Article]:
    on_error, warn, limit = options.on_error, options.warn, options.max_record_bytes
    if kind == "text":
        yield read_text_file(path, max_bytes=options.max_bytes)
    elif kind == "html":
        yield parse_html(read_file_bytes(path, options.max_bytes), str(path))
    elif kind == "jsonl":
        yield from read_jsonl(path, options.mapping, on_error=on_error, warn=warn, max_record_bytes=limit)
    elif kind == "json":
        yield from read_json(
            path,
            options.mapping,
            on_error=on_error,
            warn=warn,
            max_bytes=options.max_bytes,
            max_record_bytes=limit,
        )
    elif kind == "csv":
        yield from read_csv(path, options.mapping, on_error=on_error, warn=warn, max_record_bytes=limit)
    else:
        data = read_file_bytes(path, options.max_bytes)
        yield from parse_feed(data, str(path), on_error=options.on_error, warn=options.warn)


def _read_url(url: str, options: _Options) -> Iterator[Article]:
    fetched = fetch_url(url, timeout=options.timeout, max_bytes=options.max_bytes)
    kind = _url_kind(fetched)
    if kind == "feed":
        yield from parse_feed(fetched.data, url, on_error=options.on_error, warn=options.warn)
    elif kind == "html":
        yield parse_html(fetched.data, url, charset=fetched.charset, default_url=fetched.url)
    elif kind == "text":
        yield parse_text(fetched.data, url, url=fetched.url)
    else:
        raise InputError(url, f"cannot read {fetched.content_type!r} (expected HTML, RSS/Atom or plain text)")


def _url_kind(fetched: Fetched) -> Kind | None:
    ctype = fetched.content_type
    if "html" in ctype:  # before the XML test: application/xhtml+xml is a page
        return "html"
    if "rss" in ctype or "atom" in ctype or ctype.endswith(("/xml", "+xml")):
        return "feed"
    head = fetched.data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text" if ctype == "text/plain" else None


def _guarded(source: str, read: Callable[[], Iterator[Article]], options: _Options) -> Iterator[Article]:
    """Run one input's reader; its failure is reported (raised or warned) under the input's name."""
    try:
        yield from read()
    except InputError as e:
        report(e, options.on_error, options.warn)
    except OSError as e:
        report(InputError(source, os_problem(e)), options.on_error, options.warn)
    except (UnicodeError, ValueError, RecursionError, MemoryError) as e:
        # Not foreseen by the readers: in batch mode one odd file must not end the run.
        if options.on_error == "raise":
            raise
        report(InputError(source, f"unexpected {type(e).__name__}: {e}"), options.on_error, options.warn)


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)

"""Article records in JSONL, JSON and CSV files.

JSONL and CSV are streamed one record at a time, so a file of millions of articles needs memory for one
record only (each capped at ``max_record_bytes``). A bad record (invalid JSON, a broken CSV row, no text)
is reported on one line naming the file and line, and skipped unless ``on_error="raise"``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from didban.article import Article
from didban.errors import InputError
from didban.ingest.dates import parse_published
from didban.ingest.encoding import sniff_encoding
from didban.ingest.files import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_RECORD_BYTES,
    format_size,
    os_problem,
    read_file_bytes,
)
from didban.ingest.policy import OnError, Warn, check_on_error, report

_ROLES = ("text", "title", "url", "outlet", "published", "id")


def _names(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, slots=True)
class FieldMapping:
    """Which record fields hold each part of an article; the first name present (any case) wins.

    Every role takes one name or several: ``FieldMapping(text="matn", published=("date", "time"))``.
    Fields that fill no role are kept as ``Article.meta`` when ``keep_other_fields`` is true.
    """

    text: str | Sequence[str] = ("text", "body", "content")
    title: str | Sequence[str] = ("title", "headline")
    url: str | Sequence[str] = ("url", "link")
    outlet: str | Sequence[str] = ("outlet", "source", "site")
    published: str | Sequence[str] = ("published", "date", "pubdate", "published_at", "datetime")
    id: str | Sequence[str] = ("id",)
    keep_other_fields: bool = True
    _lookup: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {role: tuple(n.lower() for n in _names(getattr(self, role))) for role in _ROLES}
        object.__setattr__(self, "_lookup", lookup)

    def names(self, role: str) -> tuple[str, ...]:
        """The lower-cased field names that may hold ``role`` (one of text, title, url, …)."""
        return self._lookup[role]

    def find(self, role: str, keys: Mapping[str, str]) -> str | None:
        """The record's key for ``role``, given a lower-cased → original key map."""
        for name in self.names(role):
            if name in keys:
                return keys[name]
        return None


DEFAULT_MAPPING = FieldMapping()


class RecordError(ValueError):
    """One record cannot become an article; the message says why (without the file name)."""


def record_to_article(record: Mapping[str, Any], mapping: FieldMapping, source: str) -> Article:
    """One parsed record (a JSON object, a CSV row) → a raw ``Article``."""
    keys = {k.lower(): k for k in record}
    used: dict[str, str] = {}
    for role in _ROLES:
        key = mapping.find(role, keys)
        if key is not None and not _blank(record[key]):
            used[role] = key
    if "text" not in used:
        raise RecordError(f"no text (expected a non-empty field {_or(mapping.names('text'))})")
    body = _as_text(record[used["text"]]).strip()
    # A title is one line, even when a CSV cell or JSON string holds several.
    title = " ".join(_as_text(record[used["title"]]).split()) if "title" in used else None
    # Some scrapers repeat the title as the body's first line; do not repeat it twice in raw_text.
    raw_text = f"{title}\n{body}" if title and not body.startswith(title) else body
    meta: dict[str, str] = {}
    published = None
    if "published" in used:
        value = record[used["published"]]
        published = _as_datetime(value)
        if published is None:
            meta["published_raw"] = _as_text(value)  # keep what we could not read, for a later look
    if mapping.keep_other_fields:
        taken = set(used.values())
        meta.update({k: _as_text(v) for k, v in record.items() if k not in taken and not _blank(v)})

    def get(role: str) -> str | None:
        return _as_text(record[used[role]]).strip() if role in used else None

    return Article(
        raw_text=raw_text,
        id=get("id") or "",
        title=title,
        url=get("url"),
        outlet=get("outlet"),
        published=published,
        source=source,
        meta=meta,
    )


def read_jsonl(
    path: str | os.PathLike[str],
    mapping: FieldMapping = DEFAULT_MAPPING,
    *,
    on_error: OnError = "skip",
    warn: Warn | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Article]:
    """One article per JSON object line; blank lines are ignored. ``source`` is ``"path:LINE"``."""
    check_on_error(on_error)
    name = str(path)
    for line in _lines(path, max_record_bytes):
        if line.problem:
            report(InputError(name, f"line {line.number}: {line.problem}"), on_error, warn)
            continue
        if not line.text.strip():
            continue
        try:
            record = json.loads(line.text)
        except json.JSONDecodeError as e:
            # json's messages end in " at" where it would add the position itself
            problem = f"line {line.number}: invalid JSON: {e.msg.removesuffix(' at')} (column {e.colno})"
            report(InputError(name, problem), on_error, warn)
            continue
        article = _article_or_report(
            record, mapping, name, f"line {line.number}", on_error, warn, f"{name}:{line.number}"
        )
        if article is not None:
            yield article


def read_json(
    path: str | os.PathLike[str],
    mapping: FieldMapping = DEFAULT_MAPPING,
    *,
    on_error: OnError = "skip",
    warn: Warn | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Article]:
    """A ``.json`` file: an array of article objects (read whole, within ``max_bytes``), else JSONL."""
    check_on_error(on_error)
    name = str(path)
    if _first_char(path) != "[":
        yield from read_jsonl(path, mapping, on_error=on_error, warn=warn, max_record_bytes=max_record_bytes)
        return
    try:
        records = json.loads(read_file_bytes(path, max_bytes))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(name, f"invalid JSON: {e}") from None
    for i, record in enumerate(records):
        article = _article_or_report(record, mapping, name, f"item {i}", on_error, warn, f"{name}[{i}]")
        if article is not None:
            yield article


def read_csv(
    path: str | os.PathLike[str],
    mapping: FieldMapping = DEFAULT_MAPPING,
    *,
    delimiter: str | None = None,
    on_error: OnError = "skip",
    warn: Warn | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[Article]:
    """One article per row under a header row. The delimiter (, ; tab |) is guessed from the header.

    Quoted fields may span lines. A row with the wrong number of fields or an unclosed quote is
    reported with its line number and skipped; reading resumes on the next line.
    """
    check_on_error(on_error)
    name = str(path)
    # The csv module refuses fields over its limit (128 KB by default); articles can be longer.
    csv.field_size_limit(max(csv.field_size_limit(), max_record_bytes))
    lines = _lines(path, max_record_bytes)
    records = _csv_records(lines, delimiter, Path(path).suffix.lower(), max_record_bytes)
    header: list[str] | None = None
    for number, row, problem in records:
        if problem is not None:
            report(InputError(name, f"line {number}: {problem}"), on_error, warn)
            continue
        if header is None:
            header = [h.strip() for h in row]
            keys = {h.lower(): h for h in header}
            if mapping.find("text", keys) is None:
                expected, found = _or(mapping.names("text")), ", ".join(header[:10])
                raise InputError(name, f"no text column (expected {expected}; found: {found})")
            continue
        if len(row) != len(header):
            problem = f"expected {len(header)} fields, found {len(row)}"
            report(InputError(name, f"line {number}: {problem}"), on_error, warn)
            continue
        record = dict(zip(header, row, strict=True))
        where, source = f"line {number}", f"{name}:{number}"
        article = _article_or_report(record, mapping, name, where, on_error, warn, source)
        if article is not None:
            yield article
    if header is None:
        raise InputError(name, "empty file (no header row)")


# -- helpers -----------------------------------------------------------------------------------------


def _article_or_report(
    record: Any,
    mapping: FieldMapping,
    name: str,
    where: str,
    on_error: OnError,
    warn: Warn | None,
    source: str,
) -> Article | None:
    if not isinstance(record, dict):
        kind = type(record).__name__ if record is not None else "null"
        report(InputError(name, f"{where}: expected a JSON object, found {kind}"), on_error, warn)
        return None
    try:
        return record_to_article(record, mapping, source)
    except RecordError as e:
        report(InputError(name, f"{where}: {e}"), on_error, warn)
        return None


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    problem: str | None = None


def _lines(path: str | os.PathLike[str], max_record_bytes: int) -> Iterator[_Line]:
    """Decoded lines (endings kept, for quoted CSV fields) with 1-based numbers; bounded memory.

    An undecodable or over-long line comes back as a problem instead, so one bad line costs one record.
    """
    name = str(path)
    try:
        with Path(path).open("rb") as fh:
            encoding = sniff_encoding(fh.read(64 * 1024), name)
            fh.seek(0)
            if encoding.startswith(("utf-16", "utf-32")):
                yield from _wide_lines(fh, encoding, name, max_record_bytes)
            else:
                yield from _narrow_lines(fh, encoding, max_record_bytes)
    except OSError as e:
        raise InputError(name, os_problem(e)) from None


def _narrow_lines(fh: IO[bytes], encoding: str, max_record_bytes: int) -> Iterator[_Line]:
    decode = codecs.getdecoder(encoding)
    number = 0
    while raw := fh.readline(max_record_bytes + 1):
        number += 1
        if len(raw) > max_record_bytes and not raw.endswith(b"\n"):
            while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line without holding it
            yield _Line(number, "", f"record too large (over the {format_size(max_record_bytes)} limit)")
            continue
        try:
            text = decode(raw)[0]
        except UnicodeDecodeError:
            yield _Line(number, "", f"not valid {encoding} text")
            continue
        yield _Line(number, text.removeprefix("\ufeff") if number == 1 else text)


def _wide_lines(fh: IO[bytes], encoding: str, name: str, max_record_bytes: int) -> Iterator[_Line]:
    # UTF-16/32 cannot be split on b"\n"; let a text wrapper find the lines (rare: Excel's "Unicode text").
    wrapper = io.TextIOWrapper(fh, encoding=encoding, newline="")
    number = 0
    try:
        while line := wrapper.readline(max_record_bytes):
            number += 1
            yield _Line(number, line)
    except UnicodeDecodeError:
        raise InputError(name, f"invalid {encoding.upper()} text after line {number}") from None


def _csv_records(
    lines: Iterable[_Line], delimiter: str | None, suffix: str, max_record_bytes: int
) -> Iterator[tuple[int, list[str], str | None]]:
    """(first line number, fields, problem) per CSV record, recovering after an unclosed quote."""
    source = iter(lines)
    replay: deque[_Line] = deque()  # lines to read again after a broken record swallowed them
    pending: list[_Line] = []
    size = 0
    while True:
        line = replay.popleft() if replay else next(source, None)
        if line is None:
            if not pending:
                return
            # The end of the file inside quotes: only the record's first line was at fault.
            yield pending[0].number, [], "unclosed quote (the field runs to the end of the file)"
            replay.extend(pending[1:])
            pending, size = [], 0
            continue
        if line.problem:
            if pending:  # the unreadable line was inside this record, so the record is lost too
                yield pending[0].number, [], f"malformed CSV: unreadable line {line.number} inside the record"
                pending, size = [], 0
            yield line.number, [], line.problem
            continue
        if delimiter is None:
            delimiter = _guess_delimiter(line.text, suffix)
        pending.append(line)
        size += len(line.text)
        if len(pending) > 1 and '"' not in line.text and size <= max_record_bytes:
            continue  # still inside the quoted field: nothing on this line can close it
        try:
            rows = list(csv.reader([p.text for p in pending], delimiter=delimiter, strict=True))
        except csv.Error as e:
            if "unexpected end of data" not in str(e):
                yield pending[0].number, [], f"malformed CSV: {e}"
                pending, size = [], 0
            elif size > max_record_bytes:
                limit = format_size(max_record_bytes)
                yield pending[0].number, [], f"unclosed quote (or a record over the {limit} limit)"
                replay.extend(pending[1:])
                pending, size = [], 0
            continue
        first = pending[0].number
        pending, size = [], 0
        if rows and any(cell.strip() for cell in rows[0]):
            yield first, rows[0], None


def _guess_delimiter(header: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_char(path: str | os.PathLike[str]) -> str:
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as e:
        raise InputError(str(path), os_problem(e)) from None
    return chr(head[0]) if head else ""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)  # a body given as a list of paragraphs
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds are common in exports
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return parse_published(_as_text(value))


def _or(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]

"""Inputs → chunks (planning, in the driver) and chunk → raw articles (reading, in a worker).

Planning only scans: it lists folders, counts JSONL/CSV records and WARC records by their byte offsets,
and reads Parquet footers, so it holds one chunk spec per ~chunk-size articles and never an article.
Reading streams one record at a time. A bad record goes to ``quarantine(source, record, reason)`` and
reading goes on with the next one.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from didban.article import Article
from didban.batch.job import Chunk, Job
from didban.errors import InputError

Quarantine = Callable[[str, "str | None", str], None]

# Extensions batch reads itself, in chunks; the rest go to the ingest readers (didban.ingest.kind_of).
_JSONL = (".jsonl", ".ndjson")
_CSV = (".csv", ".tsv")
_PARQUET = (".parquet", ".pq")
_WARC = (".warc", ".warc.gz")
_RECORD_CAP = 2000  # characters of a bad record kept in the quarantine file


def batch_kind(path: str | Path) -> str | None:
    """The chunk kind a file's name calls for, or None when no reader knows it."""
    from didban.ingest import kind_of

    name = str(path).lower()
    if name.endswith(_WARC):
        return "warc"
    suffix = Path(name).suffix
    if suffix in _JSONL:
        return "jsonl"
    if suffix in _CSV:
        return "csv"
    if suffix in _PARQUET:
        return "parquet"
    return "files" if kind_of(name) else None


# -- planning (driver) ---------------------------------------------------------------------------------


def plan(
    inputs: Iterable[str], chunk_size: int, quarantine: Quarantine, pattern: str = "**/*", *, exclude: str = ""
) -> Iterator[Chunk]:
    """Chunks of about ``chunk_size`` articles over ``inputs`` (files or folders), in a stable order.

    A missing input stops the run (a typo should not cost an hour); a file that cannot be planned
    (empty, not Parquet, a broken WARC) is quarantined and the others go on. Files under ``exclude``
    (the output folder, when it lies inside an input folder) are not inputs.
    """
    skip = Path(os.path.abspath(exclude)) if exclude else None
    pending: list[Path] = []  # small files waiting to be grouped into one `files` chunk

    def flush() -> Iterator[Chunk]:
        if pending:
            sizes = tuple(p.stat().st_size for p in pending)
            yield Chunk("files", paths=tuple(map(str, pending)), sizes=sizes, estimate=len(pending))
            pending.clear()

    for name in inputs:
        path = Path(os.path.abspath(name))  # workers elsewhere (a cluster) need absolute paths
        if path.is_dir():
            files = sorted(p for p in path.glob(pattern) if _visible(p, path) and p.is_file() and batch_kind(p)
                           and not (skip and p.is_relative_to(skip)))  # fmt: skip
        elif path.is_file():
            files = [path]
        else:
            raise InputError(name, "no such file or directory")
        for file in files:
            kind = batch_kind(file) or "files"  # a file named on the command line is read as text at worst
            if kind == "files" and not _is_feed(file):
                pending.append(file)
                if len(pending) >= chunk_size:
                    yield from flush()
                continue
            yield from flush()
            try:
                yield from _plan_file(str(file), kind, chunk_size)
            except InputError as exc:
                quarantine(exc.source, None, exc.problem)
            except OSError as exc:
                quarantine(str(file), None, exc.strerror or str(exc))
    yield from flush()


def _plan_file(path: str, kind: str, chunk_size: int) -> Iterator[Chunk]:
    size = os.path.getsize(path)
    if kind == "files":  # a feed (many items): a chunk of its own
        yield Chunk("files", paths=(path,), sizes=(size,), estimate=max(1, _count_items(path)))
    elif kind == "parquet":
        yield from _plan_parquet(path, chunk_size)
    elif kind == "warc":
        yield from _plan_warc(path, chunk_size)
    else:
        encoding = _encoding(path)
        if encoding.startswith(("utf-16", "utf-32")):  # no byte-splitting of wide text: read it whole
            yield Chunk("file", path=path, sizes=(size,), encoding=encoding, estimate=max(1, size // 4000))
        elif kind == "jsonl":
            yield from _plan_lines(path, encoding, chunk_size)
        else:
            yield from _plan_csv(path, encoding, chunk_size)


def _plan_lines(path: str, encoding: str, chunk_size: int) -> Iterator[Chunk]:
    with open(path, "rb") as fh:
        start, first, number, records = 0, 1, 0, 0
        while True:
            line = fh.readline(1 << 20)
            if not line:
                break
            while not line.endswith(b"\n") and (more := fh.readline(1 << 20)):
                line = more  # a very long line: only its end matters here
            number += 1
            records += bool(line.strip())
            if records >= chunk_size:
                end = fh.tell()
                yield Chunk("jsonl", path=path, start=start, end=end, line=first, encoding=encoding, estimate=records)
                start, first, records = end, number + 1, 0
        end = fh.tell()
    if end == 0:
        raise InputError(path, "empty file")
    if end > start:
        yield Chunk("jsonl", path=path, start=start, end=end, line=first, encoding=encoding, estimate=records)


def _plan_csv(path: str, encoding: str, chunk_size: int) -> Iterator[Chunk]:
    """Byte ranges at CSV record boundaries (a quoted field may span lines)."""
    csv.field_size_limit(1 << 30)
    with open(path, "rb") as fh:
        pos = [0]

        def lines() -> Iterator[str]:
            for raw in fh:
                pos[0] += len(raw)
                yield raw.decode(encoding, "replace")

        reader = csv.reader(lines(), delimiter=_delimiter(path, encoding))
        header = next(reader, None)
        if header is None:
            raise InputError(path, "empty file (no header row)")
        header_end = start = pos[0]
        first, records = reader.line_num + 1, 0
        for _ in reader:
            records += 1
            if records >= chunk_size:
                yield Chunk("csv", path=path, start=start, end=pos[0], line=first, header=header_end,
                            encoding=encoding, estimate=records)  # fmt: skip
                start, first, records = pos[0], reader.line_num + 1, 0
        if pos[0] > start:
            yield Chunk("csv", path=path, start=start, end=pos[0], line=first, header=header_end,
                        encoding=encoding, estimate=records)  # fmt: skip


def _plan_parquet(path: str, chunk_size: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # pyarrow's errors: a file that is not Parquet
        raise InputError(path, f"not a Parquet file ({' '.join(str(exc).split())})") from None
    for start in range(0, rows, chunk_size):
        end = min(rows, start + chunk_size)
        yield Chunk("parquet", path=path, start=start, end=end, estimate=end - start)


def _plan_warc(path: str, chunk_size: int) -> Iterator[Chunk]:
    from didban.batch.warc import record_offsets

    start, pages, first = 0, 0, 0
    for index, (offset, kind) in enumerate(record_offsets(path)):
        if pages >= chunk_size:
            yield Chunk("warc", path=path, start=start, end=offset, line=first, estimate=pages)
            start, pages, first = offset, 0, index
        pages += kind in ("response", "resource")
    end = os.path.getsize(path)
    if end > start:
        yield Chunk("warc", path=path, start=start, end=end, line=first, estimate=pages)


# -- reading (worker) ----------------------------------------------------------------------------------


def read_chunk(chunk: Chunk, job: Job, quarantine: Quarantine) -> Iterator[Article]:
    """The raw articles of ``chunk``; every bad record is handed to ``quarantine`` instead."""
    from didban.ingest import FieldMapping

    mapping = FieldMapping(**job.mapping)
    if chunk.kind == "files":
        for path in chunk.paths:
            yield from _read_whole(path, mapping, job, quarantine)
    elif chunk.kind == "file":
        yield from _read_whole(chunk.path, mapping, job, quarantine)
    elif chunk.kind == "jsonl":
        yield from _read_jsonl(chunk, mapping, job, quarantine)
    elif chunk.kind == "csv":
        yield from _read_csv(chunk, mapping, job, quarantine)
    elif chunk.kind == "parquet":
        yield from _read_parquet(chunk, mapping, quarantine)
    else:
        yield from _read_warc(chunk, job, quarantine)


def _read_whole(path: str, mapping: Any, job: Job, quarantine: Quarantine) -> Iterator[Article]:
    """One file through the ingest reader for its kind (text, HTML, feed, JSON, wide-encoded JSONL/CSV)."""
    from didban.ingest import read_path

    def warn(message: str) -> None:
        # The readers' one-line messages start with the file name; the rest is the reason.
        quarantine(path, None, message.removeprefix(f"{path}: "))

    try:
        yield from read_path(path, on_error="skip", warn=warn, mapping=mapping, max_bytes=job.max_bytes,
                             max_record_bytes=job.max_record_bytes)  # fmt: skip
    except InputError as exc:  # read_path raises for the file itself (empty, binary, too large)
        quarantine(exc.source, None, exc.problem)
    except (OSError, UnicodeError, ValueError, RecursionError, MemoryError) as exc:
        quarantine(path, None, f"unexpected {type(exc).__name__}: {exc}")


def _read_jsonl(chunk: Chunk, mapping: Any, job: Job, quarantine: Quarantine) -> Iterator[Article]:
    from didban.ingest.records import RecordError, record_to_article

    for number, raw in _byte_lines(chunk, job.max_record_bytes, quarantine):
        source = f"{chunk.path}:{number}"
        try:
            text = raw.decode(chunk.encoding)
        except UnicodeDecodeError:
            quarantine(source, _show(raw), f"not valid {chunk.encoding} text")
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as e:
            quarantine(source, _show(text), f"invalid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(record, dict):
            found = type(record).__name__ if record is not None else "null"
            quarantine(source, _show(text), f"expected a JSON object, found {found}")
            continue
        try:
            yield record_to_article(record, mapping, source)
        except RecordError as e:
            quarantine(source, _show(text), str(e))


def _byte_lines(chunk: Chunk, limit: int, quarantine: Quarantine) -> Iterator[tuple[int, bytes]]:
    with open(chunk.path, "rb") as fh:
        fh.seek(chunk.start)
        number = chunk.line - 1
        while fh.tell() < chunk.end and (raw := fh.readline(limit + 1)):
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of an over-long line without holding it
                quarantine(f"{chunk.path}:{number}", None, f"record too large (over {limit} bytes)")
                continue
            yield number, raw


def _read_csv(chunk: Chunk, mapping: Any, job: Job, quarantine: Quarantine) -> Iterator[Article]:
    from didban.batch.warc import open_bytes
    from didban.ingest.records import RecordError, record_to_article

    csv.field_size_limit(max(csv.field_size_limit(), job.max_record_bytes))
    delimiter = _delimiter(chunk.path, chunk.encoding)
    with open(chunk.path, "rb") as fh:
        head = fh.read(chunk.header).decode(chunk.encoding, "replace").removeprefix("\ufeff")
    raw = open_bytes(chunk.path, chunk.start, chunk.end)
    with io.TextIOWrapper(raw, chunk.encoding, "replace", newline="") as body:
        header = [h.strip() for h in next(csv.reader([head], delimiter=delimiter))]
        keys = {h.lower(): h for h in header}
        if mapping.find("text", keys) is None:
            quarantine(chunk.path, _show(head), f"no text column (found: {', '.join(header[:10])})")
            return
        reader = csv.reader(body, delimiter=delimiter)
        while True:
            source = f"{chunk.path}:{chunk.line + reader.line_num}"  # the record's first line
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                quarantine(source, None, f"malformed CSV: {e}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                quarantine(source, _show(delimiter.join(row)), f"expected {len(header)} fields, found {len(row)}")
                continue
            try:
                yield record_to_article(dict(zip(header, row, strict=True)), mapping, source)
            except RecordError as e:
                quarantine(source, _show(delimiter.join(row)), str(e))


def _read_parquet(chunk: Chunk, mapping: Any, quarantine: Quarantine) -> Iterator[Article]:
    import pyarrow.parquet as pq

    from didban.ingest.records import RecordError, record_to_article

    pf = pq.ParquetFile(chunk.path)
    meta = pf.metadata
    groups, first, row = [], None, 0
    for i in range(meta.num_row_groups):
        n = meta.row_group(i).num_rows
        if row + n > chunk.start and row < chunk.end:
            groups.append(i)
            first = row if first is None else first
        row += n
    row = first or 0
    for batch in pf.iter_batches(batch_size=1024, row_groups=groups):
        for record in batch.to_pylist():
            if chunk.start <= row < chunk.end:
                source = f"{chunk.path}#{row}"
                try:
                    yield record_to_article(record, mapping, source)
                except RecordError as e:
                    quarantine(source, _show(json.dumps(record, ensure_ascii=False, default=str)), str(e))
            row += 1
            if row >= chunk.end:
                return


def _read_warc(chunk: Chunk, job: Job, quarantine: Quarantine) -> Iterator[Article]:
    from didban.batch.warc import http_payload, iter_records, open_range
    from didban.ingest import parse_html, parse_text

    with open_range(chunk.path, chunk.start, chunk.end) as stream:
        try:
            for index, record in enumerate(iter_records(stream, chunk.path), start=chunk.line):
                if record.type not in ("response", "resource"):
                    continue
                url = record.headers.get("warc-target-uri")
                source = f"{chunk.path}#{index}"
                if record.type == "response":
                    status, headers, body = http_payload(record.block)
                    if status != 200:
                        continue  # redirects, errors: not pages
                    ctype = headers.get("content-type", "")
                else:
                    body, ctype = record.block, record.headers.get("content-type", "")
                if len(body) > job.max_bytes:
                    quarantine(source, url, f"page too large ({len(body)} bytes)")
                    continue
                try:
                    if "html" in ctype.lower():
                        yield parse_html(body, source, url=url, charset=_charset(ctype))
                    elif ctype.lower().startswith("text/plain"):
                        yield parse_text(body, source, url=url)
                except InputError as exc:
                    quarantine(source, url, exc.problem)
        except (InputError, OSError, EOFError) as exc:
            quarantine(chunk.path, None, exc.problem if isinstance(exc, InputError) else f"broken WARC: {exc}")


# -- helpers -------------------------------------------------------------------------------------------


def _encoding(path: str) -> str:
    from didban.ingest.encoding import sniff_encoding

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    enc = sniff_encoding(head, path)  # raises for an empty or binary file
    return "utf-8" if enc.replace("_", "-").lower() in ("utf-8-sig", "ascii") else enc


def _delimiter(path: str, encoding: str) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    with open(path, "rb") as fh:
        header = fh.readline(1 << 16).decode(encoding, "replace")
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_items(path: str) -> int:
    with open(path, "rb") as fh:
        data = fh.read(64 << 20)
    return data.count(b"<item") + data.count(b"<entry")


def _is_feed(path: Path) -> bool:
    from didban.ingest import kind_of

    return kind_of(path) in ("feed", "json")


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


def _show(record: object) -> str | None:
    if record is None:
        return None
    text = record.decode("utf-8", "replace") if isinstance(record, bytes) else str(record)
    text = text.rstrip("\r\n")
    return text if len(text) <= _RECORD_CAP else text[:_RECORD_CAP] + "…"


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


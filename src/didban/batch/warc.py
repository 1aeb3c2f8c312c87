"""A small WARC 1.0/1.1 reader (ISO 28500), enough for crawled news pages; no dependency.

WARC files are a sequence of records (a header block, then ``Content-Length`` bytes); ``.warc.gz`` files
compress each record as its own gzip member, which is what lets the planner cut a file into chunks at
record boundaries and a worker start reading in the middle.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from didban.errors import InputError


@dataclass(slots=True)
class WarcRecord:
    headers: dict[str, str]  # names lower-cased
    block: bytes

    @property
    def type(self) -> str:
        return self.headers.get("warc-type", "")


def is_gzip(path: str) -> bool:
    return path.lower().endswith(".gz")


def iter_records(stream: IO[bytes], source: str) -> Iterator[WarcRecord]:
    """Records of a decompressed WARC stream, one at a time (memory: one record)."""
    while True:
        line = stream.readline()
        while line in (b"\r\n", b"\n"):  # the two CRLFs after each record, and any stray blank lines
            line = stream.readline()
        if not line:
            return
        if not line.startswith(b"WARC/"):
            raise InputError(source, f"not a WARC record (starts with {line[:20]!r})")
        headers = _headers(stream)
        try:
            length = int(headers.get("content-length", ""))
        except ValueError:
            raise InputError(source, "WARC record without a valid Content-Length") from None
        block = stream.read(length)
        if len(block) < length:
            raise InputError(source, "WARC file ends inside a record (truncated)")
        yield WarcRecord(headers, block)


def record_offsets(path: str) -> Iterator[tuple[int, str]]:
    """(byte offset in the file, WARC-Type) of every record, without keeping any record."""
    with open(path, "rb") as fh:
        if is_gzip(path):
            for start, head in _gzip_members(fh):
                yield start, _type_of(head)
            return
        while True:
            start = fh.tell()
            line = fh.readline()
            while line in (b"\r\n", b"\n"):
                start = fh.tell()
                line = fh.readline()
            if not line:
                return
            if not line.startswith(b"WARC/"):
                raise InputError(path, f"not a WARC record at byte {start}")
            headers = _headers(fh)
            try:
                fh.seek(int(headers.get("content-length", "")), io.SEEK_CUR)
            except ValueError:
                raise InputError(path, f"WARC record at byte {start} without a valid Content-Length") from None
            yield start, headers.get("warc-type", "")


def open_range(path: str, start: int, end: int) -> IO[bytes]:
    """The decompressed records stored in bytes ``[start, end)`` of the file."""
    buffered = open_bytes(path, start, end)
    return gzip.GzipFile(fileobj=buffered, mode="rb") if is_gzip(path) else buffered  # type: ignore[return-value]


def open_bytes(path: str, start: int, end: int) -> io.BufferedReader:
    """Bytes ``[start, end)`` of a file as a stream of its own (also for JSONL and CSV chunks)."""
    return io.BufferedReader(_Range(open(path, "rb"), start, end), 1 << 16)


def http_payload(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-cased) and body of an HTTP response block (chunked and gzip decoded)."""
    head, _, body = block.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    parts = lines[0].split(None, 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    if headers.get("content-encoding", "").lower() in ("gzip", "x-gzip"):
        with contextlib.suppress(OSError, EOFError):  # some crawlers store it decoded but keep the header
            body = gzip.decompress(body)
    return status, headers, body


# -- helpers -------------------------------------------------------------------------------------------


def _headers(stream: IO[bytes]) -> dict[str, str]:
    headers: dict[str, str] = {}
    while (line := stream.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("utf-8", "replace")] = value.strip().decode("utf-8", "replace")
    return headers


def _type_of(head: bytes) -> str:
    for line in head.split(b"\n"):
        if line.lower().startswith(b"warc-type:"):
            return line.split(b":", 1)[1].strip().decode("ascii", "replace")
    return ""


def _gzip_members(fh: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(compressed start offset, first decompressed bytes) of each gzip member."""
    pos = start = 0
    inflate = zlib.decompressobj(31)
    head = b""
    while buf := fh.read(1 << 20):
        while buf:
            out = inflate.decompress(buf)
            if len(head) < 2048:
                head += out[: 2048 - len(head)]
            if not inflate.eof:
                pos += len(buf)
                break
            used = len(buf) - len(inflate.unused_data)
            yield start, head
            pos += used
            start, buf, head = pos, inflate.unused_data, b""
            inflate = zlib.decompressobj(31)
    if head:
        raise InputError(getattr(fh, "name", "?"), "gzip stream ends inside a WARC record (truncated)")


def _dechunk(body: bytes) -> bytes:
    out, pos = [], 0
    while pos < len(body):
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            break
        try:
            size = int(body[pos:eol].split(b";")[0], 16)
        except ValueError:
            return body  # not really chunked
        if size == 0:
            break
        out.append(body[eol + 2 : eol + 2 + size])
        pos = eol + 2 + size + 2
    return b"".join(out)


class _Range(io.RawIOBase):
    """A read-only view of bytes ``[start, end)`` of a file."""

    def __init__(self, fh: IO[bytes], start: int, end: int) -> None:
        self._fh = fh
        self._left = end - start
        fh.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self._left)
        if n <= 0:
            return 0
        data = self._fh.read(n)
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._fh.close()
        super().close()

"""Bytes → text for files whose encoding nobody told us.

Persian text in the wild comes as UTF-8 (with or without a BOM), UTF-16 from Windows tools, and
Windows-1256 from older sites and Office exports. The order below tries the cheap, certain checks first
(BOM, strict UTF-8) and only then guesses, so a valid UTF-8 file is never mis-detected.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from didban.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SNIFF = 64 * 1024  # bytes looked at for the binary check
# C0 controls that never occur in text (tab, newline, form feed, carriage return and ESC are allowed).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Non-ASCII characters a Persian Windows-1256 text plausibly holds besides letters.
_PERSIAN_EXTRAS = set("\u200c\u200d\u200e\u200f\xa0«»–—…‘’“”•×÷")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode a whole file's bytes; ``declared`` is a charset the container named (HTML meta, HTTP)."""
    return detect_and_decode(data, source, declared).text


def detect_and_decode(data: bytes, source: str, declared: str | None = None) -> Decoded:
    """Like :func:`decode_bytes`, also saying which encoding was used (for ``Article.meta``)."""
    decoded = _decode(data, source, declared)
    if not decoded.text.strip():  # also catches a BOM alone, or Unicode spaces only
        raise InputError(source, "empty file")
    return decoded


def _decode(data: bytes, source: str, declared: str | None) -> Decoded:
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as e:
                raise InputError(source, f"invalid {name.upper()} text at byte {e.start}") from None
    if looks_binary(data):
        raise InputError(source, "binary file, not text")
    # Valid non-ASCII UTF-8 is practically never an accident, so it wins over any declaration.
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        if _mostly_utf8(data):
            # Read as Windows-1256, damaged UTF-8 would look like Arabic-script text: refuse it instead.
            raise InputError(
                source, f"invalid UTF-8 at byte {e.start} (the rest is UTF-8: damaged file?)"
            ) from None
    text = data.decode("cp1256")  # every byte is mapped, so this cannot fail; judge the result instead
    if _plausible_persian(text):
        # Before the declaration: old Persian sites often declare ISO-8859-1 but serve Windows-1256.
        return Decoded(text, "cp1256")
    declared_name = _codec_name(declared) if declared else None
    if declared_name:
        try:
            return Decoded(data.decode(declared_name), declared_name)
        except UnicodeDecodeError:
            pass  # the declaration lies: fall through to detection
    guessed = _charset_normalizer_guess(data)
    if guessed is not None:
        return guessed
    raise InputError(source, "cannot detect the text encoding (not UTF-8, UTF-16 or Windows-1256)")


def sniff_encoding(head: bytes, source: str) -> str:
    """The encoding of a stream judged from its first bytes (for JSONL/CSV read line by line).

    ``head`` may end inside a multi-byte character; that is not held against UTF-8.
    """
    if not head.strip():
        raise InputError(source, "empty file")
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if looks_binary(head):
        raise InputError(source, "binary file, not text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        if _mostly_utf8(head):
            return "utf-8"  # a damaged line or two; the line reader reports them one by one
    if _plausible_persian(head.decode("cp1256")):
        return "cp1256"
    guessed = _charset_normalizer_guess(head)
    if guessed is not None:
        return guessed.encoding
    raise InputError(source, "cannot detect the text encoding (not UTF-8, UTF-16 or Windows-1256)")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 64 KB: an image, archive, PDF, …"""
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(2, len(head) // 100)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """Nearly all non-ASCII bytes form valid UTF-8 sequences: UTF-8 with a few damaged bytes."""
    sample = data[: 4 * _SNIFF]
    high = sum(1 for b in sample if b >= 0x80)
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    return high > 0 and in_sequences >= 0.9 * high


def _plausible_persian(text: str) -> bool:
    """Windows-1256 decodes any bytes, so accept it only when the non-ASCII part is Arabic script."""
    non_ascii = [c for c in text[: 4 * _SNIFF] if ord(c) > 0x7F]  # a sample: files may be 50 MB
    if not non_ascii:
        return False
    arabic = sum(1 for c in non_ascii if _ARABIC_SCRIPT.match(c))
    other = sum(1 for c in non_ascii if not _ARABIC_SCRIPT.match(c) and c not in _PERSIAN_EXTRAS)
    # Letters dominate real text; random bytes land on Latin-1 accents and symbols about half the time.
    return arabic >= 0.9 * len(non_ascii) or (arabic >= 20 and other <= 0.05 * len(non_ascii))


def _charset_normalizer_guess(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes  # imported here: only unusual files need it

    best = from_bytes(data[: 4 * _SNIFF]).best()
    if best is None or best.encoding is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _mostly_unprintable(text):
        return None
    return Decoded(text, best.encoding)


def _mostly_unprintable(text: str) -> bool:
    sample = text[:_SNIFF]
    bad = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\n\r\f")
    return bad > len(sample) // 50


def _codec_name(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in ("windows-1256", "cp1256", "x-cp1256"):
        return "cp1256"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A UTF-16/32 declaration without a BOM is wrong by definition (the HTML standard ignores it too).
    return None if name.startswith(("utf-16", "utf-32")) else name

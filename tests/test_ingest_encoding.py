"""Bytes of unknown encoding → text: BOMs, UTF-8, Windows-1256, and refusing what is not text."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.errors import InputError
from didban.ingest import decode_bytes
from didban.ingest.encoding import detect_and_decode, sniff_encoding

PERSIAN = "احتمال حضور نظامی روسیه در عراق\nرئیس شورای اتحادیه روسیه اعلام کرد: «در صورت درخواست بغداد…»"
# Windows-1256 has no Persian yeh (U+06CC): Persian Windows text uses the Arabic yeh (U+064A).
PERSIAN_1256 = PERSIAN.replace("ی", "ي")


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(PERSIAN.encode("utf-8"), PERSIAN, "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), PERSIAN, "utf-8-sig", id="utf-8 with BOM"),
        pytest.param(PERSIAN.encode("utf-16"), PERSIAN, "utf-16", id="utf-16 with BOM"),
        pytest.param(codecs.BOM_UTF16_BE + PERSIAN.encode("utf-16-be"), PERSIAN, "utf-16", id="utf-16-be"),
        pytest.param(PERSIAN.encode("utf-32"), PERSIAN, "utf-32", id="utf-32 with BOM"),
        pytest.param(PERSIAN_1256.encode("cp1256"), PERSIAN_1256, "cp1256", id="windows-1256"),
        pytest.param("خبر کوتاه".encode("cp1256"), "خبر کوتاه", "cp1256", id="short windows-1256"),
        pytest.param(b"plain ASCII news\n", "plain ASCII news\n", "utf-8", id="ascii"),
    ],
)
def test_decodes(data: bytes, text: str, encoding: str | None) -> None:
    decoded = detect_and_decode(data, "x.txt")
    assert decoded.text == text
    if encoding is not None:
        assert decoded.encoding == encoding


def test_windows_1256_news_is_read_not_refused() -> None:
    body = ("خبرگزاری نمونه گزارش داد که نشست خبری امروز برگزار شد. " * 20).replace("ی", "ي")
    assert decode_bytes(body.encode("cp1256"), "old.txt") == body


def test_declared_charset_is_used_when_not_utf8() -> None:
    data = "na\xefve caf\xe9".encode("latin-1")
    assert decode_bytes(data, "page.html", declared="iso-8859-1") == "na\xefve caf\xe9"


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode_bytes(PERSIAN.encode("utf-8"), "page.html", declared="windows-1256") == PERSIAN


def _random_high_bytes(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"  \n\t\r\n", "empty file", id="only whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file, not text", id="png"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40, "binary file, not text", id="zip"),
        pytest.param(b"%PDF-1.7\n" + bytes(range(1, 32)) * 4, "binary file, not text", id="control chars"),
        pytest.param(_random_high_bytes(400), "cannot detect the text encoding", id="invalid utf-8, no encoding"),
        pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid UTF-16", id="broken utf-16"),
    ],
)
def test_refuses(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "input.bin")
    assert caught.value.source == "input.bin"
    assert problem in caught.value.problem
    assert "\n" not in str(caught.value)  # one line, naming the input
    assert str(caught.value).startswith("input.bin: ")


def test_sniff_tolerates_a_character_cut_at_the_end() -> None:
    head = PERSIAN.encode("utf-8")[:-1]  # the last character's bytes are cut in two
    assert sniff_encoding(head, "big.jsonl") == "utf-8"


def test_sniff_windows_1256_and_utf16() -> None:
    assert sniff_encoding(PERSIAN_1256.encode("cp1256"), "x.csv") == "cp1256"
    assert sniff_encoding(PERSIAN.encode("utf-16"), "x.csv") == "utf-16"


def test_damaged_utf8_is_refused_not_read_as_windows_1256() -> None:
    # Persian UTF-8 bytes read as Windows-1256 would look like Arabic-script text; say what is wrong.
    data = PERSIAN.encode("utf-8") * 3
    cut = len("احتمال حضور".encode())  # a character boundary
    damaged = data[:cut] + b"\xff" + data[cut:]
    with pytest.raises(InputError) as caught:
        decode_bytes(damaged, "news.txt")
    assert caught.value.problem == f"invalid UTF-8 at byte {cut} (the rest is UTF-8: damaged file?)"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_give_an_input_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz")
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(text, str) and text.strip()


@given(st.text(max_size=200))
def test_text_round_trips_through_utf8_and_utf16(text: str) -> None:
    if not text.strip() or "\x00" in text or text.startswith("\ufeff"):
        return  # nothing to read; a NUL means binary; a leading U+FEFF is read as a byte order mark
    for data in (text.encode("utf-8"), text.encode("utf-16"), codecs.BOM_UTF8 + text.encode("utf-8")):
        try:
            assert decode_bytes(data, "t") == text
        except InputError as e:  # control characters make text look binary; that is the only refusal
            assert e.problem == "binary file, not text"

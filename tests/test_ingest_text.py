"""Plain text files: one article each, first line the title; bad files refused in one line."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from didban.errors import InputError
from didban.ingest import read_text_file
from didban.ingest.files import format_size

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = FIXTURES / "text" / "seed-article.txt"


def test_seed_article() -> None:
    article = read_text_file(SEED)
    content = SEED.read_text(encoding="utf-8")
    assert article.raw_text == content  # the whole file, title line included
    assert article.title == "احتمال حضور نظامی روسیه در عراق"
    assert article.source == str(SEED)
    assert article.text == ""  # normalization is a later stage
    assert article.url is None and article.outlet is None and article.published is None
    assert article.id and article.id == read_text_file(SEED).id  # stable


def test_markdown_heading_marks_are_not_the_title() -> None:
    article = read_text_file(FIXTURES / "text" / "report.md")
    assert article.title == "گزارش کوتاه"
    assert article.raw_text.startswith("# گزارش کوتاه")


def test_outlet_and_url_given_by_the_caller() -> None:
    article = read_text_file(SEED, outlet="خبرگزاری صدا و سیما", url="https://example.ir/1")
    assert (article.outlet, article.url) == ("خبرگزاری صدا و سیما", "https://example.ir/1")


@pytest.mark.parametrize(
    ("encode", "meta"),
    [
        pytest.param(lambda t: t.encode("utf-8"), {}, id="utf-8"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), {"encoding": "utf-8-sig"}, id="utf-8-sig"),
        pytest.param(lambda t: t.encode("utf-16"), {"encoding": "utf-16"}, id="utf-16"),
    ],
)
def test_encodings(tmp_path: Path, encode, meta: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(encode(text))
    article = read_text_file(path)
    assert article.raw_text == text
    assert article.title == "احتمال حضور نظامی روسیه در عراق"
    assert article.meta == meta


def test_windows_1256_file(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("ی", "ي")
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1256"))
    article = read_text_file(path)
    assert article.raw_text == text
    assert article.title == "احتمال حضور نظامي روسيه در عراق"
    assert article.meta == {"encoding": "cp1256"}


def test_leading_blank_lines_before_the_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n\n  عنوان خبر  \nمتن خبر.\n", encoding="utf-8")
    assert read_text_file(path).title == "عنوان خبر"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"\n \n", "empty file", id="blank"),
        pytest.param("  \n".encode("utf-16"), "empty file", id="blank utf-16"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(64), "binary file, not text", id="binary"),
        pytest.param(bytes(range(0x80, 0x100)) * 3, "cannot detect the text encoding", id="undecodable"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert str(caught.value).startswith(f"{path}: {problem}")
    assert "\n" not in str(caught.value)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("عنوان\n".encode() + b"x" * 3000)
    with pytest.raises(InputError, match=r"file too large \(3 KB > 2 KB limit\)"):
        read_text_file(path, max_bytes=2048)


def test_default_limit_is_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse file: 60 MB on paper, nothing on disk
        fh.truncate(60 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert caught.value.problem == "file too large (60 MB > 50 MB limit)"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        read_text_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text_file(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("عنوان\nمتن", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_text_file(path)


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (52428800, "50 MB"),
        (63 * 1024 * 1024, "63 MB"),
        (1536 * 1024, "1.5 MB"),
        (2048, "2 KB"),
        (10, "10 bytes"),
    ],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text

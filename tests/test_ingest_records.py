"""JSONL, JSON and CSV article records: field mapping, streaming, and bad records skipped with a warning."""

from __future__ import annotations

import csv
import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from didban.errors import InputError
from didban.ingest import FieldMapping, read_csv, read_json, read_jsonl
from didban.ingest.dates import TEHRAN

RECORDS = Path(__file__).parent / "fixtures" / "ingest" / "records"


def test_jsonl_fields_and_defaults() -> None:
    articles = list(read_jsonl(RECORDS / "articles.jsonl"))
    assert [a.source for a in articles] == [f"{RECORDS / 'articles.jsonl'}:{n}" for n in (1, 3, 4, 5)]
    first, second, third, fourth = articles
    assert first.id == "a1"
    assert first.title == "کاهش ۴۰ درصدی حجم آب سدهای تهران"
    assert first.raw_text == first.title + "\n" + "مدیرعامل شرکت آب منطقه‌ای تهران از کاهش حجم آب سدهای پایتخت خبر داد."
    assert first.outlet == "خبرگزاری نمونه"
    assert first.published == datetime(2025, 9, 5, 12, 56, tzinfo=TEHRAN)
    assert first.meta == {"service": "اجتماعی"}  # fields with no role are kept
    assert first.text == ""
    # headline/body/link/source/date aliases; a body given as a list of paragraphs
    assert second.title == "پیروزی دیرهنگام استقلال"
    assert second.raw_text == "پیروزی دیرهنگام استقلال\nاستقلال سپاهان را شکست داد.\nگل در دقیقه ۸۸ به ثمر رسید."
    assert (second.url, second.outlet) == ("https://varzesh.example.com/n/7781", "روزنامه ورزشی نمونه")
    assert second.meta == {"views": "1240"}
    # no title: raw_text is the body alone; an epoch number is a UTC timestamp
    assert third.title is None and third.raw_text == "متن بدون عنوان و بدون تاریخ."
    assert third.published == datetime(2025, 9, 5, 17, 26, tzinfo=UTC)
    # a date we cannot read is kept for a later look, not guessed
    assert fourth.published is None and fourth.meta["published_raw"] == "به زودی"


def test_jsonl_bad_lines_are_skipped_with_one_line_warnings() -> None:
    warnings: list[str] = []
    path = RECORDS / "broken.jsonl"
    titles = [a.title for a in read_jsonl(path, warn=warnings.append)]
    assert titles == ["خبر اول", "خبر دوم", "خبر پنجم", "خبر هشتم"]
    assert warnings == [
        f"{path}: line 3: expected a JSON object, found list",
        f"{path}: line 4: no text (expected a non-empty field text, body or content)",
        f"{path}: line 7: invalid JSON: Invalid control character (column 44)",
    ]


def test_jsonl_strict_mode_raises_on_the_first_bad_line() -> None:
    with pytest.raises(InputError, match=r"broken\.jsonl: line 3: expected a JSON object"):
        list(read_jsonl(RECORDS / "broken.jsonl", on_error="raise"))


def test_custom_mapping(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl"
    record = {"matn": "متن خبر.", "onvan": "عنوان", "rasane": "ایرنا", "tarikh": "1404/06/14", "extra": "x"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    mapping = FieldMapping(text="matn", title="onvan", outlet="rasane", published="tarikh", keep_other_fields=False)
    (article,) = read_jsonl(path, mapping)
    assert (article.title, article.outlet, article.raw_text) == ("عنوان", "ایرنا", "عنوان\nمتن خبر.")
    assert article.published == datetime(2025, 9, 5, tzinfo=TEHRAN)
    assert article.meta == {}


def test_title_repeated_in_the_body_is_not_doubled(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": "عنوان", "text": "عنوان\nمتن."}, ensure_ascii=False), encoding="utf-8")
    (article,) = read_jsonl(path)
    assert article.raw_text == "عنوان\nمتن."


def test_field_names_match_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"Title": "عنوان", "TEXT": "متن."}, ensure_ascii=False), encoding="utf-8")
    (article,) = read_jsonl(path)
    assert article.raw_text == "عنوان\nمتن."


def test_jsonl_over_long_and_undecodable_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": "متن خبر درباره نشست خبری امروز در تهران."}, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + b'{"text": "' + b"x" * 5000 + b'"}\n' + b'{"text": "\xff\xfe"}\n' + good + b"\n")
    warnings: list[str] = []
    articles = list(read_jsonl(path, warn=warnings.append, max_record_bytes=1000))
    assert len(articles) == 2
    assert warnings == [
        f"{path}: line 2: record too large (over the 1000 bytes limit)",
        f"{path}: line 3: not valid utf-8 text",
    ]


def test_jsonl_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    line = json.dumps({"title": "عنوان", "text": "متن خبر نمونه. " * 250}, ensure_ascii=False) + "\n"
    path.write_text(line * 4000, encoding="utf-8")  # about 15 MB
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    count = sum(1 for _ in read_jsonl(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 4000
    assert peak < 2_000_000  # one record at a time, not the file


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    records = [{"title": "یک", "text": "متن یک."}, {"title": "بی‌متن"}, {"title": "دو", "text": "متن دو."}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    warnings: list[str] = []
    articles = list(read_json(path, warn=warnings.append))
    assert [a.title for a in articles] == ["یک", "دو"]
    assert [a.source for a in articles] == [f"{path}[0]", f"{path}[2]"]
    assert warnings == [f"{path}: item 1: no text (expected a non-empty field text, body or content)"]


def test_json_that_is_really_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"text": "یک"}\n{"text": "دو"}\n', encoding="utf-8")
    assert [a.raw_text for a in read_json(path)] == ["یک", "دو"]


# -- CSV -------------------------------------------------------------------------------------------


def test_csv_with_quoted_multiline_fields() -> None:
    path = RECORDS / "articles.csv"
    first, second = read_csv(path)
    assert first.source == f"{path}:2" and second.source == f"{path}:3"
    assert first.published == datetime(2025, 9, 5, 12, 56, tzinfo=TEHRAN)
    assert second.title == "پیروزی استقلال، برابر سپاهان"
    assert second.raw_text.splitlines() == [
        "پیروزی استقلال، برابر سپاهان",
        "استقلال در هفته چهارم لیگ برتر پیروز شد.",
        "سرمربی سپاهان گفت: «داوری اشتباه کرد.»",
        'او افزود: "تیم ما شایسته شکست نبود."',
    ]


def test_csv_broken_rows_are_skipped_and_reading_resumes() -> None:
    path = RECORDS / "broken.csv"
    warnings: list[str] = []
    titles = [a.title for a in read_csv(path, warn=warnings.append)]
    assert titles == ["خبر اول", "خبر سوم", "خبر پنجم", "خبر هفتم"]
    assert warnings == [
        f"{path}: line 3: expected 3 fields, found 4",
        f"{path}: line 5: malformed CSV: ',' expected after '\"'",
        f"{path}: line 7: unclosed quote (the field runs to the end of the file)",
        f"{path}: line 9: no text (expected a non-empty field text, body or content)",
    ]


def test_csv_strict_mode() -> None:
    with pytest.raises(InputError, match=r"line 3: expected 3 fields, found 4"):
        list(read_csv(RECORDS / "broken.csv", on_error="raise"))


@pytest.mark.parametrize(
    ("name", "content", "delimiter"),
    [
        ("a.tsv", "title\ttext\nعنوان\tمتن، با ویرگول.\n", None),
        ("a.csv", "title;text\nعنوان;متن، با ویرگول.\n", None),
        ("a.csv", "title|text\nعنوان|متن، با ویرگول.\n", "|"),
    ],
)
def test_csv_delimiters(tmp_path: Path, name: str, content: str, delimiter: str | None) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (article,) = read_csv(path, delimiter=delimiter)
    assert article.raw_text == "عنوان\nمتن، با ویرگول."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_csv_encodings_from_excel(tmp_path: Path, encoding: str) -> None:
    text = "title,text\nعنوان خبر,متن خبر درباره نشست خبری امروز.\n"
    if encoding == "cp1256":
        text = text.replace("ی", "ي")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode(encoding))
    (article,) = read_csv(path)
    assert article.title == text.splitlines()[1].split(",")[0]


def test_csv_field_larger_than_the_csv_module_default(tmp_path: Path) -> None:
    body = "متن بلند. " * 20000  # about 200 KB: over csv's default 128 KB field limit
    path = tmp_path / "long.csv"
    path.write_text(f'title,text\nعنوان,"{body}"\n', encoding="utf-8")
    (article,) = read_csv(path)
    assert article.raw_text == "عنوان\n" + body.strip()


def test_csv_unclosed_quote_in_a_huge_file_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    rows = ["title,text", 'بد,"گیومه باز'] + [f"خبر {i},متن {i}." for i in range(200)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    warnings: list[str] = []
    articles = list(read_csv(path, warn=warnings.append, max_record_bytes=500))
    assert warnings == [f"{path}: line 2: unclosed quote (or a record over the 500 bytes limit)"]
    assert len(articles) == 200  # every line after the broken one is read again


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"name,age\nali,3\n", "no text column (expected text, body or content; found: name, age)"),
        (b"\x00\x01\x02binary", "binary file, not text"),
    ],
)
def test_csv_bad_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(read_csv(path))
    assert str(caught.value) == f"{path}: {problem}"


def test_missing_records_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_jsonl(tmp_path / "none.jsonl"))


# Any text but control characters (a file of them is refused as binary), newlines and tabs included.
CELL = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from('\n\t,"«»')),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CELL, CELL.filter(lambda t: t.strip() != "")), min_size=1, max_size=8))
def test_csv_reads_back_whatever_the_csv_module_writes(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    # Quotes, commas, newlines and Persian inside fields: the record assembly must agree with csv.
    path = tmp_path / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        writer.writerows(rows)
    warnings: list[str] = []
    articles = list(read_csv(path, FieldMapping(keep_other_fields=False), warn=warnings.append))
    assert warnings == []
    expected = []
    for title, text in rows:
        head, body = " ".join(title.split()), text.strip()
        expected.append((head or None, f"{head}\n{body}" if head and not body.startswith(head) else body))
    assert [(a.title, a.raw_text) for a in articles] == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_any_bytes_as_jsonl_or_csv_give_articles_or_input_errors(tmp_path: Path, data: bytes) -> None:
    for name, reader in (("f.jsonl", read_jsonl), ("f.csv", read_csv)):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            for _ in reader(path, warn=lambda message: None):  # type: ignore[operator]
                pass
        except InputError as e:
            assert "\n" not in str(e)

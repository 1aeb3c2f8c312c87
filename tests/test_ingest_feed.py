"""RSS/Atom feeds: items become articles; entity bombs and external entities are refused first."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.errors import InputError
from didban.ingest import parse_feed, read_feed
from didban.ingest.dates import TEHRAN
from didban.ingest.feed import check_xml_safe

pytest.importorskip("feedparser")

FEEDS = Path(__file__).parent / "fixtures" / "ingest" / "feeds"


def test_rss2_items() -> None:
    path = FEEDS / "rss2.xml"
    warnings: list[str] = []
    articles = list(read_feed(path, warn=warnings.append))
    assert [a.title for a in articles] == [
        "کاهش ۴۰ درصدی حجم آب سدهای تهران",
        "برگزاری نمایشگاه کتاب استانی در اصفهان",
        "تیتر بدون متن",
    ]
    first, second, third = articles
    assert first.url == "https://news.example.ir/fa/news/84521/"
    assert first.outlet == "خبرگزاری نمونه - آخرین اخبار"
    assert first.source == str(path)
    assert first.published == datetime(2025, 9, 5, 9, 26, tzinfo=UTC)
    # content:encoded wins over the description; HTML becomes lines; ZWNJ survives
    assert first.raw_text == (
        "کاهش ۴۰ درصدی حجم آب سدهای تهران\n"
        "به گزارش خبرگزاری نمونه، حجم آب سدهای پنج‌گانه تهران به ۳۱۲ میلیون مترمکعب رسیده است.\n"
        "وی افزود: شهروندان باید در مصرف آب صرفه‌جویی کنند."
    )
    assert first.meta == {"guid": "news-84521", "author": "سرویس اجتماعی", "tags": "محیط زیست"}
    assert first.text == ""
    # a Jalali pubDate in Persian digits, which feedparser cannot read
    assert second.published == datetime(2025, 9, 5, 12, 56, tzinfo=TEHRAN)
    assert third.raw_text == "تیتر بدون متن"
    assert warnings == [f"{path}: item 4: no title or text"]


def test_atom_entry() -> None:
    (article,) = read_feed(FEEDS / "atom.xml")
    assert article.title == "پیروزی دیرهنگام استقلال برابر سپاهان در نقش جهان"
    assert article.outlet == "روزنامه ورزشی نمونه"
    assert article.url == "https://varzesh.example.com/news/2025/09/06/esteghlal-sepahan"
    assert article.published == datetime(2025, 9, 6, 21, 15, tzinfo=TEHRAN)
    assert article.raw_text.splitlines()[1:] == [
        "استقلال در هفته چهارم لیگ برتر با گل دقیقه ۸۸ خود مقابل سپاهان به پیروزی یک بر صفر رسید.",
        "با این نتیجه استقلال به رده دوم جدول صعود کرد.",
    ]
    assert article.meta["author"] == "سارا محمدی"
    assert article.meta["tags"] == "فوتبال, لیگ برتر"


def test_script_in_a_summary_is_not_text() -> None:
    data = (
        (FEEDS / "rss2.xml")
        .read_bytes()
        .replace(b"<content:encoded>", b"<ignored>")
        .replace(b"</content:encoded>", b"</ignored>")
    )
    first = next(parse_feed(data, "feed"))
    assert "alert" not in first.raw_text
    assert first.raw_text.endswith("از کاهش حجم آب سدهای پایتخت خبر داد.")


def test_old_rss_with_a_public_doctype_is_accepted() -> None:
    (article,) = read_feed(FEEDS / "rss091-doctype.xml")
    assert article.title == "بازگشایی جاده چالوس پس از ترمیم"


def test_malformed_feed_is_read_leniently() -> None:
    (article,) = read_feed(FEEDS / "malformed.xml")  # bare "&" in titles, as real sites publish
    assert article.title == "رشد شاخص بورس & افزایش معاملات"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("billion-laughs.xml", "refusing XML with entity declarations (possible entity bomb)"),
        ("xxe.xml", "refusing XML with an external entity (possible XXE attack)"),
        ("not-a-feed.xml", "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> element)"),
    ],
)
def test_refused_feeds(name: str, problem: str) -> None:
    path = FEEDS / name
    with pytest.raises(InputError) as caught:
        list(read_feed(path))
    assert str(caught.value) == f"{path}: {problem}"


def test_entity_bomb_in_a_malformed_document_is_still_refused() -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel><title>&b; & </title></rss>'
    with pytest.raises(InputError, match="possible entity bomb"):
        check_xml_safe(bomb, "bad.xml")


def test_parameter_entity_xxe_is_refused() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><rss/>'
    with pytest.raises(InputError, match="possible XXE attack"):
        check_xml_safe(xxe, "bad.xml")


def test_utf16_feed() -> None:
    text = (FEEDS / "atom.xml").read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    (article,) = parse_feed(text.encode("utf-16"), "utf16.xml")
    assert article.outlet == "روزنامه ورزشی نمونه"


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "empty file"), (b"   \n", "empty file")],
)
def test_empty_feed_bytes(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        list(parse_feed(data, "empty.xml"))


def test_feed_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes((FEEDS / "rss2.xml").read_bytes())
    with pytest.raises(InputError, match=r"file too large \(2 KB > 1 KB limit\)"):
        list(read_feed(path, max_bytes=1024))


def test_missing_feedparser_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "feedparser", None)  # import now raises ImportError
    with pytest.raises(InputError, match=r"pip install 'didban\[feeds\]'"):
        list(read_feed(FEEDS / "atom.xml"))


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: f"<rss><channel>{t}".encode())))
def test_any_bytes_give_articles_or_input_errors(data: bytes) -> None:
    try:
        list(parse_feed(data, "fuzz.xml"))
    except InputError as e:
        assert "\n" not in str(e)

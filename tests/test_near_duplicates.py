"""Near-duplicate detection: re-published copies are found, different articles are not.

The fixtures are a news report written for these tests and the ways outlets re-publish it: another
outlet's lead, a trimmed ending, Arabic ي/ك, spaces for ZWNJ, «انتهای پیام». The quality gate at the
end runs the full evaluation on ../shared/data (skipped without it).
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("datasketch")

from didban.article import Article
from didban.corpus.near_duplicates import NearDuplicateIndex, shingle_hashes, words

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

TITLE = "افتتاح خط جدید مترو در شمال شرق تهران"
LEAD = "به گزارش خبرگزاری فارس از تهران، "
SENTENCES = [
    "خط هفت متروی تهران صبح امروز با حضور شهردار و جمعی از مدیران شهری به طور رسمی افتتاح شد و مسافران "
    "از ساعت ده صبح می‌توانند از این خط استفاده کنند.",
    "مدیرعامل شرکت بهره‌برداری مترو در مراسم افتتاح گفت: این خط با طول بیست و هفت کیلومتر و هجده ایستگاه، "
    "شمال شرق پایتخت را به جنوب غرب شهر متصل می‌کند.",
    "وی افزود: پیش‌بینی می‌شود روزانه بیش از سیصد هزار نفر از این خط استفاده کنند و بار ترافیکی بزرگراه‌های "
    "شرق تهران کاهش یابد.",
    "شهردار تهران نیز در این مراسم از تکمیل ایستگاه‌های باقی‌مانده تا پایان سال آینده خبر داد و گفت: برای "
    "خرید قطارهای جدید با یک شرکت داخلی قرارداد بسته‌ایم.",
    "بر اساس این گزارش، ساخت این خط از سال هشتاد و هفت آغاز شده بود و به دلیل کمبود اعتبارات چند بار متوقف شد.",
]
ORIGINAL = "\n".join([TITLE, LEAD + SENTENCES[0], *SENTENCES[1:]])

# Another outlet's lead, the last sentence trimmed, Arabic letters, spaces for ZWNJ, a closing formula.
REPUBLISHED = (
    "\n".join([TITLE, "به گزارش ایسنا، " + SENTENCES[0], *SENTENCES[1:4], "انتهای پیام"])
    .replace("ی", "ي")
    .replace("ک", "ك")
    .replace("\u200c", " ")
)

# Same topic, many shared words, a different article.
SAME_TOPIC = "\n".join(
    [
        "افزایش قیمت بلیت مترو از ابتدای اردیبهشت",
        "به گزارش خبرگزاری فارس از تهران، شورای شهر تهران با افزایش بیست و پنج درصدی قیمت بلیت مترو و "
        "اتوبوس موافقت کرد و نرخ‌های جدید از ابتدای اردیبهشت اجرا می‌شود.",
        "رئیس کمیسیون عمران شورا گفت: درآمد مترو کفاف هزینه‌های نگهداری خطوط و ایستگاه‌ها را نمی‌دهد و "
        "شهرداری برای خرید قطار به منابع تازه نیاز دارد.",
        "به گفته وی، مسافران کارت‌های بلیت الکترونیکی تا پایان ماه با نرخ قبلی جابه‌جا می‌شوند.",
    ]
)

OTHER_TOPIC = "\n".join(
    [
        "پیروزی پرسپولیس برابر سپاهان در هفته بیستم لیگ برتر",
        "تیم فوتبال پرسپولیس عصر امروز در ورزشگاه آزادی با دو گل سپاهان را شکست داد و فاصله خود را با "
        "تیم دوم جدول به پنج امتیاز رساند.",
        "سرمربی پرسپولیس پس از بازی گفت: بازیکنان ما در نیمه دوم بسیار بهتر بازی کردند و مستحق پیروزی بودیم.",
    ]
)


def article(text: str, outlet: str, hours: float = 0.0, url: str | None = None) -> Article:
    return Article(text, outlet=outlet, published=T0 + timedelta(hours=hours), url=url or f"{outlet}:{hours}")


# -- words and shingles --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("مي‌شود كه", "می‌شود که"),  # Arabic ي/ك
        ("می شود", "می‌شود"),  # a space for ZWNJ
        ("سیب زمینی‌ها", "سیب‌زمینی ها"),  # ZWNJ and space swapped inside compounds
        ("۱۰۰ هزار تومان", "100 هزار تومان"),  # digit scripts
        ("گفت: «بله»؛ و رفت.", "گفت بله و رفت"),  # punctuation
    ],
)
def test_spelling_variants_give_the_same_words(a: str, b: str) -> None:
    from didban.text.normalize import normalize_text

    assert words(normalize_text(a)) == words(normalize_text(b))


def test_words_keep_lines_apart() -> None:
    assert words("الف ب\nپ ت") == [["الف", "ب"], ["پ", "ت"]]


def test_shingles_do_not_cross_lines() -> None:
    body = [["یک", "دو", "سه", "چهار", "پنج", "شش"]]
    with_title = [["عنوان", "خبر"], *body]
    # a title line adds its own shingle and changes none of the body's
    assert set(shingle_hashes(body)) < set(shingle_hashes(with_title))
    assert len(shingle_hashes(with_title)) == len(shingle_hashes(body)) + 1


def test_short_text_is_one_shingle() -> None:
    assert len(shingle_hashes([["سلام", "دنیا"]])) == 1
    assert len(shingle_hashes([])) == 0


# -- the index ------------------------------------------------------------------------------------------
def test_republished_copy_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    original = article(ORIGINAL, "فارس")
    copy = article(REPUBLISHED, "ایسنا", hours=2)
    assert index.add(original) is None
    assert index.add(copy) == original.id
    assert copy.near_duplicate_of == original.id
    assert original.near_duplicate_of is None
    match = index.query(copy)[0]
    # the trimmed copy: its containment in the original is what verifies it, not its Jaccard
    assert match.containment > match.jaccard


@pytest.mark.parametrize("text", [SAME_TOPIC, OTHER_TOPIC])
def test_different_articles_are_not_near_duplicates(text: str) -> None:
    index = NearDuplicateIndex()
    index.add(article(ORIGINAL, "فارس"))
    other = article(text, "فارس", hours=1)
    assert index.add(other) is None
    assert other.near_duplicate_of is None


@pytest.mark.parametrize(
    "variant",
    [
        ORIGINAL.replace("ی", "ي").replace("ک", "ك"),
        ORIGINAL.replace("\u200c", " "),
        ORIGINAL.replace(LEAD, "به گزارش ایرنا، "),
        ORIGINAL.replace(TITLE + "\n", ""),  # the title dropped
        ORIGINAL + "\nانتهای پیام",
    ],
)
def test_each_kind_of_re_publication_matches(variant: str) -> None:
    index = NearDuplicateIndex()
    original = article(ORIGINAL, "فارس")
    index.add(original)
    assert index.add(article(variant, "مهر", hours=1)) == original.id


def test_first_seen_copy_is_kept() -> None:
    index = NearDuplicateIndex()
    first, second, third = (article(REPUBLISHED, o, hours=h) for o, h in (("الف", 0), ("ب", 1), ("پ", 2)))
    index.add(first)
    assert index.add(second) == first.id
    assert index.add(third) == first.id  # not the copy it resembles most
    assert index.group(third.id) == [first.id, second.id, third.id]
    assert index.original_of(first.id) == first.id


def test_add_many_takes_the_earliest_published_as_the_original() -> None:
    index = NearDuplicateIndex()
    late = article(ORIGINAL, "فارس", hours=5)
    early = article(REPUBLISHED, "ایسنا", hours=1)
    assert index.add_many([late, early]) == [early.id, None]
    assert late.near_duplicate_of == early.id


def test_adding_an_article_again_changes_nothing() -> None:
    index = NearDuplicateIndex()
    original, copy = article(ORIGINAL, "فارس"), article(REPUBLISHED, "ایسنا", hours=1)
    index.add(original)
    index.add(copy)
    assert index.add(copy) == original.id
    assert index.add(original) is None
    assert len(index) == 2


def test_empty_text_is_not_indexed() -> None:
    index = NearDuplicateIndex()
    assert index.add(Article("؟!…")) is None
    assert len(index) == 0


def test_serialisation_round_trip() -> None:
    index = NearDuplicateIndex(shingle_size=4, containment=0.7)
    original, copy = article(ORIGINAL, "فارس"), article(REPUBLISHED, "ایسنا", hours=1)
    index.add(original)
    index.add(article(OTHER_TOPIC, "ورزش سه"))
    index.add(copy)
    for restored in (NearDuplicateIndex.from_bytes(index.to_bytes()), pickle.loads(pickle.dumps(index))):
        assert restored.params() == index.params()
        assert len(restored) == 3
        assert restored.original_of(copy.id) == original.id
        later = article(REPUBLISHED + "\nمنبع: ایسنا", "مهر", hours=3)
        assert restored.add(later) == original.id


def test_from_bytes_rejects_other_data() -> None:
    with pytest.raises(ValueError):
        NearDuplicateIndex.from_bytes(NearDuplicateIndex().to_bytes().replace(b"didban-near", b"other-near"))


def test_prune_forgets_old_articles() -> None:
    index = NearDuplicateIndex()
    old = article(ORIGINAL, "فارس")
    index.add(old)
    index.add(article(OTHER_TOPIC, "ورزش سه", hours=24 * 10))
    assert index.prune(T0 + timedelta(days=5)) == 1
    assert old.id not in index
    assert index.add(article(REPUBLISHED, "ایسنا", hours=24 * 11)) is None


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        NearDuplicateIndex(shingle_size=0)
    with pytest.raises(ValueError):
        NearDuplicateIndex(containment=1.5)


# -- quality gate on real news -------------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_quality_on_real_news(shared_data: Path) -> None:
    """Floors a little under what `scripts/eval_near_duplicates.py` measured (P 1.0000, R 0.9945)."""
    from didban.corpus.evaluation import default_test_set, evaluate_near_duplicates

    test = default_test_set(shared_data)
    assert len(test.copies) == 2000 and len(test.negatives) > 7000
    report = evaluate_near_duplicates(test)
    c = report.confusion
    assert c.precision >= 0.995, f"precision {c.precision:.4f} (FP {c.fp})"
    assert c.recall >= 0.985, f"recall {c.recall:.4f} (FN {c.fn})"
    found, total = report.recall_by_transform["trim_end"]
    assert found / total >= 0.98  # containment keeps trimmed copies

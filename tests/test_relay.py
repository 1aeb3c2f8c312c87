"""Relay chains: the article's lead («به گزارش X به نقل از Y»), in-sentence and in-clause relays."""

from __future__ import annotations

import pytest

from didban.article import Article, Relay
from didban.pipeline import Pipeline

PIPELINE = Pipeline(["normalize", "segment", "link", "statements"], initial=("raw_text", "outlet", "mentions"))


def analyse(text: str, outlet: str | None = None) -> Article:
    return PIPELINE(Article(raw_text=text, outlet=outlet))


def chain(a: Article, k: int = 0) -> list[tuple[str, str | None, str]]:
    return [(r.name, r.entity_id, r.cue) for r in a.statements[k].relay]


def spans_name_themselves(a: Article, links: list[Relay]) -> bool:
    return all(r.start is None or a.text[r.start : r.end] == r.name for r in links)


LEADS = [
    # the reporter and the desk are not the outlet
    (
        "به گزارش خبرنگار سیاسی خبرگزاری تسنیم، وزیر کشور گفت: انتخابات برگزار می‌شود.",
        [("خبرگزاری تسنیم", "outlet:tasnim", "به گزارش")],
    ),
    # nested «به نقل از»
    (
        "به گزارش ایسنا به نقل از رویترز، سخنگوی کاخ سفید گفت: مذاکرات ادامه دارد.",
        [("ایسنا", "outlet:isna", "به گزارش"), ("رویترز", "outlet:reuters", "به نقل از")],
    ),
    (
        "به گزارش «ورزش سه» و به نقل از تسنیم، سرمربی تیم گفت: آماده‌ایم.",
        [("ورزش سه", "outlet:varzesh3", "به گزارش"), ("تسنیم", "outlet:tasnim", "به نقل از")],
    ),
    # a lookup-only outlet name («فارس») after the reporter
    (
        "به گزارش خبرنگار فارس، استاندار تهران گفت: مدارس باز است.",
        [("فارس", "outlet:fars", "به گزارش")],
    ),
    # «از تهران» is a dateline, «از ایسنا» a relay
    (
        "به گزارش خبرگزاری فارس از تهران، شهردار گفت: طرح اجرا می‌شود.",
        [("خبرگزاری فارس", "outlet:fars", "به گزارش")],
    ),
    (
        "به گزارش «ورزش سه» از ایسنا، مدافع تیم گفت: قرارداد بسته شد.",
        [("ورزش سه", "outlet:varzesh3", "به گزارش"), ("ایسنا", "outlet:isna", "از")],
    ),
    # a dateline «خبرگزاری فارس: …»
    (
        "خبرگزاری فارس: رئیس پلیس گفت: سارقان دستگیر شدند.",
        [("خبرگزاری فارس", "outlet:fars", ":")],
    ),
    # an outlet the registry does not know: named from its head word
    (
        "به گزارش روزنامه صبح ساحل، فرماندار گفت: جاده باز شد.",
        [("روزنامه صبح ساحل", None, "به گزارش")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LEADS, ids=[t[:30] for t, _ in LEADS])
def test_lead_relay(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    a = analyse(text)
    assert len(a.statements) == 1
    assert chain(a) == expected
    assert spans_name_themselves(a, a.statements[0].relay)


def test_the_lead_chain_applies_to_every_statement_even_before_it() -> None:
    a = analyse(
        "سخنگوی دولت اعلام کرد: جلسه لغو شد.\n"
        "به گزارش خبرگزاری صدا و سیما به نقل از شبکه تلویزیونی المیادین، هیئتی به مسکو رفت.\n"
        "یک منبع عراقی گفت: مذاکرات ادامه دارد."
    )
    expected = [
        ("خبرگزاری صدا و سیما", "outlet:iribnews", "به گزارش"),
        ("شبکه تلویزیونی المیادین", "outlet:almayadeen", "به نقل از"),
    ]
    assert chain(a, 0) == chain(a, 1) == expected


def test_a_later_report_prefix_adds_to_its_own_sentence_only() -> None:
    a = analyse(
        "به گزارش ایرنا، وزیر گفت: بودجه کافی است.\n"
        "بلینکن گفت: تحریم‌ها ادامه دارد.\n"
        "به گزارش رویترز، یک مقام آمریکایی گفت: مذاکره ممکن است."
    )
    assert chain(a, 0) == chain(a, 1) == [("ایرنا", "outlet:irna", "به گزارش")]
    assert chain(a, 2) == [("ایرنا", "outlet:irna", "به گزارش"), ("رویترز", "outlet:reuters", "به گزارش")]


def test_in_text_outlet_relays_what_it_quotes() -> None:
    a = analyse("ایرنا در خبری نوشت: سخنگوی دولت اعلام کرد که جلسه لغو شد.")
    outer, inner = a.statements
    assert (outer.speaker.kind, outer.speaker.entity_id) == ("institution", "outlet:irna")  # type: ignore[union-attr]
    assert inner.speaker.text == "سخنگوی دولت"  # type: ignore[union-attr]
    assert chain(a, 1) == [("ایرنا", "outlet:irna", "نوشت")]


def test_in_clause_citation_makes_the_cited_source_the_speaker() -> None:
    a = analyse("روزنامه الشرق الاوسط به نقل از یک منبع عراقی نوشت: هیئت عراقی به مسکو رفت.")
    (st,) = a.statements
    assert st.speaker is not None
    assert (st.speaker.text, st.speaker.kind) == ("یک منبع عراقی", "anonymous")
    assert chain(a) == [("روزنامه الشرق الاوسط", "outlet:asharq_alawsat", "نوشت")]


def test_a_source_before_the_speaker_relays_its_statement() -> None:
    a = analyse("بر اساس اعلام پایگاه خبری کوره، العنزی گفت: با تعویق بازی موافقت کردیم.")
    (st,) = a.statements
    assert st.speaker is not None and st.speaker.text == "العنزی"
    assert [(r.name, r.cue) for r in st.relay] == [("پایگاه خبری کوره", "طبق اعلام")]


def test_the_articles_own_outlet_opens_the_chain() -> None:
    a = analyse("به گزارش ایسنا به نقل از رویترز، وزیر گفت: جلسه لغو شد.", outlet="همشهری آنلاین")
    assert [r.name for r in a.statements[0].relay] == ["همشهری آنلاین", "ایسنا", "رویترز"]
    assert a.statements[0].relay[0].cue == ""
    # when the outlet is the one the lead names, it is not repeated
    b = analyse("به گزارش ایسنا، وزیر گفت: جلسه لغو شد.", outlet="ایسنا")
    assert chain(b) == [("ایسنا", "outlet:isna", "به گزارش")]


def test_no_relay_without_a_lead() -> None:
    a = analyse("وزیر کشور گفت: انتخابات برگزار می‌شود.")
    assert a.statements[0].relay == []


def test_a_lead_goes_on_after_a_comma_with_a_citation() -> None:
    a = analyse("به گزارش خبرگزاری فارس از اصفهان، به نقل از روابط عمومی استانداری، استاندار گفت: مدارس باز است.")
    assert [r.name for r in a.statements[0].relay] == ["خبرگزاری فارس", "روابط عمومی استانداری"]
    assert [r.cue for r in a.statements[0].relay] == ["به گزارش", "به نقل از"]


def test_a_bare_from_after_a_comma_does_not_continue_the_lead() -> None:
    a = analyse("به گزارش ایسنا، از امروز ثبت‌نام آغاز شد و وزیر گفت: مهلت تمدید نمی‌شود.")
    assert chain(a) == [("ایسنا", "outlet:isna", "به گزارش")]


def test_a_dateline_is_the_publisher_not_a_written_link() -> None:
    a = analyse("تیتر خبر\nخبرگزاری فارس: رئیس پلیس گفت: سارقان دستگیر شدند.")
    (st,) = a.statements
    assert [(r.name, r.entity_id, r.start) for r in st.relay] == [("خبرگزاری فارس", "outlet:fars", None)]


def test_an_outlet_before_a_colon_in_the_title_speaks() -> None:
    a = analyse("روزنامه گاردین: دولت انگلیس مالیات را افزایش می‌دهد\nمتن خبر بدون نقل قول است.")
    (st,) = a.statements
    assert st.speaker is not None and (st.speaker.text, st.cue_lemma) == ("روزنامه گاردین", ":")
    assert all(r.start is None for r in st.relay)


def test_a_report_by_a_known_outlet_in_the_lead_stays_the_chain() -> None:
    a = analyse("تیتر خبر\nبه گزارش رویترز، بهای نفت امروز افزایش یافت.\nوزیر نفت گفت: تولید ثابت می‌ماند.")
    assert [(s.cue_lemma, [r.name for r in s.relay]) for s in a.statements] == [("گفت", ["رویترز"])]


@pytest.mark.parametrize(
    ("text", "speaker", "link"),
    [
        # no comma after the lead: the link ends at the outlet's name, the speaker's clause follows
        ("به گزارش «ایسنا» علی کریمی در نشست خبری خود گفت: ما آماده‌ایم.", "علی کریمی", "ایسنا"),
        ("به گزارش ایسنا مربی تیم گفت: ما آماده‌ایم.", "مربی تیم", "ایسنا"),
        # … and after a dateline place «از کاشان»
        (
            "به گزارش خبرگزاری فارس از کاشان شهردار در جمع خبرنگاران اظهار داشت: بازار رونق دارد.",
            "شهردار",
            "خبرگزاری فارس",
        ),
    ],
)
def test_a_lead_without_a_comma_leaves_the_speaker(text: str, speaker: str, link: str) -> None:
    a = analyse(text)
    assert len(a.statements) == 1
    st = a.statements[0]
    assert st.speaker is not None and st.speaker.text == speaker
    assert [r.name for r in st.relay if r.start is not None] == [link]

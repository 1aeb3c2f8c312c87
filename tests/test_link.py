"""Entity linking, as a specification: real Persian cases and the worked example."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.article import Article, Mention, MentionType
from didban.entities.linker import Linker
from didban.entities.registry import Registry, default_registry, packaged_files
from didban.errors import ConfigError
from didban.pipeline import get_stage_factory
from didban.stages.link import LinkStage
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize

SEED = """احتمال حضور نظامی روسیه در عراق
رئیس شورای اتحادیه روسیه اعلام کرد: در صورت درخواست بغداد، روسیه مساله عملیات هوایی علیه گروه های تروریستی در عراق را مورد بررسی قرار می دهد.
به گزارش
خبرگزاری صدا و سیما به نقل از شبکه تلویزیونی المیادین، در همین راستا خبرها حاکی از سفر هیئت عراقی به مسکو با هدف ایجاد هماهنگی در خصوص اقدام مسکو در انجام حملات هوایی علیه گروه (تکفیری-صهیونیستی) داعش است.
یک منبع عراقی اعلام کرد: این هیئت عراقی در تلاش است تا روسیه را تشویق به انجام حملات هوایی در عراق کند.
یک منبع غربی به شبکه تلویزیونی المیادین اطلاع داد: گروه (تکفیری-صهیونیستی) داعش قصد دارد عملیات جدیدی در عراق انجام دهد.
بنا به گفته یک منبع عراقی، این هیئت با اطلاع حیدر العبادی نخست وزیر عراق به مسکو سفر کرده است تا از این طریق درخواست این هیئت وجهه ای رسمی پیدا کند.
این منبع عراقی افزود : گفتگوها در این باره به مراحل پیشرفته ای رسیده است.
اگر روسیه به درخواست عراق برای حملات هوایی علیه گروه(تکفیری-صهیونیستی) داعش پاسخ مثبت دهد این مساله در زمانی صورت می گیرد که داعش تلاش می کند عملیات های بی سابقه ای در مناطق جدیدی از عراق انجام دهد.
یک مسوول غربی به المیادین گفته بود که رصد تماس های رمزگشایی شده نیروهای تروریستی نشان دهنده طرح ریزی و هماهنگی های داعش با سازمان های اطلاعاتی برخی کشورهای منطقه بود.
بر اساس گفته این مسوول غربی، طرح منطقه ای داعش به دنبال ترور مسوولان رسمی و دینی بلند پایه عراق و مسوولان نظامی بلند پایه ایرانی و ضربه زدن به اتاق عملیات عراق، سوریه، روسیه و ایران در بغداد است تا از این طریق وجه هماهنگی های این چهار کشور را خراب کند.
اما افزایش جدیت در سطح هماهنگی ها و مسلح سازی میان روسیه و عراق موجب خشم آمریکا شده است.
واشنگتن ترجیح می دهد همکاری مسکو-بغداد در سطح تبادل اطلاعات و تماس های اطلاعاتی باقی بماند.
این مساله این سوال را بوجود آورده است که اگر همکاری های روسیه و عراق از سطح همکاری های اطلاعاتی به حضور نظامی روسیه در عراق و انجام حملات علیه گروه (تکفیری-صهیونیستی) داعش افزایش یابد واکنش آمریکا چه خواهد بود.
در این حال وزارت خارجه ترکیه امروز اعلام کرد: به سفیر روسیه در آنکارا دیروز در ارتباط با نقض مکرر حریم هوایی ترکیه بوسیله هواپیماهای جنگنده روسیه، مجددا هشدار داده شد."""  # noqa: E501


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(default_registry())


@pytest.fixture(scope="module")
def ner_only() -> Linker:
    return Linker(default_registry(), dictionary=False, surnames=False)


def article(text: str, mentions: Sequence[tuple[str, MentionType]] = ()) -> Article:
    """A normalized, tokenized article with NER-like mentions at every whole-token occurrence of each
    surface that does not overlap a mention made for an earlier surface."""
    norm = normalize_text(text)
    a = Article(raw_text=text, text=norm, tokens=tokenize(norm))
    starts, ends = {s for s, _ in a.tokens}, {e for _, e in a.tokens}
    for surface, mtype in mentions:
        s = normalize_text(surface)
        pos = norm.find(s)
        assert pos >= 0, surface
        while pos >= 0:
            end = pos + len(s)
            free = all(end <= m.start or pos >= m.end for m in a.mentions)
            if free and pos in starts and end in ends:
                a.mentions.append(Mention(pos, end, mtype, s, score=0.9))
            pos = norm.find(s, pos + 1)
    a.mentions.sort(key=lambda m: m.start)
    return a


def ids_of(a: Article) -> dict[str, str | None]:
    """Surface → entity id (the last mention of a surface wins; tests use distinct surfaces)."""
    return {m.text: m.entity_id for m in a.mentions}


def entity(a: Article, entity_id: str) -> tuple[int, list[str]]:
    (e,) = [e for e in a.entities if e.id == entity_id]
    return e.count, e.aliases


# -- metonyms ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "surfaces", "entity_id"),
    [
        ("روسیه و عراق درباره حملات هوایی گفتگو کردند و مسکو آماده است.", ["روسیه", "مسکو"], "country:RU"),
        ("کرملین اعلام کرد روسیه آماده است.", ["کرملین", "روسیه"], "country:RU"),
        ("کاخ سفید گفت واشنگتن با ایالات متحده آمریکا هم‌نظر است.", ["کاخ سفید", "واشنگتن"], "country:US"),
        ("بغداد از عراق دفاع کرد.", ["بغداد", "عراق"], "country:IQ"),
        ("آنکارا به ترکیه هشدار داد.", ["آنکارا", "ترکیه"], "country:TR"),
        ("تل‌آویو و رژیم صهیونیستی", ["تل‌آویو", "رژیم صهیونیستی"], "country:IL"),
    ],
)
def test_metonyms_merge_with_their_country(linker: Linker, text: str, surfaces: list[str], entity_id: str) -> None:
    a = linker.link(article(text, [(s, "LOC") for s in surfaces]))
    count, aliases = entity(a, entity_id)
    assert count >= 2
    assert {normalize_text(s) for s in surfaces} <= set(aliases)
    assert all(m.type == "GPE" for m in a.mentions if m.entity_id == entity_id)


@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("او در شهر مسکو زندگی می‌کند.", "شهر مسکو", "city:moscow"),
        ("ترافیک شهر تهران سنگین است.", "شهر تهران", "city:tehran"),
        ("دولت روسیه اعلام کرد.", "دولت روسیه", "country:RU"),
        ("حکومت عراق اعلام کرد.", "حکومت عراق", "country:IQ"),
        ("ترافیک تهران سنگین است.", "تهران", "city:tehran"),  # Tehran is not the Iranian state
    ],
)
def test_city_and_state_prefixes(ner_only: Linker, text: str, surface: str, entity_id: str) -> None:
    a = ner_only.link(article(text, [(surface, "LOC")]))
    assert ids_of(a)[normalize_text(surface)] == entity_id


# -- institutions of a country -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("surface", "entity_id", "name"),
    [
        ("وزارت خارجه ترکیه", "org:TR-MFA", "وزارت امور خارجه ترکیه"),
        ("وزارت امور خارجه ترکیه", "org:TR-MFA", "وزارت امور خارجه ترکیه"),
        ("وزارت امور خارجه", "org:IR-MFA", "وزارت امور خارجه"),
        ("وزارت خارجه ایران", "org:IR-MFA", "وزارت امور خارجه"),
        ("وزارت خارجه آمریکا", "org:US-MFA", "وزارت امور خارجه آمریکا"),
        ("وزارت خارجه ایالات متحده", "org:US-MFA", "وزارت امور خارجه آمریکا"),
        ("سفارت روسیه", "org:RU-EMB", "سفارت روسیه"),
        ("ارتش عراق", "org:IQ-ARMY", "ارتش عراق"),
        ("ارتش اسرائیل", "org:IL-ARMY", "ارتش رژیم صهیونیستی"),
        ("پارلمان آلمان", "org:DE-BUNDESTAG", "بوندستاگ"),
        ("مجلس عراق", "org:IQ-PARL", "پارلمان عراق"),
        ("وزارت دفاع روسیه", "org:RU-MOD", "وزارت دفاع روسیه"),
        ("تیم ملی فوتبال ژاپن", "org:JP-NT-FB", "تیم ملی فوتبال ژاپن"),
    ],
)
def test_institution_of_a_country(ner_only: Linker, surface: str, entity_id: str, name: str) -> None:
    a = ner_only.link(article(f"در این حال {surface} امروز اعلام کرد.", [(surface, "ORG")]))
    (e,) = a.entities
    assert (e.id, e.name, e.type) == (entity_id, normalize_text(name), "ORG")


def test_pattern_needs_a_country(ner_only: Linker) -> None:
    a = ner_only.link(article("وزارت خارجه فلان اعلام کرد.", [("وزارت خارجه فلان", "ORG")]))
    assert a.mentions[0].entity_id is not None and a.mentions[0].entity_id.startswith("local:")


# -- within-article coreference ---------------------------------------------------------------------
def test_short_form_joins_the_full_name(ner_only: Linker) -> None:
    a = ner_only.link(article(SEED_ABADI, [("حیدر العبادی", "PER"), ("العبادی", "PER")]))
    assert {m.entity_id for m in a.mentions} == {"per:haider_al_abadi"}
    assert entity(a, "per:haider_al_abadi") == (3, ["حیدر العبادی", "العبادی"])


SEED_ABADI = "حیدر العبادی نخست وزیر عراق به مسکو رفت. آقای العبادی گفت که العبادی خسته نیست."


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("کامران نیک‌پور به تهران آمد. نیک‌پور گفت: خوب است.", "کامران نیک‌پور", "نیک‌پور"),
        ("کامران نیک پور به تهران آمد. نیک‌پور گفت: خوب است.", "کامران نیک پور", "نیک‌پور"),  # ZWNJ vs space
        ("جواد فلانی‌زاده رسید و جواد گفت: نه.", "جواد فلانی‌زاده", "جواد"),  # a first name: a prefix
    ],
)
def test_unknown_people_get_one_local_id(ner_only: Linker, text: str, full: str, short: str) -> None:
    a = ner_only.link(article(text, [(full, "PER"), (short, "PER")]))
    ids = {m.entity_id for m in a.mentions}
    assert len(ids) == 1
    (eid,) = ids
    assert eid is not None and eid.startswith("local:")
    assert a.entities[0].count == 2


def test_short_form_prefers_the_person_of_this_article(ner_only: Linker) -> None:
    # The registry's bare «لاریجانی» is Ali Larijani; after «صادق لاریجانی» it is Sadeq.
    a = ner_only.link(article("صادق لاریجانی گفت. لاریجانی افزود.", [("صادق لاریجانی", "PER"), ("لاریجانی", "PER")]))
    assert {m.entity_id for m in a.mentions} == {"per:sadegh_larijani"}
    b = ner_only.link(article("لاریجانی افزود.", [("لاریجانی", "PER")]))
    assert b.mentions[0].entity_id == "per:ali_larijani"


def test_short_form_of_an_institution(ner_only: Linker) -> None:
    a = ner_only.link(article("ارتش آمریکا حمله کرد و ارتش عقب نشست.", [("ارتش آمریکا", "ORG"), ("ارتش", "ORG")]))
    assert {m.entity_id for m in a.mentions} == {"org:US-ARMY"}


def test_titles_are_stripped(ner_only: Linker) -> None:
    a = ner_only.link(
        article(
            "آیت‌الله سیستانی و حجت‌الاسلام حسن روحانی", [("آیت‌الله سیستانی", "PER"), ("حجت‌الاسلام حسن روحانی", "PER")]
        )
    )
    assert [m.entity_id for m in a.mentions] == ["per:ali_al_sistani", "per:hassan_rouhani"]


def test_a_title_inside_an_alias_is_kept(ner_only: Linker) -> None:
    a = ner_only.link(article("حاج قاسم در بغداد بود.", [("حاج قاسم", "PER")]))
    assert a.mentions[0].entity_id == "per:qasem_soleimani"


def test_a_clitic_is_stripped(ner_only: Linker) -> None:
    a = ner_only.link(article("روسیه‌ای که ما می‌شناسیم", [("روسیه‌ای", "LOC")]))
    assert a.mentions[0].entity_id == "country:RU"


# -- types ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("surface", "ner_type", "linked_type", "entity_id"),
    [
        ("عراق", "LOC", "GPE", "country:IQ"),
        ("بغداد", "LOC", "GPE", "country:IQ"),
        ("کاخ سفید", "FAC", "GPE", "country:US"),
        ("روسیه", "ORG", "GPE", "country:RU"),
        ("خلیج فارس", "LOC", "LOC", "loc:persian_gulf"),
        ("داعش", "ORG", "ORG", "armed:isis"),
        ("فارس", "ORG", "ORG", "outlet:fars"),  # the type decides between the agency …
        ("فارس", "LOC", "LOC", "prov:IR-fars"),  # … and the province (a GPE: the mention type is kept)
    ],
)
def test_types(ner_only: Linker, surface: str, ner_type: MentionType, linked_type: str, entity_id: str) -> None:
    a = ner_only.link(article(f"خبر: {surface} امروز.", [(surface, ner_type)]))
    (m,) = a.mentions
    assert (m.entity_id, m.type) == (entity_id, linked_type if entity_id != "prov:IR-fars" else "GPE")


def test_dates_and_money_are_not_linked(ner_only: Linker) -> None:
    a = ner_only.link(article("روسیه در ۱۴۰۴ اعلام کرد", [("روسیه", "LOC"), ("۱۴۰۴", "DAT")]))
    assert [m.entity_id for m in a.mentions] == ["country:RU", None]
    assert [e.id for e in a.entities] == ["country:RU"]


# -- the dictionary pass --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("به گزارش فارس، روسیه اعلام کرد.", {"فارس": "outlet:fars", "روسیه": "country:RU"}),
        ('به گزارش "ورزش سه"، پرسپولیس برد.', {"ورزش سه": "outlet:varzesh3", "پرسپولیس": "club:persepolis"}),
        ("نفتکش‌ها در خلیج فارس", {"خلیج فارس": "loc:persian_gulf"}),
        ("مشکلات مالی دولت", {}),  # «مالی» is "financial" here
        ("او بر موضع خود مصر است.", {}),  # «مصر» is "insistent"
        ("شورای امنیت ملی آمریکا و شورای امنیت", {"شورای امنیت ملی آمریکا": "org:US-NSC", "شورای امنیت": "org:UNSC"}),
        ("دبیر شورای عالی امنیت ملی گفت", {"شورای عالی امنیت ملی": "org:IR-SNSC"}),
        ("حزب الله و حزب‌الله لبنان", {"حزب الله": "armed:hezbollah", "حزب‌الله لبنان": "armed:hezbollah"}),
        ("سازمان ملل متحد و سازمان ملل", {"سازمان ملل متحد": "org:UN", "سازمان ملل": "org:UN"}),
        ("سفارت روسیه در تهران", {"سفارت روسیه": "org:RU-EMB", "تهران": "city:tehran"}),
        ("روزنامه ایران نوشت که ایران", {"روزنامه ایران": "outlet:iran_newspaper", "ایران": "country:IR"}),
        ("روزنامه واشنگتن پست و واشنگتن پست", {"روزنامه واشنگتن پست": "outlet:wapo", "واشنگتن پست": "outlet:wapo"}),
        ("استقلال و پرسپولیس", {"پرسپولیس": "club:persepolis"}),  # «استقلال» is "independence" too
        ("استقلال تهران و پرسپولیس", {"استقلال تهران": "club:esteghlal", "پرسپولیس": "club:persepolis"}),
    ],
)
def test_dictionary_pass(linker: Linker, text: str, expected: dict[str, str]) -> None:
    a = linker.link(article(text))
    assert ids_of(a) == {normalize_text(k): v for k, v in expected.items()}
    assert all(m.score is None for m in a.mentions)


def test_dictionary_pass_never_overlaps_a_mention(linker: Linker) -> None:
    # The NER saw only «خارجه ترکیه»: neither «وزارت خارجه ترکیه» nor «ترکیه» is added over it.
    a = linker.link(article("وزارت خارجه ترکیه اعلام کرد و ترکیه", [("خارجه ترکیه", "ORG")]))
    spans = [(m.start, m.end) for m in a.mentions]
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans))
    assert [(m.text, m.score) for m in a.mentions] == [("خارجه ترکیه", 0.9), ("ترکیه", None)]


def test_a_match_does_not_cross_lines(linker: Linker) -> None:
    a = linker.link(article("سخنی از شورای\nامنیت کشور"))
    assert a.text.count("\n") == 1
    assert not a.mentions


def test_surnames_after_a_full_name(linker: Linker) -> None:
    a = linker.link(article("العبادی پیش از این. حیدر العبادی گفت. سپس العبادی افزود."))
    linked = [(m.text, m.entity_id) for m in a.mentions]
    # the first bare «العبادی» comes before the full name: not added
    assert linked == [("حیدر العبادی", "per:haider_al_abadi"), ("العبادی", "per:haider_al_abadi")]


def test_surnames_in_a_headline_before_the_full_name(linker: Linker) -> None:
    # A headline names people by surname; the lead names them in full.
    a = linker.link(article("سفر العبادی به مسکو\nحیدر العبادی نخست وزیر عراق گفت."))
    assert [(m.text, m.entity_id) for m in a.mentions if m.type == "PER"] == [
        ("العبادی", "per:haider_al_abadi"),
        ("حیدر العبادی", "per:haider_al_abadi"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the registry's «کامرون» is Cameroon (lookup-only); after «دیوید کامرون» it is Cameron
        ("دیوید کامرون به بروکسل رفت. کامرون گفت که می‌ماند.", "per:david_cameron"),
        # ... unless the article names Cameroon (the NER's GPE): then the surname pass leaves the word alone
        ("کامرون میزبان است. دیوید کامرون به بروکسل رفت. کامرون گفت.", None),
    ],
)
def test_a_surname_the_registry_knows_as_something_else(linker: Linker, text: str, expected: str | None) -> None:
    a = article(text, [("دیوید کامرون", "PER"), ("کامرون", "GPE")])
    full = a.text.find("دیوید")
    a.mentions = [m for m in a.mentions if m.start <= full]  # the NER missed the bare surname
    a = linker.link(a)
    last = [m for m in a.mentions if m.text == "کامرون" and m.start > full]
    assert [m.entity_id for m in last] == ([expected] if expected else [])


def test_a_one_word_person_named_in_full_only_later(ner_only: Linker) -> None:
    # NER typed the headline's «کامرون» PER; the registry's «کامرون» is a country; the lead names Cameron.
    a = ner_only.link(
        article("روزهای سخت کامرون\nدیوید کامرون به بروکسل رفت.", [("دیوید کامرون", "PER"), ("کامرون", "PER")])
    )
    assert {m.entity_id for m in a.mentions} == {"per:david_cameron"}
    b = ner_only.link(article("دولت کامرون گفت.", [("کامرون", "GPE")]))
    assert [m.entity_id for m in b.mentions] == ["country:CM"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("پارلمان عراق تشکیل جلسه داد. سپس پارلمان قانون را تصویب کرد.", [("پارلمان", "org:IQ-PARL")]),
        ("دولت افغانستان اعلام کرد. این دولت آماده گفتگو است.", [("دولت", "country:AF")]),
        ("ارتش آمریکا حمله کرد. ارتش عقب نشست.", [("ارتش", "org:US-ARMY")]),
        ("سپس پارلمان قانون را تصویب کرد. پارلمان عراق تشکیل جلسه داد.", []),  # nothing to shorten yet
        ("دولت افغانستان اعلام کرد. دولت کرزی آماده است.", []),  # a name follows: another phrase
    ],
)
def test_a_bare_head_after_its_institution(linker: Linker, text: str, expected: list[tuple[str, str]]) -> None:
    known: list[tuple[str, MentionType]] = [("دولت افغانستان", "GPE"), ("کرزی", "PER")]
    a = linker.link(article(text, [(s, t) for s, t in known if s in text]))
    bare = [(m.text, m.entity_id) for m in a.mentions if " " not in m.text and m.text in ("پارلمان", "دولت", "ارتش")]
    assert bare == expected


def test_an_organization_is_not_the_end_of_a_longer_name(ner_only: Linker) -> None:
    # «مجلس شورای اسلامی» ends the commission's name but is the parliament, not the commission.
    text = "کمیسیون امنیت ملی مجلس شورای اسلامی نشست. مجلس شورای اسلامی تصویب کرد."
    a = ner_only.link(article(text, [("کمیسیون امنیت ملی مجلس شورای اسلامی", "ORG"), ("مجلس شورای اسلامی", "ORG")]))
    ids = [m.entity_id for m in a.mentions]
    assert len(ids) == 2 and ids[0] != ids[1]
    assert ids[1] == "org:IR-PARL"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 3)), max_size=8))
def test_no_overlaps_and_ner_mentions_are_kept(picks: list[tuple[int, int]]) -> None:
    text = normalize_text(SEED.split("\n")[2] + " " + SEED.split("\n")[-1])
    a = Article(raw_text=text, text=text, tokens=tokenize(text))
    taken: set[int] = set()
    for i, n in picks:  # NER-like mentions on non-overlapping token runs
        run = range(i, min(i + n, len(a.tokens)))
        if not run or taken & set(run):
            continue
        taken |= set(run)
        s, e = a.tokens[run[0]][0], a.tokens[run[-1]][1]
        a.mentions.append(Mention(s, e, "ORG", text[s:e], score=0.5))
    before = {(m.start, m.end) for m in a.mentions}
    Linker(default_registry()).link(a)
    spans = [(m.start, m.end) for m in a.mentions]
    assert before <= set(spans)
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans))
    assert all(text[s:e] == m.text for (s, e), m in zip(spans, a.mentions, strict=True))
    assert sum(e.count for e in a.entities) == sum(m.entity_id is not None for m in a.mentions)


# -- Article.entities ---------------------------------------------------------------------------------
def test_entities_are_counted_and_sorted(linker: Linker) -> None:
    a = linker.link(article("ایران و عراق. عراق و بغداد. روسیه."))
    assert [(e.id, e.count) for e in a.entities] == [("country:IQ", 3), ("country:IR", 1), ("country:RU", 1)]
    assert a.entities[0].name == "عراق" and a.entities[0].type == "GPE"
    assert a.entities[0].aliases == ["عراق", "بغداد"]


def test_linking_twice_gives_the_same_result(linker: Linker) -> None:
    a = linker.link(article(SEED))
    first = [(e.id, e.count, list(e.aliases)) for e in a.entities]
    linker.link(a)
    assert [(e.id, e.count, list(e.aliases)) for e in a.entities] == first


# -- the worked example --------------------------------------------------------------------------------
SEED_GROUPS = {
    "country:RU": {"روسیه", "مسکو"},
    "country:IQ": {"عراق", "بغداد"},
    "country:US": {"آمریکا", "واشنگتن"},
    "country:TR": {"ترکیه", "آنکارا"},
    "country:SY": {"سوریه"},
    "country:IR": {"ایران"},
    "armed:isis": {"داعش"},
    "outlet:almayadeen": {"المیادین"},
    "outlet:iribnews": {"خبرگزاری صدا و سیما"},
    "per:haider_al_abadi": {"حیدر العبادی"},
    "org:TR-MFA": {"وزارت خارجه ترکیه"},
    "org:RU-FEDCOUNCIL": {"شورای اتحادیه روسیه"},
}


def _check_seed(a: Article) -> None:
    by_id = {e.id: e for e in a.entities}
    for eid, surfaces in SEED_GROUPS.items():
        assert eid in by_id, eid
        assert surfaces <= set(by_id[eid].aliases), (eid, by_id[eid].aliases)
    assert by_id["country:RU"].count >= 2 and by_id["country:IQ"].count >= 2
    assert by_id["armed:isis"].count == 7
    assert a.entities[0].id == "country:IQ"  # the most mentioned


def test_seed_article_by_the_dictionary_pass_alone(linker: Linker) -> None:
    a = linker.link(article(SEED))
    _check_seed(a)
    assert all(m.entity_id is not None for m in a.mentions)


def test_seed_article_with_ner_mentions(linker: Linker) -> None:
    ner: list[tuple[str, MentionType]] = [
        ("وزارت خارجه ترکیه", "ORG"),  # longer names first: «روسیه» inside them is not tagged alone
        ("شورای اتحادیه روسیه", "ORG"),
        ("خبرگزاری صدا و سیما", "ORG"),
        ("حیدر العبادی", "PER"),
        ("المیادین", "ORG"),
        ("داعش", "ORG"),
        ("روسیه", "LOC"),
        ("عراق", "LOC"),
        ("بغداد", "LOC"),
        ("مسکو", "LOC"),
        ("آمریکا", "LOC"),
        ("واشنگتن", "LOC"),
        ("آنکارا", "LOC"),
        ("سوریه", "LOC"),
        ("ایران", "LOC"),
    ]
    a = article(SEED, ner)
    linker.link(a)
    _check_seed(a)
    assert {m.type for m in a.mentions if m.entity_id and m.entity_id.startswith("country:")} == {"GPE"}
    # the dictionary pass added what the NER list lacked («ترکیه»، «شبکه تلویزیونی» stays outside), and the
    # group pass the groups named by a nationality adjective
    added = [(m.text, m.entity_id) for m in a.mentions if m.score is None]
    assert [t for t, _ in added if not t.startswith(("هیئت", "مسوولان"))] == ["ترکیه"]
    assert ("هیئت عراقی", "country:IQ") in added and ("مسوولان نظامی بلند پایه ایرانی", "country:IR") in added


@pytest.mark.parametrize(
    ("text", "group", "country"),
    [
        ("هیئت عراقی به مسکو سفر کرد.", "هیئت عراقی", "country:IQ"),
        ("مقامات ارشد روسی از این تصمیم استقبال کردند.", "مقامات ارشد روسی", "country:RU"),
        ("جنگنده‌های اسرائیلی حومه دمشق را بمباران کردند.", "جنگنده‌های اسرائیلی", "country:IL"),
        ("هزاران کشاورز برزیلی تظاهرات کردند.", "هزاران کشاورز برزیلی", "country:BR"),
        ("در این حمله چهار ایرانی کشته شدند.", "چهار ایرانی", "country:IR"),
        ("سعودی‌ها با آمریکایی‌ها مذاکره کرده‌اند.", "سعودی‌ها", "country:SA"),
    ],
)
def test_group_named_by_a_nationality_adjective(linker: Linker, text: str, group: str, country: str) -> None:
    a = linker.link(article(text))
    assert (group, country) in [(m.text, m.entity_id) for m in a.mentions]
    assert any(e.id == country for e in a.entities)


@pytest.mark.parametrize(
    "text",
    ["او به زبان عراقی سخن گفت.", "غذای ایرانی خوشمزه است.", "سفر هیئت به عراق."],
)
def test_no_group_without_a_head_or_a_plural(linker: Linker, text: str) -> None:
    a = linker.link(article(text))
    assert not [m for m in a.mentions if m.entity_id and m.text.endswith(("عراقی", "ایرانی"))]


# -- the stage ------------------------------------------------------------------------------------------
def test_stage_contract_and_registration() -> None:
    stage = LinkStage()
    assert (stage.name, stage.requires, stage.provides) == ("link", ("text", "tokens", "mentions"), ("entities",))
    assert get_stage_factory("link") is LinkStage


def test_stage_pickles_without_the_registry() -> None:
    stage = LinkStage(surnames=False)
    data = pickle.dumps(stage)
    assert len(data) < 1000  # rebuilt from the packaged registry in the worker, not shipped
    clone = pickle.loads(data)
    assert clone.surnames is False
    a = clone(article(SEED))
    _check_seed(a)


def test_stage_reads_extra_registry_files(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("per:sample_person\tPER\tکامران نمونه‌زاده\t\t\tSample\n", encoding="utf-8")
    stage = LinkStage(extra_files=[path])
    a = stage(article("کامران نمونه‌زاده گفت."))
    assert [e.id for e in a.entities] == ["per:sample_person"]
    assert pickle.loads(pickle.dumps(stage)).extra_files == (str(path),)


def test_a_demonym_of_an_unknown_country_is_a_config_error(tmp_path: Path) -> None:
    rules = tmp_path / "_demonyms.tsv"
    rules.write_text("demonym\tcountry:ZZ\tزدی\t\ngroup\t-\tهیئت\t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="country:ZZ"):
        Linker(Registry.from_files([*packaged_files(), rules]))

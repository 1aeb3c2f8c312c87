"""Framing: loaded labels on actors; what must fire, and the neutral descriptions that must not."""

from __future__ import annotations

import pickle

import pytest

from didban.article import Article
from didban.attribution.framing import EpithetLexicon, framing_counts
from didban.errors import ConfigError
from didban.pipeline import Pipeline
from didban.pipeline.registry import get_stage_factory
from didban.stages.framing import FramingStage

PIPELINE = Pipeline(["normalize", "segment", "link", "framing"], initial=("raw_text", "outlet", "mentions"))


def analyse(text: str, outlet: str | None = "رسانه") -> Article:
    return PIPELINE(Article(raw_text=text, outlet=outlet))


def labels(a: Article) -> list[tuple[str, str | None, str, str]]:
    return [
        (a.text[f.label[0] : f.label[1]], f.entity_id, a.text[f.target[0] : f.target[1]], f.pattern) for f in a.framings
    ]


FIRES = [
    # parenthetical, before and after the name
    (
        "حملات هوایی علیه گروه (تکفیری-صهیونیستی) داعش ادامه دارد.",
        [("تکفیری-صهیونیستی", "armed:isis", "داعش", "parenthetical")],
    ),
    ("نیروهای عراقی با داعش (تکفیری) درگیر شدند.", [("تکفیری", "armed:isis", "داعش", "parenthetical")]),
    # a label that names the entity itself
    ("رژیم صهیونیستی به غزه حمله کرد.", [("رژیم صهیونیستی", "country:IL", "رژیم صهیونیستی", "adjective")]),
    ("رژیم اشغالگر قدس شهرک‌سازی را ادامه داد.", [("رژیم اشغالگر قدس", "country:IL", "رژیم اشغالگر قدس", "adjective")]),
    ("رژیم آل سعود به یمن حمله کرد.", [("رژیم آل سعود", "country:SA", "رژیم آل سعود", "adjective")]),
    ("استکبار جهانی از این اقدام خشمگین است.", [("استکبار جهانی", "country:US", "استکبار جهانی", "adjective")]),
    ("فتنه‌گران در خیابان‌ها تجمع کردند.", [("فتنه‌گران", None, "فتنه‌گران", "appositive")]),
    # appositive labels on the name after them
    (
        "گروهک تروریستی منافقین در پاریس نشست برگزار کرد.",
        [("گروهک تروریستی منافقین", "armed:mek", "گروهک تروریستی منافقین", "appositive")],
    ),
    ("مبارزه با گروه تروریستی داعش ادامه دارد.", [("گروه تروریستی", "armed:isis", "داعش", "appositive")]),
    ("گروهک پژاک به پاسگاه مرزی حمله کرد.", [("گروهک", "armed:pjak", "پژاک", "appositive")]),
    ("گروه تکفیری وهابی القاعده بیانیه داد.", [("گروه تکفیری وهابی", "armed:alqaeda", "القاعده", "appositive")]),
    # an adjective after the name
    ("داعش تکفیری شهر را ترک کرد.", [("تکفیری", "armed:isis", "داعش", "adjective")]),
    ("آمریکا و اسرائیل جنایتکار دشمن ملت‌ها هستند.", [("جنایتکار", "country:IL", "اسرائیل", "adjective")]),
]


@pytest.mark.parametrize(("text", "expected"), FIRES, ids=[t[:30] for t, _ in FIRES])
def test_labels_that_fire(text: str, expected: list[tuple[str, str | None, str, str]]) -> None:
    a = analyse(text)
    assert labels(a) == expected
    assert all(f.outlet == "رسانه" for f in a.framings)


NEUTRAL = [
    "گروه داعش مسئولیت حمله را بر عهده گرفت.",  # a plain name
    "دولت اسرائیل با این طرح مخالفت کرد.",
    "امام خمینی (ره) بنیانگذار جمهوری اسلامی بود.",  # a religious honorific in parentheses
    "سازمان ملل (UN) نشست اضطراری برگزار کرد.",  # an abbreviation
    "وزیر خارجه روز شنبه (۲۰ مهر) به مسکو رفت.",  # a date
    "جمهوری اسلامی ایران (ایران) عضو این سازمان است.",
    "ایران (جمهوری اسلامی) در این نشست شرکت کرد.",  # a parenthesis of adjectives, none of them loaded
    "حملات تروریستی داعش در عراق کاهش یافت.",  # the adjective describes the attacks
    "فرانسه اشغالگر نیست.",  # a predicate, not a label
    "آمریکا تروریستی بودن این گروه را رد کرد.",
    "حزب‌الله (لبنان) بیانیه‌ای صادر کرد.",
    "گروه‌های تروریستی در منطقه فعال‌اند.",  # no actor named
]


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_descriptions_do_not_fire(text: str) -> None:
    assert labels(analyse(text)) == []


def test_outlet_falls_back_to_the_lead() -> None:
    a = analyse("به گزارش خبرنگار خبرگزاری تسنیم، گروه (تکفیری) داعش عقب‌نشینی کرد.", outlet=None)
    assert [f.outlet for f in a.framings] == ["خبرگزاری تسنیم"]
    b = analyse("گروه (تکفیری) داعش عقب‌نشینی کرد.", outlet=None)
    assert [f.outlet for f in b.framings] == [None]


def test_framing_counts_aggregates_by_outlet_entity_and_label() -> None:
    arts = [
        analyse("رژیم صهیونیستی به غزه حمله کرد. رژیم صهیونیستی آتش‌بس را نقض کرد.", outlet="الف"),
        analyse("گروه (تکفیری) داعش عقب‌نشینی کرد.", outlet="الف"),
        analyse("رژیم صهیونیستی به لبنان حمله کرد.", outlet="ب"),
    ]
    assert framing_counts(arts) == {
        ("الف", "country:IL", "رژیم صهیونیستی"): 2,
        ("الف", "armed:isis", "تکفیری"): 1,
        ("ب", "country:IL", "رژیم صهیونیستی"): 1,
    }


def test_bad_input_does_not_break_framing() -> None:
    for text in ["(" * 3000 + "داعش", "گروه (" + "تکفیری-" * 2000 + ") داعش", ") ( ) (تکفیری) )", "(تکفیری)"]:
        a = analyse(text)
        assert all(0 <= f.label[0] <= f.label[1] <= len(a.text) for f in a.framings)


def test_epithet_lexicon_errors_name_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"e.tsv:1: bad pattern"):
        EpithetLexicon.from_text("رژیم صهیونیستی\tcountry:IL\tsideways", "e.tsv")
    with pytest.raises(ConfigError, match=r"e.tsv:2: bad target"):
        EpithetLexicon.from_text("گروه\thead\nفلان\tsomething\tadjective", "e.tsv")


def test_stage_contract_registration_and_pickling() -> None:
    stage = FramingStage()
    assert (stage.name, stage.requires, stage.provides) == ("framing", ("text", "tokens", "mentions"), ("framings",))
    assert get_stage_factory("framing") is FramingStage
    clone = pickle.loads(pickle.dumps(stage))
    assert isinstance(clone, FramingStage)

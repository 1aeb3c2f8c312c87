"""The recall rows of ``didban/fa/event_triggers.tsv``: general news expressions per PLOVER type."""

from __future__ import annotations

import pytest

from didban.article import Article, Event
from didban.entities.registry import fold
from didban.events.lexicon import default_event_lexicon
from didban.pipeline.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(["normalize", "segment", "ner", "link", "statements", "events"])


def events_of(pipeline: Pipeline, text: str) -> list[Event]:
    return pipeline(Article(text)).events


def types_of(pipeline: Pipeline, text: str) -> list[str]:
    return [e.type for e in events_of(pipeline, text)]


def key(phrase: str) -> tuple[str, ...]:
    return tuple(fold(phrase).split())


@pytest.mark.parametrize(
    ("phrase", "ptype"),
    [
        ("تماس برقرار کرد", "CONSULT"),
        ("میانجیگری می کند", "CONSULT"),
        ("راستی آزمایی", "INVESTIGATE"),
        ("مورد ارزیابی قرار خواهد داد", "INVESTIGATE"),
        ("مورد ارزیابی قرار می گیرد", "INVESTIGATE"),
        ("سرکوب ها", "COERCE"),
        ("سرکوب کردند", "COERCE"),
        ("به شهادت رسیدند", "ASSAULT"),
        ("از سرگیری روابط", "COOPERATE"),
        ("قطع رابطه", "SANCTION"),
        ("به تفاهم رسیدند", "AGREE"),
        ("اعلام حمایت کرد", "SUPPORT"),
        ("تقاضا کرد", "DEMAND"),
    ],
)
def test_new_rows_are_read_with_their_forms(phrase: str, ptype: str) -> None:
    trig = default_event_lexicon().triggers.get(key(phrase))
    assert trig is not None and trig.type == ptype


def test_martyred_is_a_passive_the_killer_acts() -> None:
    trig = default_event_lexicon().triggers.get(key("به شهادت رسید"))
    assert trig is not None and trig.passive


def test_leaving_for_a_capital_is_a_visit(pipeline: Pipeline) -> None:
    evs = [e for e in events_of(pipeline, "وزیر خارجه ایران عازم دمشق شد.") if e.type == "CONSULT"]
    assert len(evs) == 1
    assert "country:SY" in evs[0].actors + evs[0].targets


def test_a_team_leaving_for_a_match_is_no_visit(pipeline: Pipeline) -> None:
    assert "CONSULT" not in types_of(pipeline, "تیم فوتبال پرسپولیس عازم رشت شد.")


def test_phone_contact_and_mediation_are_consultations(pipeline: Pipeline) -> None:
    assert "CONSULT" in types_of(pipeline, "وزیر دفاع روسیه با همتای ترکیه‌ای خود تماس برقرار کرد.")
    (ev,) = [e for e in events_of(pipeline, "الجزایر میان ایران و آمریکا میانجیگری می‌کند.") if e.type == "CONSULT"]
    assert ev.actors == ["country:DZ"]


def test_verifying_and_assessing_an_incident_is_investigate(pipeline: Pipeline) -> None:
    (ev,) = [e for e in events_of(pipeline, "روسیه ادعای ارمنستان را راستی‌آزمایی می‌کند.") if e.type == "INVESTIGATE"]
    assert ev.actors == ["country:RU"]
    text = "ارتش روسیه این گزارش‌ها را مورد ارزیابی قرار خواهد داد."
    assert "INVESTIGATE" in types_of(pipeline, text)


def test_repression_is_coerce(pipeline: Pipeline) -> None:
    (ev,) = [e for e in events_of(pipeline, "دولت بحرین معترضان را سرکوب کرد.") if e.type == "COERCE"]
    assert ev.actors == ["country:BH"]


def test_martyred_by_soldiers_is_an_assault(pipeline: Pipeline) -> None:
    text = "دو فلسطینی توسط نظامیان اسرائیلی به شهادت رسیدند."
    (ev,) = [e for e in events_of(pipeline, text) if e.type == "ASSAULT"]
    assert ev.actors == ["country:IL"]


def test_understanding_support_and_request(pipeline: Pipeline) -> None:
    assert "AGREE" in types_of(pipeline, "مصر و ترکیه به تفاهم رسیدند.")
    assert "SUPPORT" in types_of(pipeline, "روسیه از سوریه اعلام حمایت کرد.")
    assert "DEMAND" in types_of(pipeline, "عراق از ترکیه تقاضا کرد که مرز را باز کند.")


def test_indefinite_attacks_with_against(pipeline: Pipeline) -> None:
    text = "ارمنستان و آذربایجان حملاتی را علیه مواضع یکدیگر ترتیب دادند."
    assert "ASSAULT" in types_of(pipeline, text)


# Coverage pass: frequent news predicates classified by the guidelines (one or two sentences per type group).


@pytest.mark.parametrize(
    ("phrase", "ptype"),
    [
        ("پذیرفتند", "AGREE"),
        ("متعهد شده است", "AGREE"),
        ("وعده داده بود", "AGREE"),
        ("عزیمت کرد", "CONSULT"),
        ("یاری می کنند", "AID"),
        ("تسلیم شدند", "RETREAT"),
        ("دعوت کرد", "DEMAND"),
        ("گلایه کردند", "DISAPPROVE"),
        ("پاسخ منفی داد", "REJECT"),
        ("راهپیمایی کردند", "PROTEST"),
        ("منحل کرد", "SANCTION"),
        ("تبعید کردند", "COERCE"),
        ("یورش بردند", "ASSAULT"),
        ("به هلاکت رساندند", "ASSAULT"),
    ],
)
def test_coverage_rows_are_read_with_their_forms(phrase: str, ptype: str) -> None:
    trig = default_event_lexicon().triggers.get(key(phrase))
    assert trig is not None and trig.type == ptype


def test_accepting_and_committing_are_agree(pipeline: Pipeline) -> None:
    (ev,) = [e for e in events_of(pipeline, "حماس طرح آتش‌بس مصر را پذیرفت.") if e.type == "AGREE"]
    assert ev.actors == ["armed:hamas"]
    assert "AGREE" in types_of(pipeline, "روسیه متعهد شد که تولید نفت را کاهش دهد.")


def test_asking_and_arms_deliveries(pipeline: Pipeline) -> None:
    (ev,) = [e for e in events_of(pipeline, "ایران از عراق خواست مرز را باز کند.") if e.type == "DEMAND"]
    assert ev.actors == ["country:IR"] and ev.targets == ["country:IQ"]
    (ev,) = [e for e in events_of(pipeline, "آمریکا ارسال تسلیحات به اوکراین را آغاز کرد.") if e.type == "AID"]
    assert ev.targets == ["country:UA"]


def test_marches_dissolution_and_blockade(pipeline: Pipeline) -> None:
    assert "PROTEST" in types_of(pipeline, "هزاران نفر در غزه راهپیمایی کردند.")
    assert "SANCTION" in types_of(pipeline, "محمود عباس دولت وحدت ملی را منحل اعلام کرد.")
    (ev,) = [e for e in events_of(pipeline, "آمریکا غزه را محاصره کرد.") if e.type == "COERCE"]
    assert ev.actors == ["country:US"]


def test_raids_captures_and_demolitions_are_assaults(pipeline: Pipeline) -> None:
    assert "ASSAULT" in types_of(pipeline, "نیروهای آمریکایی به شهر فلوجه یورش بردند.")
    assert "ASSAULT" in types_of(pipeline, "ارتش ترکیه شهر عفرین را تصرف کرد.")
    (ev,) = [e for e in events_of(pipeline, "ارتش اسرائیل منازل فلسطینیان را تخریب کرد.") if e.type == "ASSAULT"]
    assert ev.actors == ["org:IL-ARMY"]


def test_everyday_uses_of_conflict_nouns_are_no_events(pipeline: Pipeline) -> None:
    assert "FIGHT" not in types_of(pipeline, "مردم برای مبارزه با کرونا ماسک می‌زنند.")
    assert "SUPPORT" not in types_of(pipeline, "سپاهان در نیمه دوم بهتر دفاع کرد.")
    assert "MOBILIZE" not in types_of(pipeline, "اعزام زائران به مشهد آغاز شد.")

"""The data model: JSON round trips, strict loading, stable ids.

`populated_article()` and `articles()` are also used by test_schema.py.
"""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.article import (
    Article,
    Entity,
    Event,
    Framing,
    Mention,
    Relay,
    Speaker,
    Statement,
    article_id,
)
from didban.text.offsets import OffsetMap

TEHRAN = timezone(timedelta(hours=3, minutes=30))

TITLE = "احتمال حضور نظامی روسیه در عراق"
BODY = (
    "به گزارش خبرگزاری صدا و سیما به نقل از شبکه تلویزیونی المیادین، "
    "یک منبع غربی به المیادین گفت: «گروه (تکفیری-صهیونیستی) داعش قصد دارد عملیات جدیدی در عراق انجام دهد.» "
    "این منبع افزود که روسیه ممکن است به داعش حمله کند."
)


def _span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    i = text.index(part, start)
    return (i, i + len(part))


def populated_article() -> Article:
    """An article with every field (and every field of every record) set to a non-default value."""
    raw = f"{TITLE}\r\n{BODY}"  # the \r is removed by "normalization" below
    text = f"{TITLE}\n{BODY}"
    offsets = OffsetMap.identity(len(raw)).then(
        [(len(TITLE), len(TITLE) + 2, len(TITLE), len(TITLE) + 1)], len(text)
    )
    s = lambda part, start=0: _span(text, part, start)  # noqa: E731
    speaker = s("یک منبع غربی")
    statements = [
        Statement(
            speaker=Speaker(
                start=speaker[0],
                end=speaker[1],
                kind="anonymous",
                text="یک منبع غربی",
                entity_id="src-west-1",
                descriptor="یک منبع غربی",
                antecedent=s("المیادین"),
            ),
            cue=s("گفت"),
            cue_lemma="گفتن",
            content=s("گروه (تکفیری-صهیونیستی) داعش قصد دارد عملیات جدیدی در عراق انجام دهد."),
            form="direct",
            modality="intended",
            recipient=s("المیادین", speaker[1]),
            recipient_entity_id="Q-almayadeen",
            relay=[
                Relay(
                    name="خبرگزاری صدا و سیما",
                    start=s("خبرگزاری صدا و سیما")[0],
                    end=s("خبرگزاری صدا و سیما")[1],
                    entity_id="Q-irib",
                    cue="به گزارش",
                ),
                Relay(
                    name="شبکه تلویزیونی المیادین", cue="به نقل از", entity_id="Q-mayadeen", start=1, end=2
                ),
            ],
        )
    ]
    return Article(
        raw_text=raw,
        id="fixed-id-1",
        url="https://example.invalid/news/1",
        outlet="خبرگزاری صدا و سیما",
        published=datetime(2015, 10, 1, 14, 30, 5, 123456, tzinfo=TEHRAN),
        title=TITLE,
        source="examples/seed.jsonl:3",
        language="fa-IR",
        text=text,
        offsets=offsets,
        title_span=(0, len(TITLE)),
        sentences=[(0, len(TITLE)), (len(TITLE) + 1, len(text))],
        tokens=[s("احتمال"), s("حضور"), s("داعش")],
        mentions=[
            Mention(*s("داعش"), type="ORG", text="داعش", entity_id="Q-isis", score=0.5),
            Mention(*s("روسیه"), type="GPE", text="روسیه", entity_id="Q-russia", score=1.0),
        ],
        entities=[
            Entity(id="Q-isis", name="داعش", type="ORG", aliases=["دولت اسلامی", "ISIS"], count=3),
            Entity(id="Q-russia", name="روسیه", type="GPE", aliases=["مسکو"], count=2),
        ],
        statements=statements,
        events=[
            Event(
                type="ASSAULT",
                trigger=s("حمله"),
                sentence=(len(TITLE) + 1, len(text)),
                actors=["Q-russia"],
                targets=["Q-isis"],
                quad_class="material conflict",
                cameo_root="19",
                location="Q-iraq",
                date="2015-09-30",
                date_approximate=True,
                modality="possible",
                statement=0,
            )
        ],
        framings=[
            Framing(
                entity_id="Q-isis",
                label=s("تکفیری-صهیونیستی"),
                target=s("داعش"),
                pattern="parenthetical",
                outlet="خبرگزاری صدا و سیما",
            )
        ],
        topic="security",
        topic_scores={"security": 0.75, "politics": 0.25},
        keywords=["داعش", "روسیه"],
        summary=[(len(TITLE) + 1, len(text))],
        near_duplicate_of="other-id",
        story_id="story-7",
        meta={"feed": "rss", "lang": "fa"},
    )


# -- hypothesis: any article the type hints allow -------------------------------------------------


def _strategy(tp: Any) -> st.SearchStrategy[Any]:
    """A strategy for any value of the annotation ``tp`` (mirrors what the schema allows)."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        return st.one_of(*(st.none() if a is type(None) else _strategy(a) for a in args))
    if origin is Literal:
        return st.sampled_from(args)
    if origin is tuple:
        return st.tuples(*(_strategy(a) for a in args))
    if origin is list:
        return st.lists(_strategy(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.text(max_size=6), _strategy(args[1]), max_size=3)
    if tp is datetime:
        zones = st.sampled_from([UTC, TEHRAN, timezone(timedelta(hours=-5))])
        return st.datetimes(timezones=st.none() | zones)
    if tp is OffsetMap:
        seg = st.tuples(*[st.integers(0, 10_000)] * 4)
        return st.builds(OffsetMap, st.lists(seg, max_size=4), st.integers(0, 10_000), st.integers(0, 10_000))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        return st.builds(tp, **{f.name: _strategy(hints[f.name]) for f in dataclasses.fields(tp)})
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=12),
        int: st.integers(-(2**40), 2**40),
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
    }
    return simple[tp]


def articles() -> st.SearchStrategy[Article]:
    return _strategy(Article)


def _round_trip(article: Article) -> Article:
    text = json.dumps(article.to_dict(), ensure_ascii=False, allow_nan=False)
    return Article.from_dict(json.loads(text))


# -- tests ------------------------------------------------------------------------------------------


def test_fixture_sets_every_field_of_every_record() -> None:
    # So the round-trip test below covers a field as soon as it is added to article.py.
    def walk(obj: Any, path: str) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            assert value != default and value is not None, f"{path}.{f.name} is not populated"
            items = value if isinstance(value, list) else [value]
            for item in items:
                if dataclasses.is_dataclass(item):
                    walk(item, f"{path}.{f.name}")

    walk(populated_article(), "Article")


def test_json_round_trip_of_a_populated_article() -> None:
    article = populated_article()
    back = _round_trip(article)
    assert back == article
    # The right types come back, not just equal-looking values.
    assert isinstance(back.offsets, OffsetMap)
    assert back.published is not None and back.published.utcoffset() == timedelta(hours=3, minutes=30)
    assert isinstance(back.title_span, tuple) and all(isinstance(s, tuple) for s in back.sentences)
    statement = back.statements[0]
    assert isinstance(statement.speaker, Speaker) and isinstance(statement.speaker.antecedent, tuple)
    assert all(isinstance(r, Relay) for r in statement.relay)
    assert isinstance(statement.cue, tuple)
    assert isinstance(back.events[0], Event) and isinstance(back.framings[0], Framing)
    assert isinstance(back.mentions[0], Mention) and isinstance(back.entities[0], Entity)
    # Offsets still lead back to the raw text after the trip.
    assert back.raw_span(back.sentences[1]) == (len(TITLE) + 2, len(back.raw_text))


def test_json_round_trip_of_an_empty_article() -> None:
    article = Article("")
    assert _round_trip(article) == article


def test_to_dict_is_plain_json_data() -> None:
    def walk(value: Any) -> None:
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            assert value is None or isinstance(value, str | int | float | bool), repr(value)

    walk(populated_article().to_dict())


@settings(max_examples=60, deadline=None)
@given(articles())
def test_json_round_trip_of_any_article(article: Article) -> None:
    assert _round_trip(article) == article


def test_from_dict_rejects_unknown_fields() -> None:
    data = populated_article().to_dict()
    with pytest.raises(ValueError, match=r"Article: unknown field\(s\) \['colour'\]"):
        Article.from_dict({**data, "colour": "red"})
    data["mentions"][0]["colour"] = "red"
    with pytest.raises(ValueError, match=r"Mention: unknown field\(s\) \['colour'\]"):
        Article.from_dict(data)


def test_from_dict_fills_defaults_for_missing_fields() -> None:
    article = Article.from_dict({"raw_text": "سلام"})
    assert article == Article("سلام")
    assert article.id == article_id("سلام")


def test_id_is_stable() -> None:
    # Pinned: ids are stored in databases and exports, so the scheme must not change by accident.
    assert article_id("سلام") == "cf10a54b724639d8ccbc"
    assert article_id("x", "irna", "https://example.invalid/1") == "f54eaa99d55a3a9dcacc"
    # With a url, the id names the page, not its text (an edited article keeps its id).
    assert Article("v1", outlet="irna", url="u").id == Article("v2", outlet="irna", url="u").id
    assert Article("v1", outlet="irna", url="u").id != Article("v1", outlet="isna", url="u").id
    assert Article("a").id != Article("b").id
    # An id given on input is kept, through a round trip too.
    assert Article("a", id="mine").id == "mine"
    assert _round_trip(Article("a", id="mine")).id == "mine"

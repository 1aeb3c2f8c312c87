"""Analyst aggregations (didban.store.analytics) on SQLite and PostgreSQL, over test_store's hand-built corpus:
five articles (irib 1 May, farsnews 1 May, irna 3 May, irib 1 April, farsnews undated) naming Russia in
three, Iraq and ISIS in two; four events (two ASSAULT Russia → ISIS, SUPPORT Iraq → Russia, DISAPPROVE
Turkey → Russia)."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from didban import Article
from didban.store import QueryError, Store
from didban.store import analytics as an
from didban.store.base import Filters
from test_store import loaded, store, store_url  # noqa: F401  (the SQLite + PostgreSQL fixtures)

Loaded = tuple[Store, list[Article]]


def _keys(counts: list[an.Count]) -> dict[str, int]:
    return {c.key: c.count for c in counts}


def test_overview(loaded: Loaded) -> None:
    store, _ = loaded
    o = an.overview(store, days=None)  # the whole archive
    assert o.since is None and o.articles == 5
    assert _keys(o.outlets) == {"irib": 2, "farsnews": 2, "irna": 1}
    # Tehran days: the undated article has no day; 10:00 and 08:00 on 1 May are the same day.
    assert [(d.day, d.outlet, d.count) for d in o.volume] == [
        ("2024-04-01", "irib", 1), ("2024-05-01", "farsnews", 1), ("2024-05-01", "irib", 1), ("2024-05-03", "irna", 1),
    ]  # fmt: skip
    assert o.top_entities[0] == an.Count("country:RU", 3, "روسیه", "GPE")
    assert _keys(o.top_entities)["country:IQ"] == 2
    assert _keys(o.top_speakers) == {"country:RU": 1, "org:RU-FEDCOUNCIL": 1, "org:TR-MFA": 1}
    assert _keys(o.event_types) == {"ASSAULT": 2, "SUPPORT": 1, "DISAPPROVE": 1}
    assert _keys(o.modalities) == {"asserted": 2, "conditional": 1, "intended": 1}


def test_overview_filtered(loaded: Loaded) -> None:
    store, _ = loaded
    recent = an.overview(store)  # by default the last 90 days before the newest article (3 May): not the undated one
    assert recent.since is not None and recent.since.date().isoformat() == "2024-02-03"
    assert recent.articles == 4
    assert an.overview(store, days=1).articles == 1  # 2 May 10:00 Tehran onwards: only irna's of 3 May
    o = an.overview(store, Filters(outlet="irib"), top=5)
    assert o.articles == 2
    assert _keys(o.event_types) == {"ASSAULT": 1}
    assert _keys(o.top_speakers) == {"org:RU-FEDCOUNCIL": 1}
    with pytest.raises(QueryError, match="top must be"):
        an.overview(store, top=0)


def test_facets(loaded: Loaded) -> None:
    store, _ = loaded
    f = an.facets(store, "روسیه")  # in the three politics articles
    assert f.articles == 3
    assert _keys(f.outlets) == {"irib": 1, "farsnews": 1, "irna": 1}
    assert _keys(f.topics) == {"politics": 3}
    assert _keys(f.event_types) == {"ASSAULT": 2, "SUPPORT": 1, "DISAPPROVE": 1}  # articles, not events
    assert _keys(f.entity_types) == {"GPE": 3, "ORG": 3}
    assert _keys(f.days) == {"2024-05-01": 2, "2024-05-03": 1}
    narrowed = an.facets(store, "روسیه", Filters(outlet="irna"))
    assert narrowed.articles == 1 and _keys(narrowed.event_types) == {"DISAPPROVE": 1}
    everything = an.facets(store, None)
    assert everything.articles == 5 and _keys(everything.topics) == {"politics": 3, "sport": 1}
    assert not everything.sampled
    assert an.facets(store, "ناموجودکلمه").articles == 0


def test_entity_profile_and_timeline(loaded: Loaded) -> None:
    store, _ = loaded
    p = an.entity_profile(store, "country:RU")
    assert p is not None
    assert (p.name, p.type, p.articles, p.statements) == ("روسیه", "GPE", 3, 1)
    assert p.mentions == 6  # two in each of the three articles
    assert p.first_seen is not None and p.last_seen is not None and p.first_seen < p.last_seen
    assert an.entity_profile(store, "country:XX") is None
    timeline = an.entity_timeline(store, "country:RU")
    assert [(d.day, d.outlet, d.count) for d in timeline] == [
        ("2024-05-01", "farsnews", 1), ("2024-05-01", "irib", 1), ("2024-05-03", "irna", 1),
    ]  # fmt: skip


def test_co_mentions_and_events(loaded: Loaded) -> None:
    store, _ = loaded
    co = _keys(an.co_mentions(store, "country:RU"))
    assert co == {"country:IQ": 2, "org:ISIS": 2, "country:TR": 1, "org:RU-FEDCOUNCIL": 1, "org:TR-MFA": 1}
    as_actor_or_target = an.entity_events(store, "country:RU")
    assert sorted(e.type for e in as_actor_or_target) == ["ASSAULT", "ASSAULT", "DISAPPROVE", "SUPPORT"]
    assert [e.type for e in an.entity_events(store, "country:TR")] == ["DISAPPROVE"]
    assert [e.modality for e in an.events(store, Filters(event_type="ASSAULT"))] == ["conditional", "intended"]
    assert [e.type for e in an.events(store, Filters(entity="country:IQ"))] == ["SUPPORT"]
    assert len(an.events(store, limit=2)) == 2 and len(an.events(store, limit=2, offset=3)) == 1
    with pytest.raises(QueryError):
        an.events(store, limit=0)


def test_network(loaded: Loaded) -> None:
    store, _ = loaded
    net = an.network(store, "country:RU")
    assert net.nodes[0].id == "country:RU" and net.nodes[0].weight == 3
    ids = {n.id for n in net.nodes}
    assert {"org:ISIS", "country:IQ", "country:TR"} <= ids
    edges = {(e.source, e.target, e.kind): e.weight for e in net.edges}
    assert edges[("country:RU", "org:ISIS", "event:ASSAULT")] == 2
    assert edges[("country:TR", "country:RU", "event:DISAPPROVE")] == 1
    assert edges[("country:IQ", "org:ISIS", "co-mention")] == 2  # between two neighbours, not only the centre
    assert all(e.source in ids and e.target in ids for e in net.edges)
    small = an.network(store, "country:RU", limit=2)
    assert len(small.nodes) == 3
    assert asdict(small)["center"] == "country:RU"  # plain data for JSON


def test_limited_statements_json_and_stories(loaded: Loaded) -> None:
    store, articles = loaded
    about = store.statements_about("org:ISIS")  # irib's (1 May 10:00) and farsnews's (1 May 08:00)
    assert [s.outlet for s in about] == ["farsnews", "irib"]  # publication order
    assert store.statements_about("org:ISIS", limit=1) == [about[0]]  # the newest stored: farsnews's, stored second
    assert store.statements_by("country:RU", limit=5) == store.statements_by("country:RU")
    assert store.statements_about("country:XX", limit=3) == []
    for a in articles:
        assert json.loads(store.get_json(a.id)) == store.get(a.id).to_dict()
    stories = {s.id: s for s in store.stories()}
    assert stories["s1"].count == 2 and stories["s1"].outlets == ("farsnews", "irib")  # farsnews published first
    assert stories["s1"].first_outlet == "farsnews" and stories["s2"].outlets == ("irna",)
    copy = Article(raw_text=articles[0].raw_text, url="https://copy.example/1", outlet="copy", story_id="s2")
    copy.near_duplicate_of = articles[2].id
    store.put(copy)
    story = store.story("s2")
    assert story is not None and [a.near_duplicate_of for a in story.articles] == [None, articles[2].id]

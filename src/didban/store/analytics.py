"""Aggregations for analysts: overview, search facets, an entity's profile, timeline, events and network.

Plain SQL over the store's tables (`didban.store.rows`), written once for both backends like the queries in
`didban.store.base`; only the "Tehran day of a timestamp" expression differs (`SqlStore._day_sql`).

Queries that could touch a large share of a million-article store are bounded by a window of the newest
articles (``WINDOW``), as ranked search is: an entity named in half the archive gets its co-mentions and
network from its newest ``WINDOW`` articles, which is what an analyst looking at it today wants, at a cost
that does not grow with the archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from didban.store.base import _EVENT_COLUMNS, RANK_WINDOW, EventRecord, Filters, QueryError, SqlStore, Store
from didban.store.query import parse_query

WINDOW = 2000  # newest articles of an entity used for its co-mentions and network
MAX_TOP = 200


@dataclass(frozen=True, slots=True)
class Count:
    key: str  # an outlet, entity id, event type, modality, topic or day
    count: int
    label: str | None = None  # a display name (entities)
    type: str | None = None  # the entity type (entities)


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str  # YYYY-MM-DD in Tehran time
    outlet: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Overview:
    articles: int
    outlets: list[Count]  # articles per outlet
    volume: list[DayCount]  # articles per day and outlet
    top_entities: list[Count]  # articles naming the entity
    top_speakers: list[Count]  # statements by the entity
    event_types: list[Count]  # events per PLOVER type
    modalities: list[Count]  # events per modality


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts of matching articles by each filter value (clicking one narrows the search to it)."""

    articles: int  # matching articles counted (at most RANK_WINDOW when there is a text query)
    outlets: list[Count]
    entity_types: list[Count]
    entities: list[Count]
    event_types: list[Count]
    modalities: list[Count]
    topics: list[Count]
    days: list[Count]


@dataclass(frozen=True, slots=True)
class EntityProfile:
    id: str
    name: str
    type: str | None
    articles: int  # articles naming it
    mentions: int  # mentions over all articles
    statements: int  # statements it made
    names: list[str]  # the names the store finds it by (`Store.find_entities`)
    first_seen: datetime | None
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    type: str | None
    weight: int  # articles shared with the centre in its window (the centre: its window's size)


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str  # "co-mention" or "event:<PLOVER type>" (source acted on target)
    weight: int


@dataclass(frozen=True, slots=True)
class Network:
    center: str
    nodes: list[Node]
    edges: list[Edge]


def _sql_store(store: Store) -> SqlStore:
    if not isinstance(store, SqlStore):
        raise TypeError(f"analytics need a SQL store, not {type(store).__name__}")
    return store


def _check_top(top: int) -> None:
    if not 1 <= top <= MAX_TOP:
        raise QueryError(f"top must be between 1 and {MAX_TOP}, not {top}")


def _counts(rows: Sequence[Sequence[Any]]) -> list[Count]:
    return [Count(str(r[0]), int(r[1])) for r in rows if r[0] is not None]


def _article_scope(s: SqlStore, filters: Filters | None) -> tuple[str, list[Any]]:
    """A condition on ``a`` (articles) for the filters: "" when there is none."""
    where, params = s._where(filters or Filters())
    return " AND ".join(where), params


def _and(cond: str) -> str:
    return f" AND {cond}" if cond else ""


def _where(cond: str) -> str:
    return f" WHERE {cond}" if cond else ""


# -- overview ------------------------------------------------------------------------------------------


def overview(store: Store, filters: Filters | None = None, *, top: int = 20) -> Overview:
    """Volume by outlet and day, top entities and speakers, event counts by type and modality."""
    _check_top(top)
    s = _sql_store(store)
    cond, params = _article_scope(s, filters)
    day = s._day_sql("a.published")
    total = int(s._fetch(f"SELECT count(*) FROM articles a{_where(cond)}", params)[0][0])
    outlets = _counts(
        s._fetch(
            f"SELECT a.outlet, count(*) FROM articles a{_where(cond)} GROUP BY a.outlet ORDER BY 2 DESC, 1 LIMIT ?",
            [*params, top],
        )
    )
    volume = [
        DayCount(str(r[0]), r[1], int(r[2]))
        for r in s._fetch(
            f"SELECT {day}, a.outlet, count(*) FROM articles a WHERE a.published IS NOT NULL{_and(cond)} "
            "GROUP BY 1, 2 ORDER BY 1, 2",
            params,
        )
    ]
    join = " JOIN articles a ON a.seq = {t}.article_seq" if cond else ""
    entities = _named(
        s,
        s._fetch(
            f"SELECT e.entity_id, count(*) FROM article_entities e{join.format(t='e')}{_where(cond)} "
            "GROUP BY e.entity_id ORDER BY 2 DESC, 1 LIMIT ?",
            [*params, top],
        ),
    )
    speakers = _named(
        s,
        s._fetch(
            f"SELECT x.speaker_entity_id, count(*) FROM statements x{join.format(t='x')} "
            f"WHERE x.speaker_entity_id IS NOT NULL{_and(cond)} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
            [*params, top],
        ),
    )
    types = _counts(
        s._fetch(
            f"SELECT v.type, count(*) FROM events v{join.format(t='v')}{_where(cond)} GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
    )
    modalities = _counts(
        s._fetch(
            f"SELECT v.modality, count(*) FROM events v{join.format(t='v')}{_where(cond)} "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            params,
        )
    )
    return Overview(total, outlets, volume, entities, speakers, types, modalities)


def _names(s: SqlStore, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """Display name and type of entities, as the articles naming them recorded."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = s._fetch(
        f"SELECT entity_id, min(name), min(type) FROM article_entities WHERE entity_id IN ({marks}) GROUP BY entity_id",
        list(ids),
    )
    return {r[0]: (r[1] or r[0], r[2]) for r in rows}


def _named(s: SqlStore, rows: Sequence[Sequence[Any]]) -> list[Count]:
    names = _names(s, [r[0] for r in rows])
    return [Count(r[0], int(r[1]), *names.get(r[0], (r[0], None))) for r in rows]


# -- search facets -------------------------------------------------------------------------------------


def facets(store: Store, query: str | None, filters: Filters | None = None, *, top: int = 20) -> Facets:
    """Counts of the articles matching ``query`` and ``filters`` by outlet, entity, event type, modality,
    topic and day. With a text query the counts cover the newest RANK_WINDOW matches (as ranking does)."""
    _check_top(top)
    s = _sql_store(store)
    cond, params = _article_scope(s, filters)
    parsed = parse_query(query) if query and query.strip() else None
    if parsed is not None:
        seqs = [seq for seq, _ in s._ranked(parsed, filters or Filters(), RANK_WINDOW, 0)]
        if not seqs:
            return Facets(0, [], [], [], [], [], [], [])
        cond, params = f"a.seq IN ({','.join('?' * len(seqs))})", list(seqs)
    base = f"FROM articles a{_where(cond)}"
    total = int(s._fetch(f"SELECT count(*) {base}", params)[0][0])

    def by_article(expr: str, table: str = "", extra: str = "") -> list[tuple[Any, ...]]:
        src = f"{table} JOIN articles a ON a.seq = t.article_seq" if table else "articles a"
        sql = (
            f"SELECT {expr}, count(DISTINCT a.seq) FROM {src} WHERE {expr} IS NOT NULL{_and(cond)}{extra} "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?"
        )
        return s._fetch(sql, [*params, top])

    days = s._fetch(
        f"SELECT {s._day_sql('a.published')}, count(*) FROM articles a WHERE a.published IS NOT NULL{_and(cond)} "
        "GROUP BY 1 ORDER BY 1 DESC LIMIT 366",
        params,
    )
    return Facets(
        articles=total,
        outlets=_counts(by_article("a.outlet")),
        entity_types=_counts(by_article("t.type", "article_entities t")),
        entities=_named(s, by_article("t.entity_id", "article_entities t")),
        event_types=_counts(by_article("t.type", "events t")),
        modalities=_counts(by_article("t.modality", "events t")),
        topics=_counts(by_article("a.topic")),
        days=_counts(days[::-1]),
    )


# -- one entity ----------------------------------------------------------------------------------------


def entity_profile(store: Store, entity_id: str) -> EntityProfile | None:
    """What the store knows of an entity; None when no article names it and it never spoke."""
    s = _sql_store(store)
    name, type_, articles, mentions, first, last = s._fetch(
        "SELECT min(e.name), min(e.type), count(*), sum(e.count), min(a.published), max(a.published) "
        "FROM article_entities e JOIN articles a ON a.seq = e.article_seq WHERE e.entity_id = ?",
        (entity_id,),
    )[0]
    said = int(s._fetch("SELECT count(*) FROM statements WHERE speaker_entity_id = ?", (entity_id,))[0][0])
    if not articles and not said:
        return None
    names = [r[0] for r in s._fetch("SELECT name FROM entity_names WHERE entity_id = ? ORDER BY name", (entity_id,))]
    return EntityProfile(
        entity_id, name or (names[0] if names else entity_id), type_, int(articles), int(mentions or 0), said,
        names, s._time_value(first), s._time_value(last),
    )  # fmt: skip


def _entity_window(entity_id: str) -> tuple[str, list[Any]]:
    """A condition on ``e`` (article_entities): the entity's newest WINDOW articles."""
    return (
        "e.article_seq IN (SELECT w.article_seq FROM article_entities w WHERE w.entity_id = ? "
        "ORDER BY w.article_seq DESC LIMIT ?)",
        [entity_id, WINDOW],
    )


def entity_timeline(store: Store, entity_id: str) -> list[DayCount]:
    """Articles naming the entity, per Tehran day and outlet, oldest first."""
    s = _sql_store(store)
    rows = s._fetch(
        f"SELECT {s._day_sql('a.published')}, a.outlet, count(*) FROM article_entities e "
        "JOIN articles a ON a.seq = e.article_seq WHERE e.entity_id = ? AND a.published IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        (entity_id,),
    )
    return [DayCount(str(r[0]), r[1], int(r[2])) for r in rows]


def co_mentions(store: Store, entity_id: str, *, limit: int = 30) -> list[Count]:
    """Entities named in the same articles (among the entity's newest WINDOW), most shared first."""
    _check_top(limit)
    s = _sql_store(store)
    window, params = _entity_window(entity_id)
    rows = s._fetch(
        "SELECT o.entity_id, count(*) FROM article_entities e JOIN article_entities o "
        f"ON o.article_seq = e.article_seq AND o.entity_id <> e.entity_id WHERE e.entity_id = ? AND {window} "
        "GROUP BY o.entity_id ORDER BY 2 DESC, 1 LIMIT ?",
        [entity_id, *params, limit],
    )
    return _named(s, rows)


def entity_events(store: Store, entity_id: str, *, limit: int = 200) -> list[EventRecord]:
    """Events with the entity as an actor or a target, newest articles first."""
    if not 1 <= limit <= RANK_WINDOW:
        raise QueryError(f"limit must be between 1 and {RANK_WINDOW}, not {limit}")
    s = _sql_store(store)
    rows = s._fetch(
        f"SELECT {_EVENT_COLUMNS} FROM events v JOIN articles a ON a.seq = v.article_seq "
        "WHERE EXISTS (SELECT 1 FROM event_actors x WHERE x.article_seq = v.article_seq AND x.idx = v.idx "
        "AND x.entity_id = ?) ORDER BY a.published DESC NULLS LAST, a.seq DESC, v.idx LIMIT ?",
        (entity_id, limit),
    )
    return [s._event(r) for r in rows]


def events(store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[EventRecord]:
    """Events, newest articles first. ``event_type`` and ``modality`` filter the events themselves and
    ``entity`` keeps events with that entity as actor or target; the other filters apply to the article."""
    if not 1 <= limit <= RANK_WINDOW:
        raise QueryError(f"limit must be between 1 and {RANK_WINDOW}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must not be negative, not {offset}")
    s = _sql_store(store)
    f = filters or Filters()
    where, params = s._where(replace(f, event_type=None, modality=None, entity=None))
    if f.event_type is not None:
        where.append("v.type = ?")
        params.append(f.event_type)
    if f.modality is not None:
        where.append("v.modality = ?")
        params.append(f.modality)
    if f.entity is not None:
        where.append(
            "EXISTS (SELECT 1 FROM event_actors x WHERE x.article_seq = v.article_seq AND x.idx = v.idx "
            "AND x.entity_id = ?)"
        )
        params.append(f.entity)
    rows = s._fetch(
        f"SELECT {_EVENT_COLUMNS} FROM events v JOIN articles a ON a.seq = v.article_seq{_where(' AND '.join(where))} "
        "ORDER BY a.published DESC NULLS LAST, a.seq DESC, v.idx LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [s._event(r) for r in rows]


def network(store: Store, entity_id: str, *, limit: int = 30) -> Network:
    """The entity's actor network: itself, the entities most often named with it and those it shares
    events with; edges are co-mentions (within the entity's newest WINDOW articles) and events (actor →
    target, per PLOVER type)."""
    _check_top(limit)
    s = _sql_store(store)
    window, wparams = _entity_window(entity_id)
    # Event partners first: an actor it fought or met matters more than one merely named nearby.
    event_rows = s._fetch(
        "SELECT x.entity_id, y.entity_id, v.type, count(*) FROM event_actors x "
        "JOIN event_actors y ON y.article_seq = x.article_seq AND y.idx = x.idx AND y.entity_id <> x.entity_id "
        "JOIN events v ON v.article_seq = x.article_seq AND v.idx = x.idx "
        "WHERE x.role = 'actor' AND y.role = 'target' AND (x.entity_id = ? OR y.entity_id = ?) "
        "GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT ?",
        (entity_id, entity_id, limit * 4),
    )
    members = [entity_id]
    for a, b, _, _ in event_rows:
        members += [x for x in (a, b) if x not in members]
    members = members[: limit + 1]
    shared = {c.key: c.count for c in co_mentions(s, entity_id, limit=limit)}
    members += [k for k in shared if k not in members][: limit + 1 - len(members)]
    inside = set(members)
    marks = ",".join("?" * len(members))
    # Co-mention edges among all members, counted in the centre's window of articles.
    pairs = s._fetch(
        f"SELECT e1.entity_id, e2.entity_id, count(*) FROM article_entities e1 JOIN article_entities e2 "
        "ON e2.article_seq = e1.article_seq AND e1.entity_id < e2.entity_id "
        f"WHERE e1.entity_id IN ({marks}) AND e2.entity_id IN ({marks}) AND e1.article_seq IN "
        f"(SELECT e.article_seq FROM article_entities e WHERE e.entity_id = ? AND {window}) GROUP BY 1, 2",
        [*members, *members, entity_id, *wparams],
    )
    centre = int(
        s._fetch(f"SELECT count(*) FROM article_entities e WHERE e.entity_id = ? AND {window}", [entity_id, *wparams])[
            0
        ][0]
    )
    names = _names(s, members)
    nodes = [Node(m, *names.get(m, (m, None)), weight=centre if m == entity_id else shared.get(m, 0)) for m in members]
    edges = [Edge(a, b, "co-mention", int(n)) for a, b, n in pairs]
    edges += [Edge(a, b, f"event:{t}", int(n)) for a, b, t, n in event_rows if a in inside and b in inside]
    return Network(entity_id, nodes, edges)

"""An analysed `Article` as the rows every backend stores: metadata, the full JSON, search terms, and one
row per mention, entity, statement, event and framing. Computed once here so both backends store the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from didban.article import Article
from didban.ingest.dates import TEHRAN
from didban.store.query import filter_term, terms, text_terms
from didban.text.offsets import OffsetMap


def article_json(article: Article) -> str:
    """``article.to_dict()`` as compact JSON (ingest speed is bound by this).

    orjson writes the dataclasses directly, 3-5× faster than ``json.dumps(article.to_dict())`` measured on
    analysed news; what it refuses (a lone surrogate, a key that is not a string) goes the standard way.
    """
    try:
        return orjson.dumps(article, default=_json_default).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _json_default(value: Any) -> Any:
    if isinstance(value, OffsetMap):
        return value.to_list()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def utc(dt: datetime | None) -> datetime | None:
    """An aware UTC datetime; a naive one is taken as Tehran time, as ingest does."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=TEHRAN)
    return dt.astimezone(UTC)


@dataclass(slots=True)
class ArticleRows:
    """Everything stored for one article; child rows lack the article key, which the backend adds."""

    id: str
    meta: tuple[Any, ...]  # META_COLUMNS
    data: str
    title_terms: list[str]
    body_terms: list[str]
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    statements: list[tuple[Any, ...]] = field(default_factory=list)
    statement_entities: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    event_actors: list[tuple[Any, ...]] = field(default_factory=list)
    framings: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def body(self) -> str:
        return " ".join(self.body_terms)

    @property
    def title(self) -> str:
        return " ".join(self.title_terms)


META_COLUMNS = ("id", "url", "outlet", "published", "title", "topic", "story_id", "near_duplicate_of", "language")

# Child tables: name → columns after article_seq (shared by both schemas and by the rows below).
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "mentions": ("idx", "start_pos", "end_pos", "type", "text", "entity_id"),
    "article_entities": ("entity_id", "name", "type", "count"),
    "statements": (
        "idx",
        "speaker_entity_id",
        "speaker_kind",
        "speaker_text",
        "descriptor",
        "cue_lemma",
        "modality",
        "form",
        "content",
        "relay",
        "recipient_entity_id",
    ),
    "statement_entities": ("idx", "entity_id"),
    "events": (
        "idx",
        "type",
        "quad_class",
        "cameo_root",
        "date",
        "date_approximate",
        "modality",
        "location",
        "trig",
        "actors",
        "actor_names",
        "targets",
        "target_names",
        "statement",
    ),
    "event_actors": ("idx", "role", "entity_id"),
    "framings": ("idx", "entity_id", "label", "pattern", "outlet"),
}
CHILD_ATTR = {
    "mentions": "mentions",
    "article_entities": "entities",
    "statements": "statements",
    "statement_entities": "statement_entities",
    "events": "events",
    "event_actors": "event_actors",
    "framings": "framings",
}


def article_rows(article: Article) -> ArticleRows:
    text = article.text
    # Stored without analysis: the raw text is indexed through the same normalizer.
    body_terms = text_terms(text, article.tokens or None) if text else terms(article.raw_text)
    title = article.title or (article.span_text(article.title_span) if article.title_span else None)
    meta = (
        article.id,
        article.url,
        article.outlet,
        utc(article.published),
        title,
        article.topic,
        article.story_id,
        article.near_duplicate_of,
        article.language,
    )
    rows = ArticleRows(article.id, meta, article_json(article), terms(title) if title else [], body_terms)

    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for e in article.entities:
        names.setdefault(e.id, e.name)
        if e.id not in seen:
            seen[e.id] = len(rows.entities)
            rows.entities.append((e.id, e.name, e.type, e.count))
    for i, m in enumerate(article.mentions):
        mtext = m.text or text[m.start : m.end]
        rows.mentions.append((i, m.start, m.end, m.type, mtext, m.entity_id))
        if m.entity_id and m.entity_id not in seen:  # a linked mention with no Entity record: still findable
            seen[m.entity_id] = len(rows.entities)
            names.setdefault(m.entity_id, mtext)
            n = sum(x.entity_id == m.entity_id for x in article.mentions)
            rows.entities.append((m.entity_id, mtext, m.type, n))

    linked = [(m.start, m.end, m.entity_id) for m in article.mentions if m.entity_id]
    for i, s in enumerate(article.statements):
        sp = s.speaker
        relay = " ← ".join(r.name for r in s.relay)
        rows.statements.append(
            (
                i,
                sp.entity_id if sp else None,
                sp.kind if sp else None,
                (sp.text or text[sp.start : sp.end]) if sp else None,
                sp.descriptor if sp else None,
                s.cue_lemma,
                s.modality,
                s.form,
                text[s.content[0] : s.content[1]],
                relay,
                s.recipient_entity_id,
            )
        )
        about = {eid for ms, me, eid in linked if ms >= s.content[0] and me <= s.content[1]}
        rows.statement_entities += [(i, eid) for eid in sorted(about)]

    for i, ev in enumerate(article.events):
        rows.events.append(
            (
                i,
                ev.type,
                ev.quad_class,
                ev.cameo_root,
                ev.date,
                int(ev.date_approximate),
                ev.modality,
                ev.location,
                text[ev.trigger[0] : ev.trigger[1]],
                json.dumps(ev.actors, ensure_ascii=False),
                json.dumps([names.get(a, a) for a in ev.actors], ensure_ascii=False),
                json.dumps(ev.targets, ensure_ascii=False),
                json.dumps([names.get(a, a) for a in ev.targets], ensure_ascii=False),
                ev.statement,
            )
        )
        roles = {("actor", a) for a in ev.actors} | {("target", t) for t in ev.targets}
        rows.event_actors += [(i, role, eid) for role, eid in sorted(roles)]

    for i, f in enumerate(article.framings):
        rows.framings.append((i, f.entity_id, text[f.label[0] : f.label[1]], f.pattern, f.outlet or article.outlet))
    return rows


def filter_terms(rows: ArticleRows) -> str:
    """The article's filter terms (`didban.store.query.filter_term`), space-separated, as indexed.

    Must agree with the SQL that builds them for articles stored before they existed (the SQLite
    migration to schema 2); tests/test_store.py checks that it does.
    """
    _, _, outlet, published, _, topic, *_ = rows.meta
    out = {filter_term("outlet", outlet) if outlet else "", filter_term("topic", topic) if topic else ""}
    if published is not None:
        out.add(filter_term("month", utc(published).strftime("%Y-%m")))  # type: ignore[union-attr]
    out.update(filter_term("entity", e[0]) for e in rows.entities if e[0])
    for st in rows.statements:
        if st[1]:
            out.add(filter_term("speaker", st[1]))
        if st[6]:
            out.add(filter_term("modality", st[6]))
    for ev in rows.events:
        if ev[1]:
            out.add(filter_term("event_type", ev[1]))
        if ev[6]:
            out.add(filter_term("modality", ev[6]))
        if ev[1] and ev[6]:
            out.add(filter_term("event", f"{ev[1]}|{ev[6]}"))
    out.discard("")
    return " ".join(sorted(out))

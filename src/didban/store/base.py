"""The store interface every backend implements, the records its queries return, and the shared SQL.

Both backends keep the same tables (see `didban.store.rows`): ``articles`` (metadata and the full Article
JSON), ``mentions``, ``article_entities``, ``statements`` and ``statement_entities``, ``events`` and
``event_actors``, ``framings``. Only writing and ranked search differ per backend; every other query is
plain SQL written once here, so the two give the same answers.
"""

from __future__ import annotations

import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby, islice
from types import TracebackType
from typing import TYPE_CHECKING, Any

from didban.article import Article
from didban.errors import DidbanError
from didban.store.query import Query, QueryError, filter_term, parse_query, snippet
from didban.store.rows import ArticleRows, article_rows

if TYPE_CHECKING:
    from didban.store.search_index import IndexDoc, SearchIndex

# Ranked search scores at most this many of the newest matches (see `Store.search`). Measured on 100,000
# documents (bench/bench_store.py): ranking every match of a common word costs ~200 ms in FTS5 and ~600 ms in
# PostgreSQL; 1,000 keeps both near or under 50 ms (PostgreSQL pays a TOAST read per tsvector it checks).
RANK_WINDOW = 1000
MAX_LIMIT = 1000
INDEX_LAG = 20_000  # log entries the search index may lag behind and still be searched
INLINE_SYNC = 5_000  # at most this many are applied while a query waits


_log = logging.getLogger("didban.store")


class StoreError(DidbanError):
    """The database cannot be opened, migrated or written; one line naming it and the problem."""


class ArticleNotFound(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "article not found"


# -- records -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str | None
    outlet: str | None
    published: datetime | None
    score: float  # higher is better; comparable only within one backend
    snippet: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class StatementRecord:
    article_id: str
    index: int
    outlet: str | None
    published: datetime | None
    url: str | None
    speaker: str | None
    speaker_kind: str | None
    speaker_entity_id: str | None
    descriptor: str | None
    cue_lemma: str
    modality: str | None
    form: str
    content: str
    relay: str  # «outlet ← relayed outlet ← …», outermost first
    recipient_entity_id: str | None


@dataclass(frozen=True, slots=True)
class FramingCount:
    outlet: str | None
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class EventRecord:
    article_id: str
    index: int
    type: str
    quad_class: str | None
    cameo_root: str | None
    date: str | None
    date_approximate: bool
    modality: str | None
    location: str | None
    trigger: str
    actors: tuple[str, ...]
    actor_names: tuple[str, ...]
    targets: tuple[str, ...]
    target_names: tuple[str, ...]
    statement: int | None
    outlet: str | None
    published: datetime | None
    url: str | None


@dataclass(frozen=True, slots=True)
class EntityCount:
    id: str
    name: str
    articles: int


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: str
    outlet: str | None
    published: datetime | None
    title: str | None
    url: str | None
    near_duplicate_of: str | None = None  # the id of the article it copies


@dataclass(frozen=True, slots=True)
class Story:
    """The articles of one story, earliest first (undated ones last)."""

    id: str
    articles: tuple[StoryArticle, ...]

    @property
    def first(self) -> StoryArticle | None:
        """Who published first (the earliest dated article)."""
        dated = [a for a in self.articles if a.published is not None]
        return dated[0] if dated else (self.articles[0] if self.articles else None)

    @property
    def outlets(self) -> tuple[str, ...]:
        """Outlets that carried the story, in the order they first published it."""
        return tuple(dict.fromkeys(a.outlet for a in self.articles if a.outlet))


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    count: int
    outlets: tuple[str, ...]
    first_outlet: str | None
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True, slots=True)
class Filters:
    outlet: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive (a date given as a day includes that day)
    entity: str | None = None
    speaker: str | None = None
    event_type: str | None = None
    modality: str | None = None
    topic: str | None = None


TimeBound = datetime | date | str | None


def time_bound(value: TimeBound, *, end: bool, name: str) -> datetime | None:
    """A filter bound as an aware UTC datetime. A day (a date, or a string without a time) given as the
    end includes that whole day; strings may be ISO or Jalali («۱۴۰۴/۰۶/۱۴»), as publication dates are."""
    if value is None or value == "":
        return None
    day = False
    if isinstance(value, str):
        from didban.ingest.dates import parse_published

        parsed = parse_published(value)
        if parsed is None:
            raise QueryError(f"{name}: {value[:40]!r} is not a date (use e.g. 2024-05-01 or ۱۴۰۳/۰۲/۱۲)")
        day = not re.search(r"[:T]\d|\d\s*[:]", value.translate(_DIGITS))
        dt = parsed
    elif isinstance(value, datetime):
        dt = value
    else:
        from didban.ingest.dates import TEHRAN

        dt, day = datetime(value.year, value.month, value.day, tzinfo=TEHRAN), True
    if dt.tzinfo is None:
        from didban.ingest.dates import TEHRAN

        dt = dt.replace(tzinfo=TEHRAN)
    if end:
        dt = dt + timedelta(days=1) if day else dt + timedelta(microseconds=1)
    return dt.astimezone(UTC)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


# -- the interface -----------------------------------------------------------------------------------


class Store(ABC):
    """Analysed articles in a database, and the queries analysts ask of them.

    Writing is idempotent by article id: storing an article again replaces it and all its rows.
    """

    url: str

    # -- writing ----------------------------------------------------------------------------------
    @abstractmethod
    def put_many(self, articles: Iterable[Article], *, batch_size: int = 500) -> int:
        """Store (or replace) articles, one transaction per batch; return how many were stored."""

    def put(self, article: Article) -> None:
        self.put_many([article])

    @abstractmethod
    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles and all their rows; return how many existed."""

    # -- reading ----------------------------------------------------------------------------------
    @abstractmethod
    def get(self, article_id: str) -> Article:
        """The stored article; raises `ArticleNotFound`."""

    def get_json(self, article_id: str) -> str:
        """The stored article as JSON text (``Article.to_dict()``), without building the Article."""
        return json.dumps(self.get(article_id).to_dict(), ensure_ascii=False)

    @abstractmethod
    def existing_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Which of these ids are stored (for resumable ingest)."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def iter_articles(self) -> Iterator[Article]:
        """Every article, in the order stored."""

    @abstractmethod
    def iter_events(self) -> Iterator[EventRecord]:
        """Every event, with its article's outlet, date and URL, in storage order."""

    @abstractmethod
    def search(
        self,
        query: str | None,
        *,
        outlet: str | None = None,
        since: TimeBound = None,
        until: TimeBound = None,
        entity: str | None = None,
        speaker: str | None = None,
        event_type: str | None = None,
        modality: str | None = None,
        topic: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Hit]:
        """Articles matching ``query`` (words, "phrases", prefix*, -excluded) and the filters, best first.

        ``entity``: the article names it; ``speaker``: it reports a statement by it; ``event_type`` and
        ``modality``: one of its events has that type and modality (``modality`` alone also matches a
        statement's). With a search index (`didban.store.search_index`) every match is ranked by BM25;
        without one, ranking scores the `RANK_WINDOW` newest matching articles and returns the best of them,
        so a common word costs the same on a million articles as on ten thousand. Without a query, the newest
        articles matching the filters come first.
        """

    @abstractmethod
    def statements_by(self, entity_id: str, *, limit: int | None = None) -> list[StatementRecord]:
        """Everything said by an entity, in publication order; with ``limit``, only the newest stored."""

    @abstractmethod
    def statements_about(self, entity_id: str, *, limit: int | None = None) -> list[StatementRecord]:
        """Statements whose content mentions the entity, in publication order; with ``limit``, the newest
        stored only."""

    @abstractmethod
    def framings_of(self, entity_id: str) -> list[FramingCount]:
        """How each outlet labels an entity: (outlet, label, count), most frequent first per outlet."""

    @abstractmethod
    def events_between(self, a: str, b: str) -> list[EventRecord]:
        """Events with both entities among the actors and targets, over time (by event date, else
        publication)."""

    @abstractmethod
    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityCount]:
        """Entities whose name contains ``name`` (normalized), with how many articles name them, most first."""

    @abstractmethod
    def story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def stories(self, *, limit: int = 100, offset: int = 0) -> list[StorySummary]:
        """Stories, the most recently started first."""

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, tp: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


# -- the SQL both backends share ---------------------------------------------------------------------


_STATEMENT_COLUMNS = (
    "a.id, s.idx, a.outlet, a.published, a.url, s.speaker_text, s.speaker_kind, s.speaker_entity_id, "
    "s.descriptor, s.cue_lemma, s.modality, s.form, s.content, s.relay, s.recipient_entity_id"
)
_EVENT_COLUMNS = (
    "a.id, v.idx, v.type, v.quad_class, v.cameo_root, v.date, v.date_approximate, v.modality, v.location, v.trig, "
    "v.actors, "
    "v.actor_names, v.targets, v.target_names, v.statement, a.outlet, a.published, a.url"
)


class SqlStore(Store):
    """The queries written once in SQL; a backend supplies the connection, writing and ranked search.

    SQL here uses ``?`` placeholders; a backend whose driver wants another style converts in `_fetch`.
    """

    @abstractmethod
    def write_rows(self, rows: Sequence[ArticleRows]) -> None:
        """One transaction: store these articles' rows, replacing any stored under the same ids."""

    def put_many(self, articles: Iterable[Article], *, batch_size: int = 500) -> int:
        # Rows are made in this thread: a worker thread making the next batch's rows measured no faster
        # (the writer waits for the GIL after every statement), so the simple loop stays.
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        it = iter(articles)
        stored = 0
        while batch := list(islice(it, batch_size)):
            rows = _batch_rows(batch)
            self.write_rows(rows)
            stored += len(rows)
        return stored

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def _time_param(self, dt: datetime) -> Any: ...

    @abstractmethod
    def _time_value(self, value: Any) -> datetime | None: ...

    @abstractmethod
    def _ranked_db(self, query: Query, filters: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        """(article seq, score) of the best matches among the newest RANK_WINDOW, best first, found by the
        database's own full-text index."""

    @abstractmethod
    def _index_docs(self, seqs: Sequence[int]) -> list[IndexDoc]:
        """What the search index holds of these articles (those still stored)."""

    # -- the search index (`didban.store.search_index`) ----------------------------------------------
    _search_index: SearchIndex | None = None

    def _ranked(self, query: Query, filters: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        """(article seq, score) of the best matches, best first: from the search index when there is one
        and it is (nearly) up to date, every match ranked; else from the database, the newest RANK_WINDOW."""
        index = self._search_index
        if index is not None:
            groups, rest = filter_groups(filters)
            if rest == Filters(since=rest.since, until=rest.until) and self._index_ready(index):
                return index.search(query, groups, rest.since, rest.until, limit, offset)
        return self._ranked_db(query, filters, limit, offset)

    def _index_ready(self, index: SearchIndex) -> bool:
        log_max = self._log_max()
        if log_max < index.position() and not self._reset_index(index):
            return False  # ahead of the database and cannot be emptied now: the database answers
        behind = log_max - index.applied()
        if behind > 0:
            # Bounded work on the query's time: commit what this process added, apply a few more entries.
            if log_max - index.position() <= INLINE_SYNC:
                index.sync(self._log_after, self._index_docs, wait=False)
                behind = log_max - index.applied()
            # A writer in another process catches the index up batch by batch: a few batches behind, search
            # it (the newest articles appear a moment later); far behind (a new, deleted or older index),
            # search the database and say once how to catch up.
            if behind > INDEX_LAG and not index.warned:
                index.warned = True
                _log.warning(
                    "%s: the search index is %d change(s) behind the database; searching the database instead "
                    "until it catches up (the next write does, or run: didban index)", index.path, behind
                )
        return behind <= INDEX_LAG

    def _identity(self) -> str:
        """The database's random identity: its search index knows whose it is."""
        return str(self._fetch("SELECT id FROM search_identity")[0][0])

    def _log_max(self) -> int:
        return int(self._fetch("SELECT max(id) FROM search_log")[0][0] or 0)

    def _log_after(self, after: int, n: int) -> list[tuple[int, int]]:
        return [(int(i), int(s)) for i, s in self._fetch(
            "SELECT id, seq FROM search_log WHERE id > ? ORDER BY id LIMIT ?", (after, n)
        )]  # fmt: skip

    def sync_search_index(self, *, commit: bool = True) -> bool:
        """Bring the search index up to date with the database (waits for this process's other syncs);
        False when another process is writing the index (it catches it up). ``commit=False``: the writer
        path, committed every few seconds and on `close`."""
        index = self._search_index
        if index is None:
            return True
        if self._log_max() < index.position() and not self._reset_index(index):
            return False
        return index.sync(self._log_after, self._index_docs, commit=commit)

    def rebuild_search_index(self) -> bool:
        """Empty the search index and rebuild it from the database; False when another process writes it."""
        index = self._search_index
        if index is None:
            return True
        return index.reset() and index.sync(self._log_after, self._index_docs)

    def _reset_index(self, index: SearchIndex) -> bool:
        _log.warning("%s: the search index is ahead of its database (restored from a backup?); rebuilding it",
                     index.path)  # fmt: skip
        return index.reset()

    def _close_index(self) -> None:
        if self._search_index is not None:
            self._search_index.flush()

    @abstractmethod
    def _bodies(self, seqs: Sequence[int]) -> dict[int, str]:
        """The indexed terms of these articles (for snippets)."""

    def _day_sql(self, column: str) -> str:
        """SQL for the Tehran calendar day ('YYYY-MM-DD') of a stored UTC timestamp. SQLite has no time
        zones: Iran's standard offset (+03:30, without the summer hour it kept until 2022) is close enough
        for daily counts; PostgreSQL overrides this with the real zone."""
        return f"date({column}, '+210 minutes')"

    def _load_json(self, value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else json.loads(value)

    # -- reading ----------------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        return Article.from_dict(self._load_json(self._data(article_id)))

    def get_json(self, article_id: str) -> str:
        data = self._data(article_id)
        return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)

    def _data(self, article_id: str) -> Any:
        rows = self._fetch("SELECT data FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise ArticleNotFound(f"no article {article_id!r} in {self.url}")
        return rows[0][0]

    def existing_ids(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._fetch(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def count(self) -> int:
        return int(self._fetch("SELECT count(*) FROM articles")[0][0])

    def iter_articles(self) -> Iterator[Article]:
        last = 0
        while True:  # keyset pages: bounded memory, and no cursor held open across the caller's work
            rows = self._fetch("SELECT seq, data FROM articles WHERE seq > ? ORDER BY seq LIMIT 200", (last,))
            if not rows:
                return
            for seq, data in rows:
                yield Article.from_dict(self._load_json(data))
                last = seq

    def iter_events(self) -> Iterator[EventRecord]:
        last = (0, -1)
        while True:
            rows = self._fetch(
                f"SELECT {_EVENT_COLUMNS}, v.article_seq FROM events v JOIN articles a ON a.seq = v.article_seq "
                "WHERE v.article_seq > ? OR (v.article_seq = ? AND v.idx > ?) ORDER BY v.article_seq, v.idx LIMIT 500",
                (last[0], last[0], last[1]),
            )
            if not rows:
                return
            for row in rows:
                yield self._event(row[:-1])
            last = (rows[-1][-1], rows[-1][1])

    # -- search -----------------------------------------------------------------------------------
    def search(
        self,
        query: str | None,
        *,
        outlet: str | None = None,
        since: TimeBound = None,
        until: TimeBound = None,
        entity: str | None = None,
        speaker: str | None = None,
        event_type: str | None = None,
        modality: str | None = None,
        topic: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[Hit]:
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
        if not 0 <= offset <= RANK_WINDOW:
            raise QueryError(f"offset must be between 0 and {RANK_WINDOW}, not {offset}")
        filters = Filters(
            outlet=outlet,
            since=time_bound(since, end=False, name="since"),
            until=time_bound(until, end=True, name="until"),
            entity=entity,
            speaker=speaker,
            event_type=event_type,
            modality=modality,
            topic=topic,
        )
        parsed = parse_query(query) if query and query.strip() else None
        if parsed is None:
            where, params = self._where(filters)
            sql = (
                "SELECT a.seq FROM articles a"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT ? OFFSET ?"
            )
            ranked = [(r[0], 0.0) for r in self._fetch(sql, [*params, limit, offset])]
        else:
            ranked = self._ranked(parsed, filters, limit, offset)
        if not ranked:
            return []
        seqs = [s for s, _ in ranked]
        marks = ",".join("?" * len(seqs))
        sql = f"SELECT seq, id, title, outlet, published, url FROM articles WHERE seq IN ({marks})"
        meta = {r[0]: r[1:] for r in self._fetch(sql, seqs)}
        bodies = self._bodies(seqs)
        hits = []
        for seq, score in ranked:
            if seq not in meta:  # deleted a moment ago, still in the search index
                continue
            aid, title, out, published, url = meta[seq]
            body = bodies.get(seq, "")
            text = snippet(body, parsed) if parsed else snippet(body, _NO_QUERY)
            hits.append(Hit(aid, title, out, self._time_value(published), float(score), text, url))
        return hits

    def _where(self, f: Filters) -> tuple[list[str], list[Any]]:
        """SQL conditions on articles ``a`` for the filters, with their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if f.outlet is not None:
            where.append("a.outlet = ?")
            params.append(f.outlet)
        if f.topic is not None:
            where.append("a.topic = ?")
            params.append(f.topic)
        if f.since is not None:
            where.append("a.published >= ?")
            params.append(self._time_param(f.since))
        if f.until is not None:
            where.append("a.published < ?")
            params.append(self._time_param(f.until))
        if f.entity is not None:
            # IN (…) rather than a correlated EXISTS: the entity's articles are looked up once per query.
            where.append("a.seq IN (SELECT e.article_seq FROM article_entities e WHERE e.entity_id = ?)")
            params.append(f.entity)
        if f.speaker is not None:
            where.append("a.seq IN (SELECT s.article_seq FROM statements s WHERE s.speaker_entity_id = ?)")
            params.append(f.speaker)
        if f.event_type is not None or f.modality is not None:
            cond = ["1 = 1"]
            if f.event_type is not None:
                cond.append("v.type = ?")
                params.append(f.event_type)
            if f.modality is not None:
                cond.append("v.modality = ?")
                params.append(f.modality)
            clause = f"a.seq IN (SELECT v.article_seq FROM events v WHERE {' AND '.join(cond)})"
            if f.event_type is None:  # modality alone: a hedged statement counts too
                clause = f"({clause} OR a.seq IN (SELECT s2.article_seq FROM statements s2 WHERE s2.modality = ?))"
                params.append(f.modality)
            where.append(clause)
        return where, params

    # -- analyst queries --------------------------------------------------------------------------
    def statements_by(self, entity_id: str, *, limit: int | None = None) -> list[StatementRecord]:
        return self._statements("statements", "speaker_entity_id", entity_id, limit)

    def statements_about(self, entity_id: str, *, limit: int | None = None) -> list[StatementRecord]:
        return self._statements("statement_entities", "entity_id", entity_id, limit)

    def _statements(self, table: str, column: str, entity_id: str, limit: int | None) -> list[StatementRecord]:
        # The keys first, from the entity's index (newest stored first when limited: an entity in half the
        # archive has tens of thousands), then the rows.
        keys = self._fetch(
            f"SELECT article_seq, idx FROM {table} WHERE {column} = ? ORDER BY article_seq DESC, idx DESC"
            + (" LIMIT ?" if limit is not None else ""),
            (entity_id, limit) if limit is not None else (entity_id,),
        )
        if not keys:
            return []
        seqs = sorted({k[0] for k in keys})
        wanted = {(k[0], k[1]) for k in keys}
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(seqs), 500):
            chunk = seqs[i : i + 500]
            rows += self._fetch(
                "SELECT " + _STATEMENT_COLUMNS + ", s.article_seq FROM statements s JOIN articles a ON a.seq = "
                f"s.article_seq WHERE s.article_seq IN ({','.join('?' * len(chunk))}) "
                "ORDER BY a.published NULLS LAST, a.seq, s.idx",
                chunk,
            )
        return [
            StatementRecord(r[0], r[1], r[2], self._time_value(r[3]), *r[4:-1])
            for r in sorted(rows, key=_publication_order)
            if (r[-1], r[1]) in wanted
        ]

    def framings_of(self, entity_id: str) -> list[FramingCount]:
        rows = self._fetch(
            "SELECT f.outlet, f.label, count(*) AS n FROM framings f WHERE f.entity_id = ? "
            "GROUP BY f.outlet, f.label ORDER BY f.outlet NULLS LAST, n DESC, f.label",
            (entity_id,),
        )
        return [FramingCount(r[0], r[1], int(r[2])) for r in rows]

    def events_between(self, a: str, b: str) -> list[EventRecord]:
        rows = self._fetch(
            f"SELECT {_EVENT_COLUMNS} FROM events v JOIN articles a ON a.seq = v.article_seq "
            "WHERE EXISTS (SELECT 1 FROM event_actors x WHERE x.article_seq = v.article_seq AND x.idx = v.idx "
            "AND x.entity_id = ?) AND EXISTS (SELECT 1 FROM event_actors y WHERE y.article_seq = v.article_seq "
            "AND y.idx = v.idx AND y.entity_id = ?) "
            "ORDER BY v.date NULLS LAST, a.published NULLS LAST, a.seq, v.idx",
            (a, b),
        )
        return [self._event(r) for r in rows]

    def _event(self, r: Sequence[Any]) -> EventRecord:
        return EventRecord(
            r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], r[9],
            tuple(json.loads(r[10])), tuple(json.loads(r[11])), tuple(json.loads(r[12])), tuple(json.loads(r[13])),
            r[14], r[15], self._time_value(r[16]), r[17],
        )  # fmt: skip

    def find_entities(self, name: str, *, limit: int = 20) -> list[EntityCount]:
        from didban.text.normalize import normalize_text

        text = normalize_text(name).strip()
        if not text or len(text) > 200:
            raise QueryError("give a name (up to 200 characters) to look for")
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._fetch(
            "SELECT n.entity_id, min(n.name), "
            "(SELECT count(*) FROM article_entities e WHERE e.entity_id = n.entity_id) AS c "
            "FROM entity_names n WHERE n.name LIKE ? ESCAPE '\\' GROUP BY n.entity_id "
            "ORDER BY c DESC, n.entity_id LIMIT ?",
            (pattern, limit),
        )
        return [EntityCount(r[0], r[1], int(r[2])) for r in rows]

    def story(self, story_id: str) -> Story | None:
        rows = self._fetch(
            "SELECT id, outlet, published, title, url, near_duplicate_of FROM articles WHERE story_id = ? "
            "ORDER BY published NULLS LAST, seq",
            (story_id,),
        )
        if not rows:
            return None
        return Story(story_id, tuple(StoryArticle(r[0], r[1], self._time_value(r[2]), *r[3:]) for r in rows))

    def stories(self, *, limit: int = 100, offset: int = 0) -> list[StorySummary]:
        # One query for the page of stories and their articles' outlets (not one per story).
        rows = self._fetch(
            "WITH page AS (SELECT story_id, count(*) AS n, min(published) AS first, max(published) AS last "
            "FROM articles WHERE story_id IS NOT NULL GROUP BY story_id "
            "ORDER BY min(published) DESC NULLS LAST, story_id LIMIT ? OFFSET ?) "
            "SELECT p.story_id, p.n, p.first, p.last, a.outlet FROM page p JOIN articles a ON a.story_id = p.story_id "
            "ORDER BY p.first DESC NULLS LAST, p.story_id, a.published NULLS LAST, a.seq",
            (limit, offset),
        )
        out: list[StorySummary] = []
        for sid, group in groupby(rows, key=lambda r: r[0]):
            members = list(group)
            _, n, first, last, first_outlet = members[0]
            out.append(
                StorySummary(
                    sid, int(n), tuple(dict.fromkeys(r[4] for r in members if r[4])), first_outlet,
                    self._time_value(first), self._time_value(last),
                )
            )  # fmt: skip
        return out


_NO_QUERY = Query(())


def _publication_order(row: Sequence[Any]) -> tuple[Any, ...]:
    """Statement rows (…, published at 3, …, article_seq last) by publication, undated last."""
    return (row[3] is None, row[3] or "", row[-1], row[1])


def _batch_rows(batch: list[Article]) -> list[ArticleRows]:
    return list({a.id: article_rows(a) for a in batch}.values())  # the same id twice in a batch: the last wins


def check_url_scheme(url: str) -> str:
    """``sqlite`` or ``postgresql`` for a store URL or path (see `didban.store.open_store`)."""
    low = url.lower()
    if low.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return "postgresql"
    if "://" in url and not low.startswith("sqlite://"):
        scheme = url.split("://")[0]
        raise StoreError(f"{scheme}://: unknown store URL scheme (use a file path, sqlite:/// or postgresql://)")
    return "sqlite"


_MAX_MONTHS = 60  # a longer date range is checked on the articles alone


def filter_groups(f: Filters) -> tuple[list[list[str]], Filters]:
    """The filters as groups of index terms (`didban.store.query.filter_term`; each group ORed, the groups
    ANDed), and what is left to check otherwise: the exact date bounds (the month terms only narrow the
    candidates) and empty values."""
    groups: list[list[str]] = []
    rest: dict[str, Any] = {"since": f.since, "until": f.until}
    for kind in ("outlet", "topic", "entity", "speaker"):
        value = getattr(f, kind)
        if value:
            groups.append([filter_term(kind, value)])
        elif value is not None:
            rest[kind] = value
    if f.event_type and f.modality:
        groups.append([filter_term("event", f"{f.event_type}|{f.modality}")])
    elif f.event_type:
        groups.append([filter_term("event_type", f.event_type)])
    elif f.modality:
        groups.append([filter_term("modality", f.modality)])
    if f.event_type == "" or f.modality == "":
        rest.update(event_type=f.event_type, modality=f.modality)
    if f.since is not None and f.until is not None:
        first, last = f.since.astimezone(UTC), (f.until - timedelta(microseconds=1)).astimezone(UTC)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if 0 < months <= _MAX_MONTHS:
            k = first.year * 12 + first.month - 1
            groups.append([filter_term("month", f"{m // 12:04d}-{m % 12 + 1:02d}") for m in range(k, k + months)])
    return groups, Filters(**rest)

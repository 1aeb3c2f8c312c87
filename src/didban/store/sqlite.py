"""The SQLite store: one file, zero set-up (the standard library's sqlite3), the default.

- WAL journal: readers never block the writer; ``synchronous=NORMAL`` keeps every committed batch across a
  killed process (only a power cut can lose the last batches, never corrupt the file).
- A single writer: each batch is one ``BEGIN IMMEDIATE`` transaction, so a second writer waits
  (``busy_timeout``) instead of failing half-way.
- Search: an FTS5 table of Didban's own terms (see `didban.store.query`), ``unicode61`` with ZWNJ as a token
  character so «می‌شود» stays one term; ranked with bm25 (title weighted above body).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from didban.store.base import RANK_WINDOW, Filters, SqlStore, StoreError, filter_groups
from didban.store.query import Query, QueryError, fts5_match
from didban.store.rows import CHILD_ATTR, CHILD_COLUMNS, META_COLUMNS, ArticleRows, filter_terms
from didban.store.search_index import IndexDoc, SearchIndex, SearchIndexError, available

FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '\u200c'"

_SCHEMA_V1 = f"""
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT, outlet TEXT, published TEXT, title TEXT, topic TEXT, story_id TEXT, near_duplicate_of TEXT,
    language TEXT,
    data TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet, published);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_story ON articles(story_id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_topic ON articles(topic) WHERE topic IS NOT NULL;

CREATE TABLE mentions (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, start_pos INTEGER, end_pos INTEGER, type TEXT, text TEXT,
    entity_id TEXT, PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;

CREATE TABLE article_entities (
    article_seq INTEGER NOT NULL, entity_id TEXT NOT NULL, name TEXT, type TEXT, count INTEGER,
    PRIMARY KEY (article_seq, entity_id)
) WITHOUT ROWID;
CREATE INDEX article_entities_entity ON article_entities(entity_id, article_seq);

CREATE TABLE statements (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, speaker_entity_id TEXT, speaker_kind TEXT,
    speaker_text TEXT, descriptor TEXT, cue_lemma TEXT, modality TEXT, form TEXT, content TEXT, relay TEXT,
    recipient_entity_id TEXT, PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX statements_speaker ON statements(speaker_entity_id) WHERE speaker_entity_id IS NOT NULL;

CREATE TABLE statement_entities (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, entity_id TEXT NOT NULL,
    PRIMARY KEY (article_seq, idx, entity_id)
) WITHOUT ROWID;
CREATE INDEX statement_entities_entity ON statement_entities(entity_id);

CREATE TABLE events (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, type TEXT, quad_class TEXT, cameo_root TEXT, date TEXT,
    date_approximate INTEGER, modality TEXT, location TEXT, trig TEXT, actors TEXT, actor_names TEXT, targets TEXT,
    target_names TEXT, statement INTEGER, PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX events_type ON events(type, modality);

CREATE TABLE event_actors (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, role TEXT NOT NULL, entity_id TEXT NOT NULL,
    PRIMARY KEY (article_seq, idx, role, entity_id)
) WITHOUT ROWID;
CREATE INDEX event_actors_entity ON event_actors(entity_id);

CREATE TABLE framings (
    article_seq INTEGER NOT NULL, idx INTEGER NOT NULL, entity_id TEXT, label TEXT, pattern TEXT, outlet TEXT,
    PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;
CREATE INDEX framings_entity ON framings(entity_id);

CREATE TABLE entity_names (entity_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity_id, name)) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize="{FTS_TOKENIZER}");
"""

# Schema 2: the full-text index gains a ``tags`` column of filter terms (`didban.store.query.filter_term`),
# built here for what is already stored from the same tables `didban.store.rows.filter_terms` reads.
_HEX = "lower(hex({}))"


def _tag_sql(letter: str, column: str) -> str:
    return f"'{letter}' || {_HEX.format(column)}"


def _tag_list(letter: str, select: str) -> str:
    return f"coalesce((SELECT ' ' || group_concat({_tag_sql(letter, 'v')}, ' ') FROM ({select}) WHERE v <> ''), '')"


_FILTER_TERMS_SQL = " || ".join(
    [
        "CASE WHEN coalesce(a.outlet, '') <> '' THEN ' ' || " + _tag_sql("o", "a.outlet") + " ELSE '' END",
        "CASE WHEN coalesce(a.topic, '') <> '' THEN ' ' || " + _tag_sql("t", "a.topic") + " ELSE '' END",
        "CASE WHEN a.published IS NOT NULL THEN ' ' || " + _tag_sql("p", "substr(a.published, 1, 7)") + " ELSE '' END",
        _tag_list("e", "SELECT DISTINCT entity_id AS v FROM article_entities WHERE article_seq = a.seq"),
        _tag_list("s", "SELECT DISTINCT speaker_entity_id AS v FROM statements WHERE article_seq = a.seq"),
        _tag_list("v", "SELECT DISTINCT type AS v FROM events WHERE article_seq = a.seq"),
        _tag_list(
            "m",
            "SELECT modality AS v FROM events WHERE article_seq = a.seq "
            "UNION SELECT modality FROM statements WHERE article_seq = a.seq",
        ),
        _tag_list(
            "x",
            "SELECT DISTINCT type || '|' || modality AS v FROM events WHERE article_seq = a.seq "
            "AND type <> '' AND modality <> ''",
        ),
    ]
)
_SCHEMA_V2 = f"""
CREATE VIRTUAL TABLE articles_fts_v2 USING fts5(title, body, tags, tokenize="{FTS_TOKENIZER}");
INSERT INTO articles_fts_v2 (rowid, title, body, tags)
    SELECT f.rowid, f.title, f.body, ltrim({_FILTER_TERMS_SQL}) FROM articles_fts f JOIN articles a ON a.seq = f.rowid;
DROP TABLE articles_fts;
ALTER TABLE articles_fts_v2 RENAME TO articles_fts;
"""

# Schema 3: the log the search index follows (`didban.store.search_index`), seeded with what is stored.
_SCHEMA_V3 = """
CREATE TABLE search_log (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER NOT NULL);
INSERT INTO search_log (seq) SELECT seq FROM articles ORDER BY seq;
CREATE TABLE search_identity (id TEXT NOT NULL);
INSERT INTO search_identity VALUES (lower(hex(randomblob(16))));
"""

MIGRATIONS: list[tuple[int, str]] = [(1, _SCHEMA_V1), (2, _SCHEMA_V2), (3, _SCHEMA_V3)]
"""(version, SQL script), applied in order, each in its own transaction; append, never edit."""

CURRENT_VERSION = MIGRATIONS[-1][0]

_TITLE_WEIGHT, _BODY_WEIGHT, _TAGS_WEIGHT = 4.0, 1.0, 0.0


def sqlite_path(url: str) -> str:
    """The file path of ``sqlite:///relative``, ``sqlite:////absolute`` or a plain path."""
    if url.lower().startswith("sqlite://"):
        rest = url[len("sqlite://") :]
        return rest[1:] if rest.startswith("/") else rest
    return url


def _ts(dt: datetime | None) -> str | None:
    # Fixed-width UTC text: compares and sorts as time does.
    return None if dt is None else dt.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


AUTO = "auto"


def default_index_path(path: str) -> str | None:
    """The search index beside a database file (``news.sqlite`` → ``news.sqlite.search/``); none in memory,
    or without tantivy."""
    if path == ":memory:" or not available():
        return None
    return path + ".search"


class SQLiteStore(SqlStore):
    def __init__(self, url: str, *, timeout: float = 30.0, search_index: str | None = AUTO) -> None:
        """``search_index``: the folder of the search index; ``"auto"`` (the default): beside the file;
        None: search with FTS5 alone."""
        self.url = url
        self.path = sqlite_path(url)
        if self.path != ":memory:" and not Path(self.path).parent.is_dir():
            raise StoreError(f"{self.path}: the folder does not exist")
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(
                "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
                "PRAGMA mmap_size = 268435456; PRAGMA case_sensitive_like = ON;"  # LIKE as in PostgreSQL
            )
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a Didban database: {exc}") from None
        folder = default_index_path(self.path) if search_index == AUTO else search_index
        if folder is not None:
            try:
                self._search_index = SearchIndex.for_path(folder, self._identity())
            except SearchIndexError as exc:
                raise StoreError(str(exc)) from None

    # -- schema -----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        conn = self._conn
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = self.schema_version
        if version > CURRENT_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this Didban knows ({CURRENT_VERSION}); "
                "upgrade Didban"
            )
        for number, script in MIGRATIONS:
            if number <= version:
                continue
            # One script, one transaction: a migration is applied whole or not at all.
            conn.executescript(
                f"BEGIN IMMEDIATE; {script}\nDELETE FROM schema_version; "
                f"INSERT INTO schema_version VALUES ({number}); COMMIT;"
            )

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    # -- writing ----------------------------------------------------------------------------------
    def write_rows(self, rows: Sequence[ArticleRows]) -> None:
        """One transaction: replace these articles (and every row hanging off them)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete([r.id for r in rows])
            start = conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0] + 1
            seqs = range(start, start + len(rows))
            marks = ",".join("?" * (len(META_COLUMNS) + 2))
            conn.executemany(
                f"INSERT INTO articles (seq, {', '.join(META_COLUMNS)}, data) VALUES ({marks})",
                [(s, *r.meta[:3], _ts(r.meta[3]), *r.meta[4:], r.data) for s, r in zip(seqs, rows, strict=True)],
            )
            conn.executemany(
                "INSERT INTO articles_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
                [(s, r.title, r.body, filter_terms(r)) for s, r in zip(seqs, rows, strict=True)],
            )
            for table, columns in CHILD_COLUMNS.items():
                attr = CHILD_ATTR[table]
                values = [(s, *v) for s, r in zip(seqs, rows, strict=True) for v in getattr(r, attr)]
                if values:
                    marks = ",".join("?" * (len(columns) + 1))
                    conn.executemany(
                        f"INSERT INTO {table} (article_seq, {', '.join(columns)}) VALUES ({marks})", values
                    )
            names = {(e[0], e[1]) for r in rows for e in r.entities if e[1]}
            conn.executemany("INSERT OR IGNORE INTO entity_names VALUES (?, ?)", sorted(names))
            conn.executemany("INSERT INTO search_log (seq) VALUES (?)", [(s,) for s in seqs])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.sync_search_index(commit=False)

    def _delete(self, ids: Sequence[str]) -> int:
        seqs = [s for (s,) in self._fetch_ids(ids)]
        if not seqs:
            return 0
        for i in range(0, len(seqs), 500):
            chunk = seqs[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for table in CHILD_COLUMNS:
                self._conn.execute(f"DELETE FROM {table} WHERE article_seq IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM articles_fts WHERE rowid IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM articles WHERE seq IN ({marks})", chunk)
        self._conn.executemany("INSERT INTO search_log (seq) VALUES (?)", [(s,) for s in seqs])
        return len(seqs)

    def _fetch_ids(self, ids: Sequence[str]) -> list[tuple[int]]:
        out: list[tuple[int]] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            out += self._conn.execute(f"SELECT seq FROM articles WHERE id IN ({marks})", chunk).fetchall()
        return out

    def delete(self, article_ids: Iterable[str]) -> int:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            n = self._delete(list(article_ids))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self.sync_search_index()
        return n

    # -- reading ----------------------------------------------------------------------------------
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def _time_param(self, dt: datetime) -> Any:
        return _ts(dt)

    def _time_value(self, value: Any) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)

    def _ranked_db(self, query: Query, filters: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        # The window: the newest RANK_WINDOW matches (FTS5 walks its doclist backwards by rowid and stops),
        # scored with bm25, the best returned. Filters are terms of the index (see `filter_term`), so a
        # filtered search intersects posting lists; only the exact date bounds are checked on the articles.
        groups, rest = filter_groups(filters)
        where, params = self._where(rest)
        conds = ["articles_fts MATCH ?", *where]
        inner = (
            f"SELECT articles_fts.rowid AS seq, bm25(articles_fts, {_TITLE_WEIGHT}, {_BODY_WEIGHT}, {_TAGS_WEIGHT}) "
            "AS r FROM articles_fts" + (" JOIN articles a ON a.seq = articles_fts.rowid" if where else "")
            + " WHERE " + " AND ".join(conds) + " ORDER BY articles_fts.rowid DESC LIMIT ?"
        )  # fmt: skip
        sql = f"SELECT seq, -r FROM ({inner}) ORDER BY r, seq DESC LIMIT ? OFFSET ?"
        try:
            return [
                (int(s), float(r))
                for s, r in self._fetch(sql, [fts5_match(query, groups), *params, RANK_WINDOW, limit, offset])
            ]
        except sqlite3.OperationalError as exc:  # the MATCH string is ours, so this is a bug, said plainly
            raise QueryError(f"search failed: {exc}") from None

    def _bodies(self, seqs: Sequence[int]) -> dict[int, str]:
        marks = ",".join("?" * len(seqs))
        return dict(self._fetch(f"SELECT rowid, body FROM articles_fts WHERE rowid IN ({marks})", list(seqs)))

    def _index_docs(self, seqs: Sequence[int]) -> list[IndexDoc]:
        out: list[IndexDoc] = []
        for i in range(0, len(seqs), 500):
            chunk = list(seqs[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._fetch(
                "SELECT f.rowid, f.title, f.body, f.tags, a.published FROM articles_fts f "
                f"JOIN articles a ON a.seq = f.rowid WHERE f.rowid IN ({marks})",
                chunk,
            )
            out += [IndexDoc(s, t or "", b or "", g or "", self._time_value(p)) for s, t, b, g, p in rows]
        return out

    def iter_rowids(self) -> Iterator[int]:
        yield from (r[0] for r in self._conn.execute("SELECT seq FROM articles ORDER BY seq"))

    def optimize(self) -> None:
        """Merge the FTS index segments (after a large ingest) and refresh the planner's statistics."""
        self._conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
        self._conn.execute("PRAGMA optimize")

    def close(self) -> None:
        self._close_index()
        self._conn.close()

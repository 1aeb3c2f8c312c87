"""The PostgreSQL store (psycopg 3; ``pip install 'didban[postgres]'``): the same tables and answers as SQLite,
for a shared server and many readers.

- Search: a ``tsvector`` column built here from Didban's own terms (weight A for the title, D for the body)
  with a GIN index, and tsquery literals written from the parsed query (`didban.store.query`). PostgreSQL's
  text-search parser never sees the text, so both backends match exactly the same terms; no language
  configuration is involved (what ``simple`` would do, minus its own tokenizer).
- pg_trgm (when the server has it): a trigram index on entity names, so `find_entities` («name contains…»)
  stays an index lookup.
- Writing: one transaction per batch, COPY for every table; the old version of a re-stored article goes
  with ON DELETE CASCADE. An advisory lock makes concurrent writers take turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from didban.store.base import RANK_WINDOW, Filters, SqlStore, StoreError
from didban.store.query import Query, tsquery, tsvector
from didban.store.rows import CHILD_ATTR, CHILD_COLUMNS, META_COLUMNS, ArticleRows
from didban.store.search_index import IndexDoc, SearchIndex, SearchIndexError, available

_WRITE_LOCK = 0x44494442  # "DIDB": pg_advisory_xact_lock key serializing writers
_RANK_WEIGHTS = "{0.25,0.25,0.25,1.0}"  # D (body) … A (title): the title counts 4×, as in SQLite
_COMMON_FRACTION = 0.05  # a word in ≥ 5% of articles fills the window within RANK_WINDOW / 0.05 rows

_CHILD_DDL = {
    "mentions": "idx INTEGER NOT NULL, start_pos INTEGER, end_pos INTEGER, type TEXT, text TEXT, entity_id TEXT, "
    "PRIMARY KEY (article_seq, idx)",
    "article_entities": "entity_id TEXT NOT NULL, name TEXT, type TEXT, count INTEGER, "
    "PRIMARY KEY (article_seq, entity_id)",
    "statements": "idx INTEGER NOT NULL, speaker_entity_id TEXT, speaker_kind TEXT, speaker_text TEXT, "
    "descriptor TEXT, cue_lemma TEXT, modality TEXT, form TEXT, content TEXT, relay TEXT, recipient_entity_id TEXT, "
    "PRIMARY KEY (article_seq, idx)",
    "statement_entities": "idx INTEGER NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (article_seq, idx, entity_id)",
    "events": "idx INTEGER NOT NULL, type TEXT, quad_class TEXT, cameo_root TEXT, date TEXT, date_approximate INTEGER, "
    "modality TEXT, location TEXT, trig TEXT, actors TEXT, actor_names TEXT, targets TEXT, target_names TEXT, "
    "statement INTEGER, "
    "PRIMARY KEY (article_seq, idx)",
    "event_actors": "idx INTEGER NOT NULL, role TEXT NOT NULL, entity_id TEXT NOT NULL, "
    "PRIMARY KEY (article_seq, idx, role, entity_id)",
    "framings": "idx INTEGER NOT NULL, entity_id TEXT, label TEXT, pattern TEXT, outlet TEXT, "
    "PRIMARY KEY (article_seq, idx)",
}

_SCHEMA_V1 = (
    """
CREATE SEQUENCE article_seq;
CREATE TABLE articles (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT, outlet TEXT, published TIMESTAMPTZ, title TEXT, topic TEXT, story_id TEXT, near_duplicate_of TEXT,
    language TEXT,
    data JSONB NOT NULL,
    title_terms TEXT NOT NULL,
    body_terms TEXT NOT NULL,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
CREATE INDEX articles_outlet ON articles (outlet, published);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_story ON articles (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_topic ON articles (topic) WHERE topic IS NOT NULL;
"""
    + "".join(
        f"CREATE TABLE {t} (article_seq BIGINT NOT NULL REFERENCES articles (seq) ON DELETE CASCADE, {ddl});\n"
        for t, ddl in _CHILD_DDL.items()
    )
    + """
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_seq);
CREATE INDEX statements_speaker ON statements (speaker_entity_id) WHERE speaker_entity_id IS NOT NULL;
CREATE INDEX statement_entities_entity ON statement_entities (entity_id);
CREATE INDEX events_type ON events (type, modality);
CREATE INDEX event_actors_entity ON event_actors (entity_id);
CREATE INDEX framings_entity ON framings (entity_id);
CREATE TABLE entity_names (entity_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (entity_id, name));
"""
)

# Schema 2: the log the search index follows (`didban.store.search_index`), seeded with what is stored.
_SCHEMA_V2 = """
CREATE TABLE search_log (id BIGSERIAL PRIMARY KEY, seq BIGINT NOT NULL);
INSERT INTO search_log (seq) SELECT seq FROM articles ORDER BY seq;
CREATE TABLE search_identity (id TEXT NOT NULL);
INSERT INTO search_identity VALUES (md5(random()::text || clock_timestamp()::text));
"""

MIGRATIONS: list[tuple[int, str]] = [(1, _SCHEMA_V1), (2, _SCHEMA_V2)]
"""(version, SQL), applied in order, each in one transaction; append, never edit."""

CURRENT_VERSION = MIGRATIONS[-1][0]


# An article's filter terms (`didban.store.rows.filter_terms`) computed from its rows, for the search index.
def _hex(column: str) -> str:
    return f"encode(convert_to({column}, 'UTF8'), 'hex')"


def _tags(letter: str, value: str, source: str) -> str:
    return f"(SELECT string_agg(DISTINCT '{letter}' || {_hex(value)}, ' ') FROM {source})"


_MONTH = "to_char(a.published AT TIME ZONE 'UTC', 'YYYY-MM')"
_FILTER_TERMS_SQL = (
    "concat_ws(' ', "
    + ", ".join(
        [
            f"CASE WHEN coalesce(a.outlet, '') <> '' THEN 'o' || {_hex('a.outlet')} END",
            f"CASE WHEN coalesce(a.topic, '') <> '' THEN 't' || {_hex('a.topic')} END",
            f"CASE WHEN a.published IS NOT NULL THEN 'p' || {_hex(_MONTH)} END",
            _tags("e", "entity_id", "article_entities WHERE article_seq = a.seq AND entity_id <> ''"),
            _tags("s", "speaker_entity_id", "statements WHERE article_seq = a.seq AND speaker_entity_id <> ''"),
            _tags("v", "type", "events WHERE article_seq = a.seq AND type <> ''"),
            _tags(
                "m",
                "m.v",
                "(SELECT modality AS v FROM events WHERE article_seq = a.seq "
                "UNION SELECT modality FROM statements WHERE article_seq = a.seq) m WHERE m.v <> ''",
            ),
            _tags("x", "type || '|' || modality", "events WHERE article_seq = a.seq AND type <> '' AND modality <> ''"),
        ]
    )
    + ")"
)


def _pg_sql(sql: str) -> str:
    # The shared SQL uses ?; psycopg wants %s (the shared SQL never holds a literal % or ?).
    return sql.replace("?", "%s")


class PostgresStore(SqlStore):
    def __init__(self, url: str, *, connect_timeout: int = 10, search_index: str | None = None) -> None:
        """``search_index``: a folder for the search index on this machine (without one, search uses the
        tsvector index alone)."""
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostgreSQL needs psycopg: pip install 'didban[postgres]'") from None
        self.url = url
        self._psycopg = psycopg
        self._shown = re.sub(r"//[^@/]*@", "//", url)  # never print a password
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StoreError(f"{self._shown}: cannot connect: {' '.join(str(exc).split())}") from None
        self._conn.execute("SET TIME ZONE 'UTC'")
        try:
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"{self._shown}: cannot set up the schema: {' '.join(str(exc).split())}") from None
        folder = search_index
        if folder and available():
            try:
                self._search_index = SearchIndex.for_path(folder, self._identity())
            except SearchIndexError as exc:
                raise StoreError(str(exc)) from None

    # -- schema -----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        conn = self._conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = self.schema_version
            if version > CURRENT_VERSION:
                raise StoreError(
                    f"{self._shown}: schema version {version} is newer than this Didban knows "
                    f"({CURRENT_VERSION}); upgrade Didban"
                )
            for number, script in MIGRATIONS:
                if number > version:
                    conn.execute(script.encode())  # several statements, no parameters
                    conn.execute("DELETE FROM schema_version")
                    conn.execute("INSERT INTO schema_version VALUES (%s)", (number,))
        self._trigram()

    def _trigram(self) -> None:
        """Entity-name lookup by trigrams when the server has pg_trgm; a plain scan works without it."""
        try:
            with self._conn.transaction():
                self._conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                self._conn.execute(
                    "CREATE INDEX IF NOT EXISTS entity_names_trgm ON entity_names USING GIN (name gin_trgm_ops)"
                )
        except self._psycopg.Error:
            pass

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    # -- writing ----------------------------------------------------------------------------------
    def write_rows(self, rows: Sequence[ArticleRows]) -> None:
        conn = self._conn
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            cur.execute("DELETE FROM articles WHERE id = ANY(%s) RETURNING seq", ([r.id for r in rows],))
            gone = [s for (s,) in cur.fetchall()]
            cur.execute("SELECT nextval('article_seq') FROM generate_series(1, %s)", (len(rows),))
            seqs = [s for (s,) in cur.fetchall()]
            columns = ", ".join(META_COLUMNS)
            with cur.copy(f"COPY articles (seq, {columns}, data, title_terms, body_terms, tsv) FROM STDIN") as cp:
                for s, r in zip(seqs, rows, strict=True):
                    cp.write_row((s, *r.meta, r.data, r.title, r.body, tsvector(r.title_terms, r.body_terms)))
            for table, cols in CHILD_COLUMNS.items():
                attr = CHILD_ATTR[table]
                if not any(getattr(r, attr) for r in rows):
                    continue
                with cur.copy(f"COPY {table} (article_seq, {', '.join(cols)}) FROM STDIN") as cp:
                    for s, r in zip(seqs, rows, strict=True):
                        for values in getattr(r, attr):
                            cp.write_row((s, *values))
            names = sorted({(e[0], e[1]) for r in rows for e in r.entities if e[1]})
            if names:
                cur.executemany("INSERT INTO entity_names VALUES (%s, %s) ON CONFLICT DO NOTHING", names)
            cur.execute("INSERT INTO search_log (seq) SELECT unnest(%s::bigint[])", ([*gone, *seqs],))
        self.sync_search_index(commit=False)

    def delete(self, article_ids: Iterable[str]) -> int:
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            cur.execute("DELETE FROM articles WHERE id = ANY(%s) RETURNING seq", (list(article_ids),))
            gone = [s for (s,) in cur.fetchall()]
            cur.execute("INSERT INTO search_log (seq) SELECT unnest(%s::bigint[])", (gone,))
        self.sync_search_index()
        return len(gone)

    # -- reading ----------------------------------------------------------------------------------
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn.cursor() as cur:
            cur.execute(_pg_sql(sql).encode(), list(params))
            return cur.fetchall()

    def _time_param(self, dt: datetime) -> Any:
        return dt

    def _day_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'Asia/Tehran', 'YYYY-MM-DD')"

    def _time_value(self, value: Any) -> datetime | None:
        return value  # timestamptz in a UTC session: an aware UTC datetime

    def _ranked_db(self, query: Query, filters: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        # The same window as SQLite: the newest RANK_WINDOW matches, ranked by ts_rank. Which way to find
        # them is chosen here, not by the planner: with a LIMIT it walks the seq index backwards even for a
        # rare word, reading (de-TOASTing) every tsvector on the way. A common word is found that way
        # within a few thousand rows; anything rarer goes through the GIN index.
        q = tsquery(query)
        where, params = self._where(filters)
        conds = ["a.tsv @@ ?::tsquery", *where]
        sql = (
            "WITH c AS (SELECT a.seq FROM articles a WHERE " + " AND ".join(conds)
            + " ORDER BY a.seq DESC LIMIT ?) "
            f"SELECT a.seq, ts_rank('{_RANK_WEIGHTS}', a.tsv, ?::tsquery, 1) AS r "
            "FROM c JOIN articles a ON a.seq = c.seq ORDER BY r DESC, a.seq DESC LIMIT ? OFFSET ?"
        )  # fmt: skip
        common = self._match_fraction(q) >= _COMMON_FRACTION and not query.excluded
        with self._conn.transaction():
            self._conn.execute("SET LOCAL enable_bitmapscan = off" if common else "SET LOCAL enable_indexscan = off")
            rows = self._fetch(sql, [q, *params, RANK_WINDOW, q, limit, offset])
        return [(int(s), float(r)) for s, r in rows]

    def _match_fraction(self, q: str) -> float:
        """The planner's estimate of the share of articles matching (its statistics know common lexemes)."""
        plan = self._fetch("EXPLAIN (FORMAT JSON) SELECT 1 FROM articles WHERE tsv @@ ?::tsquery", [q])[0][0]
        total = self._fetch("SELECT reltuples FROM pg_class WHERE relname = 'articles'")[0][0]
        return float(plan[0]["Plan"]["Plan Rows"]) / max(float(total), 1.0)

    def _bodies(self, seqs: Sequence[int]) -> dict[int, str]:
        marks = ",".join("?" * len(seqs))
        return dict(self._fetch(f"SELECT seq, body_terms FROM articles WHERE seq IN ({marks})", list(seqs)))

    def _index_docs(self, seqs: Sequence[int]) -> list[IndexDoc]:
        rows = self._fetch(
            f"SELECT a.seq, a.title_terms, a.body_terms, {_FILTER_TERMS_SQL}, a.published FROM articles a "
            "WHERE a.seq = ANY(?)",
            [list(seqs)],
        )
        return [IndexDoc(int(s), t, b, g or "", p) for s, t, b, g, p in rows]

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a large ingest)."""
        self._conn.execute("ANALYZE")

    def close(self) -> None:
        self._close_index()
        self._conn.close()

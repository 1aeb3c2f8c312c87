"""Analysed articles → the Parquet tables: articles, mentions, entities, statements, events, framings.

The rows are the store's (`didban.store.rows.article_rows`), so the Parquet tables and the SQL tables
carry the same columns under the same names; each child row gets the ``article_id`` it belongs to.
Every part file is written under a temporary name and renamed, so a killed run leaves no half file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from didban.article import Article
from didban.store.rows import CHILD_ATTR, CHILD_COLUMNS, META_COLUMNS, article_rows

_TYPES = {"str": pa.string(), "int": pa.int32(), "bool": pa.bool_(), "list": pa.list_(pa.string()),
          "time": pa.timestamp("us", tz="UTC")}  # fmt: skip


def _schema(spec: str) -> pa.Schema:
    """``"name:type name:type …"`` → a schema (shorter to read than a list of pairs)."""
    return pa.schema([(name, _TYPES[tp]) for name, tp in (item.split(":") for item in spec.split())])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": _schema(
        "id:str url:str outlet:str published:time title:str topic:str story_id:str near_duplicate_of:str "
        "language:str source:str keywords:list n_mentions:int n_statements:int n_events:int n_framings:int "
        "data:str"
    ),
    "mentions": _schema("article_id:str idx:int start_pos:int end_pos:int type:str text:str entity_id:str"),
    "entities": _schema("article_id:str entity_id:str name:str type:str count:int"),
    "statements": _schema(
        "article_id:str idx:int speaker_entity_id:str speaker_kind:str speaker_text:str descriptor:str "
        "cue_lemma:str modality:str form:str content:str relay:str recipient_entity_id:str about_entity_ids:list"
    ),
    "events": _schema(
        "article_id:str idx:int type:str quad_class:str cameo_root:str date:str date_approximate:bool "
        "modality:str location:str trig:str actors:list actor_names:list targets:list target_names:list "
        "statement:int"
    ),
    "framings": _schema("article_id:str idx:int entity_id:str label:str pattern:str outlet:str"),
}
TABLES = tuple(SCHEMAS)

# The key of each table (unique within a run): what to sort by when comparing runs, and what to join on.
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "mentions": ("article_id", "idx"),
    "entities": ("article_id", "entity_id"),
    "statements": ("article_id", "idx"),
    "events": ("article_id", "idx"),
    "framings": ("article_id", "idx"),
}
_JSON_LISTS = ("actors", "actor_names", "targets", "target_names")  # JSON text in the store, lists here


def table_rows(articles: Iterable[Article]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for these articles."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    child_cols = {name: ("article_id", *CHILD_COLUMNS[store]) for name, store in _STORE_TABLE.items()}
    for article in articles:
        rows = article_rows(article)
        record = dict(zip(META_COLUMNS, rows.meta, strict=True))
        record.update(
            source=article.source, keywords=list(article.keywords), n_mentions=len(article.mentions),
            n_statements=len(article.statements), n_events=len(article.events),
            n_framings=len(article.framings), data=rows.data,
        )  # fmt: skip
        out["articles"].append(record)
        for name, store in _STORE_TABLE.items():
            for row in getattr(rows, CHILD_ATTR[store]):
                out[name].append(dict(zip(child_cols[name], (rows.id, *row), strict=True)))
        about: dict[int, list[str]] = {}
        for idx, entity_id in rows.statement_entities:
            about.setdefault(idx, []).append(entity_id)
        for st in out["statements"][len(out["statements"]) - len(rows.statements) :]:
            st["about_entity_ids"] = about.get(st["idx"], [])
        for ev in out["events"][len(out["events"]) - len(rows.events) :]:
            for col in _JSON_LISTS:
                ev[col] = json.loads(ev[col])
            ev["date_approximate"] = bool(ev["date_approximate"])
    return out


_STORE_TABLE = {  # Parquet table → the store's child table it copies
    "mentions": "mentions",
    "entities": "article_entities",
    "statements": "statements",
    "events": "events",
    "framings": "framings",
}


def write_parts(out: Path, chunk_id: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """One part file per table for this chunk (empty tables too: every part has the full schema)."""
    for name in TABLES:
        table = pa.Table.from_pylist(rows[name], schema=SCHEMAS[name])
        write_atomic(out / name / f"part-{chunk_id}.parquet", table)


def write_atomic(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The pid makes the temporary name unique: an orphan worker of a killed run may still be writing.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_table(out: str | Path, name: str) -> pa.Table:
    """A whole table of a batch output folder (for tests, the store loader and small corpora)."""
    folder = Path(out) / name
    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables(pq.read_table(p, schema=SCHEMAS[name]) for p in parts)


def warm_up() -> None:
    """Write an empty table to memory: pyarrow's first Parquet write costs ~1 s of set-up (start-up, not work)."""
    pq.write_table(SCHEMAS["articles"].empty_table(), pa.BufferOutputStream(), compression="zstd")

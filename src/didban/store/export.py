"""Exports of a store: JSONL (the full articles), CSV (one row per article), a GDELT-2.0-Events-like TSV
(one row per event) and PLOVER JSONL (one record per event). The columns are documented in docs/export.md;
the event rows and records come from `didban.events.export`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import IO

from didban.events.export import GDELT_COLUMNS, gdelt_rows, plover_records
from didban.store.base import Store

CSV_COLUMNS = (
    "id", "url", "outlet", "published", "title", "topic", "story_id", "near_duplicate_of", "language",
    "entities", "mentions", "statements", "events", "framings", "keywords",
)  # fmt: skip


def export(store: Store, fmt: str, out: IO[str], *, progress: Callable[[int], None] | None = None) -> int:
    """Write the store in ``fmt`` (jsonl, csv, gdelt or plover) to ``out``; return the number of records
    (articles for jsonl and csv, events for gdelt and plover)."""
    n = 0
    if fmt == "jsonl":
        for article in store.iter_articles():
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            n += 1
            if progress:
                progress(1)
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for a in store.iter_articles():
            linked = [m.entity_id for m in a.mentions if m.entity_id]
            entity_ids = list(dict.fromkeys([e.id for e in a.entities] + linked))
            writer.writerow(
                [
                    a.id, a.url, a.outlet, a.published.isoformat() if a.published else "", a.title, a.topic,
                    a.story_id, a.near_duplicate_of, a.language, ";".join(entity_ids), len(a.mentions),
                    len(a.statements), len(a.events), len(a.framings), ";".join(a.keywords),
                ]
            )  # fmt: skip
            n += 1
            if progress:
                progress(1)
    elif fmt == "gdelt":
        out.write("\t".join(GDELT_COLUMNS) + "\n")
        for article in store.iter_articles():
            rows = gdelt_rows(article)
            for row in rows:
                out.write("\t".join(row) + "\n")
            n += len(rows)
            if progress and rows:
                progress(len(rows))
    elif fmt == "plover":
        for article in store.iter_articles():
            records = plover_records(article)
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += len(records)
            if progress and records:
                progress(len(records))
    else:
        raise ValueError(f"unknown export format {fmt!r} (jsonl, csv, gdelt or plover)")
    return n

"""Exports of a store: JSONL (the full articles), CSV (one row per article) and a GDELT-2.0-Events-like TSV
(one row per event). The columns are documented in docs/export.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import IO

from didban.store.base import EventRecord, Store

# PLOVER type → CAMEO root code (GDELT's EventRootCode). An event's own cameo_root wins over this table.
PLOVER_TO_CAMEO: dict[str, str] = {
    "REQUEST": "02",  # Appeal
    "AGREE": "03",  # Express intent to cooperate
    "CONSULT": "04",
    "SUPPORT": "05",  # Engage in diplomatic cooperation
    "COOPERATE": "06",  # Engage in material cooperation
    "AID": "07",  # Provide aid
    "CONCEDE": "08",  # Yield
    "RETREAT": "08",  # Yield
    "DEMAND": "10",
    "ACCUSE": "11",  # Disapprove (CAMEO 112: accuse)
    "DISAPPROVE": "11",
    "REJECT": "12",
    "THREATEN": "13",
    "PROTEST": "14",
    "MOBILIZE": "15",  # Exhibit force posture
    "SANCTION": "16",  # Reduce relations
    "COERCE": "17",
    "ASSAULT": "18",
}

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def quad_class(cameo_root: str | None, given: str | None) -> int | None:
    """GDELT's QuadClass (1–4): from the event's own quad class when it has one, else its CAMEO root
    (01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal conflict, 14–20 material conflict)."""
    if given:
        low = given.strip().lower().replace("_", " ")
        for number, name in QUAD_NAMES.items():
            if low in (name, str(number)):
                return number
    if not cameo_root or not cameo_root[:2].isdigit():
        return None
    root = int(cameo_root[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 if root <= 20 else None


GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor2Code", "Actor2Name", "EventCode",
    "EventRootCode", "QuadClass", "Modality", "IsDateApproximate", "ActionGeo_FullName", "DATEADDED",
    "SOURCEURL", "Outlet", "ArticleID", "Trigger",
)  # fmt: skip

CSV_COLUMNS = (
    "id", "url", "outlet", "published", "title", "topic", "story_id", "near_duplicate_of", "language",
    "entities", "mentions", "statements", "events", "framings", "keywords",
)  # fmt: skip


def _clean(value: object) -> str:
    # A TSV cell holds no tab or line break.
    return "" if value is None else " ".join(str(value).split())


def gdelt_row(ev: EventRecord) -> list[str]:
    root = ev.cameo_root or PLOVER_TO_CAMEO.get(ev.type.upper())
    day = ev.date or (ev.published.date().isoformat() if ev.published else None)
    return [
        _clean(x)
        for x in (
            f"{ev.article_id}-{ev.index}",
            day.replace("-", "")[:8] if day else "",
            ";".join(ev.actors),
            ";".join(ev.actor_names),
            ";".join(ev.targets),
            ";".join(ev.target_names),
            ev.type,
            root,
            quad_class(root, ev.quad_class),
            ev.modality,
            int(ev.date_approximate),
            ev.location,
            ev.published.strftime("%Y%m%d%H%M%S") if ev.published else "",
            ev.url,
            ev.outlet,
            ev.article_id,
            ev.trigger,
        )
    ]


def export(store: Store, fmt: str, out: IO[str], *, progress: Callable[[int], None] | None = None) -> int:
    """Write the store in ``fmt`` (jsonl, csv or gdelt) to ``out``; return the number of records."""
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
        for ev in store.iter_events():
            row = gdelt_row(ev)
            out.write("\t".join(row) + "\n")
            n += 1
            if progress:
                progress(1)
    else:
        raise ValueError(f"unknown export format {fmt!r} (jsonl, csv or gdelt)")
    return n

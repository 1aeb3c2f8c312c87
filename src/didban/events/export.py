"""Events out: PLOVER JSON records and GDELT Event 2.0–style rows (see ``docs/events-export.md``; the
GDELT columns are in ``docs/export.md``).

Plain functions over an analysed `Article`; ``didban export --format gdelt|plover`` calls them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from didban.article import Article, Event
from didban.ingest.dates import TEHRAN

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

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor2Code", "Actor2Name", "EventCode",
    "EventRootCode", "QuadClass", "Modality", "IsDateApproximate", "ActionGeo_FullName", "DATEADDED",
    "SOURCEURL", "Outlet", "ArticleID", "Trigger",
)  # fmt: skip
"""The columns of `gdelt_rows`, in order (documented in ``docs/export.md``)."""


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


def event_id(article: Article, index: int, event: Event) -> str:
    """A stable id: the article id, the trigger span and the type (not the list position alone)."""
    key = f"{article.id}\x1f{event.trigger[0]}:{event.trigger[1]}\x1f{event.type}\x1f{index}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def plover_records(article: Article) -> list[dict[str, Any]]:
    """One PLOVER-style JSON record per event of ``article``."""
    names = _names(article)
    out: list[dict[str, Any]] = []
    for k, ev in enumerate(article.events):
        st = article.statements[ev.statement] if ev.statement is not None else None
        out.append(
            {
                "id": event_id(article, k, ev),
                "date": ev.date,
                "date_approximate": ev.date_approximate,
                "event_type": ev.type,
                "mode": ev.modality,
                "context": [],
                "quad_class": int(ev.quad_class) if ev.quad_class else None,
                "cameo_root": ev.cameo_root,
                "actor": [{"id": a, "name": names.get(a, a)} for a in ev.actors],
                "recipient": [{"id": t, "name": names.get(t, t)} for t in ev.targets],
                "location": {"id": ev.location, "name": names.get(ev.location, ev.location)} if ev.location else None,
                "trigger": article.span_text(ev.trigger),
                "text": article.span_text(ev.sentence),
                "reported_by": (st.speaker.text if st is not None and st.speaker is not None else None),
                "statement": ev.statement,
                "article_id": article.id,
                "url": article.url,
                "outlet": article.outlet,
            }
        )
    return out


def gdelt_rows(article: Article) -> list[list[str]]:
    """One row per event of ``article``, the cells in the order of `GDELT_COLUMNS` (strings; empty when
    unknown; no tabs or line breaks). ``didban export --format gdelt`` writes these."""
    names = _gdelt_names(article)
    return [_gdelt_row(article, k, ev, names) for k, ev in enumerate(article.events)]


def _gdelt_row(article: Article, index: int, ev: Event, names: dict[str, str]) -> list[str]:
    root = ev.cameo_root or PLOVER_TO_CAMEO.get(ev.type.upper())
    published = _utc(article.published)
    day = ev.date or (published.date().isoformat() if published else None)
    return [
        _clean(x)
        for x in (
            f"{article.id}-{index}",
            day.replace("-", "")[:8] if day else "",
            ";".join(ev.actors),
            ";".join(names.get(a, a) for a in ev.actors),
            ";".join(ev.targets),
            ";".join(names.get(t, t) for t in ev.targets),
            ev.type,
            root,
            quad_class(root, ev.quad_class),
            ev.modality,
            int(ev.date_approximate),
            ev.location,
            published.strftime("%Y%m%d%H%M%S") if published else "",
            article.url,
            article.outlet,
            article.id,
            article.span_text(ev.trigger),
        )
    ]


def _names(article: Article) -> dict[str, str]:
    return {e.id: e.name for e in article.entities}


def _gdelt_names(article: Article) -> dict[str, str]:
    # As the store indexes them: an entity's name, else the text of the first mention linked to it.
    names: dict[str, str] = {}
    for e in article.entities:
        names.setdefault(e.id, e.name)
    for m in article.mentions:
        if m.entity_id and m.entity_id not in names:
            names[m.entity_id] = m.text or article.text[m.start : m.end]
    return names


def _utc(dt: datetime | None) -> datetime | None:
    # A naive publication time is Tehran time, as ingest and the store take it.
    if dt is None:
        return None
    return (dt if dt.tzinfo is not None else dt.replace(tzinfo=TEHRAN)).astimezone(UTC)


def _clean(value: object) -> str:
    # A TSV cell holds no tab or line break.
    return "" if value is None else " ".join(str(value).split())

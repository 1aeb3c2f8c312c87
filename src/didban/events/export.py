"""Events out: PLOVER JSON records and GDELT Event 2.0–style rows (see ``docs/events-export.md``).

Plain functions over an analysed `Article`; the ``didban export`` command calls them.
"""

from __future__ import annotations

import hashlib
from typing import Any

from didban.article import Article, Event

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "Actor1Code",
    "Actor1Name",
    "Actor2Code",
    "Actor2Name",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "NumMentions",
    "ActionGeo_FullName",
    "SOURCEURL",
    # Didban's own columns
    "PloverType",
    "Modality",
    "DateApproximate",
)
"""The columns of `gdelt_rows`, in order (the GDELT names where GDELT has the column)."""


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
    """One row per event, the cells in the order of `GDELT_COLUMNS` (strings; empty when unknown)."""
    names = _names(article)
    rows: list[list[str]] = []
    for k, ev in enumerate(article.events):
        a1 = ev.actors[0] if ev.actors else ""
        a2 = ev.targets[0] if ev.targets else ""
        root = ev.cameo_root or ""
        rows.append(
            [
                str(int(event_id(article, k, ev), 16) % 10**15),
                (ev.date or "").replace("-", ""),
                actor_code(a1),
                _joined(ev.actors, names),
                actor_code(a2),
                _joined(ev.targets, names),
                "1" if k == 0 or (article.events[k - 1].sentence != ev.sentence) else "0",
                root,
                root,
                root,
                ev.quad_class or "",
                "1",
                names.get(ev.location, ev.location) if ev.location else "",
                article.url or "",
                ev.type,
                ev.modality,
                "1" if ev.date_approximate else "0",
            ]
        )
    return rows


def actor_code(entity_id: str) -> str:
    """A short actor code from an entity id: «country:RU» → «RU», «org:TR-MFA» → «TR-MFA», «armed:isis» → «ISIS»."""
    if not entity_id:
        return ""
    prefix, _, rest = entity_id.partition(":")
    if not rest or prefix == "local":
        return ""
    return rest.upper().replace("_", "-")


def _names(article: Article) -> dict[str, str]:
    return {e.id: e.name for e in article.entities}


def _joined(ids: list[str], names: dict[str, str]) -> str:
    return "; ".join(names.get(i, i) for i in ids)

"""The JSON API (docs/api.md). Handlers are plain functions (FastAPI runs them in its thread pool); each
takes a store connection from the pool with `store_dep`.

Responses are written with `json_response` (json.dumps over the store's dataclasses) rather than through
pydantic response models: on search results that is several times cheaper. The pydantic models in
`didban.api.models` document the shapes in the OpenAPI schema.
"""

from __future__ import annotations

import dataclasses
import json
import queue
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse

from didban import __version__
from didban.api import models
from didban.api.deps import require_write, store_dep
from didban.api.reading import read_article
from didban.article import Article
from didban.store import Store
from didban.store import analytics as an
from didban.store.base import MAX_LIMIT, RANK_WINDOW, Filters, time_bound

router = APIRouter()

StoreDep = Annotated[Store, Depends(store_dep)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"results per page (1–{MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=RANK_WINDOW, description=f"results to skip (0–{RANK_WINDOW})")]
Text = Annotated[str | None, Query(max_length=200)]
Id = Annotated[str, Path(min_length=1, max_length=200)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": models.ErrorResponse, "description": "a query or input that cannot be used"},
    422: {"model": models.ErrorResponse, "description": "a parameter of the wrong type or out of range"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": models.ErrorResponse, "description": "unknown id"}}


# -- JSON --------------------------------------------------------------------------------------------


_FIELDS: dict[type, tuple[str, ...]] = {}


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data: Any) -> bytes:
    return json.dumps(data, default=_default, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


def cached(request: Request, build: Callable[[], Any]) -> Response:
    """``json_response(build())``, or the same bytes from the response cache (`didban.api.deps.ResponseCache`)
    when this path and query were answered recently and the store has not changed since."""
    cache = request.app.state.cache
    if not cache.enabled:
        return json_response(build())
    key = f"{request.url.path}?{request.url.query}"
    body = cache.get(key)
    state = "hit"
    if body is None:
        body, state = dumps(build()), "miss"
        cache.put(key, body)
    return Response(body, media_type="application/json", headers={"X-Cache": state})


# -- filters -----------------------------------------------------------------------------------------


def filters_dep(
    outlet: Text = None,
    since: Annotated[str | None, Query(max_length=40, description="ISO or Jalali date/time, inclusive")] = None,
    until: Annotated[str | None, Query(max_length=40, description="a date includes that whole day")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="the article names this entity id")] = None,
    speaker: Annotated[str | None, Query(max_length=200, description="the article quotes this entity id")] = None,
    event_type: Annotated[str | None, Query(max_length=40, description="a PLOVER type, e.g. ASSAULT")] = None,
    modality: Annotated[str | None, Query(max_length=40, description="asserted, possible, denied, …")] = None,
    topic: Text = None,
) -> Filters:
    """The store's filters from query parameters; a bad date is a 400 (QueryError) naming it."""
    return Filters(
        outlet=outlet or None,
        since=time_bound(since, end=False, name="since"),
        until=time_bound(until, end=True, name="until"),
        entity=entity or None,
        speaker=speaker or None,
        event_type=event_type or None,
        modality=modality or None,
        topic=topic or None,
    )


FiltersDep = Annotated[Filters, Depends(filters_dep)]


def _filters_json(f: Filters) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(f).items() if v is not None}


def _search_kwargs(f: Filters) -> dict[str, Any]:
    return {name: getattr(f, name) for name in _FILTER_NAMES}


_FILTER_NAMES = tuple(f.name for f in dataclasses.fields(Filters))


# -- service -----------------------------------------------------------------------------------------


@router.get("/healthz", tags=["service"], response_model=models.Health)
def healthz(request: Request) -> Response:
    """The server is up (the store is not queried: cheap enough to poll)."""
    return json_response({"status": "ok", "version": __version__})


# -- analysis and ingest -----------------------------------------------------------------------------

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": models.ArticleInput.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "outlet": {"type": "string"},
                        "url": {"type": "string"},
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


def _analyse(request: Request, article: Article) -> Article:
    holder = request.app.state.pipeline
    with holder.lock:
        return holder.get()(article)


def _article_json(data: dict[str, Any], *, full: bool) -> dict[str, Any]:
    """An article's dict (``Article.to_dict()``) as the API returns it."""
    if not full:  # the raw text and its offset map double the size; the spans all point into `text`
        for name in ("raw_text", "offsets", "tokens"):
            data.pop(name, None)
    return data


@router.post(
    "/analyze", tags=["articles"], openapi_extra=_BODY_DOC,
    responses={200: {"description": "the analysed article (nothing is stored)"}, **_ERRORS, 413: {}, 415: {}},
)  # fmt: skip
async def analyze(request: Request, full: bool = False) -> Response:
    """Analyse one article sent as JSON (``text``, ``html`` or ``url``), plain text, HTML or a file upload;
    return it analysed. Nothing is stored."""
    from starlette.concurrency import run_in_threadpool

    article = await read_article(request)
    done = await run_in_threadpool(_analyse, request, article)
    return json_response(_article_json(done.to_dict(), full=full))


@router.post(
    "/articles", tags=["articles"], status_code=201, openapi_extra=_BODY_DOC,
    dependencies=[Depends(require_write)],
    responses={201: {"model": models.Stored}, 401: {"model": models.ErrorResponse},
               403: {"model": models.ErrorResponse}, **_ERRORS},
)  # fmt: skip
async def post_article(request: Request) -> Response:
    """Analyse and store one article (same bodies as /analyze); needs the API key. Storing the same article
    again (same outlet and URL, or same text) replaces it."""
    from starlette.concurrency import run_in_threadpool

    article = await read_article(request)

    def work() -> Article:
        done = _analyse(request, article)
        with request.app.state.stores.use() as store:
            store.put(done)
        request.app.state.cache.clear()
        return done

    done = await run_in_threadpool(work)
    body = {"id": done.id, "title": done.title, "href": f"/articles/{done.id}"}
    return json_response(body, status=201, headers={"Location": f"/articles/{done.id}"})


@router.get("/articles/{article_id}", tags=["articles"], responses=_NOT_FOUND)
def get_article(request: Request, article_id: Id, store: StoreDep, full: bool = False) -> Response:
    """A stored article, analysed: text, entities, mentions, statements, events, framings (all spans are
    offsets into ``text``); ``full=true`` adds the raw text, its offset map and the tokens."""
    # The stored JSON as it is: building an Article from it only to turn it back into a dict doubled the work.
    return cached(request, lambda: _article_json(json.loads(store.get_json(article_id)), full=full))


# -- search ------------------------------------------------------------------------------------------


@router.get("/search", tags=["search"], response_model=models.SearchResponse, responses=_ERRORS)
def search(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=1000, description='words, "phrases", prefix*, -excluded')] = "",
    limit: Limit = 20,
    offset: Offset = 0,
    facets: Annotated[bool, Query(description="add counts by outlet, entity type, event type, …")] = False,
) -> Response:
    """Articles matching ``q`` and the filters, best first (newest first without ``q``)."""

    def build() -> dict[str, Any]:
        hits = store.search(q or None, limit=limit, offset=offset, **_search_kwargs(filters))
        more = len(hits) == limit and offset + limit <= RANK_WINDOW
        body: dict[str, Any] = {
            "query": q,
            "filters": _filters_json(filters),
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if more else None,
            "hits": hits,
        }
        if facets:
            body["facets"] = an.facets(store, q, filters)
        return body

    return cached(request, build)


# -- entities ----------------------------------------------------------------------------------------


@router.get("/entities", tags=["entities"], responses=_ERRORS)
def find_entities(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Query(min_length=1, max_length=200, description="part of a name, any spelling")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Entities whose name contains ``name`` (normalized), with how many articles name them."""
    return cached(request, lambda: {"name": name, "entities": store.find_entities(name, limit=limit)})


@router.get("/entities/{entity_id}", tags=["entities"], responses={**_NOT_FOUND, **_ERRORS})
def get_entity(
    request: Request,
    entity_id: Id,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many of each list")] = 100,
) -> Response:
    """An entity: its profile, articles per day and outlet, statements by and about it (the latest
    ``limit``), how each outlet labels it, events as actor and as target, and who is named with it."""
    return cached(request, lambda: _entity(store, entity_id, limit))


def _entity(store: Store, entity_id: str, limit: int) -> dict[str, Any]:
    profile = an.entity_profile(store, entity_id)
    said = store.statements_by(entity_id, limit=limit)
    about = store.statements_about(entity_id, limit=limit)
    said_total, about_total = an.statement_counts(store, entity_id)
    framings = store.framings_of(entity_id)
    if profile is None and not (said or about or framings):
        raise HTTPException(404, f"no entity {entity_id!r} in this store")
    events = an.entity_events(store, entity_id, limit=limit)
    body = {
        "id": entity_id,
        "profile": profile,
        "timeline": an.entity_timeline(store, entity_id),
        "statements_by": {"total": said_total, "items": said},
        "statements_about": {"total": about_total, "items": about},
        "framings": framings,
        "events_as_actor": [e for e in events if entity_id in e.actors],
        "events_as_target": [e for e in events if entity_id in e.targets],
        "co_mentions": an.co_mentions(store, entity_id, limit=min(limit, 100)),
    }
    return body


@router.get("/entities/{entity_id}/network", tags=["entities"], responses=_ERRORS)
def entity_network(
    request: Request, entity_id: Id, store: StoreDep, limit: Annotated[int, Query(ge=1, le=200)] = 30
) -> Response:
    """The entity's network of actors: nodes, and edges for co-mentions and for events between them."""
    return cached(request, lambda: an.network(store, entity_id, limit=limit))


# -- stories and events ------------------------------------------------------------------------------


@router.get("/stories", tags=["stories"], responses=_ERRORS)
def list_stories(
    request: Request, store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50, offset: Offset = 0
) -> Response:
    """Stories (articles grouped as one story across outlets), the most recently started first."""
    return cached(
        request, lambda: {"limit": limit, "offset": offset, "stories": store.stories(limit=limit, offset=offset)}
    )


@router.get("/stories/{story_id}", tags=["stories"], responses=_NOT_FOUND)
def get_story(request: Request, story_id: Id, store: StoreDep) -> Response:
    """A story: its articles earliest first, who published first, the outlets in the order they carried it,
    and which articles are near-duplicates of which (for the first 100)."""
    return cached(request, lambda: _story(store, story_id))


def _story(store: Store, story_id: str) -> dict[str, Any]:
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    articles = [dataclasses.asdict(a) for a in story.articles]
    return {"id": story.id, "first": story.first, "outlets": story.outlets, "articles": articles}



@router.get("/events", tags=["events"], responses=_ERRORS)
def list_events(
    request: Request, store: StoreDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0
) -> Response:
    """Events (PLOVER types) in the articles matching the filters, newest first."""

    def build() -> dict[str, Any]:
        items = an.events(store, filters, limit=limit, offset=offset)
        return {"filters": _filters_json(filters), "limit": limit, "offset": offset, "events": items}

    return cached(request, build)


@router.get("/overview", tags=["search"], responses=_ERRORS)
def overview(
    request: Request, store: StoreDep, filters: FiltersDep, top: Annotated[int, Query(ge=1, le=100)] = 20
) -> Response:
    """Volume by outlet and day, top entities and speakers, events by type, modalities."""
    return cached(request, lambda: an.overview(store, filters, top=top))


# -- exports -----------------------------------------------------------------------------------------

EXPORTS: dict[str, tuple[str, str]] = {
    "articles.jsonl": ("jsonl", "application/x-ndjson"),
    "articles.csv": ("csv", "text/csv"),
    "events.gdelt.tsv": ("gdelt", "text/tab-separated-values"),
    "events.plover.jsonl": ("plover", "application/x-ndjson"),
}


@router.get("/export/{name}", tags=["export"], responses=_NOT_FOUND)
def export(name: Annotated[str, Path(description=", ".join(EXPORTS))], request: Request) -> Response:
    """The whole store as a streamed download: ``articles.jsonl`` (full articles), ``articles.csv``,
    ``events.gdelt.tsv`` (GDELT 2.0 Events-like), ``events.plover.jsonl`` (docs/export.md)."""
    if name not in EXPORTS:
        raise HTTPException(404, f"no export {name!r} (known: {', '.join(EXPORTS)})")
    fmt, media = EXPORTS[name]
    return StreamingResponse(
        _export_chunks(request, fmt),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="didban-{name}"'},
    )


class _Cancelled(Exception):
    pass


class _QueueWriter:
    """A text file for `didban.store.export.export` that hands ~64 KB chunks to a bounded queue."""

    def __init__(self, out: queue.Queue[bytes | BaseException | None], cancelled: threading.Event) -> None:
        self.out, self.cancelled = out, cancelled
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 16:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.parts:
            chunk = "".join(self.parts).encode("utf-8")
            self.parts, self.size = [], 0
            while True:  # bounded wait, so a client that left stops the export
                if self.cancelled.is_set():
                    raise _Cancelled
                try:
                    self.out.put(chunk, timeout=0.5)
                    return
                except queue.Full:
                    continue


def _export_chunks(request: Request, fmt: str) -> Iterator[bytes]:
    """The export runs in a thread of its own (it writes to a file-like object); this generator hands
    its chunks to the response. Closing the generator (the client left) stops the thread."""
    from didban.store.export import export as run_export

    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
    cancelled = threading.Event()
    pool = request.app.state.stores

    def work() -> None:
        try:
            with pool.use_own() as store:
                writer = _QueueWriter(chunks, cancelled)
                run_export(store, fmt, writer)  # type: ignore[arg-type]
                writer.flush()
            chunks.put(None)
        except _Cancelled:
            pass
        except BaseException as exc:  # handed to the response, which ends the download
            chunks.put(exc)

    thread = threading.Thread(target=work, name=f"export-{fmt}", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        cancelled.set()

"""The dashboard's pages: each handler asks the store a bounded number of questions and renders a template.

Handlers are plain ``def`` (the store is synchronous; FastAPI runs them in its thread pool). No query runs
per row and every list shown is capped; what a page costs beyond that is the cost of the store and
analytics queries it calls (see docs/dashboard.md, Performance).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.routing import NoMatchFound

from didban.api.dashboard import charts, fmt
from didban.api.dashboard.highlight import article_marks, highlight
from didban.api.deps import store_dep
from didban.article import Article
from didban.store import ArticleNotFound, QueryError, StatementRecord, Store
from didban.store import analytics as an
from didban.store.base import RANK_WINDOW, Filters, time_bound

HERE = Path(__file__).parent
PAGE_SIZE = 20
LIST_CAP = 50  # statements, events and such on one page

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every {{ value }} is escaped unless it is Markup built by our renderers
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals.update(
    fa_number=fmt.fa_number,
    fa_digits=fmt.fa_digits,
    fa_date=fmt.fa_date,
    label=fmt.label,
    safe_href=fmt.safe_href,
    bar=charts.bar,
    ENTITY_TYPES=fmt.ENTITY_TYPES,
    EVENT_TYPES=fmt.EVENT_TYPES,
    MODALITIES=fmt.MODALITIES,
    SPEAKER_KINDS=fmt.SPEAKER_KINDS,
    FORMS=fmt.FORMS,
    TOPICS=fmt.TOPICS,
    FRAMING_PATTERNS=fmt.FRAMING_PATTERNS,
)


class Links:
    """URLs of the dashboard's pages, relative to wherever the router is mounted."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self.base = str(request.app.url_path_for("ui_overview")).rstrip("/")

    def home(self) -> str:
        return self.base + "/"

    def static(self, path: str) -> str:
        try:
            return str(self._request.app.url_path_for("static", path=path))
        except NoMatchFound:  # an app that mounts the files elsewhere (or not at all)
            return f"{self.base}/static/{path}"

    def article(self, article_id: str) -> str:
        return f"{self.base}/articles/{fmt.path_part(article_id)}"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}/entities/{fmt.path_part(entity_id)}"

    def story(self, story_id: str) -> str:
        return f"{self.base}/stories/{fmt.path_part(story_id)}"

    def stories(self, page: int = 1) -> str:
        return f"{self.base}/stories" + (f"?page={page}" if page > 1 else "")

    def search(self, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{self.base}/search" + (f"?{query}" if query else "")

    def searching(self, name: str) -> Callable[[str], str]:
        """``key → the search filtered by name=key`` (for tables of counts)."""
        return lambda key: self.search(**{name: key})


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(links=Links(request), request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


# A connection from the app's pool for each request (handlers run in threads; see didban.api.deps).
StoreDep = Annotated[Store, Depends(store_dep)]


def _not_found(request: Request, message: str) -> HTMLResponse:
    return _render(request, "error.html", 404, title="یافت نشد", message=message)


# -- overview --------------------------------------------------------------------------------------------

OVERVIEW_TTL = 60.0  # seconds: the overview aggregates the whole archive; a minute-old picture is fine


def _cached_overview(request: Request, store: Store) -> an.Overview:
    """`analytics.overview`, kept for OVERVIEW_TTL seconds per app (it scans whole tables)."""
    state = request.app.state
    hit = getattr(state, "dashboard_overview", None)
    now = time.monotonic()
    if hit is not None and now - hit[0] < OVERVIEW_TTL:
        cached: an.Overview = hit[1]
        return cached
    o = an.overview(store, top=15)
    state.dashboard_overview = (now, o)
    return o


@router.get("/", response_class=HTMLResponse, name="ui_overview")
def overview_page(request: Request, store: StoreDep) -> HTMLResponse:
    o = _cached_overview(request, store)
    return _render(
        request,
        "overview.html",
        o=o,
        volume=charts.volume_chart(o.volume),
    )


# -- search ----------------------------------------------------------------------------------------------

SEARCH_FIELDS = ("q", "outlet", "since", "until", "entity", "event_type", "modality", "topic")


@dataclass(slots=True)
class SearchForm:
    """The search page's parameters, as typed (strings), and what they resolve to."""

    values: dict[str, str]
    page: int = 1
    entity_id: str | None = None
    entity_name: str | None = None
    errors: list[str] = field(default_factory=list)

    def with_(self, **changes: str | None) -> dict[str, str]:
        """The parameters with some changed (None removes one); paging restarts."""
        params = {k: v for k, v in self.values.items() if v}
        for k, v in changes.items():
            if v is None:
                params.pop(k, None)
            else:
                params[k] = v
        return params


def _search_form(request: Request, store: Store) -> SearchForm:
    qp = request.query_params
    values = {k: (qp.get(k) or "").strip()[:500] for k in SEARCH_FIELDS}
    form = SearchForm(values)
    try:
        form.page = max(1, min(int(qp.get("page") or 1), RANK_WINDOW // PAGE_SIZE + 1))
    except ValueError:
        form.errors.append("شمارهٔ صفحه باید عدد باشد.")
    raw = values["entity"]
    if raw:
        # An entity id («country:RU») is used as it is; a name is looked up («روسیه»).
        if ":" in raw:
            form.entity_id = raw
        else:
            try:
                found = store.find_entities(raw, limit=1)
            except QueryError as exc:
                found = []
                form.errors.append(str(exc))
            if found:
                form.entity_id, form.entity_name = found[0].id, found[0].name
            else:
                form.errors.append(f"موجودیتی با نام «{raw}» پیدا نشد.")
    return form


def _filters(form: SearchForm) -> Filters:
    v = form.values
    return Filters(
        outlet=v["outlet"] or None,
        since=time_bound(v["since"] or None, end=False, name="since"),
        until=time_bound(v["until"] or None, end=True, name="until"),
        entity=form.entity_id,
        event_type=v["event_type"] or None,
        modality=v["modality"] or None,
        topic=v["topic"] or None,
    )


_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its matches («[word]» from the store) as <mark>, everything else escaped."""
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", str(escape(snippet))))


@router.get("/search", response_class=HTMLResponse, name="ui_search")
def search_page(request: Request, store: StoreDep) -> HTMLResponse:
    form = _search_form(request, store)
    hits: list[Any] = []
    facets: an.Facets | None = None
    searched = any(form.values.values())
    if not form.errors and searched:
        v = form.values
        try:
            filters = _filters(form)
            hits = store.search(
                v["q"] or None, outlet=filters.outlet, since=v["since"] or None, until=v["until"] or None,
                entity=filters.entity, event_type=filters.event_type, modality=filters.modality,
                topic=filters.topic, limit=PAGE_SIZE + 1, offset=(form.page - 1) * PAGE_SIZE,
            )  # fmt: skip
            facets = an.facets(store, v["q"] or None, filters, top=12)
        except QueryError as exc:
            form.errors.append(str(exc))
    more = len(hits) > PAGE_SIZE
    return _render(
        request,
        "search.html",
        400 if form.errors else 200,
        form=form,
        searched=searched,
        hits=hits[:PAGE_SIZE],
        more=more,
        facets=facets,
        snippet_html=snippet_html,
    )


# -- an article ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A name, linked to its entity page when it has one."""

    name: str
    href: str | None = None


def _article_view(article: Article, links: Links) -> dict[str, Any]:
    """Everything the article page shows, prepared here so the template only lays it out."""
    names = {e.id: e.name for e in article.entities}
    ids = set(names) | {m.entity_id for m in article.mentions if m.entity_id}
    href = {i: links.entity(i) for i in ids}

    def named(entity_id: str | None, fallback: str) -> Named:
        if entity_id:
            return Named(names.get(entity_id, fallback or entity_id), href.get(entity_id) or links.entity(entity_id))
        return Named(fallback)

    def actor(value: str) -> Named:  # event actors are entity ids, or the literal text when unresolved
        return named(value, value) if value in names else Named(value)

    def written(entity_id: str | None, text: str) -> Named:  # the words of this article, linked
        return Named(text, links.entity(entity_id)) if entity_id else Named(text)

    statements = []
    for i, s in enumerate(article.statements):
        sp = s.speaker
        speaker = written(sp.entity_id, sp.text or sp.descriptor or "") if sp else Named("بی‌منبع")
        # The relay chain, outermost first: this article's outlet, then each «به گزارش / به نقل از».
        path: list[Named] = [Named(article.outlet)] if article.outlet else []
        for r in s.relay:
            if path and path[-1].name == r.name:
                path[-1] = written(r.entity_id, r.name)  # the outlet citing itself: one step, linked
            else:
                path.append(written(r.entity_id, r.name))
        path.append(speaker)
        statements.append(
            {
                "ref": f"s{i}",
                "speaker": speaker,
                "kind": sp.kind if sp else "unattributed",
                "cue": s.cue_lemma,
                "content": article.span_text(s.content),
                "form": s.form,
                "modality": s.modality,
                "path": path,
                "recipient": named(s.recipient_entity_id, article.span_text(s.recipient)) if s.recipient else None,
            }
        )
    events = [
        {
            "ref": f"e{i}",
            "type": e.type,
            "trigger": article.span_text(e.trigger),
            "actors": [actor(a) for a in e.actors],
            "targets": [actor(t) for t in e.targets],
            "modality": e.modality,
            "date": e.date,
            "location": actor(e.location) if e.location else None,
        }
        for i, e in enumerate(article.events)
    ]
    by_type: dict[str, list[tuple[Named, int]]] = {}
    for e in sorted(article.entities, key=lambda e: (-e.count, e.name)):
        by_type.setdefault(e.type, []).append((named(e.id, e.name), e.count))
    entity_groups = [(t, by_type[t]) for t in fmt.ENTITY_TYPES if t in by_type]
    entity_groups += [(t, v) for t, v in by_type.items() if t not in fmt.ENTITY_TYPES]
    framings = [
        {
            "ref": f"f{i}",
            "label": article.span_text(f.label),
            "target": named(f.entity_id, article.span_text(f.target)),
            "pattern": f.pattern,
        }
        for i, f in enumerate(article.framings)
    ]
    marks = article_marks(article, href)
    title_span = article.title_span
    body_start = title_span[1] if title_span and article.title else 0
    title = (
        highlight(article.text, marks, title_span[0], title_span[1], inline=True)
        if title_span and article.title
        else Markup(escape(article.title or "بی‌عنوان"))
    )
    return {
        "title_html": title,
        "body_html": highlight(article.text, marks, body_start),
        "statements": statements,
        "events": events,
        "entity_groups": entity_groups,
        "framings": framings,
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="ui_article")
def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    try:
        article = store.get(article_id)
    except ArticleNotFound:
        return _not_found(request, "این خبر در بایگانی نیست.")
    return _render(request, "article.html", a=article, **_article_view(article, Links(request)))


# -- an entity -------------------------------------------------------------------------------------------


def _newest(records: list[StatementRecord], n: int = LIST_CAP) -> list[StatementRecord]:
    return records[-n:][::-1]  # the store gives publication order, oldest first


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse, name="ui_entity")
def entity_page(request: Request, entity_id: str, store: StoreDep) -> HTMLResponse:
    profile = an.entity_profile(store, entity_id)
    if profile is None:
        return _not_found(request, "این موجودیت در هیچ خبری نیامده است.")
    links = Links(request)
    said = store.statements_by(entity_id, limit=LIST_CAP)
    about = store.statements_about(entity_id, limit=LIST_CAP)
    said_total, about_total = an.statement_counts(store, entity_id)
    framing: dict[str, list[tuple[str, int]]] = {}
    for f in store.framings_of(entity_id):
        framing.setdefault(f.outlet or "بی‌نام", []).append((f.label, f.count))
    co = an.co_mentions(store, entity_id, limit=20)
    return _render(
        request,
        "entity.html",
        p=profile,
        timeline=charts.volume_chart(an.entity_timeline(store, entity_id)),
        said=_newest(said),
        said_total=said_total,
        about=_newest(about),
        about_total=about_total,
        framing=framing,
        co=co,
        co_top=max((c.count for c in co), default=0),
        network=charts.network_svg(an.network(store, entity_id, limit=24), links.entity),
        events=an.entity_events(store, entity_id, limit=LIST_CAP),
        parties=lambda ids, names: _parties(ids, names, links),
    )


def _parties(ids: Sequence[str], names: Sequence[str], links: Links) -> list[Named]:
    """An event's actors or targets: resolved ones link to their page; a literal («گروه‌های تروریستی»)
    is stored as its own name and stays text."""
    out = []
    for i, value in enumerate(ids):
        name = names[i] if i < len(names) and names[i] else value
        out.append(Named(name, links.entity(value) if name != value else None))
    return out


# -- stories ---------------------------------------------------------------------------------------------


@router.get("/stories", response_class=HTMLResponse, name="ui_stories")
def stories_page(request: Request, store: StoreDep, page: int = 1) -> HTMLResponse:
    page = max(1, min(page, 1000))
    found = store.stories(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return _render(request, "stories.html", stories=found[:PAGE_SIZE], page=page, more=len(found) > PAGE_SIZE)


@router.get("/stories/{story_id}", response_class=HTMLResponse, name="ui_story")
def story_page(request: Request, story_id: str, store: StoreDep) -> HTMLResponse:
    story = store.story(story_id)
    if story is None:
        return _not_found(request, "این ماجرا در بایگانی نیست.")
    links = Links(request)
    copies: dict[str, list[str]] = {}  # near-duplicate groups: original → its copies
    for item in story.articles:
        if item.near_duplicate_of:
            copies.setdefault(item.near_duplicate_of, []).append(item.id)
    by_id = {a.id: a for a in story.articles}
    return _render(
        request,
        "story.html",
        story=story,
        first=story.first,
        timeline=charts.story_timeline(story.articles, links.article),
        copies=copies,
        by_id=by_id,
        checked=len(story.articles),
    )


__all__ = ["router"]

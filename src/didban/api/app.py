"""The ASGI app: `create_app` builds it from settings and a store (``didban serve`` runs it with uvicorn).

The JSON API lives at the root (`didban.api.routes`), the dashboard under ``/ui`` (`didban.api.dashboard`).
Every response carries the security headers of `SECURITY_HEADERS`; every error is JSON
``{"error": {"status": N, "message": "..."}}`` — bad input never yields a traceback or a 500.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from didban import __version__
from didban.api.deps import PipelineHolder, ResponseCache, StorePool
from didban.config import ApiSettings
from didban.errors import DidbanError, InputError
from didban.store import ArticleNotFound, QueryError, Store, StoreError

log = logging.getLogger("didban.api")

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
)
_RAW_HEADERS = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]

SETTINGS_ENV = "DIDBAN_SERVE_SETTINGS"
"""JSON of the `ApiSettings` that `app_from_env` builds the app from (``didban serve --workers N``)."""

_STATIC = Path(__file__).parent / "dashboard" / "static"


def create_app(settings: ApiSettings | None = None, store: Store | None = None, *, pipeline: Any = None) -> FastAPI:
    """The app. ``store`` is served as given (one connection, requests take turns on it); without it, the
    store at ``settings.db`` (else the settings' ``[store] url``) is opened with up to
    ``settings.connections`` connections. ``pipeline``: a `didban.pipeline.Pipeline` for POST /analyze and
    POST /articles, or a callable making one; by default the default pipeline, built on first use."""
    from didban.api.dashboard import router as dashboard_router
    from didban.api.routes import router as api_router

    settings = settings or ApiSettings()
    if store is None:
        from didban.config import load_settings
        from didban.store import open_store

        store_settings = load_settings().store
        url = settings.db or store_settings.url
        pool = StorePool(lambda: open_store(url, search_index=store_settings.search_index), size=settings.connections)
        store = pool.first()
    else:
        pool = StorePool.of(store)

    from didban.store.sqlite import SQLiteStore

    cache = ResponseCache(
        settings.cache_seconds, settings.cache_mb << 20, store.path if isinstance(store, SQLiteStore) else None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        cache.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Didban API",
        version=__version__,
        summary="Persian news: articles, entities, statements, events and stories (docs/api.md).",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /openapi.json is served and enough offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.stores = pool
    app.state.cache = cache
    app.state.pipeline = PipelineHolder(pipeline)
    app.add_middleware(GuardMiddleware, max_body=settings.max_body_mb << 20, max_upload=settings.max_upload_mb << 20)

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryError, _client_error(400))
    app.add_exception_handler(InputError, _client_error(400))
    app.add_exception_handler(ArticleNotFound, _client_error(404))
    app.add_exception_handler(StoreError, _client_error(503))
    app.add_exception_handler(DidbanError, _client_error(400))

    app.include_router(api_router)
    app.include_router(dashboard_router, prefix="/ui")
    if _STATIC.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/ui/static", StaticFiles(directory=_STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)

    return app


def app_from_env() -> FastAPI:
    """`create_app` from the settings JSON in ``$DIDBAN_SERVE_SETTINGS`` (a uvicorn factory, one per worker)."""
    data = json.loads(os.environ.get(SETTINGS_ENV) or "{}")
    stages = data.pop("_stages", None)
    pipeline = None
    if stages:
        from didban.pipeline import Pipeline

        stage_config = data.pop("_stage_config", {})
        pipeline = lambda: Pipeline(stages, stage_config)  # noqa: E731
    return create_app(ApiSettings(**data), pipeline=pipeline)


# -- errors ------------------------------------------------------------------------------------------


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    """The one error shape: ``{"error": {"status": N, "message": "..."}}``."""
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail, ensure_ascii=False)
    response = error_response(exc.status_code, detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
    return error_response(422, "; ".join(problems) or "invalid request", details=details)


def _client_error(status: int) -> Any:
    async def handler(request: Request, exc: Exception) -> Response:
        message = str(exc)
        if status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, message)
        return error_response(status, message.splitlines()[0] if message else "error")

    return handler


# -- the guard: security headers, body limits, and no traceback ever ---------------------------------


class BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    """Pure ASGI (BaseHTTPMiddleware would cost a task per request): adds `SECURITY_HEADERS` to every
    response, refuses bodies over the limits with 413 (by Content-Length, and while streaming for chunked
    bodies), and turns any unexpected exception into a JSON 500 that still has the headers."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0].lower() not in _HEADER_NAMES]
                message = {**message, "headers": headers + _RAW_HEADERS}
            await send(message)

        limit = self.max_body
        length = None
        for name, value in scope.get("headers", ()):
            if name == b"content-type" and value.lower().startswith(b"multipart/form-data"):
                limit = self.max_upload
            elif name == b"content-length":
                length = value
        if length is not None:
            if not length.isdigit():
                await _send_error(send_with_headers, 400, "invalid Content-Length")
                return
            if int(length) > limit:
                await _send_error(send_with_headers, 413, _too_large(limit))
                return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _send_error(send_with_headers, 413, _too_large(limit))
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if not started:
                await _send_error(send_with_headers, 500, "internal error (logged by the server)")


_HEADER_NAMES = {k for k, _ in _RAW_HEADERS}


def _too_large(limit: int) -> str:
    return f"request body too large (the limit is {limit >> 20} MB)"


async def _send_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})

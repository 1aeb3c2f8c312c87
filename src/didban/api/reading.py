"""A request body → a raw `Article` (POST /analyze, POST /articles), through the same readers as files.

Accepted: JSON ``{"text" | "html" | "url": …, "title", "outlet", "url", "published"}``, ``text/plain``
(first line the title), ``text/html`` (main text extracted), or a ``multipart/form-data`` upload in a field
named ``file`` (kind from its name or type). The body size is already bounded by the guard middleware.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from didban.api.models import ArticleInput
from didban.article import Article
from didban.errors import InputError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


async def read_article(request: Request) -> Article:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        return await _read_form(request)
    body = await request.body()
    if not body:
        raise HTTPException(400, "empty request body: send the article as JSON, text, HTML or a file upload")
    if ctype in ("application/json", "") or ctype.endswith("+json"):
        return await _read_json(request, body)
    if ctype in _HTML_TYPES:
        return await run_in_threadpool(_html, body, "request body", None, None)
    if ctype.startswith("text/"):
        return _text(body, "request body", None, None)
    raise HTTPException(
        415,
        f"unsupported content type {ctype[:60]!r}: use application/json, text/plain, text/html or multipart/form-data",
    )


async def _read_json(request: Request, body: bytes) -> Article:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"invalid JSON: {exc}") from None
    try:
        given = ArticleInput.model_validate(data)
    except Exception as exc:  # pydantic's ValidationError: one line per problem, joined
        errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
        message = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in errors) or str(exc)
        raise HTTPException(422, message) from None
    texts = (given.text is not None) + (given.html is not None)
    if texts > 1 or (texts == 0 and not given.url):
        raise HTTPException(422, "give exactly one of text, html or url (a url alongside text or html is its address)")
    if given.text is not None:
        article = _text(given.text.encode("utf-8"), "request body", given.outlet, given.url)
    elif given.html is not None:
        article = await run_in_threadpool(_html, given.html.encode("utf-8"), "request body", given.outlet, given.url)
    else:
        assert given.url is not None
        article = await run_in_threadpool(_fetch, request, given.url, given.outlet)
    changes: dict[str, Any] = {}
    if given.title:
        changes["title"] = given.title.strip()
    if given.published:
        from didban.ingest.dates import parse_published

        published = parse_published(given.published)
        if published is None:
            raise HTTPException(422, f"published: {given.published[:40]!r} is not a date")
        changes["published"] = published
    return dataclasses.replace(article, **changes) if changes else article


async def _read_form(request: Request) -> Article:
    limit = request.app.state.settings.max_upload_mb << 20
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
    except HTTPException:
        raise
    except Exception as exc:  # a malformed multipart body
        raise HTTPException(400, f"invalid form upload: {exc}") from None
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise HTTPException(422, "file: send the article as a file in a form field named 'file'")
    outlet = _field(form.get("outlet"))
    url = _field(form.get("url"))
    data = await upload.read()
    name = upload.filename or "upload"
    if not data:
        raise InputError(name, "empty file")
    is_html = (upload.content_type or "").lower() in _HTML_TYPES or name.lower().endswith(_HTML_SUFFIXES)
    if is_html:
        return await run_in_threadpool(_html, data, name, outlet, url)
    return _text(data, name, outlet, url, markdown=name.lower().endswith(".md"))


def _field(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _text(data: bytes, source: str, outlet: str | None, url: str | None, *, markdown: bool = False) -> Article:
    from didban.ingest import parse_text

    if b"\x00" in data:  # what the file readers call binary
        raise InputError(source, "binary data, not text")
    return parse_text(data, source, outlet=outlet, url=url, markdown=markdown)


def _html(data: bytes, source: str, outlet: str | None, url: str | None) -> Article:
    from didban.ingest import parse_html

    return parse_html(data, source, url=url, outlet=outlet)


def _fetch(request: Request, url: str, outlet: str | None) -> Article:
    settings = request.app.state.settings
    if not settings.fetch_urls:
        raise HTTPException(403, "this server does not fetch URLs ([api] fetch_urls = false): send the text or HTML")
    from didban.ingest import read_paths
    from didban.ingest.fetch import is_url

    if not is_url(url):
        raise HTTPException(422, "url: only http:// and https:// URLs can be fetched")
    # A feed URL gives many articles: the first is taken.
    articles = list(read_paths([url], on_error="raise", max_bytes=settings.max_upload_mb << 20))
    if not articles:
        raise InputError(url, "no article found")
    article = articles[0]
    return dataclasses.replace(article, outlet=outlet, id="") if outlet else article

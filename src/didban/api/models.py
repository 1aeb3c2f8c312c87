"""Pydantic models of request bodies and of the main response shapes, for validation and the OpenAPI schema.

Responses are serialized directly from the store's dataclasses (`didban.api.routes.json_response`); these
models describe them.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorResponse(BaseModel):
    """Every error: ``{"error": {"status": N, "message": "..."}}``."""

    error: ErrorBody


class Health(BaseModel):
    status: str
    version: str


class ArticleInput(BaseModel):
    """An article to analyse: ``text`` (first line the title), ``html`` (a page; main text extracted) or
    ``url`` alone (fetched by the server when it allows it)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text; the first line is the title")
    html: str | None = Field(None, description="an HTML page")
    url: str | None = Field(None, max_length=2000, description="the article's address (fetched when alone)")
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=100, description="ISO or Jalali date/time")


class Stored(BaseModel):
    id: str
    title: str | None
    href: str


class Hit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: datetime | None
    score: float
    snippet: str = Field(description="indexed words around the first match, matches [marked]")
    url: str | None


class SearchResponse(BaseModel):
    query: str
    filters: dict[str, str]
    limit: int
    offset: int
    next_offset: int | None = Field(description="the offset of the next page; null on the last")
    hits: list[Hit]
    facets: dict[str, object] | None = Field(None, description="with facets=true")

"""The stage contract: one per-article step that declares which Article fields it reads and fills."""

from __future__ import annotations

import dataclasses
from typing import Protocol, runtime_checkable

from didban.article import Article

INITIAL_FIELDS: tuple[str, ...] = ("id", "raw_text", "title", "url", "outlet", "published", "source", "meta")
"""Fields a raw Article from ingest already has; every other field must come from a stage."""

ARTICLE_FIELDS: frozenset[str] = frozenset(f.name for f in dataclasses.fields(Article))


@runtime_checkable
class Stage(Protocol):
    """A per-article step.

    A stage is built once (models and lexicons loaded in its constructor), does no I/O when called,
    and is picklable so a pipeline can be shipped to worker processes. ``requires`` and ``provides``
    name Article fields; the pipeline checks them when it is built, not when it runs.

    A stage may also define ``pipe(self, articles: list[Article]) -> list[Article]`` to process a
    batch at once (e.g. a model on a GPU); it must then either process every article or raise
    without having changed any of them, so the pipeline can retry the batch one article at a time.
    """

    # Read-only properties, so plain class attributes such as ``requires = ("text",)`` conform
    # (a mutable protocol attribute would demand exactly ``tuple[str, ...]``).
    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def provides(self) -> tuple[str, ...]: ...

    def __call__(self, article: Article) -> Article: ...

"""Article ↔ database, and search.

``open_store(url_or_path)`` picks the backend from the URL: a file path or ``sqlite:///…`` opens SQLite
(the default, zero set-up), ``postgresql://…`` opens PostgreSQL (``pip install 'didban[postgres]'``).
Both implement `Store` and answer every query the same way.
"""

from __future__ import annotations

import os

from didban.store.base import (
    ArticleNotFound,
    EventRecord,
    FramingCount,
    Hit,
    StatementRecord,
    Store,
    StoreError,
    Story,
    StoryArticle,
    StorySummary,
    check_url_scheme,
)
from didban.store.query import QueryError


def open_store(url_or_path: str | os.PathLike[str], *, search_index: str | None = "auto") -> Store:
    """Open (creating and migrating when needed) the store at ``url_or_path``.

    ``search_index`` (`didban.store.search_index`): ``"auto"``, the default, keeps a SQLite file's index
    beside it (``news.sqlite.search/``) and gives PostgreSQL none; a folder path puts it there; None (or
    ``"off"``, as the ``[store] search_index`` setting says it) searches with the database's own index alone.
    """
    url = os.fspath(url_or_path)
    if search_index == "off":
        search_index = None
    if check_url_scheme(url) == "postgresql":
        from didban.store.postgres import PostgresStore

        return PostgresStore(url, search_index=None if search_index == "auto" else search_index)
    from didban.store.sqlite import SQLiteStore

    return SQLiteStore(url, search_index=search_index)


__all__ = [
    "ArticleNotFound",
    "EventRecord",
    "FramingCount",
    "Hit",
    "QueryError",
    "StatementRecord",
    "Store",
    "StoreError",
    "Story",
    "StoryArticle",
    "StorySummary",
    "open_store",
]

"""What request handlers share: store connections, the pipeline, the write check.

Handlers take a store with ``store: Store = Depends(store_dep)`` (the dashboard too): each request gets a
connection of its own from `StorePool`, so concurrent requests never share a SQLite connection, and SQLite
runs them in parallel (it releases the GIL while it works).
"""

from __future__ import annotations

import hmac
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request

from didban.store import Store

if TYPE_CHECKING:
    from didban.pipeline import Pipeline


class StorePool:
    """Up to ``size`` open stores, opened on demand; a request takes one and gives it back."""

    def __init__(self, opener: Callable[[], Store] | None, size: int, *, given: Store | None = None) -> None:
        self._opener = opener
        self._size = size if opener is not None else 1
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()  # LIFO: warm caches get reused
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._owned = opener is not None
        if given is not None:
            self._all.append(given)
            self._idle.put(given)

    @classmethod
    def of(cls, store: Store) -> StorePool:
        """A pool of one store the caller owns (not closed by `close`)."""
        return cls(None, 1, given=store)

    def first(self) -> Store:
        """One store, opened now (so a bad URL fails at start-up, not at the first request)."""
        if not self._all:
            store = self._open()
            self._idle.put(store)
        return self._all[0]

    def _open(self) -> Store:
        assert self._opener is not None
        store = self._opener()
        self._all.append(store)
        return store

    @contextmanager
    def use(self) -> Iterator[Store]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self._size
                store = self._open() if grow else None  # type: ignore[assignment]
            if store is None:
                store = self._idle.get()
        try:
            yield store
        finally:
            self._idle.put(store)

    @contextmanager
    def use_own(self) -> Iterator[Store]:
        """A connection of its own for a long task (an export), so it does not hold one of the pool's;
        the pool's single store when it was given one."""
        if self._opener is None:
            with self.use() as store:
                yield store
            return
        store = self._opener()
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        if self._owned:
            for store in self._all:
                store.close()
        self._all.clear()


def store_dep(request: Request) -> Iterator[Store]:
    """A FastAPI dependency: a store connection for this request (sync handlers run in a thread)."""
    with request.app.state.stores.use() as store:
        yield store


class PipelineHolder:
    """The analysis pipeline, built on first use (loading the models takes seconds) and run by one thread
    at a time (stages keep per-run state)."""

    def __init__(self, given: Any = None) -> None:
        self._given = given
        self._pipeline: Pipeline | None = None
        self.lock = threading.Lock()

    def get(self) -> Pipeline:
        """Call with `lock` held."""
        if self._pipeline is None:
            from didban.pipeline import Pipeline

            given = self._given
            if given is None:
                self._pipeline = Pipeline()
            elif isinstance(given, Pipeline):
                self._pipeline = given
            else:
                self._pipeline = given()
        assert self._pipeline is not None
        return self._pipeline


def require_write(request: Request) -> None:
    """Writes need the configured API key (``Authorization: Bearer KEY`` or ``X-API-Key: KEY``): 403 when the
    server has none (read-only), 401 when the request's is missing or wrong."""
    settings = request.app.state.settings
    key = settings.api_key
    if settings.read_only:
        raise HTTPException(403, "this server is read-only ([api] read_only)")
    if not key:
        raise HTTPException(403, "this server is read-only: set an API key ([api] api_key or DIDBAN_API_KEY)")
    given = request.headers.get("x-api-key")
    if given is None:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        given = token.strip() if scheme.lower() == "bearer" else None
    if given is None or not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), key.encode("utf-8")):
        raise HTTPException(
            401, "missing or wrong API key (send Authorization: Bearer KEY or X-API-Key: KEY)",
            headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip


class ResponseCache:
    """Bodies of recent GET answers, keyed by path and query, for repeated dashboard queries (the same search
    paged back and forth, an entity page reloaded): an LRU bounded in bytes, entries kept ``ttl`` seconds.

    On SQLite an answer is never stale: ``PRAGMA data_version`` on a connection of the cache's own changes
    whenever any other connection (this server's or another process's) commits, and then the cache empties.
    On PostgreSQL only the TTL bounds how long another process's writes take to show (this server's own
    writes empty it at once).
    """

    def __init__(self, ttl: float, max_bytes: int, sqlite_path: str | None) -> None:
        import collections
        import sqlite3

        self.ttl = ttl
        self.max_bytes = max_bytes
        self._entries: collections.OrderedDict[str, tuple[float, bytes]] = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._version: sqlite3.Connection | None = None
        self._seen: int | None = None
        if sqlite_path and sqlite_path != ":memory:":
            self._version = sqlite3.connect(
                f"file:{sqlite_path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
            )
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, key: str) -> bytes | None:
        import time

        with self._lock:
            self._check_version()
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: str, body: bytes) -> None:
        import time

        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._entries[key] = (time.monotonic() + self.ttl, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _check_version(self) -> None:
        if self._version is None:
            return
        version = self._version.execute("PRAGMA data_version").fetchone()[0]
        if version != self._seen:
            self._seen = version
            self._entries.clear()
            self._bytes = 0

    def close(self) -> None:
        if self._version is not None:
            self._version.close()

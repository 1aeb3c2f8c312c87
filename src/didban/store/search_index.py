"""The search index: a tantivy index (an embedded Rust search library) beside the database of record.

Why: FTS5's bm25 and PostgreSQL's ts_rank must visit every match of a word to rank (bm25 counts them for its
IDF), so a common word costs in proportion to the archive: 226 ms p95 at a million articles in SQLite
(bench/bench_store.py), against tantivy's block-max WAND, which skips what cannot reach the top-k and ranks
*all* matches by BM25 in about a millisecond. The database stays the one source of truth; this index can be
deleted at any time and is rebuilt from it.

How it follows the database: every write logs the article seqs it adds or removes in ``search_log``, in the
same transaction. `SearchIndex.sync` applies the log entries past the last one it applied (re-reading those
articles' terms from the database), commits the index, then records that log id in ``applied.json``. A crash
anywhere in between only means some entries are applied twice, which is harmless (an entry deletes the seq
and adds it back if the article still exists). Several processes can search one index; one at a time
writes it (tantivy's lock): a process that finds the lock taken searches what is committed and lets the
writer catch up.

Terms are Didban's own (`didban.store.query`), joined by spaces and cut by tantivy's whitespace tokenizer,
so the index matches exactly what FTS5 and the tsvector match.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from didban.store.query import Query, Term

FORMAT = 3  # bump when the schema below changes: an index of another format is rebuilt
# One field holds the title TITLE_REPEAT times, a separator no term equals (a phrase cannot cross it), then
# the body. One term query per word is what lets tantivy skip blocks (block-max WAND); a title field and a
# body field ORed for every word measured 3x slower on a million articles (66 against 16 ms for «در»). The
# repeated title stands in for the title weight of FTS5 bm25 and ts_rank.
TITLE_REPEAT = 2
SEPARATOR = "|"
SYNC_BATCH = 5000  # log entries read at a time
COMMIT_SECONDS = 5.0  # a writer storing batches commits the index this often (others see them then)
WRITER_HEAP = 64_000_000


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """What the index holds of one article: its terms, its filter terms and its publication time."""

    seq: int
    title: str
    body: str
    tags: str
    published: datetime | None


class SearchIndexError(Exception):
    pass


def _tantivy() -> Any:
    import tantivy  # a compiled extension: imported where used, `import didban` stays light

    return tantivy


def available() -> bool:
    try:
        _tantivy()
    except ImportError:
        return False
    return True


def _micros(dt: datetime) -> int:
    return int(dt.astimezone(UTC).timestamp() * 1_000_000)


class SearchIndex:
    """One index folder. Use `for_path`: one object per folder and process, shared by its connections."""

    _open: ClassVar[dict[str, SearchIndex]] = {}
    _open_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def for_path(cls, path: str | os.PathLike[str], owner: str = "") -> SearchIndex:
        """The index in folder ``path`` for the database whose identity is ``owner`` (a random id the
        database keeps): an index left by another database there is emptied and rebuilt."""
        key = os.path.abspath(os.fspath(path))
        with cls._open_lock:
            known = cls._open.get(key)
            if known is not None and known.owner != owner:  # the database was replaced under this process
                known.flush()
                known = None
            if known is None:
                known = cls._open[key] = cls(key, owner)
            return known

    def __init__(self, path: str, owner: str = "") -> None:
        tv = _tantivy()
        self.path = Path(path)
        self.owner = owner
        self._lock = threading.Lock()  # one sync at a time in this process
        self._state_file = self.path / "applied.json"
        sb = tv.SchemaBuilder()
        sb.add_integer_field("seq", stored=False, indexed=True, fast=True)  # i64: Python ints are i64 terms
        sb.add_text_field("text", tokenizer_name="whitespace")
        sb.add_text_field("tags", tokenizer_name="whitespace", index_option="basic")
        sb.add_integer_field("published", indexed=True, fast=True)
        self.schema = sb.build()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            state = self._read_state()
            if state.get("format") not in (None, FORMAT) or state.get("store") not in (None, owner):
                # another layout, or another database's index (a file replaced, a folder copied): start over
                for f in self.path.iterdir():
                    if f.is_file():
                        f.unlink()
                state = {}
            self._index = tv.Index(self.schema, path=str(self.path), reuse=True)
        except (OSError, ValueError) as exc:
            raise SearchIndexError(
                f"{self.path}: the search index cannot be opened ({exc}); delete the folder to rebuild it"
            ) from None
        self._seen = int(state.get("applied", 0))
        self._writer: Any = None  # held between batches of one writer; see `sync`
        self._pending = 0  # the last log id added to the writer, committed or not
        self._committed_at = time.monotonic()
        self.warned = False  # told the user once that the index is far behind

    # -- state --------------------------------------------------------------------------------------
    def _read_state(self) -> dict[str, Any]:
        try:
            state = json.loads(self._state_file.read_text())
            return state if isinstance(state, dict) else {}
        except (OSError, ValueError):
            return {}

    def applied(self) -> int:
        """The last log id this index holds (as committed by any process)."""
        return int(self._read_state().get("applied", 0))

    def position(self) -> int:
        """The last log id added, committed or not (by this process)."""
        return max(self.applied(), self._pending)

    def _write_state(self, applied: int) -> None:
        tmp = self._state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"format": FORMAT, "store": self.owner, "applied": applied}))
        os.replace(tmp, self._state_file)

    # -- writing ------------------------------------------------------------------------------------
    def sync(
        self,
        log_after: Callable[[int, int], list[tuple[int, int]]],
        docs: Callable[[Sequence[int]], list[IndexDoc]],
        *,
        wait: bool = True,
        commit: bool = True,
    ) -> bool:
        """Apply the database's log past what the index holds. ``log_after(id, n)``: up to n (log id, seq)
        rows after ``id``; ``docs(seqs)``: the index documents of those seqs still stored. Returns False,
        doing nothing, when another process holds the index's writer (it is catching up itself).

        ``commit=False`` (a writer storing batch after batch) keeps the writer open and commits every
        `COMMIT_SECONDS` only: tantivy indexes in its own thread meanwhile, beside the next batch, instead
        of the writer waiting on each commit (1.96x slower ingest when it did). `flush` commits the rest."""
        tv = _tantivy()
        if not self._lock.acquire(blocking=wait):
            return False
        try:
            entries = log_after(max(self.applied(), self._pending), SYNC_BATCH)
            if entries and not self._take_writer():
                return False
            writer = self._writer
            while entries:
                seqs = sorted({seq for _, seq in entries})
                for seq in seqs:
                    writer.delete_documents_by_term("seq", seq)
                for d in docs(seqs):
                    doc = tv.Document()
                    doc.add_integer("seq", d.seq)
                    doc.add_text("text", _text(d))
                    doc.add_text("tags", d.tags)
                    if d.published is not None:
                        doc.add_integer("published", _micros(d.published))
                    writer.add_document(doc)
                self._pending = entries[-1][0]
                entries = log_after(self._pending, SYNC_BATCH)
            if commit or time.monotonic() - self._committed_at > COMMIT_SECONDS:
                self._commit(release=commit)
            return True
        finally:
            self._lock.release()

    def _commit(self, *, release: bool) -> None:
        if self._writer is None:
            return
        if self._pending > self.applied():
            self._writer.commit()
            self._write_state(self._pending)
        self._committed_at = time.monotonic()
        if release:
            self._writer = None  # dropping it releases tantivy's lock for other processes

    def _take_writer(self) -> bool:
        """Hold tantivy's writer (kept between batches); False when another process holds it."""
        if self._writer is None:
            try:
                self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:  # LockBusy: another process writes
                if "lock" in str(exc).lower():
                    return False
                raise
        return True

    def reset(self) -> bool:
        """Empty the index, to catch up from the start of the log (a rebuild; or it is ahead of its
        database: a backup restored under it). False when another process holds the writer."""
        with self._lock:
            if not self._take_writer():
                return False
            self._writer.delete_all_documents()
            self._writer.commit()
            self._writer = None
            self._pending = 0
            self._write_state(0)
            return True

    def flush(self) -> None:
        """Commit what was added and release the writer (a store's close calls this)."""
        with self._lock:
            self._commit(release=True)

    # -- searching ----------------------------------------------------------------------------------
    def search(
        self,
        query: Query,
        groups: Sequence[Sequence[str]],
        since: datetime | None,
        until: datetime | None,
        limit: int,
        offset: int,
    ) -> list[tuple[int, float]]:
        """(seq, BM25 score) of the best matches, best first: every match ranked, not a window."""
        tv = _tantivy()
        applied = self.applied()
        if applied != self._seen:  # another process (or connection) committed: see its segments
            self._index.reload()
            self._seen = applied
        Q, Occur = tv.Query, tv.Occur
        clauses = [(Occur.Must, self._item(t)) for t in query.required]
        clauses += [(Occur.MustNot, self._item(t)) for t in query.excluded]
        for group in groups:  # filters: required, but they add nothing to the score
            terms = [(Occur.Should, Q.term_query(self.schema, "tags", term)) for term in group]
            clauses.append((Occur.Must, Q.const_score_query(Q.boolean_query(terms), 0.0)))
        if since is not None or until is not None:
            lo = None if since is None else _micros(since)
            hi = None if until is None else _micros(until)
            rng = Q.range_query(self.schema, "published", tv.FieldType.Integer, lo, hi, include_upper=hi is None)
            clauses.append((Occur.Must, Q.const_score_query(rng, 0.0)))
        searcher = self._index.searcher()
        if all(t.prefix and len(t.words) == 1 for t in query.required):
            # Prefix terms score flat (a regex over the term dictionary): newest first instead.
            result = searcher.search(Q.boolean_query(clauses), limit, count=False, order_by_field="seq", offset=offset)
            seqs = searcher.fast_field_values("seq", [a for _, a in result.hits])
            return [(int(s), 0.0) for s in seqs]
        result = searcher.search(Q.boolean_query(clauses), limit, count=False, offset=offset)
        seqs = searcher.fast_field_values("seq", [a for _, a in result.hits])
        ranked = [(int(s), float(score)) for (score, _), s in zip(result.hits, seqs, strict=True)]
        ranked.sort(key=lambda r: (-r[1], -r[0]))  # equal scores: the newest first, as the database paths
        return ranked

    def _item(self, t: Term) -> Any:
        Q = _tantivy().Query
        if len(t.words) == 1 and t.prefix:
            # Terms are letters, digits and ZWNJ only (`didban.store.query`): nothing to escape.
            return Q.regex_query(self.schema, "text", t.words[0] + ".*")
        if len(t.words) == 1:
            return Q.term_query(self.schema, "text", t.words[0])
        if t.prefix:
            return Q.phrase_prefix_query(self.schema, "text", list(t.words))
        return Q.phrase_query(self.schema, "text", list(t.words))

    def num_docs(self) -> int:
        self._index.reload()
        return int(self._index.searcher().num_docs)


def _text(d: IndexDoc) -> str:
    if not d.title:
        return d.body
    return f" {SEPARATOR} ".join([*([d.title] * TITLE_REPEAT), d.body])  # no phrase spans two parts

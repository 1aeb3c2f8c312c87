"""The search index beside the database (`didban.store.search_index`): it ranks every match, follows the
database through its log after a crash, rebuilds when deleted, and says plainly when it cannot be read.

The store tests (tests/test_store.py) run every search test through the index and without it; these
check what only the index does.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from didban import Article
from didban.store import StoreError, open_store
from didban.store import sqlite as backend
from didban.store.search_index import SearchIndex
from test_store import _article, corpus

WORDS = [
    "دولت",
    "مجلس",
    "نفت",
    "بازار",
    "تهران",
    "بغداد",
    "مذاکره",
    "تحریم",
    "انتخابات",
    "ورزش",
    "فوتبال",
    "سلامت",
    "دانشگاه",
    "قیمت",
    "ارز",
]


@pytest.fixture(autouse=True)
def _fresh_index_objects() -> Iterator[None]:
    # One SearchIndex per folder and process is kept open; a test that deletes a folder starts over.
    SearchIndex._open.clear()
    yield
    SearchIndex._open.clear()


def _many(n: int, seed: int = 3) -> list[Article]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        title = " ".join(rng.choices(WORDS, k=4))
        body = " ".join(rng.choices(WORDS, k=30)) + "."
        a = _article(title, body, outlet=rng.choice(["irib", "farsnews"]), published=start + timedelta(hours=i))
        a.id = f"m{i:03d}"
        out.append(a)
    return out


def _ids(store: object, query: str, **kw: object) -> set[str]:
    return {h.id for h in store.search(query, limit=1000, **kw)}  # type: ignore[attr-defined]


def test_index_is_beside_the_file_and_matches_the_database(tmp_path: Path) -> None:
    articles = _many(120)
    with open_store(tmp_path / "a.db") as indexed, open_store(tmp_path / "b.db", search_index=None) as plain:
        indexed.put_many(articles)
        plain.put_many(articles)
        assert (tmp_path / "a.db.search").is_dir() and not (tmp_path / "b.db.search").exists()
        assert indexed.sync_search_index()  # type: ignore[attr-defined]  # commits what the writer holds
        assert indexed._search_index is not None and indexed._search_index.num_docs() == 120  # type: ignore[attr-defined]
        queries = ["نفت", "نفت بازار", '"نفت بازار"', "انتخ*", "تحریم -ارز", '"قیمت ار"*']
        filters: list[dict[str, object]] = [
            {},
            {"outlet": "irib"},
            {"since": "2024-01-02", "until": "2024-01-04"},
            {"outlet": "farsnews", "since": "2024-01-03T05:00:00+00:00"},
        ]
        for q in queries:
            for kw in filters:
                got = _ids(indexed, q, **kw)
                assert got == _ids(plain, q, **kw), (q, kw)
                if not kw:
                    assert got, q  # the battery finds something


def test_index_ranks_every_match_not_a_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "RANK_WINDOW", 5)  # the database path ranks the 5 newest matches only
    old = _article("نفت نفت نفت", "خبر نفت و نفت.", outlet="irib", published=datetime(2020, 1, 1, tzinfo=UTC))
    old.id = "old"
    with open_store(tmp_path / "a.db") as indexed, open_store(tmp_path / "b.db", search_index=None) as plain:
        for s in (indexed, plain):
            s.put_many([old, *_many(40)])
        assert indexed.search("نفت", limit=1)[0].id == "old"  # the best match, however old
        assert "old" not in _ids(plain, "نفت")  # outside the window


def test_index_follows_the_log_after_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "n.db"
    first, second = corpus(), _many(10)
    with open_store(db) as s:
        s.put_many(first)
    # A process killed between the database's commit and the index's: the index never hears of these.
    monkeypatch.setattr(SearchIndex, "sync", lambda self, *a, **k: True)
    with open_store(db) as s:
        s.put_many(second)
        s.delete([first[0].id])
    monkeypatch.undo()
    SearchIndex._open.clear()
    with open_store(db) as s:
        index = s._search_index  # type: ignore[attr-defined]
        assert index.num_docs() == len(first)  # stale until someone searches or writes
        assert _ids(s, "نفت") == {a.id for a in second if "نفت" in a.text}
        assert first[0].id not in _ids(s, "روسیه")
        assert index.num_docs() == len(first) - 1 + len(second)


def test_deleted_index_is_rebuilt_from_the_database(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as s:
        s.put_many(corpus())
        before = [h.id for h in s.search("روسیه")]
    shutil.rmtree(tmp_path / "n.db.search")
    SearchIndex._open.clear()
    with open_store(db) as s:
        assert [h.id for h in s.search("روسیه")] == before
        assert s._search_index.num_docs() == 5  # type: ignore[attr-defined]


def test_store_from_before_the_index_gets_one(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db, search_index=None) as s:  # as written before the index existed: the log is seeded
        s.put_many(corpus())
    with open_store(db) as s:
        assert s.search("روسیه") and s._search_index.num_docs() == 5  # type: ignore[attr-defined]


def test_unreadable_index_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as s:
        s.put_many(corpus())
    (tmp_path / "n.db.search" / "meta.json").write_text("{not json")
    SearchIndex._open.clear()
    with pytest.raises(StoreError) as err:
        open_store(db)
    message = str(err.value)
    assert "n.db.search" in message and "delete the folder" in message and "\n" not in message


def test_a_busy_writer_elsewhere_never_blocks_or_loses_writes(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with open_store(db) as s:
        s.put_many(corpus())
        s.sync_search_index()  # type: ignore[attr-defined]  # committed, and this store's writer let go
        index = s._search_index  # type: ignore[attr-defined]
        held = index._index.writer(heap_size=15_000_000, num_threads=1)  # as another process writing it
        try:
            extra = _many(3)
            s.put_many(extra)  # stored; the index cannot take it yet
            assert s.count() == 8
            assert index.num_docs() == 5
        finally:
            del held
        assert _ids(s, "نفت") == {a.id for a in extra if "نفت" in a.text}  # caught up at the next search
        assert index.num_docs() == 8


def test_cli_index_catches_up_and_rebuilds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from didban.cli import main

    db = tmp_path / "n.db"
    with open_store(db, search_index=None) as s:  # stored with the index off: the index has it all to do
        s.put_many(corpus())
    assert main(["index", "--db", str(db)]) == 0
    assert "holds 5 article(s) of 5" in capsys.readouterr().err
    assert main(["index", "--db", str(db), "--rebuild"]) == 0
    assert "holds 5 article(s) of 5" in capsys.readouterr().err
    assert main(["search", "روسیه", "--db", str(db), "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["index", "--db", str(tmp_path / "missing.db")]) != 0
    err = capsys.readouterr().err
    assert "missing.db" in err and "Traceback" not in err


def test_a_running_server_finds_what_another_process_stores(tmp_path: Path) -> None:
    """The server (its own process) searches the index; this process stores more and writes the index;
    the server sees the new articles at its next search, through HTTP as a user would."""
    import httpx

    from serve import serve

    db = tmp_path / "n.db"
    articles = corpus()
    football = next(a for a in articles if "فوتبال" in a.text)
    with open_store(db) as s:
        s.put_many([a for a in articles if a is not football])
    with serve(db) as base:

        def hits(q: str) -> list[str]:
            r = httpx.get(f"{base}/search", params={"q": q}, timeout=30)
            assert r.status_code == 200, r.text
            return [h["id"] for h in r.json()["hits"]]

        assert hits("فوتبال") == []
        with open_store(db) as s:
            s.put_many([football])  # committed and indexed by this process when it closes
        assert hits("فوتبال") == [football.id]
        with open_store(db) as s:
            s.delete([football.id])
        assert hits("فوتبال") == []


def test_no_phrase_spans_title_and_body(tmp_path: Path) -> None:
    """The title is indexed twice before the body (its weight); no phrase may match across those parts."""
    from didban.store.query import parse_query
    from didban.store.search_index import IndexDoc

    index = SearchIndex.for_path(tmp_path / "ix")
    doc = IndexDoc(1, "الف ب", "ج د", "", None)
    assert index.sync(lambda after, n: [(1, 1)] if after < 1 else [], lambda seqs: [doc])

    def found(q: str) -> bool:
        return bool(index.search(parse_query(q), [], None, None, 10, 0))

    assert found('"الف ب"') and found('"ج د"') and found("الف ج")
    assert not found('"ب الف"')  # the end of one title copy and the start of the next
    assert not found('"ب ج"')  # the title's end and the body's start


def test_far_behind_index_is_not_rebuilt_while_a_query_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from didban.store import base

    monkeypatch.setattr(base, "INLINE_SYNC", 3)
    monkeypatch.setattr(base, "INDEX_LAG", 3)
    db = tmp_path / "n.db"
    articles = _many(12)
    with open_store(db, search_index=None) as s:
        s.put_many(articles)
        expected = _ids(s, "نفت")
    with open_store(db) as s:
        with caplog.at_level("WARNING", logger="didban.store"):
            assert _ids(s, "نفت") == expected  # answered by the database
            assert _ids(s, "نفت") == expected
        warnings = [r.getMessage() for r in caplog.records]
        assert len(warnings) == 1 and "12 change(s) behind" in warnings[0] and "didban index" in warnings[0]
        assert s._search_index.num_docs() == 0  # type: ignore[attr-defined]  # the query did not rebuild it
        assert s.sync_search_index()  # type: ignore[attr-defined]
        assert s._search_index.num_docs() == 12  # type: ignore[attr-defined]
        assert _ids(s, "نفت") == expected


def test_an_index_left_by_another_database_is_rebuilt(tmp_path: Path) -> None:
    """A database file replaced by another (same name, its folder kept) must not be searched through the
    old file's index: the database's identity does not match, so the index starts over."""
    db = tmp_path / "n.db"
    with open_store(db) as s:
        s.put_many(_many(20, seed=1))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    SearchIndex._open.clear()
    other = corpus()
    with open_store(db) as s:
        s.put_many(other)
        assert _ids(s, "نفت") == set()
        assert _ids(s, "روسیه")
        assert s._search_index.num_docs() == len(other)  # type: ignore[attr-defined]  # nothing of the old file


def test_an_index_ahead_of_its_database_is_rebuilt(tmp_path: Path) -> None:
    """A database restored from a backup under a newer index (same identity, shorter log): the index would
    hold articles the database no longer has, under seqs it will reuse; it starts over instead."""
    db = tmp_path / "n.db"
    with open_store(db) as s:
        s.put_many(corpus())
    backup = {sfx: Path(f"{db}{sfx}").read_bytes() for sfx in ("", "-wal") if Path(f"{db}{sfx}").exists()}
    quake = _article("زلزله", "زلزله در شهر.", outlet="irib", published=datetime(2024, 2, 1, tzinfo=UTC))
    quake.id = "quake"
    with open_store(db) as s:
        s.put_many([quake, *_many(3)])
        assert _ids(s, "زلزله") == {"quake"}
    for sfx, data in backup.items():
        Path(f"{db}{sfx}").write_bytes(data)
    Path(f"{db}-shm").unlink(missing_ok=True)
    SearchIndex._open.clear()
    with open_store(db) as s:
        later = _many(2, seed=9)
        for k, a in enumerate(later):
            a.id = f"later{k}"
        s.put_many(later)  # they take the seqs the newer articles had
        assert _ids(s, "زلزله") == set()  # not «later0» found through the old article's terms
        assert s._search_index.num_docs() == 7  # type: ignore[attr-defined]


def test_the_setting_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from didban.cli import main

    monkeypatch.setenv("DIDBAN_STORE__SEARCH_INDEX", "off")
    db = tmp_path / "n.db"
    with open_store(db, search_index="off") as s:
        s.put_many(corpus())
    assert main(["search", "روسیه", "--db", str(db)]) == 0
    assert not (tmp_path / "n.db.search").exists()
    assert main(["index", "--db", str(db)]) != 0  # nothing to bring up to date: said in one line

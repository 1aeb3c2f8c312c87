"""The store: one suite, run on SQLite and on PostgreSQL (a throwaway server, tests/pg.py).

PostgreSQL tests skip when no server binaries are found, unless DIDBAN_REQUIRE_POSTGRES=1 (CI), where
they fail instead.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from didban import Article, Entity, Event, Framing, Mention, Relay, Speaker, Statement
from didban.cli import main
from didban.ingest.dates import TEHRAN
from didban.pipeline import Pipeline
from didban.store import ArticleNotFound, QueryError, Store, StoreError, open_store
from didban.store.query import parse_query, terms, tsvector
from didban.store.rows import article_json
from pg import create_database

# -- servers and stores ------------------------------------------------------------------------------

_db_names = itertools.count()


# Each backend is tested searching through the search index (tantivy, `didban.store.search_index`) and
# through its own full-text index alone: SQLite has the index by default, PostgreSQL when given a folder.
_SEARCH_INDEX: dict[str, str | None] = {}


@pytest.fixture(params=["sqlite", "sqlite-fts5", "postgres", "postgres-index"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param.startswith("sqlite"):
        url = str(tmp_path / "didban.sqlite")
    else:
        admin = request.getfixturevalue("pg_admin_url")
        url = create_database(admin, f"didban_test_{os.getpid()}_{next(_db_names)}")
    index = {"sqlite-fts5": None, "postgres-index": str(tmp_path / "pg.search")}.get(request.param, "auto")
    _SEARCH_INDEX[url] = index
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url, search_index=_SEARCH_INDEX.get(store_url, "auto")) as s:
        yield s


# -- a small corpus, built by hand -------------------------------------------------------------------

_SEGMENT = Pipeline(["normalize", "segment"])


def _at(a: Article, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = a.text.find(text, start + 1)
        assert start >= 0, f"{text!r} not in {a.text!r}"
    return start, start + len(text)


def _mention(a: Article, text: str, type_: str, entity_id: str, nth: int = 0) -> Mention:
    s, e = _at(a, text, nth)
    return Mention(s, e, type_, text, entity_id)  # type: ignore[arg-type]


def _article(title: str, body: str, *, outlet: str, published: datetime | None, **kw: Any) -> Article:
    a = _SEGMENT(Article(raw_text=f"{title}\n{body}", outlet=outlet, published=published, url=kw.pop("url", None)))
    for k, v in kw.items():
        setattr(a, k, v)
    return a


def tehran(day: int, hour: int = 10, month: int = 5) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=TEHRAN)


def corpus() -> list[Article]:
    a1 = _article(
        "احتمال حضور نظامي روسيه در عراق",  # Arabic ي: stored normalized
        "رئیس شورای اتحادیه روسیه اعلام کرد در صورت درخواست بغداد، روسیه حملات هوایی علیه داعش را آغاز مي کند. "
        "گروه تکفیری-صهیونیستی داعش در عراق فعال است. این کار انجام مي شود. "
        "داعش تکفیری-صهیونیستی عقب نشست.",
        outlet="irib", published=tehran(1), story_id="s1", url="https://irib.example/1", topic="politics",
    )  # fmt: skip
    a1.mentions = [
        _mention(a1, "روسیه", "GPE", "country:RU"),
        _mention(a1, "عراق", "GPE", "country:IQ"),
        _mention(a1, "شورای اتحادیه روسیه", "ORG", "org:RU-FEDCOUNCIL"),
        _mention(a1, "بغداد", "GPE", "country:IQ"),
        _mention(a1, "روسیه", "GPE", "country:RU", nth=2),
        _mention(a1, "داعش", "ORG", "org:ISIS"),
    ]
    a1.entities = [
        Entity("country:RU", "روسیه", "GPE", ["روسیه"], 2),
        Entity("country:IQ", "عراق", "GPE", ["عراق", "بغداد"], 2),
        Entity("org:ISIS", "داعش", "ORG", ["داعش"], 3),
        Entity("org:RU-FEDCOUNCIL", "شورای فدراسیون روسیه", "ORG", [], 1),
    ]
    speaker = Speaker(*_at(a1, "رئیس شورای اتحادیه روسیه"), "role", "رئیس شورای اتحادیه روسیه", "org:RU-FEDCOUNCIL")
    content = (_at(a1, "در صورت")[0], _at(a1, "آغاز می‌کند")[1])
    a1.statements = [
        Statement(speaker, _at(a1, "اعلام کرد"), "اعلام کرد", content, "indirect",
                  relay=[Relay("خبرگزاری صدا و سیما")], modality="conditional"),
    ]  # fmt: skip
    a1.events = [
        Event("ASSAULT", _at(a1, "حملات هوایی"), (0, 10), actors=["country:RU"], targets=["org:ISIS"],
              date="2024-05-02", modality="conditional", statement=0, location="عراق"),
    ]  # fmt: skip
    a1.framings = [
        Framing("org:ISIS", _at(a1, "تکفیری-صهیونیستی"), _at(a1, "داعش", 1), "adjective"),
        Framing("org:ISIS", _at(a1, "تکفیری-صهیونیستی", 1), _at(a1, "داعش", 2), "appositive"),
    ]

    a2 = _article(
        "روسیه آماده حمله به داعش است",
        "مسکو اعلام کرد که برای حمله به گروه تروریستی داعش آماده است. عراق از این تصمیم استقبال کرد.",
        outlet="farsnews", published=tehran(1, hour=8), story_id="s1", topic="politics",
    )  # fmt: skip
    a2.title = "روسیه آماده حمله به داعش است"  # a first line ending in a verb is not taken as a title by itself
    a2.mentions = [
        _mention(a2, "روسیه", "GPE", "country:RU"),
        _mention(a2, "داعش", "ORG", "org:ISIS"),
        _mention(a2, "مسکو", "GPE", "country:RU"),
        _mention(a2, "داعش", "ORG", "org:ISIS", nth=1),
        _mention(a2, "عراق", "GPE", "country:IQ"),
    ]
    a2.statements = [
        Statement(Speaker(*_at(a2, "مسکو"), "named", "مسکو", "country:RU"), _at(a2, "اعلام کرد"), "اعلام کرد",
                  (_at(a2, "برای")[0], _at(a2, "آماده است")[1]), "indirect", modality="intended"),
    ]  # fmt: skip
    a2.events = [
        Event("ASSAULT", _at(a2, "حمله", 1), (0, 5), actors=["country:RU"], targets=["org:ISIS"],
              date="2024-05-01", modality="intended"),
        Event("SUPPORT", _at(a2, "استقبال"), (0, 5), actors=["country:IQ"], targets=["country:RU"]),
    ]  # fmt: skip
    a2.framings = [Framing("org:ISIS", _at(a2, "تروریستی"), _at(a2, "داعش", 1), "adjective", outlet="farsnews")]

    a3 = _article(
        "هشدار ترکیه به روسیه",
        "وزارت خارجه ترکیه امروز اعلام کرد نقض مکرر حریم هوایی این کشور توسط روسیه قابل قبول نیست.",
        outlet="irna", published=tehran(3), story_id="s2", topic="politics",
    )  # fmt: skip
    a3.mentions = [
        _mention(a3, "ترکیه", "GPE", "country:TR"),
        _mention(a3, "روسیه", "GPE", "country:RU"),
        _mention(a3, "وزارت خارجه ترکیه", "ORG", "org:TR-MFA"),
        _mention(a3, "روسیه", "GPE", "country:RU", nth=1),
    ]
    a3.statements = [
        Statement(Speaker(*_at(a3, "وزارت خارجه ترکیه"), "institution", "وزارت خارجه ترکیه", "org:TR-MFA"),
                  _at(a3, "اعلام کرد"), "اعلام کرد", (_at(a3, "نقض")[0], _at(a3, "نیست")[1]), "indirect"),
    ]  # fmt: skip
    a3.events = [
        Event("DISAPPROVE", _at(a3, "هشدار"), (0, 5), actors=["country:TR"], targets=["country:RU"], date="2024-05-02",
              date_approximate=True),
    ]  # fmt: skip

    a4 = _article(
        "پیروزی تیم ملی فوتبال",
        "تیم ملی فوتبال ایران در ورزشگاه آزادی پیروز شد. هواداران کتاب ها و پرچم‌ها را بالا بردند. "
        "گروه‌های تروریست‌ها هیچ نقشی نداشتند.",
        outlet="irib", published=tehran(1, month=4), topic="sport",
    )  # fmt: skip
    a5 = _article(
        "گزارشی بدون تاریخ",
        "هوایی که امروز در شهر است سرد است و خبری از حملات نیست.",
        outlet="farsnews", published=None,
    )  # fmt: skip
    return [a1, a2, a3, a4, a5]


@pytest.fixture
def loaded(store: Store) -> tuple[Store, list[Article]]:
    articles = corpus()
    assert store.put_many(articles) == len(articles)
    return store, articles


def _ids(hits: list[Any]) -> list[str]:
    return [h.id for h in hits]


# -- writing and reading -----------------------------------------------------------------------------


def test_round_trip_and_count(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    assert store.count() == 5
    assert store.schema_version == _latest(store.url)
    for a in articles:
        assert store.get(a.id).to_dict() == a.to_dict()
    with pytest.raises(ArticleNotFound, match="no article"):
        store.get("nope")
    assert store.existing_ids([articles[0].id, "nope"]) == {articles[0].id}
    assert [a.id for a in store.iter_articles()] == [a.id for a in articles]


def test_upsert_replaces_and_never_duplicates(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    store.put_many(articles)  # the same again
    assert store.count() == 5
    assert len(store.statements_by("org:RU-FEDCOUNCIL")) == 1
    changed = corpus()[0]
    changed.raw_text += "\nواژه‌ای تازه"
    changed.text += "\nواژه‌ای تازه"
    changed.tokens = []
    changed.statements = []
    store.put(changed)
    assert store.count() == 5
    assert _ids(store.search("تازه")) == [changed.id]
    assert store.statements_by("org:RU-FEDCOUNCIL") == []
    # the same id twice in one batch: the last one wins
    first, second = corpus()[3], corpus()[3]
    second.title = "عنوان دوم"
    store.put_many([first, second])
    assert store.get(first.id).title == "عنوان دوم"
    assert store.count() == 5


def test_delete(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    assert store.delete([articles[0].id, "nope"]) == 1
    assert store.count() == 4
    assert store.search("تکفیری") == []
    assert store.framings_of("org:ISIS") == [store.framings_of("org:ISIS")[0]]  # only farsnews's is left


def test_fast_json_equals_to_dict() -> None:
    raw = (Path(__file__).parents[1] / "examples" / "seed-article.txt").read_text(encoding="utf-8")
    a = Pipeline()(Article(raw_text=raw, outlet="irib", published=tehran(5)))
    assert json.loads(article_json(a)) == a.to_dict()
    for b in corpus():
        assert json.loads(article_json(b)) == b.to_dict()
    # What orjson refuses (a lone surrogate from a broken scrape) is written by the standard json module.
    odd = Article(raw_text="خبر", url="https://example.org/1", meta={"note": "شکسته \udfff"})
    assert json.loads(article_json(odd)) == odd.to_dict()


def test_reopen_and_schema_version(store_url: str) -> None:
    with open_store(store_url) as s:
        s.put_many(corpus())
    with open_store(store_url) as s:
        assert s.count() == 5
        assert s.schema_version == _latest(store_url)
        if store_url.startswith("postgresql"):
            s._conn.execute("UPDATE schema_version SET version = 99")  # type: ignore[attr-defined]
        else:
            s._conn.execute("UPDATE schema_version SET version = 99")  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="newer than this Didban"):
        open_store(store_url)


def test_open_store_dispatch(tmp_path: Path) -> None:
    from didban.store.sqlite import SQLiteStore

    for url in (str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'b.db'}"):
        with open_store(url) as s:
            assert isinstance(s, SQLiteStore)
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()
    with pytest.raises(StoreError, match="unknown store URL scheme"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError, match="folder does not exist"):
        open_store(tmp_path / "missing" / "x.db")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(tmp_path / "junk.db")


def test_postgres_unreachable_is_one_line() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect") as err:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(err.value) and "\n" not in str(err.value)


def test_sqlite_file_is_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "w.db") as s:
        s.put_many(corpus())
    conn = sqlite3.connect(tmp_path / "w.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(_latest("w.db"),)]


def _latest(url: str) -> int:
    from didban.store import postgres, sqlite

    return (postgres if url.startswith("postgresql") else sqlite).CURRENT_VERSION


def test_sqlite_migration_to_filter_terms(tmp_path: Path) -> None:
    """A store written before filter terms existed (schema 1) gets them from its tables when reopened,
    the same as new writes get (`didban.store.rows.filter_terms`), and filtered search finds the same."""
    from didban.store import sqlite as backend
    from didban.store.rows import article_rows, filter_terms

    articles = corpus()
    path = tmp_path / "old.db"
    with open_store(path) as s:
        s.put_many(articles)
    # Turn it into what schema 1 wrote: the full-text index without its tags column.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        f"""BEGIN; CREATE VIRTUAL TABLE old USING fts5(title, body, tokenize="{backend.FTS_TOKENIZER}");
        INSERT INTO old (rowid, title, body) SELECT rowid, title, body FROM articles_fts; DROP TABLE articles_fts;
        ALTER TABLE old RENAME TO articles_fts; DROP TABLE search_log; DROP TABLE search_identity;
        UPDATE schema_version SET version = 1; COMMIT;"""
    )
    conn.close()
    with open_store(path) as s:
        assert s.schema_version == backend.CURRENT_VERSION
        got = dict(s._fetch("SELECT a.id, f.tags FROM articles_fts f JOIN articles a ON a.seq = f.rowid"))  # type: ignore[attr-defined]
        assert s.search("روسیه", entity="org:ISIS", modality="intended", since="2024-05-01", until="2024-05-02")
    for a in articles:
        assert sorted(got[a.id].split()) == filter_terms(article_rows(a)).split(), a.title


# -- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("روسیه", {"a1", "a2", "a3"}),
        ("روسيه", {"a1", "a2", "a3"}),  # Arabic ي in the query
        ("نظامي", {"a1"}),  # and in the article (stored normalized)
        ("می شود", {"a1"}),  # «مي شود» in the article, «می‌شود» after normalization
        ("می‌شود", {"a1"}),
        ("کتاب‌ها", {"a4"}),  # «کتاب ها» in the article
        ("کتاب ها", {"a4"}),
        ('"حملات هوایی"', {"a1"}),  # a phrase: a5 has both words apart
        ("حملات هوایی", {"a1", "a5"}),
        ("«حملات هوایی»", {"a1"}),
        ("تروریست*", {"a2", "a4"}),  # prefix: تروریستی, تروریست‌ها
        ("داعش -تکفیری", {"a2"}),
        ('روسیه -"حریم هوایی"', {"a1", "a2"}),
        ("تکفیری-صهیونیستی", {"a1"}),  # one token, two terms, kept together as a phrase
        ("فوتبال ایران", {"a4"}),
        ("چیزی‌که‌نیست", set()),
        ("'; DROP TABLE articles; --", set()),  # just words; parameters all the way
    ],
)
def test_search_matches(loaded: tuple[Store, list[Article]], query: str, expected: set[str]) -> None:
    store, articles = loaded
    names = {a.id: f"a{i + 1}" for i, a in enumerate(articles)}
    assert {names[h.id] for h in store.search(query)} == expected
    assert store.count() == 5


def test_search_ranking_and_hits(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    hits = store.search("داعش")
    assert _ids(hits)[:2] == [articles[1].id, articles[0].id]  # in a2's title, it beats a1's body
    assert hits[0].score > hits[1].score
    h = hits[0]
    assert (h.title, h.outlet, h.published) == (articles[1].title, "farsnews", tehran(1, hour=8).astimezone(UTC))
    assert "[داعش]" in h.snippet
    assert "[حملات هوایی]" in store.search('"حملات هوایی"')[0].snippet
    assert store.search("روسیه", limit=1, offset=1)[0].id == _ids(store.search("روسیه"))[1]
    assert store.search("روسیه", limit=2, offset=5) == []


def test_search_filters(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    a1, a2, a3, a4, a5 = (a.id for a in articles)
    assert set(_ids(store.search("روسیه", outlet="irib"))) == {a1}
    assert set(_ids(store.search("روسیه", since="2024-05-02"))) == {a3}
    assert set(_ids(store.search("روسیه", until="2024-05-01"))) == {a1, a2}  # a day includes itself
    assert set(_ids(store.search("روسیه", until="۱۴۰۳/۰۲/۱۲"))) == {a1, a2}  # Jalali for 2024-05-01
    assert set(_ids(store.search("روسیه", since=tehran(1, hour=9), until=tehran(1, hour=10)))) == {a1}
    assert set(_ids(store.search("روسیه", entity="country:IQ"))) == {a1, a2}
    assert set(_ids(store.search("روسیه", speaker="org:TR-MFA"))) == {a3}
    assert set(_ids(store.search("روسیه", event_type="ASSAULT"))) == {a1, a2}
    assert set(_ids(store.search("روسیه", event_type="ASSAULT", modality="conditional"))) == {a1}
    assert set(_ids(store.search("روسیه", modality="intended"))) == {a2}  # an event's or a statement's
    assert set(_ids(store.search("فوتبال", topic="sport"))) == {a4}
    assert store.search("فوتبال", topic="politics") == []
    # no words: the newest first, undated last
    assert _ids(store.search(None)) == [a3, a1, a2, a4, a5]
    assert _ids(store.search("", outlet="farsnews")) == [a2, a5]
    assert store.search("", outlet="farsnews")[0].score == 0.0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"روسیه', "unbalanced quote"),
        ("روسیه»", "unbalanced quote"),
        ("*", "lone \\*"),
        ("روسیه *", "lone \\*"),
        ("ر*", "too short"),
        ("-روسیه", "only excludes"),
        ("؟ ! ،", "no words"),
        ("x" * 10_000_000, "too long"),
        (" ".join(["واژه"] * 40), "too many words"),
    ],
)
def test_bad_queries_say_why(loaded: tuple[Store, list[Article]], query: str, message: str) -> None:
    store, _ = loaded
    with pytest.raises(QueryError, match=message) as err:
        store.search(query)
    assert "\n" not in str(err.value)
    assert store.count() == 5


def test_bad_filters_say_why(loaded: tuple[Store, list[Article]]) -> None:
    store, _ = loaded
    with pytest.raises(QueryError, match="not a date"):
        store.search("روسیه", since="yesterday")
    with pytest.raises(QueryError, match="limit"):
        store.search("روسیه", limit=0)
    assert store.search("روسیه", outlet="'; DROP TABLE articles; --") == []
    assert store.count() == 5


def test_long_article(store: Store) -> None:
    # Past PostgreSQL's 16383 positions and 256 positions per term: words still match.
    body = " ".join(f"واژه{i % 500} تکرار" for i in range(20_000)) + " پایان‌نامه"
    a = _article("مقاله بلند", body, outlet="x", published=None)
    store.put(a)
    assert _ids(store.search("پایان‌نامه")) == [a.id]
    assert _ids(store.search("تکرار")) == [a.id]
    assert _ids(store.search('"واژه7 تکرار"')) == [a.id]


# -- analyst queries ---------------------------------------------------------------------------------


def test_statements(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    (s,) = store.statements_by("org:RU-FEDCOUNCIL")
    assert (s.article_id, s.speaker, s.speaker_kind, s.cue_lemma, s.modality) == (
        articles[0].id, "رئیس شورای اتحادیه روسیه", "role", "اعلام کرد", "conditional",
    )  # fmt: skip
    assert s.content.startswith("در صورت درخواست بغداد") and s.relay == "خبرگزاری صدا و سیما"
    assert s.outlet == "irib" and s.published == tehran(1).astimezone(UTC)
    about_ru = store.statements_about("country:RU")
    assert [(x.article_id, x.speaker_entity_id) for x in about_ru] == [
        (articles[0].id, "org:RU-FEDCOUNCIL"),
        (articles[2].id, "org:TR-MFA"),
    ]
    assert [x.article_id for x in store.statements_about("org:ISIS")] == [articles[1].id, articles[0].id]
    assert [x.article_id for x in store.statements_by("country:RU")] == [articles[1].id]
    assert store.statements_by("nobody") == []


def test_framings_of(loaded: tuple[Store, list[Article]]) -> None:
    store, _ = loaded
    got = [(f.outlet, f.label, f.count) for f in store.framings_of("org:ISIS")]
    assert got == [("farsnews", "تروریستی", 1), ("irib", "تکفیری-صهیونیستی", 2)]
    assert store.framings_of("country:RU") == []


def test_events_between(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    ev = store.events_between("country:RU", "org:ISIS")
    assert [(e.article_id, e.type, e.date, e.modality) for e in ev] == [
        (articles[1].id, "ASSAULT", "2024-05-01", "intended"),
        (articles[0].id, "ASSAULT", "2024-05-02", "conditional"),
    ]
    assert ev[1].actor_names == ("روسیه",) and ev[1].target_names == ("داعش",) and ev[1].trigger == "حملات هوایی"
    assert [e.type for e in store.events_between("org:ISIS", "country:RU")] == ["ASSAULT", "ASSAULT"]
    assert [e.type for e in store.events_between("country:RU", "country:TR")] == ["DISAPPROVE"]
    assert store.events_between("country:TR", "org:ISIS") == []
    assert len(list(store.iter_events())) == 4


def test_stories(loaded: tuple[Store, list[Article]]) -> None:
    store, articles = loaded
    story = store.story("s1")
    assert story is not None
    assert [a.id for a in story.articles] == [articles[1].id, articles[0].id]
    assert story.first is not None and story.first.outlet == "farsnews"  # 08:00 before irib's 10:00
    assert story.outlets == ("farsnews", "irib")
    assert store.story("nope") is None
    summaries = store.stories()
    assert [(s.id, s.count, s.first_outlet) for s in summaries] == [("s2", 1, "irna"), ("s1", 2, "farsnews")]
    assert summaries[1].first_published == tehran(1, hour=8).astimezone(UTC)
    assert summaries[1].last_published == tehran(1).astimezone(UTC)


def test_find_entities(loaded: tuple[Store, list[Article]]) -> None:
    store, _ = loaded
    got = [(e.id, e.articles) for e in store.find_entities("روسيه")]  # normalized like everything else
    assert got == [("country:RU", 3), ("org:RU-FEDCOUNCIL", 1)]
    assert store.find_entities("%") == []  # LIKE wildcards are literal
    with pytest.raises(QueryError):
        store.find_entities("  ")


# -- both backends give the same answers -------------------------------------------------------------


def _random_corpus(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    words = ["روسیه", "عراق", "داعش", "ایران", "ترکیه", "حمله", "هوایی", "مذاکره", "توافق", "اعلام"]
    words += ["کرد", "می\u200cشود", "کتاب\u200cها", "تیم", "فوتبال", "گفت"]
    outlets = ["irib", "irna", "farsnews"]
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(5, 40))) + "."
        published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randint(0, 2000))
        out.append(
            _article(f"خبر {i}", body, outlet=rng.choice(outlets), published=published, url=f"https://x.example/{i}")
        )
    return out


def test_backends_agree(tmp_path: Path, pg_admin_url: str) -> None:
    articles = _random_corpus(150)
    stores = [open_store(tmp_path / "p.db"), open_store(create_database(pg_admin_url, f"parity_{os.getpid()}"))]
    try:
        for s in stores:
            s.put_many(articles, batch_size=40)
        queries = ["روسیه", "روسیه عراق", '"حمله هوایی"', "توا*", "داعش -ایران", "می شود", "کتاب ها", "گفت*"]
        for q in queries:
            for kw in ({}, {"outlet": "irna"}, {"since": "2024-02-01", "until": "2024-03-01"}):
                full = [set(_ids(s.search(q, limit=1000, **kw))) for s in stores]  # type: ignore[arg-type]
                assert full[0] == full[1], (q, kw)
        newest = [_ids(s.search(None, outlet="irib", limit=50)) for s in stores]
        assert newest[0] == newest[1]
    finally:
        for s in stores:
            s.close()


# -- query parsing (no database) ---------------------------------------------------------------------


def test_terms_and_parsing() -> None:
    assert terms("مي شود") == ["می\u200cشود"]
    assert terms("COVID-19 و كتاب") == ["covid", "19", "و", "کتاب"]
    q = parse_query('"صدا و سیما" -ایران تروریست* COVID-19')
    assert [(t.words, t.prefix, t.exclude) for t in q.items] == [
        (("صدا", "و", "سیما"), False, False),
        (("ایران",), False, True),
        (("تروریست",), True, False),
        (("covid", "19"), False, False),
    ]
    assert tsvector(["a"], ["b", "it's"]) == "'a':1A 'b':3 'it''s':4"


# -- the command line --------------------------------------------------------------------------------


def _write_folder(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"خبر شماره {i}\nروسیه و عراق درباره موضوع {i} گفتگو کردند.\n")


def test_cli_ingest_search_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    news, db = tmp_path / "news", str(tmp_path / "n.db")
    _write_folder(news, 12)
    args = ["ingest", str(news), "--db", db, "--pipeline", "normalize,segment", "-q", "--batch-size", "5"]
    assert main(args) == 0
    assert "12 article(s) stored, 0 already stored" in capsys.readouterr().err
    assert main(args) == 0  # resumable: nothing analysed twice
    assert "0 article(s) stored, 12 already stored" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
    assert "12 article(s) stored" in capsys.readouterr().err
    with open_store(db) as s:
        assert s.count() == 12

    assert main(["search", "روسيه", "--db", db, "--limit", "3", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "[روسیه]" in json.loads(lines[0])["snippet"]
    assert main(["search", "گفتگو", "--db", db, "--limit", "2"]) == 0
    assert "[گفتگو]" in capsys.readouterr().out

    for bad in ['"روسیه', "*", "x" * 10_000_000]:
        assert main(["search", bad, "--db", db]) == 2
        err = capsys.readouterr().err
        assert err.startswith("didban: error: ") and err.count("\n") == 1
    assert main(["search", "روسیه", "--db", db, "--since", "دیروز"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["search", "روسیه", "--db", str(tmp_path / "missing.db")]) == 1
    assert "no such database" in capsys.readouterr().err

    out = tmp_path / "all.jsonl"
    assert main(["export", "--db", db, "--format", "jsonl", "--out", str(out), "-q"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
    assert main(["export", "--db", db, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["id", "url", "outlet"] and len(rows) == 13


def test_cli_export_gdelt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "g.db"
    with open_store(db) as s:
        s.put_many(corpus())
    assert main(["export", "--db", str(db), "--format", "gdelt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, r.split("\t"), strict=True)) for r in lines[1:]]
    assert header[:3] == ["GLOBALEVENTID", "SQLDATE", "Actor1Code"] and len(rows) == 4
    first = rows[0]
    assert (first["SQLDATE"], first["Actor1Code"], first["Actor1Name"], first["Actor2Name"]) == (
        "20240502", "country:RU", "روسیه", "داعش",
    )  # fmt: skip
    assert (first["EventCode"], first["EventRootCode"], first["QuadClass"], first["Modality"]) == (
        "ASSAULT", "18", "4", "conditional",
    )  # fmt: skip
    assert first["SOURCEURL"] == "https://irib.example/1" and first["DATEADDED"] == "20240501063000"
    support = next(r for r in rows if r["EventCode"] == "SUPPORT")
    assert (support["SQLDATE"], support["QuadClass"]) == ("20240501", "1")  # no event date: the publication's
    assert next(r for r in rows if r["EventCode"] == "DISAPPROVE")["IsDateApproximate"] == "1"

    assert main(["export", "--db", str(db), "--format", "plover"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 4 and records[0]["event_type"] == "ASSAULT"
    assert records[0]["actor"] == [{"id": "country:RU", "name": "روسیه"}]
    assert records[0]["url"] == "https://irib.example/1"


def test_cli_ingest_postgres(tmp_path: Path, pg_admin_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    news = tmp_path / "news"
    _write_folder(news, 5)
    url = create_database(pg_admin_url, f"cli_{os.getpid()}")
    args = ["ingest", str(news), "--db", url, "--pipeline", "normalize,segment", "-q"]
    assert main(args) == 0 and main(args) == 0
    assert "0 article(s) stored, 5 already stored" in capsys.readouterr().err
    assert main(["search", "عراق", "--db", url, "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5


_FILTER_CHOICES: list[dict[str, Any]] = [
    {"outlet": "irib"}, {"outlet": "farsnews"}, {"topic": "politics"}, {"entity": "country:RU"},
    {"entity": "org:ISIS"}, {"speaker": "org:TR-MFA"}, {"event_type": "ASSAULT"}, {"modality": "intended"},
    {"modality": "conditional"}, {"event_type": "ASSAULT", "modality": "conditional"},
    {"event_type": "SUPPORT", "modality": "intended"}, {"since": "2024-05-01", "until": "2024-05-01"},
    {"since": "2024-04-01", "until": "2024-05-02"}, {"since": "2024-05-02"}, {"until": "2024-04-30"},
]  # fmt: skip


@pytest.mark.parametrize("query", ["روسیه", "داعش", "اعلام", "است -هوایی"])
def test_filtered_search_is_search_and_filter(loaded: tuple[Store, list[Article]], query: str) -> None:
    """However a backend runs a filtered search (SQLite: filter terms in the index), it finds exactly the
    articles that match the query and pass the filters on their own."""
    store, _ = loaded
    matching = set(_ids(store.search(query, limit=100)))
    for a, b in itertools.combinations_with_replacement(range(len(_FILTER_CHOICES)), 2):
        f = {**_FILTER_CHOICES[a], **_FILTER_CHOICES[b]}
        expected = matching & set(_ids(store.search(None, limit=100, **f)))
        assert set(_ids(store.search(query, limit=100, **f))) == expected, f

"""The store: ingest throughput and search latency, each against a baseline measured in the same run.

1. Ingest: real news articles analysed with the default pipeline, stored with ``Store.put_many`` (every
   table, the FTS index, idempotent upsert) against a plain ``executemany`` of the same rows into bare
   tables (no index, no FTS). Target: >= 1,000 articles/s.
2. Search: a corpus of ``--docs`` articles made by recombining sentences of the real news in
   ../shared/data/news (normalized and tokenized once, then sampled), with outlets, dates and entities.
   Top-20 ranked search with and without filters, p50/p95 per kind of query, against a LIKE scan
   (newest 20 containing the word) on the same tables. The ranked search scores at most RANK_WINDOW of the
   newest matches; the bench also times ranking *every* match (what FTS5 bm25 / ts_rank do unbounded)
   to show what the window buys. Each backend is searched twice in the same run: through the search
   index (tantivy, `didban.store.search_index`: every match ranked by BM25) and through the database's
   own full-text index alone; the p95 ratio of the two is printed.
3. The same on PostgreSQL, on a throwaway server (tests/pg.py), when its binaries are found.

    .venv/bin/python bench/bench_store.py                     # 100,000 documents, both backends
    .venv/bin/python bench/bench_store.py --docs 20000 --no-postgres
    .venv/bin/python bench/bench_store.py --docs 1000000 --sqlite-db big.db --no-postgres --skip-ingest
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tests/pg.py: the throwaway PostgreSQL server

from didban import Article  # noqa: E402
from didban.store import Store, open_store  # noqa: E402
from didban.store.base import RANK_WINDOW  # noqa: E402
from didban.store.query import fts5_match, parse_query, text_terms, tsquery  # noqa: E402
from didban.store.rows import CHILD_ATTR, CHILD_COLUMNS, META_COLUMNS, ArticleRows, article_rows  # noqa: E402
from didban.text.normalize import normalize_text  # noqa: E402
from didban.text.segment import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "news"
OUTLETS = ("farsnews", "varzesh3", "hamshahri", "radiofarda")


# -- real news ---------------------------------------------------------------------------------------


def news_items() -> Iterator[tuple[str, str, str]]:
    """(outlet, title, body) of every article in ../shared/data/news."""
    for path in sorted(DATA.glob("*/*.json")):
        outlet = path.parent.name if path.parent.name != "rss" else path.stem
        for item in json.loads(path.read_text(encoding="utf-8")):
            paragraphs = item.get("paragraphs") or []
            body = "\n".join([item.get("abstract") or item.get("summary") or "", *paragraphs]).strip()
            if item.get("title") and body:
                yield outlet, item["title"], body


# -- 1. ingest ---------------------------------------------------------------------------------------


def bench_ingest(n_source: int, n_total: int, pg_url: str | None) -> None:
    from didban.pipeline import Pipeline

    items = list(news_items())
    random.Random(1).shuffle(items)
    raw = [Article(raw_text=f"{t}\n{b}", outlet=o, url=f"https://{o}.example/{i}") for i, (o, t, b) in
           enumerate(items[:n_source])]  # fmt: skip
    nlp = Pipeline()
    t0 = time.perf_counter()
    analysed = list(nlp.pipe(raw))
    t_analyse = time.perf_counter() - t0
    base = datetime(2024, 1, 1, tzinfo=UTC)
    articles = [
        dataclasses.replace(a, id=f"{a.id}-{k}", published=base + timedelta(minutes=i + k * n_source))
        for k in range(-(-n_total // n_source))
        for i, a in enumerate(analysed)
    ][:n_total]
    print(f"ingest: {len(analysed)} real articles analysed with {nlp.names} in {t_analyse:.1f} s "
          f"({len(analysed) / t_analyse:.0f}/s), replicated to {len(articles)} (new ids)")  # fmt: skip
    mean_mentions = statistics.mean(len(a.mentions) for a in analysed)
    mean_chars = statistics.mean(len(a.text) for a in analysed)
    print(f"        per article: {mean_chars:.0f} characters, {mean_mentions:.1f} mentions")

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows = [article_rows(a) for a in articles]
        t_rows = time.perf_counter() - t0
        t_plain = _plain_executemany(Path(tmp) / "plain.db", rows)
        with open_store(Path(tmp) / "store.db") as store:
            t0 = time.perf_counter()
            store.put_many(articles, batch_size=500)
            store.sync_search_index()  # type: ignore[attr-defined]  # the search index's last commit
            t_store = time.perf_counter() - t0
            assert store.count() == len(articles)
            t0 = time.perf_counter()
            store.put_many(articles[:1000], batch_size=500)  # again: replaced, not duplicated
            t_again = time.perf_counter() - t0
            assert store.count() == len(articles)
        with open_store(Path(tmp) / "plain-store.db", search_index=None) as store:
            t0 = time.perf_counter()
            store.put_many(articles, batch_size=500)
            t_no_index = time.perf_counter() - t0
    n = len(articles)
    print(f"  rows (JSON, terms, child rows) alone: {n / t_rows:8.0f} articles/s")
    print(f"  baseline executemany of those rows:   {n / (t_rows + t_plain):8.0f} articles/s "
          f"(insert alone {n / t_plain:.0f}/s)")  # fmt: skip
    print(
        f"  SQLite put_many (all of it):          {n / t_store:8.0f} articles/s  "
        f"= {t_plain and (t_rows + t_plain) / t_store:.2f}x the baseline; re-storing {1000 / t_again:.0f}/s"
    )
    print(f"  ... without the search index:         {n / t_no_index:8.0f} articles/s "
          f"(the index costs {t_store / t_no_index:.2f}x)")  # fmt: skip
    if pg_url:
        with open_store(pg_url) as pg:
            t0 = time.perf_counter()
            pg.put_many(articles, batch_size=500)
            t_pg = time.perf_counter() - t0
            assert pg.count() == len(articles)
        print(f"  PostgreSQL put_many:                  {n / t_pg:8.0f} articles/s")


def _plain_executemany(path: Path, rows: Sequence[ArticleRows]) -> float:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE articles (seq, {', '.join(META_COLUMNS)}, data, title_terms, body_terms)")
    for table, cols in CHILD_COLUMNS.items():
        conn.execute(f"CREATE TABLE {table} (article_seq, {', '.join(cols)})")
    t0 = time.perf_counter()
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        conn.execute("BEGIN")
        marks = ",".join("?" * (len(META_COLUMNS) + 4))
        conn.executemany(
            f"INSERT INTO articles VALUES ({marks})",
            [(start + i, *r.meta[:3], str(r.meta[3]), *r.meta[4:], r.data, r.title, r.body) for i, r in
             enumerate(batch)],
        )  # fmt: skip
        for table, cols in CHILD_COLUMNS.items():
            values = [(start + i, *v) for i, r in enumerate(batch) for v in getattr(r, CHILD_ATTR[table])]
            if values:
                conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * (len(cols) + 1))})", values)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


# -- 2. the search corpus ----------------------------------------------------------------------------


def sentence_pool() -> list[list[str]]:
    """The terms of every sentence of the real news (normalized and tokenized once)."""
    pool = []
    for _, title, body in news_items():
        text = normalize_text(f"{title}\n{body}")
        for s, e in split_sentences(text):
            sentence_terms = text_terms(text[s:e])
            if len(sentence_terms) >= 4:
                pool.append(sentence_terms)
    return pool


def corpus_rows(pool: list[list[str]], n: int, seed: int = 5) -> Iterator[ArticleRows]:
    rng = random.Random(seed)
    start = CORPUS_START
    entity_weights = [1 / (k + 1) for k in range(2000)]  # Zipf-like: a few entities are everywhere
    for i in range(n):
        body: list[str] = []
        for _ in range(rng.randint(6, 14)):
            body += rng.choice(pool)
        title = rng.choice(pool)[:10]
        outlet = rng.choice(OUTLETS)
        published = start + timedelta(seconds=int(i * SECONDS_APART + rng.random() * 600))  # newer as seq grows
        aid = f"doc{i:07d}"
        meta = (aid, f"https://{outlet}.example/{i}", outlet, published, " ".join(title), None, None, None, "fa")
        rows = ArticleRows(aid, meta, json.dumps({"id": aid}), title, body)
        for eid in set(rng.choices(range(2000), weights=entity_weights, k=3)):
            rows.entities.append((f"e:{eid}", f"entity {eid}", "ORG", 1))
        yield rows


def build(store: Store, pool: list[list[str]], n: int) -> float:
    t0 = time.perf_counter()
    batch: list[ArticleRows] = []
    for rows in corpus_rows(pool, n):
        batch.append(rows)
        if len(batch) == 2000:
            store.write_rows(batch)  # type: ignore[attr-defined]
            batch = []
    if batch:
        store.write_rows(batch)  # type: ignore[attr-defined]
    return time.perf_counter() - t0


# -- 3. queries --------------------------------------------------------------------------------------


@dataclasses.dataclass
class QuerySet:
    name: str
    queries: list[str]


def query_sets(pool: list[list[str]], n_docs: int, rng: random.Random, k: int) -> list[QuerySet]:
    df: Counter[str] = Counter()
    for terms in pool:
        df.update(set(terms))
    ranked = [w for w, _ in df.most_common() if len(w) > 1 and not w.isdigit()]
    common = ranked[:15]  # «در», «و», «به», «ایران»…: in most documents
    medium = ranked[200:600]
    rare = [w for w in ranked[5000:20000] if 3 <= df[w] <= 6]
    bigrams: Counter[tuple[str, str]] = Counter()
    for terms in pool[:20000]:
        bigrams.update(itertools.pairwise(terms))
    phrases = [f'"{a} {b}"' for (a, b), _ in bigrams.most_common(400)[100:400] if len(a) > 1 and len(b) > 1]
    prefixes = sorted({w[:3] + "*" for w in ranked[:300] if len(w) >= 4})
    two = [f"{rng.choice(ranked[20:300])} {rng.choice(ranked[20:300])}" for _ in range(k)]
    pick = lambda xs: [rng.choice(xs) for _ in range(k)]  # noqa: E731
    return [
        QuerySet("common word", pick(common)),
        QuerySet("medium word", pick(medium)),
        QuerySet("rare word", pick(rare)),
        QuerySet("two words", two),
        QuerySet("phrase", pick(phrases)),
        QuerySet("prefix", pick(prefixes)),
    ]


CORPUS_START = datetime(2023, 1, 1, tzinfo=UTC)
SECONDS_APART = 700  # documents are ~12 minutes apart: 100,000 span two years


def filters(n_docs: int) -> list[tuple[str, dict[str, Any]]]:
    # A quarter of the corpus's time span, in its middle, whatever its size.
    middle = CORPUS_START + timedelta(seconds=n_docs * SECONDS_APART // 2)
    quarter = timedelta(seconds=n_docs * SECONDS_APART // 8)
    since, until = (middle - quarter).date().isoformat(), (middle + quarter).date().isoformat()
    return [
        ("no filter", {}),
        ("outlet", {"outlet": "hamshahri"}),
        ("outlet+dates", {"outlet": "varzesh3", "since": since, "until": until}),
        ("entity", {"entity": "e:3"}),
    ]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times) * 1000, p95 * 1000


def timed(fn: Callable[[], Any], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def like_pattern(query: str) -> str:
    q = parse_query(query)
    first = q.required[0]
    return "%" + " ".join(first.words) + ("%" if first.prefix else " %")


def bench_search(store: Store, label: str, sets: list[QuerySet], n_like: int, n_docs: int) -> list[float]:
    is_pg = label.startswith("PostgreSQL")
    all_ranked: list[float] = []
    print(f"\n{label}: top-20 ranked search, ms (p50 / p95), each query run once after one warm-up pass")
    print(f"  {'queries':14s} {'filter':13s} {'ranked':>16s} {'LIKE baseline':>16s} {'p95 ratio':>9s}")
    for qs in sets:
        for fname, kw in filters(n_docs):
            for q in qs.queries[:3]:
                store.search(q, **kw)
            ranked = [timed(lambda q=q, kw=kw: store.search(q, **kw)) for q in qs.queries]  # type: ignore[misc]
            all_ranked += ranked
            like = [timed(lambda q=q, kw=kw: _like(store, q, kw, is_pg)) for q in qs.queries[:n_like]]  # type: ignore[misc]
            r50, r95 = percentiles(ranked)
            if like:
                l50, l95 = percentiles(like)
                print(f"  {qs.name:14s} {fname:13s} {r50:7.1f} / {r95:6.1f} {l50:7.1f} / {l95:6.1f} {l95 / r95:8.1f}x")
            else:
                print(f"  {qs.name:14s} {fname:13s} {r50:7.1f} / {r95:6.1f} {'':>16s}")
    a50, a95 = percentiles(all_ranked)
    print(f"  all {len(all_ranked)} ranked queries: p50 {a50:.1f} ms, p95 {a95:.1f} ms")
    if getattr(store, "_search_index", None) is not None:
        return all_ranked  # the window comparison below is about the database's own index

    # What the window buys: ranking every match of a common word, as FTS5 bm25 / ts_rank do unbounded.
    common = sets[0].queries[:10]
    full = [timed(lambda q=q: _rank_all(store, q, is_pg)) for q in common]  # type: ignore[misc]
    windowed = [timed(lambda q=q: store.search(q)) for q in common]  # type: ignore[misc]
    f50, f95 = percentiles(full)
    w50, w95 = percentiles(windowed)
    print(f"  common word, rank every match: p50 {f50:.1f} / p95 {f95:.1f} ms;  "
          f"windowed ({RANK_WINDOW} newest): p50 {w50:.1f} / p95 {w95:.1f} ms")  # fmt: skip
    return all_ranked


def _like(store: Store, query: str, kw: dict[str, Any], is_pg: bool) -> list[Any]:
    where, params = store._where(_filters(kw))  # type: ignore[attr-defined]
    body = "a.body_terms" if is_pg else "f.body"
    joined = "articles a" if is_pg else "articles a JOIN articles_fts f ON f.rowid = a.seq"
    sql = (f"SELECT a.seq FROM {joined} WHERE {body} LIKE ? " + "".join(f" AND {w}" for w in where)
           + " ORDER BY a.seq DESC LIMIT 20")  # fmt: skip
    pattern = like_pattern(query)
    return store._fetch(sql, [pattern, *params])  # type: ignore[attr-defined]


def _filters(kw: dict[str, Any]) -> Any:
    from didban.store.base import Filters, time_bound

    return Filters(
        outlet=kw.get("outlet"),
        since=time_bound(kw.get("since"), end=False, name="since"),
        until=time_bound(kw.get("until"), end=True, name="until"),
        entity=kw.get("entity"),
    )


def _rank_all(store: Store, query: str, is_pg: bool) -> list[Any]:
    q = parse_query(query)
    if is_pg:
        sql = ("SELECT seq FROM articles WHERE tsv @@ ?::tsquery "
               "ORDER BY ts_rank('{0.25,0.25,0.25,1.0}', tsv, ?::tsquery, 1) DESC LIMIT 20")  # fmt: skip
        return store._fetch(sql, [tsquery(q), tsquery(q)])  # type: ignore[attr-defined]
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT 20"
    return store._fetch(sql, [fts5_match(q)])  # type: ignore[attr-defined]


def _size(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def _compare(label: str, with_index: list[float], alone: list[float]) -> None:
    i50, i95 = percentiles(with_index)
    d50, d95 = percentiles(alone)
    print(f"\n{label}: p95 {i95:.1f} ms with the search index against {d95:.1f} ms with the database's own "
          f"index in the same run ({d95 / i95:.1f}x); p50 {i50:.1f} against {d50:.1f} ms")  # fmt: skip


# -- main --------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="search corpus size (default 100,000; 0: none)")
    parser.add_argument("--ingest", type=int, default=5000, help="articles stored in the ingest bench")
    parser.add_argument("--ingest-source", type=int, default=500, help="real articles analysed for it")
    parser.add_argument("--queries", type=int, default=40, help="queries per kind and filter")
    parser.add_argument("--like", type=int, default=8, help="LIKE-baseline queries per kind and filter")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true", help="search bench on PostgreSQL only")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument(
        "--sqlite-db",
        type=Path,
        help="search this SQLite store, built before by the same corpus (--docs of them), "
        "instead of building one (a million documents take half an hour to build)",
    )
    parser.add_argument("--pg-url", help="an existing PostgreSQL database: built there when empty, kept")
    parser.add_argument("--pg-index", type=Path, help="the search index folder for --pg-url (kept)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} not found", file=sys.stderr)
        return 1

    server = None
    if not args.no_postgres:
        from pg import PgServer, create_database, find_bindir

        bindir = find_bindir()
        if bindir is None:
            print("PostgreSQL binaries not found: PostgreSQL skipped")
        else:
            server = PgServer(bindir).start()
    try:
        pg_ingest = create_database(server.url, "bench_ingest") if server else None
        if not args.skip_ingest:
            bench_ingest(args.ingest_source, args.ingest, pg_ingest)

        if args.docs <= 0:
            return 0
        t0 = time.perf_counter()
        pool = sentence_pool()
        print(f"\nsearch corpus: {len(pool):,} real sentences (pool built in {time.perf_counter() - t0:.1f} s), "
              f"{args.docs:,} documents of 6-14 of them")  # fmt: skip
        rng = random.Random(11)
        sets = query_sets(pool, args.docs, rng, args.queries)
        with tempfile.TemporaryDirectory() as tmp:
            if not args.no_sqlite:
                path = args.sqlite_db or Path(tmp) / "search.db"
                fresh = not path.exists()  # --sqlite-db of a file not there yet: built there and kept
                with open_store(path) as store:
                    if fresh:
                        t = build(store, pool, args.docs)
                        store.optimize()  # type: ignore[attr-defined]
                        print(f"SQLite: {args.docs:,} documents stored in {t:.1f} s ({args.docs / t:.0f}/s)")
                    t0 = time.perf_counter()
                    store.sync_search_index()  # type: ignore[attr-defined]
                    print(f"search index synced in {time.perf_counter() - t0:.1f} s")
                    if store.count() != args.docs:
                        print(f"{path} holds {store.count():,} documents, not --docs {args.docs:,}", file=sys.stderr)
                        return 1
                    index_mb = _size(Path(f"{path}.search"))
                    print(f"SQLite: {path.stat().st_size / 1e6:.0f} MB; search index {index_mb:.0f} MB")
                    with_index = bench_search(
                        store, f"SQLite + search index, {args.docs:,} documents", sets, args.like, args.docs
                    )
                with open_store(path, search_index=None) as store:
                    fts = bench_search(store, f"SQLite FTS5 alone, {args.docs:,} documents", sets, 0, args.docs)
                _compare("SQLite", with_index, fts)
            if server or args.pg_url:
                pg_url = args.pg_url or create_database(server.url, "bench_search")  # type: ignore[union-attr]
                with open_store(pg_url, search_index=str(args.pg_index or Path(tmp) / "pg.search")) as pg:
                    if pg.count() == 0:
                        t = build(pg, pool, args.docs)
                        pg.analyze()  # type: ignore[attr-defined]
                        print(f"\nPostgreSQL: {args.docs:,} documents stored in {t:.1f} s ({args.docs / t:.0f}/s)")
                    pg.sync_search_index()  # type: ignore[attr-defined]
                    if pg.count() != args.docs:
                        print(f"{pg_url} holds {pg.count():,} documents, not --docs {args.docs:,}", file=sys.stderr)
                        return 1
                    with_index = bench_search(
                        pg, f"PostgreSQL + search index, {args.docs:,} documents", sets, args.like, args.docs
                    )
                with open_store(pg_url, search_index=None) as pg:
                    tsv = bench_search(pg, f"PostgreSQL tsvector alone, {args.docs:,} documents", sets, 0, args.docs)
                _compare("PostgreSQL", with_index, tsv)
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

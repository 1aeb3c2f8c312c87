"""The HTTP API under load: requests/s and latency of GET /search (and a mix of other reads) on a
100,000-article SQLite store, served by ``didban serve`` in one process and loaded from another.

1. Store: ``--source`` real news articles (../shared/data/news) analysed once with the default pipeline,
   then stored ``--docs`` times in all, as bench_store.py's ingest does: each copy gets a new id, URL, one of
   four outlets and a date spread over a year; copies of one source published within a week are one story
   (the same text carried by several outlets, as a story is). Built once and reused with ``--db PATH``.
2. Server: ``python -m didban serve --db PATH --workers W`` on a free loopback port.
3. Load: a second process runs ``--concurrency`` threads, each a keep-alive connection (http.client, the
   lightest client in the standard library) sending requests back to back for ``--seconds``; it reports
   requests/s and p50/p95/p99 latency per kind of request.
4. Pages: the server time of each dashboard page (/ui/…), sequentially, median of ``--page-runs``;
   pages that answer 404 (dashboard not there yet) are skipped.

    .venv/bin/python bench/bench_api.py --db /tmp/didban-api-100k.sqlite          # builds it the first time
    .venv/bin/python bench/bench_api.py --db /tmp/didban-api-100k.sqlite --workers 2 --seconds 20
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # tests/serve.py: start and stop the server

from serve import serve  # noqa: E402

OUTLETS = ("farsnews", "varzesh3", "hamshahri", "radiofarda")
DATA = ROOT.parent / "shared" / "data" / "news"


# -- 1. the store ------------------------------------------------------------------------------------


def news_items() -> Iterator[tuple[str, str]]:
    """(title, body) of the real news articles."""
    for path in sorted(DATA.glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            paragraphs = item.get("paragraphs") or []
            body = "\n".join([item.get("abstract") or item.get("summary") or "", *paragraphs]).strip()
            if item.get("title") and body:
                yield item["title"], body


def build_store(path: Path, n_source: int, n_docs: int) -> None:
    from didban import Article
    from didban.pipeline import Pipeline
    from didban.store import open_store

    items = list(news_items())
    random.Random(1).shuffle(items)
    raw = [Article(raw_text=f"{t}\n{b}", url=f"https://source.example/{i}") for i, (t, b) in
           enumerate(items[:n_source])]  # fmt: skip
    t0 = time.perf_counter()
    analysed = list(Pipeline().pipe(raw))
    print(f"store: {len(analysed)} real articles analysed in {time.perf_counter() - t0:.0f} s", flush=True)
    rng = random.Random(7)
    start = datetime(2024, 3, 20, tzinfo=UTC)

    def copies() -> Iterator[Article]:
        for i in range(n_docs):
            k = rng.randrange(len(analysed))
            week = rng.randrange(52)
            outlet = rng.choice(OUTLETS)
            published = start + timedelta(days=7 * week + rng.random() * 3, seconds=rng.randrange(86400))
            yield dataclasses.replace(
                analysed[k], id=f"a{i:07d}", url=f"https://{outlet}.example/{i}", outlet=outlet,
                published=published, story_id=f"s{k}-{week}",
            )  # fmt: skip

    t0 = time.perf_counter()
    with open_store(path) as store:
        n = store.put_many(copies(), batch_size=1000)
    print(f"store: {n:,} articles written to {path} in {time.perf_counter() - t0:.0f} s", flush=True)


# -- 3. the load (runs in a second process) ----------------------------------------------------------


def request_mix(db: Path, n: int, seed: int = 3) -> list[tuple[str, str]]:
    """(kind, path) pairs: mostly searches (words common and rare, phrases, filters, pages), some reads."""
    from didban.store import open_store
    from didban.store.query import terms

    rng = random.Random(seed)
    with open_store(db) as store:
        sample = store.search(None, limit=1000)
        titles = [h.title or "" for h in sample]
        ids = [h.id for h in sample]
        entities = [e.id for e in store.find_entities("ا", limit=50)]
        stories = [s.id for s in store.stories(limit=50)]
    vocabulary = Counter(t for title in titles for t in terms(title) if len(t) > 2)
    common = [w for w, _ in vocabulary.most_common(40)]
    rare = [w for w, c in vocabulary.items() if c == 1][:400]
    out: list[tuple[str, str]] = []
    for _ in range(n):
        title_terms = terms(rng.choice(titles))
        r = rng.random()
        if r < 0.30:
            params = {"q": rng.choice(common)}
        elif r < 0.50:
            params = {"q": rng.choice(rare or common)}
        elif r < 0.62 and len(title_terms) >= 3:
            i = rng.randrange(len(title_terms) - 1)
            params = {"q": f'"{title_terms[i]} {title_terms[i + 1]}"'}
        elif r < 0.74:
            params = {"q": " ".join(rng.sample(common, 2))}
        elif r < 0.86:
            params = {"q": rng.choice(common), "outlet": rng.choice(OUTLETS), "since": "2024-09-01"}
        elif r < 0.93:
            params = {"q": rng.choice(common), "offset": str(rng.choice((20, 40, 100)))}
        else:
            params = {"outlet": rng.choice(OUTLETS)}  # no text: the newest of an outlet
        out.append(("search", "/search?" + urllib.parse.urlencode(params)))
    others: list[tuple[str, str]] = []
    for _ in range(n // 4):
        r = rng.random()
        if r < 0.5:
            others.append(("article", f"/articles/{rng.choice(ids)}"))
        elif r < 0.7 and entities:
            others.append(("entity", f"/entities/{urllib.parse.quote(rng.choice(entities))}?limit=20"))
        elif r < 0.85 and stories:
            others.append(("story", f"/stories/{rng.choice(stories)}"))
        else:
            others.append(("events", f"/events?event_type={rng.choice(('ASSAULT', 'CONSULT', 'ACCUSE'))}"))
    return out + others


def run_load(base: str, requests: list[tuple[str, str]], concurrency: int, seconds: float) -> dict[str, object]:
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine: dict[str, list[float]] = defaultdict(list)
        while time.perf_counter() < deadline:
            kind, path = rng.choice(requests)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                status = -1
            elapsed = time.perf_counter() - t0
            if status == 200:
                mine[kind].append(elapsed)
            else:
                with lock:
                    errors[f"{kind} {status}"] += 1
        with lock:
            for kind, values in mine.items():
                latencies[kind].extend(values)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"wall": wall, "latencies": dict(latencies), "errors": dict(errors)}


def client_main(args: argparse.Namespace) -> int:
    """The second process: build the request mix, warm up, load, print JSON on stdout."""
    mix = request_mix(args.db, 400)
    searches = [r for r in mix if r[0] == "search"]
    run_load(args.base, mix, args.concurrency, 3.0)  # warm-up: caches and the OS page cache
    results = {
        # The ceiling the server and this client reach on a request that does no work.
        "healthz": run_load(args.base, [("healthz", "/healthz")], args.concurrency, max(3.0, args.seconds / 3)),
        "search": run_load(args.base, searches, args.concurrency, args.seconds),
        "mixed": run_load(args.base, mix, args.concurrency, args.seconds),
    }
    json.dump(results, sys.stdout)
    return 0


# -- 4. pages ----------------------------------------------------------------------------------------


def page_times(base: str, db: Path, runs: int) -> list[tuple[str, float | None]]:
    from didban.store import open_store

    with open_store(db) as store:
        hit = store.search("ایران", limit=1)[0]
        entity = store.find_entities("ایران", limit=1)[0].id
        story = store.stories(limit=1)[0].id
    pages = [
        "/ui/",
        "/ui/search?" + urllib.parse.urlencode({"q": "ایران"}),
        "/ui/search?" + urllib.parse.urlencode({"q": "ایران", "outlet": "farsnews"}),
        f"/ui/articles/{hit.id}",
        f"/ui/entities/{urllib.parse.quote(entity)}",
        f"/ui/stories/{story}",
    ]
    split = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    out: list[tuple[str, float | None]] = []
    for page in pages:
        times = []
        status = 0
        for _ in range(runs + 1):  # the first is a warm-up
            t0 = time.perf_counter()
            conn.request("GET", page)
            response = conn.getresponse()
            response.read()
            status = response.status
            times.append(time.perf_counter() - t0)
        out.append((page, statistics.median(times[1:]) if status == 200 else None))
    return out


# -- report ------------------------------------------------------------------------------------------


def report(name: str, result: dict[str, object]) -> None:
    latencies: dict[str, list[float]] = result["latencies"]  # type: ignore[assignment]
    wall: float = result["wall"]  # type: ignore[assignment]
    total = sum(len(v) for v in latencies.values())
    print(f"  {name}: {total / wall:7.1f} requests/s ({total:,} OK in {wall:.1f} s)"
          + (f", errors: {result['errors']}" if result["errors"] else ""))  # fmt: skip
    for kind, values in sorted(latencies.items()):
        values.sort()
        p50, p95, p99 = (values[min(len(values) - 1, int(q * len(values)))] * 1000 for q in (0.5, 0.95, 0.99))
        print(f"    {kind:8s} n={len(values):6,}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="store to reuse (built there when missing); default: a temporary one")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--source", type=int, default=600, help="real articles analysed for the store")
    ap.add_argument("--workers", type=int, default=2, help="server processes (didban serve --workers)")
    ap.add_argument(
        "--cache-seconds", type=int, default=0,
        help="the server's response cache ([api] cache_seconds); default 0: every request does the work",
    )  # fmt: skip
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--page-runs", type=int, default=5)
    ap.add_argument("--client", action="store_true", help=argparse.SUPPRESS)  # the load process
    ap.add_argument("--base", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        return client_main(args)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "api.sqlite"
        if not db.exists():
            if not DATA.is_dir():
                print(f"{DATA}: not found (the bench builds its store from the real news)", file=sys.stderr)
                return 1
            build_store(db, args.source, args.docs)
        from didban.store import open_store

        with open_store(db) as store:
            n = store.count()
        print(f"server: didban serve --workers {args.workers}, {n:,} articles; load: {args.concurrency} "
              f"connections for {args.seconds:g} s from a second process; response cache "
              f"{f'{args.cache_seconds} s' if args.cache_seconds else 'off'}; {os.cpu_count()} CPUs, "
              f"load average before: {load_average()}")  # fmt: skip
        env = {"DIDBAN_API__CACHE_SECONDS": str(args.cache_seconds)}
        with serve(db, env=env, args=["--workers", str(args.workers)]) as base:
            cmd = [sys.executable, __file__, "--client", "--base", base, "--db", str(db),
                   "--concurrency", str(args.concurrency), "--seconds", str(args.seconds)]  # fmt: skip
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            results = json.loads(done.stdout)
            report("baseline GET /healthz (no work: the server + client ceiling)", results["healthz"])
            report("GET /search only", results["search"])
            report("mixed reads (search, article, entity, story, events)", results["mixed"])
            print(f"  load average after: {load_average()}")
            print(f"pages (server time, median of {args.page_runs}, one client):")
            for page, seconds in page_times(base, db, args.page_runs):
                shown = f"{seconds * 1000:7.1f} ms" if seconds is not None else "   skipped (not 200)"
                print(f"  {shown}  {urllib.parse.unquote(page)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of `NearDuplicateIndex.add` against its own first step, shingling, on real news.

Articles: every news item of ../shared/data/news (title, lead and paragraphs; RSS items as title +
summary), then synthetic re-publications of a sample of them (another outlet's lead, a trimmed ending…,
see `didban.corpus.evaluation.make_copy`), so that the verification path runs as it does on a real feed.

- **shingles** (the baseline): ``shingle_hashes(article_words(a))`` for each article: normalize,
  tokenize, words, 5-gram hashes; what any shingle-based method has to pay;
- **add**: ``NearDuplicateIndex().add(a)`` for each article into a fresh index: the same shingling, then
  the MinHash signature, the LSH query, the verification of the candidates and the LSH insert.

Rounds alternate the order of the two and the best round of each is kept: on a shared machine the
ratio holds when absolute figures do not. ``--normalized`` gives the articles their normalized text
first (not timed), as the pipeline does before the corpus steps. Also printed: the index's size in
memory (tracemalloc, a separate pass) and in `to_bytes`, per article.

    .venv/bin/python bench/bench_near_duplicates.py
    .venv/bin/python bench/bench_near_duplicates.py --normalized --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from pathlib import Path

from didban.article import Article
from didban.corpus.evaluation import SOURCE_OUTLET, load_news, make_copy
from didban.corpus.near_duplicates import NearDuplicateIndex, article_words, shingle_hashes
from didban.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def corpus(data: Path, copies: int, normalized: bool) -> list[Article]:
    items = load_news(data)
    rng = random.Random(7)
    articles = [Article(it.raw_text(), outlet=SOURCE_OUTLET[it.source], url=it.link) for it in items]
    for k, i in enumerate(sorted(rng.sample(range(len(items)), min(copies, len(items))))):
        c = make_copy(rng, items[i])
        articles.append(Article(c.raw_text(), outlet=c.outlet, url=f"copy:{k}"))
    if normalized:
        for a in articles:
            a.text = normalize_text(a.raw_text)
    return articles


def time_shingles(articles: list[Article]) -> float:
    t0 = time.perf_counter()
    for a in articles:
        shingle_hashes(article_words(a))
    return time.perf_counter() - t0


def time_add(articles: list[Article]) -> tuple[float, int]:
    index = NearDuplicateIndex()
    t0 = time.perf_counter()
    found = sum(index.add(a) is not None for a in articles)
    return time.perf_counter() - t0, found


def memory(articles: list[Article]) -> tuple[float, int]:
    """(bytes allocated by building the index, bytes of its to_bytes), per article."""
    gc.collect()
    tracemalloc.start()
    index = NearDuplicateIndex()
    before = tracemalloc.get_traced_memory()[0]
    for a in articles:
        index.add(a)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / len(articles), len(index.to_bytes()) // len(articles)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--copies", type=int, default=2000, help="synthetic re-publications added (default 2000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds (default 3); the best of each is kept")
    ap.add_argument("--normalized", action="store_true", help="articles arrive with their normalized text")
    args = ap.parse_args(argv)
    if not (args.data / "news").is_dir():
        print(f"{args.data / 'news'}: not found; nothing to measure", file=sys.stderr)
        return 0
    articles = corpus(args.data, args.copies, args.normalized)
    print(
        f"{len(articles):,} articles ({args.copies:,} synthetic copies), "
        f"{sum(len(a.raw_text.encode()) for a in articles) / 1e6:.1f} MB; "
        f"{'normalized text given' if args.normalized else 'raw text (normalized inside)'}"
    )
    time_add(articles[:200])  # warm-up: imports, the normalizer's tables, the word-hash memo
    best_sh, best_add, found = float("inf"), float("inf"), 0
    for r in range(args.repeat):
        order = ("shingles", "add") if r % 2 == 0 else ("add", "shingles")
        for which in order:
            gc.collect()
            if which == "shingles":
                best_sh = min(best_sh, time_shingles(articles))
            else:
                seconds, found = time_add(articles)
                best_add = min(best_add, seconds)
    n = len(articles)
    print(f"{'':<10} {'articles/s':>11} {'seconds':>8}")
    print(f"{'shingles':<10} {n / best_sh:>11,.0f} {best_sh:>8.2f}")
    print(f"{'add':<10} {n / best_add:>11,.0f} {best_add:>8.2f}")
    print(
        f"add / shingles time: {best_add / best_sh:.2f}×  (MinHash + LSH + verification: "
        f"{(best_add - best_sh) / n * 1e6:.0f} µs an article); near-duplicates found: {found:,}"
    )
    per_article, stored = memory(articles)
    print(f"index memory: {per_article / 1024:.1f} KiB an article (tracemalloc); to_bytes: {stored} bytes an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())

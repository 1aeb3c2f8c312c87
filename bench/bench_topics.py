"""Throughput of the topic, keywords and summary stages together, against the normalizer in the same run.

Articles (title + abstract + paragraphs; RSS items as title + summary) come from ../shared/data/news.
Normalize + segment run first, outside the timing of the three stages; the normalizer's own rate over the
same articles is the in-run baseline, so the ratio holds on a busy machine when absolute figures do not.
Single process: the figures are articles/s per core.

    .venv/bin/python bench/bench_topics.py [--limit 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from didban.article import Article
from didban.stages.keywords import KeywordStage
from didban.stages.normalize import NormalizeStage
from didban.stages.segment import SegmentStage
from didban.stages.summary import SummaryStage
from didban.stages.topic import TopicStage
from didban.topics.data import load_news

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    items = load_news(args.data)
    step = max(1, len(items) // args.limit)
    raws = [i.text() for i in items[::step]][: args.limit]
    normalize, segment = NormalizeStage(), SegmentStage()
    stages = [TopicStage(), KeywordStage(), SummaryStage()]
    prepared = [segment(normalize(Article(r))) for r in raws]
    best_norm = best_three = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        for r in raws:
            normalize(Article(r))
        best_norm = min(best_norm, time.perf_counter() - t)
        t = time.perf_counter()
        for a in prepared:
            for stage in stages:
                stage(a)
        best_three = min(best_three, time.perf_counter() - t)
    n = len(raws)
    mb = sum(len(r.encode()) for r in raws) / 1e6
    print(f"{n} articles, {mb:.1f} MB, best of {args.repeat}")
    print(f"normalize (baseline)        {n / best_norm:8.0f} articles/s")
    print(
        f"topic + keywords + summary  {n / best_three:8.0f} articles/s  ({best_norm / best_three:.2f}× the normalizer)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

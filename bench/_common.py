"""What the benchmarks share: the news articles of ../shared/data/news as raw texts, and best-of timing.

Benchmarks run as ``python bench/<name>.py``: this folder is then on ``sys.path``, and each benchmark also
puts it there itself, so ``from _common import ...`` works from any working directory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from didban.goldfile import record_text


def iter_news(data: Path) -> Iterator[str]:
    """News articles as title / abstract (RSS: summary) / paragraphs, one per line (`record_text`)."""
    for path in sorted((data / "news").glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            text = record_text(item)
            if text:
                yield text


def news(data: Path, limit: int) -> list[str]:
    """About ``limit`` news articles, spread over all outlets (not the first file only)."""
    out = list(iter_news(data))
    step = max(1, len(out) // limit)
    return out[::step][:limit]


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The shortest wall time of ``runs`` calls of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def news_parser(doc: str | None, *, articles: int, ner: bool = False) -> argparse.ArgumentParser:
    """The options of a stage benchmark over news articles: ``--data``, ``--articles``, ``--runs`` (and ``--ner``)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--articles", type=int, default=articles)
    ap.add_argument("--runs", type=int, default=3)
    if ner:
        ap.add_argument("--ner", action="store_true", help="prepare mentions with the NER model too")
    return ap


def news_or_none(args: argparse.Namespace) -> list[str] | None:
    """``news(args.data, args.articles)``, or None (said on stderr) when there is no news folder."""
    if not (args.data / "news").is_dir():
        print(f"{args.data / 'news'}: not found", file=sys.stderr)
        return None
    return news(args.data, args.articles)

"""Check the C normalizer and sentence splitter against the Python rules on the whole news corpus, and time both.

    python scripts/check_normalizer.py [--data ../shared/data]

Every article is normalized both ways (text, offset map and title must be equal, with and without
offsets), then split into sentences both ways, on the normalized and on the raw text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_text import DEFAULT_DATA, build_corpus  # noqa: E402

from didban.text.normalize import Normalizer  # noqa: E402
from didban.text.segment import split_sentences, split_sentences_by_rules  # noqa: E402


def _seconds(run: Callable[[str], object], texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        run(t)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not (args.data / "news").is_dir():
        print(f"skipped: no shared data at {args.data}")
        return 0
    fast, plain = Normalizer(), Normalizer(fast=False)
    if fast._program is None:
        print("the C fast path is not built (no compiler?): nothing to compare")
        return 1
    raw, size = build_corpus(args.data, None)
    differ = 0
    texts: list[str] = []
    for article in raw:
        got, want = fast(article), plain(article)
        same = (
            got.text == want.text
            and got.offsets.to_list() == want.offsets.to_list()
            and got.title_span == want.title_span
            and fast.text(article) == want.text
        )
        differ += not same
        texts.append(want.text)
    print(f"normalize: {len(raw):,} articles ({size / 1e6:.2f} MB): {differ} differ (text, offsets, title)")
    split_differ = sum(split_sentences(t) != split_sentences_by_rules(t) for t in texts + raw)
    print(f"sentences: {len(texts):,} normalized and {len(raw):,} raw texts: {split_differ} differ")
    for _ in range(2):
        c, p = _seconds(fast, raw), _seconds(plain, raw)
        print(f"normalize fast path {c:.2f} s, Python rules {p:.2f} s: {p / c:.1f}x")
    for _ in range(2):
        c, p = _seconds(split_sentences, texts), _seconds(split_sentences_by_rules, texts)
        print(f"sentences fast path {c:.2f} s, Python rules {p:.2f} s: {p / c:.1f}x")
    return 1 if differ or split_differ else 0


if __name__ == "__main__":
    sys.exit(main())

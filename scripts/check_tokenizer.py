"""Check the C tokenizer against the token pattern on the whole news corpus, and time both.

    python scripts/check_tokenizer.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_text import DEFAULT_DATA, build_corpus  # noqa: E402

from didban.text.normalize import normalize_text  # noqa: E402
from didban.text.segment import tokenize, tokenize_by_pattern  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not (args.data / "news").is_dir():
        print(f"skipped: no shared data at {args.data}")
        return 0
    raw, size = build_corpus(args.data, None)
    texts = [normalize_text(a) for a in raw]
    differ = sum(tokenize(t) != tokenize_by_pattern(t) for t in texts + raw)
    print(f"{len(texts):,} articles ({size / 1e6:.2f} MB), normalized and raw: {differ} differ")
    for _ in range(2):
        t0 = time.perf_counter()
        for t in texts:
            tokenize(t)
        t1 = time.perf_counter()
        for t in texts:
            tokenize_by_pattern(t)
        t2 = time.perf_counter()
        print(f"fast path {t1 - t0:.2f} s, pattern {t2 - t1:.2f} s: {(t2 - t1) / (t1 - t0):.1f}x")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

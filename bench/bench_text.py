"""Throughput of didban's normalize + sentence split + tokenize against hazm 0.10, on real news text.

The corpus (>= 20 MB of UTF-8 by default) is built from ../shared/data: news articles (title, abstract,
paragraphs; RSS items as title + summary), then NSURL-2019 NER documents rebuilt from the CoNLL tokens
(tokens joined by spaces, sentences by spaces, one document per -DOCSTART-).

Both systems run article by article in the same process; rounds alternate their order and the best
round of each is kept, so the ratio holds on a shared, noisy machine even when absolute figures do not.

    .venv/bin/python bench/bench_text.py              # full corpus, 3 rounds
    .venv/bin/python bench/bench_text.py --mb 2 --repeat 1   # quick look
    .venv/bin/python bench/bench_text.py --python-rules      # also time the pure-Python path (no C)
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import iter_news

from didban.text.normalize import Normalizer
from didban.text.segment import split_sentences, split_sentences_by_rules, tokenize, tokenize_by_pattern

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
MB = 1_000_000  # decimal megabyte, of UTF-8 input bytes
PARTS = ("normalize", "sentences", "tokens")


# ---------------------------------------------------------------------------------------- corpus
def _conll_documents(data: Path) -> Iterator[str]:
    """NSURL-2019 documents: each sentence's tokens joined by spaces, sentences joined by spaces."""
    for path in sorted((data / "ner" / "nsurl2019").glob("*.conll")):
        sentences: list[str] = []
        tokens: list[str] = []
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("-DOCSTART-") or not line.strip():
                    if tokens:
                        sentences.append(" ".join(tokens))
                        tokens = []
                    if line.startswith("-DOCSTART-") and sentences:
                        yield " ".join(sentences)
                        sentences = []
                    continue
                tokens.append(line.split("\t", 1)[0].strip())
        if tokens:
            sentences.append(" ".join(tokens))
        if sentences:
            yield " ".join(sentences)


def build_corpus(data: Path, limit_bytes: int | None) -> tuple[list[str], int]:
    """Articles up to ``limit_bytes`` UTF-8 bytes (all of them when None), and their total size."""
    articles: list[str] = []
    total = 0
    for source in (iter_news(data), _conll_documents(data)):
        for text in source:
            if limit_bytes is not None and total >= limit_bytes:
                return articles, total
            articles.append(text)
            total += len(text.encode("utf-8"))
    return articles, total


# -------------------------------------------------------------------------------------- runners
@dataclass
class Timing:
    parts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))
    sentences: int = 0
    tokens: int = 0

    @property
    def total(self) -> float:
        return sum(self.parts.values())


Runner = Callable[[list[str]], Timing]


def make_didban_runner(with_offsets: bool = True, python: bool = False) -> Runner:
    """The pipeline path (normalize with offsets, split sentences, tokenize the whole text); with
    ``with_offsets=False`` the offset-free ``Normalizer().text``, for information only; with
    ``python=True`` the Python specification of all three, which is what runs without the C extensions."""

    def run_didban(articles: list[str]) -> Timing:
        norm = Normalizer(fast=not python)
        normalize: Callable[[str], str] = (lambda raw: norm(raw).text) if with_offsets else norm.text
        split_sentences_ = split_sentences_by_rules if python else split_sentences
        tokenize_ = tokenize_by_pattern if python else tokenize
        clock = time.perf_counter
        t = Timing()
        p = t.parts
        for raw in articles:
            t0 = clock()
            text = normalize(raw)
            t1 = clock()
            sents = split_sentences_(text)
            t2 = clock()
            toks = tokenize_(text)
            t3 = clock()
            p["normalize"] += t1 - t0
            p["sentences"] += t2 - t1
            p["tokens"] += t3 - t2
            t.sentences += len(sents)
            t.tokens += len(toks)
        return t

    return run_didban


def make_hazm_runner(hazm: Any) -> Runner:
    """hazm's documented path: Normalizer().normalize, sent_tokenize, word_tokenize per sentence."""

    def run_hazm(articles: list[str]) -> Timing:
        norm = hazm.Normalizer()
        sent_tokenize, word_tokenize = hazm.sent_tokenize, hazm.word_tokenize
        clock = time.perf_counter
        t = Timing()
        p = t.parts
        for raw in articles:
            t0 = clock()
            text = norm.normalize(raw)
            t1 = clock()
            sents = sent_tokenize(text)
            t2 = clock()
            n = 0
            for s in sents:
                n += len(word_tokenize(s))
            t3 = clock()
            p["normalize"] += t1 - t0
            p["sentences"] += t2 - t1
            p["tokens"] += t3 - t2
            t.sentences += len(sents)
            t.tokens += n
        return t

    return run_hazm


def _import_hazm() -> Any | None:
    try:
        import hazm  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except Exception as exc:  # ImportError, or numpy ABI errors from its pinned dependencies
        print(f"hazm is not importable ({type(exc).__name__}: {exc}); running didban only.", file=sys.stderr)
        print("Install the reference with:  pip install 'didban[compare]'   (hazm==0.10.0)", file=sys.stderr)
        return None
    return hazm


# ---------------------------------------------------------------------------------------- report
def _row(name: str, t: Timing, size: int) -> str:
    parts = " | ".join(f"{t.parts[k]:.2f}" for k in PARTS)
    speed = size / MB / t.total
    return f"| {name} | {speed:.2f} | {t.total:.2f} | {parts} | {t.sentences:,} | {t.tokens:,} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data (default: %(default)s)")
    ap.add_argument("--mb", type=float, default=None, help="limit the corpus to about N MB (default: all)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds, alternating systems; best of each kept")
    ap.add_argument(
        "--fast-path",
        action="store_true",
        help="also time didban with Normalizer().text (no offset map), for information",
    )
    ap.add_argument(
        "--python-rules",
        action="store_true",
        help="also time didban's pure-Python path (no C extensions: what an install without a compiler runs)",
    )
    args = ap.parse_args(argv)

    if not (args.data / "news").is_dir():
        print(f"skipped: no shared data at {args.data} (pass --data DIR)")
        return 0
    limit = None if args.mb is None else int(args.mb * MB)
    articles, size = build_corpus(args.data, limit)
    if not articles:
        print(f"skipped: no news or NSURL-2019 text found under {args.data}")
        return 0
    print(f"corpus: {len(articles):,} articles, {size / MB:.2f} MB UTF-8 from {args.data}")
    if args.mb is None and size < 20 * MB:
        print(f"warning: corpus is under the intended 20 MB ({size / MB:.2f} MB)")

    runners: dict[str, Runner] = {"didban": make_didban_runner()}
    hazm = _import_hazm()
    if hazm is not None:
        runners["hazm"] = make_hazm_runner(hazm)
    if args.fast_path:
        runners["didban (text only)"] = make_didban_runner(with_offsets=False)
    if args.python_rules:
        runners["didban (Python)"] = make_didban_runner(python=True)

    # Warm up: compile regexes, load hazm's word lists, before any timed round.
    for run in runners.values():
        run(articles[:20])

    best: dict[str, Timing] = {}
    rounds = max(1, args.repeat)
    names = list(runners)
    for r in range(rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            gc.collect()
            t = runners[name](articles)
            print(f"  round {r + 1} {name:18s} {t.total:7.2f} s  {size / MB / t.total:6.2f} MB/s", flush=True)
            if name not in best or t.total < best[name].total:
                best[name] = t

    print()
    print(f"Best of {rounds} round(s); {size / MB:.2f} MB, {len(articles):,} articles; times in s.")
    print()
    print("| system | MB/s | total | normalize | sentences | tokens | #sentences | #tokens |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, t in best.items():
        print(_row(name, t, size))
    if "hazm" in best:
        d, h = best["didban"], best["hazm"]
        speedups = " | ".join(f"{h.parts[k] / d.parts[k]:.1f}×" for k in PARTS)
        print(f"| didban/hazm speed | **{h.total / d.total:.1f}×** | | {speedups} | | |")
        print()
        print(f"throughput ratio didban/hazm: {h.total / d.total:.2f} (target ≥ 10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

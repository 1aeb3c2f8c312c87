"""Near-duplicate detection P/R/F1, and a story-clustering proxy, on test sets built from real news.

    python scripts/eval_near_duplicates.py --data ../shared/data
    python scripts/eval_near_duplicates.py --data ../shared/data --sweep          # shingle sizes × thresholds
    python scripts/eval_near_duplicates.py --data ../shared/data --story-sweep    # story thresholds
    python scripts/eval_near_duplicates.py --data ../shared/data --entities       # stories with ner + link

The test set (`didban.corpus.evaluation`, fixed seed): every news item of ``news/`` as an original;
2,000 synthetic re-publications under another outlet (another lead, the outlet's name replaced, first
sentence dropped, ending trimmed, title dropped, ي/ك swapped, ZWNJ ↔ space, digits, «انتهای پیام»);
negatives: each article's nearest same-topic article, nearest same-outlet article and the article
sharing most of its word trigrams. Real pairs that look like one article posted twice are set aside.

`--sweep` scores the verification rule alone on every pair (exact shingle sets, no LSH): it is how the
shingle size and the thresholds were chosen. Exit status 1 if precision < 0.98 or recall < 0.95.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from didban.article import Article
from didban.corpus.evaluation import (
    NearDuplicateTestSet,
    copy_articles,
    evaluate_near_duplicates,
    evaluate_stories,
    heavily_trimmed_copies,
    near_duplicate_test_set,
    original_articles,
    pair_similarities,
    threshold_scores,
)

TARGET_PRECISION, TARGET_RECALL = 0.98, 0.95


def describe(test: NearDuplicateTestSet) -> None:
    by_source = Counter(it.source for it in test.items)
    kinds = Counter(test.negatives.values())
    print(
        f"test set: {len(test.items):,} originals ({', '.join(f'{s} {n:,}' for s, n in sorted(by_source.items()))}); "
        f"{len(test.copies):,} synthetic copies; {len(test.negatives):,} negative pairs "
        f"({', '.join(f'{k} {n:,}' for k, n in sorted(kinds.items()))}); "
        f"{len(test.reposted):,} real re-posted pairs set aside"
    )
    applied = Counter(t for c in test.copies for t in c.transforms)
    print("transforms applied: " + ", ".join(f"{k} {n}" for k, n in applied.most_common()))


def near_duplicates(test: NearDuplicateTestSet, params: dict[str, Any], show: int) -> dict[str, Any]:
    from didban.corpus.near_duplicates import NearDuplicateIndex

    index = NearDuplicateIndex(**params)
    print(f"\nnear-duplicates: {index.params()} (LSH bands b={index._lsh.b}, rows r={index._lsh.r})")
    report = evaluate_near_duplicates(test, **params)
    c = report.confusion
    print(f"precision {c.precision:.4f}  recall {c.recall:.4f}  F1 {c.f1:.4f}")
    print(f"confusion: TP {c.tp:,}  FN {c.fn:,}  FP {c.fp:,}  TN {c.tn:,}  (false-positive rate {c.fp_rate:.5f})")
    print("recall by transform: " + ", ".join(f"{k} {f}/{n}" for k, (f, n) in report.recall_by_transform.items()))
    print("false positives by negative kind: " + ", ".join(f"{k} {f}/{n}" for k, (f, n) in report.fp_by_kind.items()))
    joined, total = report.reposted_joined
    print(
        f"real re-posted pairs (set aside) joined: {joined}/{total}; originals marked as a near-duplicate "
        f"of another original: {report.corpus_flagged}"
    )
    adds = len(test.items) + len(test.copies)
    print(f"time: {adds:,} adds in {report.seconds:.1f} s ({adds / report.seconds:,.0f} articles/s)")
    if show:
        originals, copies = original_articles(test), copy_articles(test)
        for k in report.false_negatives[:show]:
            cp = test.copies[k]
            print(f"  missed {cp.transforms}:\n    {_head(originals[cp.original])}\n    {_head(copies[k])}")
        for x, y in report.false_positives[:show]:
            print(f"  false positive:\n    {_head(originals[x])}\n    {_head(originals[y])}")
    return {
        "params": index.params(),
        "precision": c.precision,
        "recall": c.recall,
        "f1": c.f1,
        "confusion": asdict(c),
        "recall_by_transform": report.recall_by_transform,
        "fp_by_kind": report.fp_by_kind,
        "reposted_joined": report.reposted_joined,
        "seconds": report.seconds,
    }


def _head(article: Article, n: int = 140) -> str:
    return article.raw_text[:n].replace("\n", " / ")


def sweep(test: NearDuplicateTestSet) -> None:
    heavy = dataclasses.replace(test, copies=heavily_trimmed_copies(test.items))
    print(
        f"\nsweep (exact shingle sets, the verification rule alone: jaccard ≥ 0.7 or containment ≥ C); "
        f"'heavy R': recall on {len(heavy.copies)} copies keeping only 40-60 % of the words:"
    )
    print(
        f"{'shingle':>7} {'C':>5} {'min':>4} {'P':>7} {'R':>7} {'F1':>7} {'FP':>4} {'FN':>4} {'heavy R':>8}"
        "  negatives with C ≥ 0.5"
    )
    for size in (3, 4, 5, 6):
        sims = pair_similarities(test, size, exact=True)
        heavy_sims = pair_similarities(heavy, size, exact=True)
        hard = sum(s[1] >= 0.5 for s in sims["negative"])
        for cont in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
            for min_shingles in (5, 10):
                c = threshold_scores(sims, cont, 0.7, min_shingles)
                h = threshold_scores(heavy_sims, cont, 0.7, min_shingles)
                print(
                    f"{size:>7} {cont:>5} {min_shingles:>4} {c.precision:>7.4f} {c.recall:>7.4f} {c.f1:>7.4f} "
                    f"{c.fp:>4} {c.fn:>4} {h.recall:>8.4f}  {hard}"
                )
        for jac in (0.4, 0.5, 0.6, 0.7):  # Jaccard alone (no containment rule), for comparison
            c = threshold_scores(sims, 2.0, jac, 0)
            h = threshold_scores(heavy_sims, 2.0, jac, 0)
            print(
                f"{size:>7} {'J ≥ ' + str(jac):>10} {c.precision:>7.4f} {c.recall:>7.4f} {c.f1:>7.4f} "
                f"{c.fp:>4} {c.fn:>4} {h.recall:>8.4f}  (Jaccard alone)"
            )


def stories(
    test: NearDuplicateTestSet, params: dict[str, Any], analyse: Callable[[Article], Article] | None
) -> dict[str, Any]:
    r = evaluate_stories(test, analyse, **params)
    print(f"\nstories {params}:")
    print(
        f"copies in their original's story (text alone, no near-duplicate link): "
        f"{r.copies_together[0]}/{r.copies_together[1]}"
    )
    print(f"real re-posted pairs within the window in one story: {r.reposted_together[0]}/{r.reposted_together[1]}")
    print(
        f"same-story pairs of originals: {r.pairs:,}; from sources years apart (certainly wrong): "
        f"{r.cross_era:,} ({r.cross_era / max(r.pairs, 1):.2%})"
    )
    for source, (share, base, n) in r.topic_purity.items():
        print(
            f"  {source}: same-story pairs sharing a topic label {share:.1%} of {n:,} "
            f"(random pairs within the window: {base:.1%})"
        )
    print(
        f"{r.stories:,} stories, {r.singletons:,} of one article, largest {r.largest}, "
        f"{r.multi_outlet:,} with several outlets; {r.seconds:.1f} s"
    )
    return asdict(r)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--positives", type=int, default=2000, help="synthetic copies (default 2000)")
    ap.add_argument("--seed", type=int, default=None, help="test-set seed (default: the fixed one)")
    ap.add_argument("--shingle-size", type=int, default=5)
    ap.add_argument("--containment", type=float, default=0.75)
    ap.add_argument("--jaccard", type=float, default=0.7)
    ap.add_argument("--min-shingles", type=int, default=5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--sweep", action="store_true", help="also sweep shingle sizes and thresholds")
    ap.add_argument("--no-stories", action="store_true", help="skip the story evaluation")
    ap.add_argument("--story-threshold", type=float, default=None, help="default: StoryClusterer's")
    ap.add_argument("--story-sweep", action="store_true", help="story evaluation at several thresholds")
    ap.add_argument("--entities", action="store_true", help="run ner + link first (minutes) for entity overlap")
    ap.add_argument("--show", type=int, default=0, help="print this many misses and false positives")
    ap.add_argument("--json", type=Path, default=None, help="also write the scores as JSON")
    args = ap.parse_args(argv)
    if not (args.data / "news").is_dir():
        print(f"{args.data / 'news'}: not found", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    kwargs: dict[str, Any] = {"positives": args.positives}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    test = near_duplicate_test_set(args.data, **kwargs)
    describe(test)
    print(f"(built in {time.perf_counter() - t0:.0f} s)")
    params = {
        "shingle_size": args.shingle_size,
        "containment": args.containment,
        "jaccard": args.jaccard,
        "min_shingles": args.min_shingles,
        "num_perm": args.num_perm,
    }
    out: dict[str, Any] = {"near_duplicates": near_duplicates(test, params, args.show)}
    if args.sweep:
        sweep(test)
    if not args.no_stories:
        analyse = None
        if args.entities:
            from didban.pipeline import Pipeline

            analyse = Pipeline(["normalize", "segment", "ner", "link"])
        base: dict[str, Any] = {} if args.story_threshold is None else {"threshold": args.story_threshold}
        out["stories"] = stories(test, base, analyse)
        if args.story_sweep:
            for th in (0.25, 0.3, 0.35, 0.4, 0.5):
                stories(test, {**base, "threshold": th}, analyse)
            for days in (1, 7):
                stories(test, {**base, "window": timedelta(days=days)}, analyse)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    nd = out["near_duplicates"]
    return 0 if nd["precision"] >= TARGET_PRECISION and nd["recall"] >= TARGET_RECALL else 1


if __name__ == "__main__":
    sys.exit(main())

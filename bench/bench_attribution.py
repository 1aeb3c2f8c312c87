"""Statements and framing stage speed, with the normalizer as the in-run baseline, and bad inputs timed.

    python bench/bench_attribution.py --data ../shared/data [--articles 3000] [--ner]

Prepares news articles with normalize + segment + link (the dictionary pass; ``--ner`` adds the NER
model, slower to prepare, closer to production mentions), then times, in one process on one core,
the normalizer on the raw texts (the baseline), the statements stage and the framing stage, and
prints articles per second and each stage's time as a ratio of the normalizer's (timings on a
shared machine drift between runs; the ratio within a run is what to compare). Then it times the
pathological inputs (unbalanced and nested quotation marks, a quotation over many paragraphs, a
50,000-character paragraph, thousands of cues in a row) against a budget: linear scans keep each far
under a second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best_of, news_or_none, news_parser

from didban.article import Article

BUDGET_S = 1.0  # per pathological input, statements + framing


def pathological() -> dict[str, str]:
    para = ("یک منبع گفت که " + "بازار راکد است و " * 40 + "، ") * 80
    return {
        "unbalanced quotes": ("وزیر گفت: «ما آماده‌ایم. یک منبع گفت: «آری. " * 400) + "»",
        "quote over paragraphs": "سخنگو گفت: «" + "بند تازه‌ای از سخنان او.\n\n" * 2000 + "»",
        "50,000-char paragraph": para[:50_000],
        "nested quotes": "وزیر گفت: " + "«او گفت " * 3000 + "آری" + "»" * 3000,
        "cues in a row": "وزیر گفت: " * 8000,
        "parentheses": "گروه (" * 5000 + "تکفیری) داعش " * 2000,
        "no spaces": "وزیرگفت:" * 10000,
    }


def main(argv: list[str] | None = None) -> int:
    args = news_parser(__doc__, articles=3000, ner=True).parse_args(argv)
    texts = news_or_none(args)
    if texts is None:
        return 2

    from didban.pipeline import Pipeline
    from didban.pipeline.stage import INITIAL_FIELDS
    from didban.stages.framing import FramingStage
    from didban.stages.normalize import NormalizeStage
    from didban.stages.statements import StatementStage

    # Without the NER, the linker's dictionary pass alone finds the mentions (``mentions`` starts empty).
    initial = INITIAL_FIELDS if args.ner else (*INITIAL_FIELDS, "mentions")
    prep = Pipeline(["normalize", "segment", *(["ner"] if args.ner else []), "link"], initial=initial)
    normalize = NormalizeStage()
    statements, framing = StatementStage(), FramingStage()
    prepared = [prep(Article(raw_text=t)) for t in texts]
    n = len(prepared)
    n_chars = sum(len(a.text) for a in prepared)

    t_base = best_of(args.runs, lambda: [normalize(Article(raw_text=t)) for t in texts])
    t_st = best_of(args.runs, lambda: [statements(a) for a in prepared])
    t_fr = best_of(args.runs, lambda: [framing(a) for a in prepared])
    n_st = sum(len(a.statements) for a in prepared)
    n_fr = sum(len(a.framings) for a in prepared)

    mentions = "NER + dictionary" if args.ner else "dictionary pass only"
    print(f"{n:,} articles, {n_chars / 1e6:.1f} M characters; mentions: {mentions}; best of {args.runs}; one process")
    print(f"normalize   {t_base:6.2f} s  {n / t_base:8,.0f} articles/s  (baseline)")
    print(f"statements  {t_st:6.2f} s  {n / t_st:8,.0f} articles/s  {t_st / t_base:5.2f}x baseline  ({n_st:,} found)")
    print(f"framing     {t_fr:6.2f} s  {n / t_fr:8,.0f} articles/s  {t_fr / t_base:5.2f}x baseline  ({n_fr:,} found)")
    both = t_st + t_fr
    print(f"both        {both:6.2f} s  {n / both:8,.0f} articles/s  {both / t_base:5.2f}x baseline")

    print(f"\npathological inputs (statements + framing, budget {BUDGET_S:.1f} s each):")
    base = Pipeline(["normalize", "segment", "link"], initial=(*INITIAL_FIELDS, "mentions"))
    worst = 0.0
    for name, text in pathological().items():
        a = base(Article(raw_text=text))
        t0 = time.perf_counter()
        statements(a)
        framing(a)
        dt = time.perf_counter() - t0
        worst = max(worst, dt)
        flag = "ok" if dt < BUDGET_S else "OVER BUDGET"
        print(f"  {name:24s} {len(text):>7,} chars  {dt * 1000:8.1f} ms  {len(a.statements):>5} statements  {flag}")
    return 0 if worst < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

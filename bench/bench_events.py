"""Events stage speed, with the normalizer as the in-run baseline, and bad inputs timed.

    python bench/bench_events.py --data ../shared/data [--articles 3000] [--ner]

Prepares news articles with normalize + segment + link (dictionary pass; ``--ner`` adds the NER model)
+ statements, then times in one process on one core the normalizer on the raw texts (the baseline) and
the events stage alone, printing articles per second and the ratio to the normalizer, the same stage without
its trigger tagger and with its rules alone (no role model, no tagger), for the models' shares.
Target: at least 300 articles/s per core.
Then it times pathological inputs against a budget.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best_of, news_or_none, news_parser

from didban.article import Article

BUDGET_S = 1.0
TARGET = 300  # articles/s per core
PUB = datetime(2025, 9, 12)


def pathological() -> dict[str, str]:
    names = "، ".join(["ایران", "عراق", "سوریه", "روسیه", "ترکیه", "چین"] * 5)
    return {
        "30 entities, one verb": f"{names} با یکدیگر دیدار کردند.",
        "triggers in a row": "روسیه به داعش حمله کرد " * 3000,
        "50,000-char sentence": ("آمریکا روسیه را تحریم کرد و " * 2000)[:50_000],
        "parentheses": "علیه گروه (" * 5000 + "تکفیری) داعش " * 2000 + "حمله کرد.",
        "dates in a row": "۱۴ شهریور ۱۴۰۴ " * 3000 + "۳۵ اسفند ۱۴۰۳ دیروز " * 2000,
        "no verbs": "ایران، عراق، سوریه، " * 5000,
        "no spaces": "روسیهبهداعشحملهکرد" * 3000,
    }


def main(argv: list[str] | None = None) -> int:
    args = news_parser(__doc__, articles=3000, ner=True).parse_args(argv)
    texts = news_or_none(args)
    if texts is None:
        return 2

    from didban.pipeline import Pipeline
    from didban.pipeline.stage import INITIAL_FIELDS
    from didban.stages.events import EventStage
    from didban.stages.normalize import NormalizeStage

    initial = INITIAL_FIELDS if args.ner else (*INITIAL_FIELDS, "mentions")
    stages = ["normalize", "segment", *(["ner"] if args.ner else []), "link", "statements"]
    prep = Pipeline(stages, initial=initial)
    normalize, events, rules = NormalizeStage(), EventStage(), EventStage("none", tagger="none")
    lexicon_only = EventStage(tagger="none")  # the role model, without the trigger tagger
    prepared = [prep(Article(raw_text=t, published=PUB)) for t in texts]
    n = len(prepared)
    n_chars = sum(len(a.text) for a in prepared)

    t_base = best_of(args.runs, lambda: [normalize(Article(raw_text=t)) for t in texts])
    t_rules = best_of(args.runs, lambda: [rules(a) for a in prepared])
    t_lexicon = best_of(args.runs, lambda: [lexicon_only(a) for a in prepared])
    t_ev = best_of(args.runs, lambda: [events(a) for a in prepared])
    n_ev = sum(len(a.events) for a in prepared)
    mentions = "NER + dictionary" if args.ner else "dictionary pass only"
    print(f"{n:,} articles, {n_chars / 1e6:.1f} M characters; mentions: {mentions}; best of {args.runs}; one process")
    print(f"normalize  {t_base:6.2f} s  {n / t_base:8,.0f} articles/s  (baseline)")
    rate = n / t_ev
    print(f"events     {t_ev:6.2f} s  {rate:8,.0f} articles/s  {t_ev / t_base:5.2f}x baseline  ({n_ev:,} events)")
    share = t_ev / t_rules - 1
    tagger_share = t_ev / t_lexicon - 1
    print(f"  no tagger{t_lexicon:6.2f} s  {n / t_lexicon:8,.0f} articles/s  (the tagger adds {tagger_share:.0%})")
    print(f"  rules    {t_rules:6.2f} s  {n / t_rules:8,.0f} articles/s  (the two models add {share:.0%})")
    print(f"target     {TARGET} articles/s per core: {'met' if rate >= TARGET else 'NOT MET'}")

    print(f"\npathological inputs (events stage, budget {BUDGET_S:.1f} s each):")
    base = Pipeline(["normalize", "segment", "link", "statements"], initial=(*INITIAL_FIELDS, "mentions"))
    worst = 0.0
    for name, text in pathological().items():
        a = base(Article(raw_text=text, published=PUB))
        t0 = time.perf_counter()
        events(a)
        dt = time.perf_counter() - t0
        worst = max(worst, dt)
        flag = "ok" if dt < BUDGET_S else "OVER BUDGET"
        print(f"  {name:24s} {len(text):>7,} chars  {dt * 1000:8.1f} ms  {len(a.events):>5} events  {flag}")
    return 0 if worst < BUDGET_S and rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())

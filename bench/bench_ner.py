"""NER stage speed and the loaded model's memory, with the normalizer as the in-run baseline.

    python bench/bench_ner.py --data ../shared/data [--articles 1500]

Runs normalize+segment and then ner (and link) on the same news articles in one process, one core,
and prints tokens per second of each and the ratio of NER time to normalizer time (timings on a
shared machine drift between runs; the ratio within a run is what to compare). Memory is the
process's resident size before and after loading the model (Linux /proc/self/status).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best_of, news_or_none, news_parser

from didban.article import Article


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    args = news_parser(__doc__, articles=1500).parse_args(argv)
    texts = news_or_none(args)
    if texts is None:
        return 2

    from didban.pipeline import Pipeline

    base = Pipeline(["normalize", "segment"])
    rss0 = rss_mb()
    t0 = time.perf_counter()
    from didban.stages.link import LinkStage
    from didban.stages.ner import NerStage

    ner, link = NerStage(), LinkStage()
    load_s = time.perf_counter() - t0
    rss1 = rss_mb()

    segmented = [base(Article(raw_text=t)) for t in texts]
    n_tokens = sum(len(a.tokens) for a in segmented)
    n_bytes = sum(len(t.encode()) for t in texts)
    ner(segmented[0])
    link(segmented[0])  # first calls load lazy tables

    t_base = best_of(args.runs, lambda: [base(Article(raw_text=t)) for t in texts])
    t_ner = best_of(args.runs, lambda: [ner(a) for a in segmented])
    t_link = best_of(args.runs, lambda: [link(a) for a in segmented])
    rss2 = rss_mb()
    # The linker's group pass («هیئت عراقی» → Iraq): its share of link time, and a worst case.
    plain = LinkStage()
    plain.linker._demonyms = {}  # the same linker without the group pass
    t_plain = best_of(args.runs, lambda: [plain(a) for a in segmented])
    worst = base(Article(raw_text="هیئت عراقی با مقامات روسی و ایران و ترکیه دیدار کرد. " * 3000))
    t_worst = best_of(args.runs, lambda: link(worst))

    print(f"{len(texts):,} articles, {n_tokens:,} tokens, {n_bytes / 1e6:.1f} MB; best of {args.runs}; one process")
    for name, t in (("normalize+segment", t_base), ("ner", t_ner), ("link", t_link)):
        ratio = "(baseline)" if name.startswith("normalize") else f"{t / t_base:5.2f}x baseline time"
        print(f"{name:18s} {t:7.2f} s  {n_tokens / t:>10,.0f} tokens/s  {ratio}")
    print(f"link without the group pass {t_plain:.2f} s: the group pass adds {t_link / t_plain - 1:.0%} to link time")
    print(f"link on {len(worst.text):,} chars holding 6,000 group phrases: {t_worst * 1000:.0f} ms (budget 1,000 ms)")
    print(f"model load {load_s:.2f} s; resident memory: {rss0:.0f} MB before loading, {rss1:.0f} MB after "
          f"(+{rss1 - rss0:.0f} MB for NER and the registry), {rss2:.0f} MB after the runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

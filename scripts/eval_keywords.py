"""Evaluate keyphrases against the human tags of Fars News and Varzesh3 (held-out split), with a TF-IDF baseline.

    .venv/bin/python scripts/eval_keywords.py --data ../shared/data [--ner]

Articles: the held-out split (`didban.topics.data.is_test`) of Fars News and Varzesh3 items that have tags;
the shipped document frequencies were computed without them. Text = title + abstract + paragraphs.
Matching is folded (`didban.topics.words.fold`: normalized, lowercased, ZWNJ and spaces removed) and exact
on the folded form. P@5 = matched predictions among the first 5 / 5; R@10 = gold tags found in the first 10.
Systems: tfidf (top single words by count × IDF, same IDF) and didban (keyphrases; with --ner, NER mentions too).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from didban.article import Article
from didban.pipeline.pipeline import Pipeline
from didban.topics.data import is_test, load_news
from didban.topics.keywords import DocumentFrequencies, keyphrases, tfidf_words
from didban.topics.words import fold

ROOT = Path(__file__).resolve().parents[1]


def p_r(pred: list[str], gold: list[str]) -> tuple[float, float]:
    g = {fold(t) for t in gold}
    p5 = sum(1 for p in pred[:5] if fold(p) in g) / 5
    r10 = len(g & {fold(p) for p in pred[:10]}) / len(g)
    return p5, r10


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--ner", action="store_true", help="run NER first so entities are favoured")
    args = ap.parse_args(argv)
    items = [i for i in load_news(args.data) if i.outlet in ("fars", "varzesh3") and i.tags and is_test(i)]
    stages = ["normalize", "segment", *(["ner"] if args.ner else [])]
    pipe = Pipeline(stages)
    idf = DocumentFrequencies()
    rows: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for item in items:
        a = pipe(Article(item.text()))
        mentions = [(m.start, m.end) for m in a.mentions]
        systems = {
            "tfidf top-k words": tfidf_words(a.text, a.tokens, idf, 10),
            "didban keyphrases" + (" + NER" if args.ner else ""): keyphrases(
                a.text, a.sentences, a.tokens, idf, mentions, a.title_span, 10
            ),
        }
        for name, pred in systems.items():
            for outlet in (item.outlet, "all"):
                rows.setdefault((outlet, name), []).append(p_r(pred, item.tags))
    print(f"{len(items)} held-out articles with tags\n")
    print("| outlet | system | n | P@5 | R@10 |\n|---|---|---|---|---|")
    for (outlet, name), vals in rows.items():
        n = len(vals)
        print(f"| {outlet} | {name} | {n} | {sum(v[0] for v in vals) / n:.3f} | {sum(v[1] for v in vals) / n:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

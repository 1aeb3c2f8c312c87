"""Evaluate extractive summaries with ROUGE-1/2/L against the abstracts of Fars News and Varzesh3.

    .venv/bin/python scripts/eval_summary.py --data ../shared/data [--ner]

Articles: the held-out split (`didban.topics.data.is_test`) of Fars News and Varzesh3 items with an abstract.
The text is title + paragraphs, WITHOUT the abstract (it is the reference). ROUGE is implemented here
(no library): F1 over normalized word tokens (`didban.text.segment.tokenize` of `normalize_text`, lowercased,
punctuation dropped); ROUGE-L from the longest common subsequence; no stemming, no stopword removal.
Baselines: lead-1 and lead-3 (the first one or three sentences after the title line).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from didban.article import Article, Span
from didban.pipeline.pipeline import Pipeline
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize
from didban.topics.data import is_test, load_news
from didban.topics.keywords import DocumentFrequencies
from didban.topics.summary import summarize

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> list[str]:
    text = normalize_text(text)
    toks = (text[s:e].lower() for s, e in tokenize(text))
    return [w for w in toks if any(c.isalnum() for c in w)]


def _f1(overlap: int, n_pred: int, n_gold: int) -> float:
    if overlap == 0 or n_pred == 0 or n_gold == 0:
        return 0.0
    p, r = overlap / n_pred, overlap / n_gold
    return 2 * p * r / (p + r)


def rouge_n(pred: list[str], gold: list[str], n: int) -> float:
    from collections import Counter

    a = Counter(tuple(pred[i : i + n]) for i in range(len(pred) - n + 1))
    b = Counter(tuple(gold[i : i + n]) for i in range(len(gold) - n + 1))
    return _f1(sum((a & b).values()), sum(a.values()), sum(b.values()))


def rouge_l(pred: list[str], gold: list[str]) -> float:
    prev = [0] * (len(gold) + 1)
    for x in pred:
        cur = [0]
        for j, y in enumerate(gold):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return _f1(prev[-1], len(pred), len(gold))


def body_sentences(a: Article) -> list[Span]:
    t = a.title_span
    return [s for s in a.sentences if t is None or not (s[0] >= t[0] and s[1] <= t[1])]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--ner", action="store_true", help="run NER first (entity feature)")
    args = ap.parse_args(argv)
    items = [i for i in load_news(args.data) if i.outlet in ("fars", "varzesh3") and i.abstract and is_test(i)]
    pipe = Pipeline(["normalize", "segment", *(["ner"] if args.ner else [])])
    idf = DocumentFrequencies()
    rows: dict[tuple[str, str], list[tuple[float, float, float, int]]] = {}
    for item in items:
        a = pipe(Article(item.text(abstract=False)))
        gold = words(item.abstract)
        body = body_sentences(a)
        ours = summarize(a.text, a.sentences, a.tokens, idf, a.title_span, [(m.start, m.end) for m in a.mentions])
        for name, spans in (("lead-1", body[:1]), ("lead-3", body[:3]), ("didban", ours)):
            pred = words(" ".join(a.span_text(s) for s in spans))
            score = (rouge_n(pred, gold, 1), rouge_n(pred, gold, 2), rouge_l(pred, gold), len(spans))
            for outlet in (item.outlet, "all"):
                rows.setdefault((outlet, name), []).append(score)
    print(f"{len(items)} held-out articles; ROUGE F1 over normalized tokens (own implementation)\n")
    print("| outlet | system | n | ROUGE-1 | ROUGE-2 | ROUGE-L | sentences |\n|---|---|---|---|---|---|---|")
    for (outlet, name), vals in sorted(rows.items()):
        n = len(vals)
        r1, r2, rl, k = (sum(v[i] for v in vals) / n for i in range(4))
        print(f"| {outlet} | {name} | {n} | {r1:.3f} | {r2:.3f} | {rl:.3f} | {k:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

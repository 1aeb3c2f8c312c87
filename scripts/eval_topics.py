"""Evaluate the topic classifier against baselines, in-domain (held-out split) and across outlets.

    .venv/bin/python scripts/eval_topics.py --data ../shared/data

Systems, all trained on the same training side:
- majority: always the most frequent training topic;
- tfidf+lr (plain): scikit-learn TfidfVectorizer on the raw text (default word tokenizer, no normalization)
  + logistic regression;
- didban: `scripts/train_topics.py`'s recipe (normalized content words + pairs), exported and run through
  the plain-Python `TopicModel`, i.e. exactly what ships.
In-domain: the held-out split (`didban.topics.data.is_test`, seed 13, 20%). Cross-outlet: train on every
labelled Fars item, test on every labelled Hamshahri item (title + summary only), and the reverse.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_topics import doc_features, export, fit, labelled

from didban.topics.classifier import TopicModel
from didban.topics.data import TOPICS, NewsItem, is_test, load_news

ROOT = Path(__file__).resolve().parents[1]


def scores(gold: list[str], pred: list[str]) -> tuple[float, float, dict[str, float]]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = [t for t in TOPICS if t in set(gold)]  # macro over the classes present in the test set
    per = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return accuracy_score(gold, pred), float(per.mean()), dict(zip(labels, map(float, per), strict=True))


def run(train: list[tuple[NewsItem, str]], test: list[tuple[NewsItem, str]]) -> dict[str, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = [t for _, t in train]
    out: dict[str, list[str]] = {}
    majority = Counter(y).most_common(1)[0][0]
    out["majority"] = [majority] * len(test)
    vec = TfidfVectorizer(sublinear_tf=True)
    x = vec.fit_transform([i.text() for i, _ in train])
    clf = LogisticRegression(C=10.0, max_iter=3000).fit(x, y)
    out["tfidf+lr (plain)"] = list(clf.predict(vec.transform([i.text() for i, _ in test])))
    v2, c2 = fit([doc_features(i) for i, _ in train], y)
    with tempfile.TemporaryDirectory() as tmp:
        export(v2, c2, Path(tmp), {})
        model = TopicModel(tmp)
        out["didban"] = [_best(model.scores(doc_features(i))) for i, _ in test]
    return out


def _best(probs: dict[str, float]) -> str:
    return max(probs, key=probs.__getitem__)


def report(title: str, train: list[tuple[NewsItem, str]], test: list[tuple[NewsItem, str]]) -> None:
    gold = [t for _, t in test]
    print(f"\n## {title}: train {len(train)}, test {len(test)} ({dict(sorted(Counter(gold).items()))})\n")
    preds = run(train, test)
    classes = [t for t in TOPICS if t in set(gold)]
    print("| system | accuracy | macro-F1 | " + " | ".join(classes) + " |")
    print("|---|---|---|" + "---|" * len(classes))
    for name, pred in preds.items():
        acc, macro, per = scores(gold, pred)
        print(f"| {name} | {acc:.3f} | {macro:.3f} | " + " | ".join(f"{per[c]:.2f}" for c in classes) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    pool = labelled(load_news(args.data))
    report("in-domain (held-out split)", [p for p in pool if not is_test(p[0])], [p for p in pool if is_test(p[0])])
    fars = [p for p in pool if p[0].outlet == "fars"]
    ham = [p for p in pool if p[0].outlet == "hamshahri"]
    report("cross-outlet: train Fars → test Hamshahri", fars, ham)
    report("cross-outlet: train Hamshahri → test Fars", ham, fars)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

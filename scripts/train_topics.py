"""Train the topic classifier and the keyphrase document frequencies; write them into src/didban/models/.

    .venv/bin/python scripts/train_topics.py --data ../shared/data

Topic model: labelled news (Fars News cat/subcat, Hamshahri and Radio Farda section tags, Varzesh3 as
sports; labels mapped by src/didban/fa/topic_labels.tsv) minus the held-out split (`didban.topics.data.is_test`),
TF-IDF over `didban.topics.classifier.features`, multinomial logistic regression (scikit-learn, the ``train``
extra), exported to topic.json + topic.tsv for plain-Python inference.

Keyphrase DF: document frequency of content words over the same training-side news (held-out items excluded,
so scripts/eval_keywords.py evaluates on unseen articles), top N words → keywords-df.tsv.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from didban.text.normalize import normalize_text
from didban.text.segment import tokenize
from didban.topics.classifier import META_FILE, WEIGHTS_FILE, features
from didban.topics.data import SEED, TOPICS, NewsItem, is_test, load_news, topic_of
from didban.topics.keywords import DF_FILE
from didban.topics.words import content_keys

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "didban" / "models"
VARZESH3_SAMPLE = 500  # all 2,500 would make every other class look rare
MAX_FEATURES = 12000
C = 10.0


def doc_text(item: NewsItem) -> str:
    return normalize_text(item.text())


def doc_features(item: NewsItem) -> list[str]:
    text = doc_text(item)
    return features(text, tokenize(text))


def labelled(items: list[NewsItem]) -> list[tuple[NewsItem, str]]:
    """Items with a topic; Varzesh3 down-sampled (a fixed, seeded sample)."""
    out = [(i, t) for i in items if (t := topic_of(i)) is not None and i.outlet != "varzesh3"]
    v3 = [i for i in items if i.outlet == "varzesh3"]
    random.Random(SEED).shuffle(v3)
    return out + [(i, "sports") for i in v3[:VARZESH3_SAMPLE]]


def fit(docs: list[list[str]], labels: list[str], max_features: int = MAX_FEATURES, c: float = C):  # type: ignore[no-untyped-def]
    """Fitted (vectorizer, classifier): scikit-learn is needed only here."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, max_features=max_features)
    x = vec.fit_transform(docs)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    clf.fit(x, labels)
    return vec, clf


def _identity(doc: list[str]) -> list[str]:
    return doc


def export(vec, clf, out: Path, meta: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """topic.json + topic.tsv in the taxonomy's order (a class absent from training gets weights of 0)."""
    classes = list(clf.classes_)
    order = [classes.index(t) if t in classes else -1 for t in TOPICS]
    coef, bias = clf.coef_, clf.intercept_
    lines = []
    for feat, col in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1]):
        ws = [coef[k, col] if k >= 0 else 0.0 for k in order]
        lines.append("\t".join([feat, f"{vec.idf_[col]:.4f}", *(f"{w:.4g}" for w in ws)]))
    out.mkdir(parents=True, exist_ok=True)
    (out / WEIGHTS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = {
        "topics": list(TOPICS),
        "bias": [float(bias[k]) if k >= 0 else -30.0 for k in order],
        **meta,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def document_frequencies(items: list[NewsItem], top: int) -> tuple[int, list[tuple[str, int]]]:
    df: Counter[str] = Counter()
    for item in items:
        text = doc_text(item)
        df.update({k for k in content_keys(text, tokenize(text)) if k is not None})
    return len(items), [(w, n) for w, n in df.most_common() if n >= 2][:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=MODELS)
    ap.add_argument("--df-top", type=int, default=20000)
    args = ap.parse_args(argv)
    items = load_news(args.data)
    train = [(i, t) for i, t in labelled(items) if not is_test(i)]
    docs = [doc_features(i) for i, _ in train]
    vec, clf = fit(docs, [t for _, t in train])
    counts = Counter(t for _, t in train)
    export(
        vec,
        clf,
        args.out,
        {
            "format": 1,
            "model": f"multinomial logistic regression (C={C}, class_weight=balanced) over TF-IDF (sublinear tf, "
            f"min_df=2, top {MAX_FEATURES} features) of content words and adjacent pairs",
            "command": "python scripts/train_topics.py --data ../shared/data",
            "trained_on": "../shared/data/news: Fars News, Hamshahri RSS, Radio Farda RSS, Varzesh3 "
            f"(sample of {VARZESH3_SAMPLE}); held-out split (seed {SEED}, 20%) excluded",
            "licence": "derived weights; news repos Apache-2.0 (Fars, Varzesh3), RSS none stated; text belongs "
            "to the outlets",
            "train_counts": dict(sorted(counts.items())),
        },
    )
    n, df = document_frequencies([i for i in items if not is_test(i)], args.df_top)
    with (args.out / DF_FILE).open("w", encoding="utf-8") as f:
        f.write(f"#docs\t{n}\n")
        f.writelines(f"{w}\t{c}\n" for w, c in df)
    print(f"topic model: {len(train)} documents, {len(vec.vocabulary_)} features → {args.out / WEIGHTS_FILE}")
    print(f"keyphrase DF: {n} documents, {len(df)} words → {args.out / DF_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

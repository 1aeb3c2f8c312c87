"""Train the topic classifier and the keyphrase document frequencies; write them into src/didban/models/.

    .venv/bin/python scripts/train_topics.py --data ../shared/data

Topic model: labelled news (Fars News cat/subcat, Hamshahri and Radio Farda section tags, Varzesh3 as
sports; labels mapped by src/didban/fa/topic_labels.tsv; legacy-id Fars items left out, see
`didban.topics.data.labels_trusted`) minus the held-out split (`didban.topics.data.is_test`). Features are
`didban.topics.classifier.word_features` and `char_features` (two TF-IDF blocks, each L2-normalized), the
model a linear SVM (scikit-learn, the ``train`` extra, class weights balanced). Settings (C, the feature cap)
are chosen on the development split (`is_dev`, carved from the training side), the softmax temperature is
fitted there, then the model is refitted on train + dev and exported to topic.json + topic.tsv for
plain-Python inference. The held-out split is never looked at here.

Keyphrase DF: document frequency of content words over the same training-side news (held-out items excluded,
so scripts/eval_keywords.py evaluates on unseen articles), top N words → keywords-df.tsv. Keyphrase tags: how
many training-side Fars News and Varzesh3 articles carry each (folded) human tag → keywords-tags.tsv.

    .venv/bin/python scripts/train_topics.py --data ../shared/data --keywords-only   # the two keyword files only
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from didban.text.normalize import normalize_text
from didban.text.segment import tokenize
from didban.topics.classifier import (
    MAX_TOKENS,
    META_FILE,
    WEIGHTS_FILE,
    char_features,
    token_keys,
    word_features,
)
from didban.topics.data import SEED, TOPICS, NewsItem, is_dev, is_test, load_news, topic_of
from didban.topics.keywords import DF_FILE, TAGS_FILE
from didban.topics.words import content_keys, fold

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "didban" / "models"
VARZESH3_SAMPLE = 500  # all 2,500 would make every other class look rare
GRID_C = (0.1, 0.3, 1.0)
GRID_FEATURES = (40000, 80000)  # features kept (both blocks together), by largest weight
TOLERANCE = 0.005


def doc_text(item: NewsItem) -> str:
    return normalize_text(item.text())


def doc_keys(item: NewsItem) -> list[str]:
    """The keys the model reads: those of the first `MAX_TOKENS` tokens, as at run time."""
    text = doc_text(item)
    return token_keys(text, tokenize(text)[:MAX_TOKENS])


def labelled(items: list[NewsItem], all_labels: bool = False) -> list[tuple[NewsItem, str]]:
    """Items with a topic; Varzesh3 down-sampled (a fixed, seeded sample)."""
    out = [(i, t) for i in items if i.outlet != "varzesh3" and (t := topic_of(i, all_labels)) is not None]
    v3 = [i for i in items if i.outlet == "varzesh3"]
    random.Random(SEED).shuffle(v3)
    return out + [(i, "sports") for i in v3[:VARZESH3_SAMPLE]]


def _identity(doc: list[str]) -> list[str]:
    return doc


class Fitted:
    """Two TF-IDF blocks and a linear SVM over them (scikit-learn is needed only here)."""

    def __init__(self, docs: list[list[str]], labels: list[str], c: float, max_features: int | None) -> None:
        from sklearn.svm import LinearSVC

        self.c, self.max_features = c, max_features
        self._vectorizers(docs, None)
        self.clf = LinearSVC(C=c, class_weight="balanced", max_iter=5000).fit(self.matrix(docs), labels)
        if max_features is not None and self.clf.coef_.shape[1] > max_features:
            import numpy as np

            strength = np.abs(self.clf.coef_).max(axis=0)
            keep = np.argsort(-strength)[:max_features]
            nw = len(self.wvec.vocabulary_)
            inv_w = sorted(self.wvec.vocabulary_, key=self.wvec.vocabulary_.__getitem__)
            inv_c = sorted(self.cvec.vocabulary_, key=self.cvec.vocabulary_.__getitem__)
            vocab = ([inv_w[k] for k in keep if k < nw], [inv_c[k - nw] for k in keep if k >= nw])
            self._vectorizers(docs, vocab)
            self.clf = LinearSVC(C=c, class_weight="balanced", max_iter=5000).fit(self.matrix(docs), labels)
        self.temperature = 1.0

    def _vectorizers(self, docs: list[list[str]], vocab: tuple[list[str], list[str]] | None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.wvec = TfidfVectorizer(analyzer=word_features, min_df=2, vocabulary=vocab and vocab[0])
        self.cvec = TfidfVectorizer(analyzer=char_features, min_df=2, vocabulary=vocab and vocab[1])
        self.wvec.fit(docs)
        self.cvec.fit(docs)

    def matrix(self, docs: list[list[str]]) -> Any:
        from scipy.sparse import hstack

        return hstack([self.wvec.transform(docs), self.cvec.transform(docs)]).tocsr()

    def decision(self, docs: list[list[str]]) -> Any:
        return self.clf.decision_function(self.matrix(docs))

    def predict(self, docs: list[list[str]]) -> list[str]:
        return [str(x) for x in self.clf.predict(self.matrix(docs))]

    def fit_temperature(self, docs: list[list[str]], labels: list[str]) -> float:
        """The softmax temperature of least negative log-likelihood on ``docs`` (a development split)."""
        import numpy as np

        z = self.decision(docs)
        gold = np.array([list(self.clf.classes_).index(t) for t in labels])
        best = (float("inf"), 1.0)
        for t in np.exp(np.linspace(np.log(0.02), np.log(5.0), 80)):
            s = z / t
            s = s - s.max(axis=1, keepdims=True)
            nll = float(-(s[np.arange(len(gold)), gold] - np.log(np.exp(s).sum(axis=1))).mean())
            best = min(best, (nll, float(t)))
        self.temperature = best[1]
        return best[1]


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for c in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == c != g)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def choose(train: list[tuple[NewsItem, str]], dev: list[tuple[NewsItem, str]], log: bool = True) -> tuple[float, int]:
    """(C, feature cap) of the best macro-F1 on the development split; within `TOLERANCE` of the best, the
    smaller model (fewer features, then smaller C) wins, as differences that small are noise on ~600 items."""
    docs, y = [doc_keys(i) for i, _ in train], [t for _, t in train]
    ddocs, dy = [doc_keys(i) for i, _ in dev], [t for _, t in dev]
    results: list[tuple[float, float, int]] = []
    for c in GRID_C:
        for cap in GRID_FEATURES:
            f = macro_f1(dy, Fitted(docs, y, c, cap).predict(ddocs))
            if log:
                print(f"dev: C={c} features={cap}: macro-F1 {f:.3f}", file=sys.stderr)
            results.append((f, c, cap))
    top = max(f for f, _, _ in results)
    _, c, cap = min((r for r in results if r[0] >= top - TOLERANCE), key=lambda r: (r[2], r[1]))
    return c, cap


def train_model(pool: list[tuple[NewsItem, str]], log: bool = True) -> tuple[Fitted, dict[str, Any]]:
    """Choose settings on the dev split of ``pool``'s training side, fit the temperature, refit on all of it."""
    side = [(i, t) for i, t in pool if not is_test(i)]
    train, dev = [p for p in side if not is_dev(p[0])], [p for p in side if is_dev(p[0])]
    c, cap = choose(train, dev, log)
    probe = Fitted([doc_keys(i) for i, _ in train], [t for _, t in train], c, cap)
    temperature = probe.fit_temperature([doc_keys(i) for i, _ in dev], [t for _, t in dev])
    final = Fitted([doc_keys(i) for i, _ in side], [t for _, t in side], c, cap)
    final.temperature = temperature
    info = {"C": c, "features": cap, "temperature": round(temperature, 4), "train": len(side), "dev": len(dev)}
    return final, info


def export(fitted: Fitted, out: Path, meta: dict[str, object]) -> None:
    """topic.json + topic.tsv in the taxonomy's order (a class absent from training gets weights of 0)."""
    classes = list(fitted.clf.classes_)
    order = [classes.index(t) if t in classes else -1 for t in TOPICS]
    coef, bias = fitted.clf.coef_, fitted.clf.intercept_
    lines = []
    offset = 0
    for block, vec in (("w", fitted.wvec), ("c", fitted.cvec)):
        for feat, col in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1]):
            ws = [coef[k, offset + col] if k >= 0 else 0.0 for k in order]
            lines.append("\t".join([block, feat, f"{vec.idf_[col]:.5g}", *(_num(w) for w in ws)]))
        offset += len(vec.vocabulary_)
    out.mkdir(parents=True, exist_ok=True)
    (out / WEIGHTS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = {
        "format": 2,
        "topics": list(TOPICS),
        "bias": [round(float(bias[k]), 6) if k >= 0 else -30.0 for k in order],
        "temperature": fitted.temperature,
        "max_tokens": MAX_TOKENS,
        **meta,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _num(w: float) -> str:
    s = f"{w:.4g}"
    return "0" if s in ("0", "-0") else s


def document_frequencies(items: list[NewsItem], top: int) -> tuple[int, list[tuple[str, int]]]:
    df: Counter[str] = Counter()
    for item in items:
        text = doc_text(item)
        df.update({k for k in content_keys(text, tokenize(text)) if k is not None})
    ranked = sorted(((w, n) for w, n in df.items() if n >= 2), key=lambda wn: (-wn[1], wn[0]))
    return len(items), ranked[:top]


def tag_counts(items: list[NewsItem]) -> list[tuple[str, int, int]]:
    """Folded human tags of Fars News and Varzesh3 given to at least 2 articles → (tag, articles tagged with
    it, articles whose text has it as a run of up to 4 tokens): the two counts of KEA's keyphraseness."""
    tagged: Counter[str] = Counter()
    docs = [i for i in items if i.outlet in ("fars", "varzesh3")]
    for item in docs:
        tagged.update({f for t in item.tags if (f := fold(t)) and "\t" not in f})
    lexicon = {t for t, c in tagged.items() if c >= 2}
    seen: Counter[str] = Counter()
    for item in docs:
        text = doc_text(item)
        keys = [k.replace("\u200c", "") for k in token_keys(text, tokenize(text))]
        grams = {"".join(keys[a:b]) for a in range(len(keys)) for b in range(a + 1, min(a + 4, len(keys)) + 1)}
        seen.update(grams & lexicon)
    rows = [(t, tagged[t], max(seen[t], tagged[t])) for t in lexicon]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=MODELS)
    ap.add_argument("--df-top", type=int, default=20000)
    ap.add_argument("--keywords-only", action="store_true", help="write the keyword files, not the topic model")
    args = ap.parse_args(argv)
    items = load_news(args.data)
    if args.keywords_only:
        keyword_files(items, args)
        return 0
    fitted, info = train_model(labelled(items))
    counts = Counter(t for i, t in labelled(items) if not is_test(i))
    export(
        fitted,
        args.out,
        {
            "model": f"linear SVM (C={info['C']}, class weights balanced) over two L2-normalized TF-IDF blocks: "
            f"token keys and adjacent pairs; character 2-5-grams of each key (first {MAX_TOKENS} tokens); the "
            f"{info['features']} features of largest weight; softmax temperature fitted on the dev split",
            "settings": info,
            "command": "python scripts/train_topics.py --data ../shared/data",
            "trained_on": "../shared/data/news: Fars News (current-format ids; legacy-id items have unreliable "
            f"labels), Hamshahri RSS, Radio Farda RSS, Varzesh3 (sample of {VARZESH3_SAMPLE}); held-out split "
            f"(seed {SEED}, 20%) excluded; settings chosen on a dev split carved from the training side",
            "licence": "derived weights; news repos Apache-2.0 (Fars, Varzesh3), RSS none stated; text belongs "
            "to the outlets",
            "train_counts": dict(sorted(counts.items())),
        },
    )
    nfeat = len(fitted.wvec.vocabulary_) + len(fitted.cvec.vocabulary_)
    print(f"topic model: {info} , {nfeat} features → {args.out / WEIGHTS_FILE}")
    keyword_files(items, args)
    return 0


def keyword_files(items: list[NewsItem], args: argparse.Namespace) -> None:
    n, df = document_frequencies([i for i in items if not is_test(i)], args.df_top)
    with (args.out / DF_FILE).open("w", encoding="utf-8") as f:
        f.write(f"#docs\t{n}\n")
        f.writelines(f"{w}\t{c}\n" for w, c in df)
    print(f"keyphrase DF: {n} documents, {len(df)} words → {args.out / DF_FILE}", file=sys.stderr)
    tags = tag_counts([i for i in items if not is_test(i)])
    (args.out / TAGS_FILE).write_text("".join(f"{t}\t{c}\t{n}\n" for t, c, n in tags), encoding="utf-8")
    print(f"keyphrase tags: {len(tags)} tags → {args.out / TAGS_FILE}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())

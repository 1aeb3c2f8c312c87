"""Evaluate the topic classifier against baselines, in-domain (held-out split) and across outlets.

    .venv/bin/python scripts/eval_topics.py --data ../shared/data

Systems, all trained on the same training side (held-out split excluded):
- majority: always the most frequent training topic;
- tfidf+lr (plain): scikit-learn TfidfVectorizer on the raw text (default word tokenizer, no normalization)
  + logistic regression (C=10);
- didban: in-domain, the shipped model files run through the plain-Python `TopicModel`; across outlets,
  `scripts/train_topics.py`'s recipe with the shipped settings (C, feature cap, temperature: chosen on the
  in-domain dev split, never on a test set), exported and run the same way.
In-domain: the held-out split (`didban.topics.data.is_test`, seed 13, 20%), scored twice: on the items whose
labels are trusted (the main figure) and on every labelled item, legacy-id Fars included (comparable with the
figures before those labels were set aside; their gold labels are mostly wrong, see `labels_trusted`).
Cross-outlet: train on every trusted labelled Fars item, test on every labelled Hamshahri item (title + summary
only, as the RSS gives them), and the reverse.

    .venv/bin/python scripts/eval_topics.py --data ../shared/data --checked

Hand-checked set (this section only): tests/gold/topics-checked.jsonl, ~250 items of the held-out split
(trusted labels) sampled stratified by source label (30 per topic, all 14 science items), each labelled by hand
from title + lead by docs/topics-guidelines.md, blind to its source label and to any prediction. Reported:
the source labels scored as a prediction of the hand labels; every system scored against the hand labels and,
on the same items, against the source labels. Evaluation only: nothing is tuned or trained on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_topics import Fitted, doc_keys, export, labelled

from didban.topics.classifier import TopicModel
from didban.topics.data import TOPICS, NewsItem, is_test, labels_trusted, load_news, ref_of

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ROOT / "tests" / "gold" / "topics-checked.jsonl"
Pairs = list[tuple[NewsItem, str]]


def scores(gold: list[str], pred: list[str]) -> tuple[float, float, dict[str, float]]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = [t for t in TOPICS if t in set(gold)]  # macro over the classes present in the test set
    per = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return accuracy_score(gold, pred), float(per.mean()), dict(zip(labels, map(float, per), strict=True))


def baselines(train: Pairs, tests: list[Pairs]) -> dict[str, list[list[str]]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = [t for _, t in train]
    majority = Counter(y).most_common(1)[0][0]
    vec = TfidfVectorizer(sublinear_tf=True)
    clf = LogisticRegression(C=10.0, max_iter=3000).fit(vec.fit_transform([i.text() for i, _ in train]), y)
    return {
        "majority": [[majority] * len(test) for test in tests],
        "tfidf+lr (plain)": [list(clf.predict(vec.transform([i.text() for i, _ in test]))) for test in tests],
    }


def shipped(model: TopicModel, test: Pairs) -> list[str]:
    return [_best(model.scores(doc_keys(i))) for i, _ in test]


def _best(probs: dict[str, float]) -> str:
    return max(probs, key=probs.__getitem__)


def table(title: str, train_n: int, test: Pairs, preds: dict[str, list[str]], confusion: bool = False) -> None:
    gold = [t for _, t in test]
    print(f"\n## {title}: train {train_n}, test {len(test)} ({dict(sorted(Counter(gold).items()))})\n")
    classes = [t for t in TOPICS if t in set(gold)]
    print("| system | accuracy | macro-F1 | " + " | ".join(classes) + " |")
    print("|---|---|---|" + "---|" * len(classes))
    for name, pred in preds.items():
        acc, macro, per = scores(gold, pred)
        print(f"| {name} | {acc:.3f} | {macro:.3f} | " + " | ".join(f"{per[c]:.2f}" for c in classes) + " |")
    if confusion:
        pred = preds["didban"]
        print("\nconfusion (rows gold, columns predicted):\n")
        print("| gold \\ pred | " + " | ".join(classes) + " |\n|---|" + "---|" * len(classes))
        for g in classes:
            row = Counter(p for gg, p in zip(gold, pred, strict=True) if gg == g)
            print(f"| {g} | " + " | ".join(str(row.get(p, 0)) for p in classes) + " |")


def cross(title: str, train: Pairs, test: Pairs, settings: dict[str, float]) -> None:
    fitted = Fitted([doc_keys(i) for i, _ in train], [t for _, t in train], settings["C"], int(settings["features"]))
    fitted.temperature = settings["temperature"]
    with tempfile.TemporaryDirectory() as tmp:
        export(fitted, Path(tmp), {})
        ours = shipped(TopicModel(tmp), test)
    agree = sum(a == b for a, b in zip(ours, fitted.predict([doc_keys(i) for i, _ in test]), strict=True))
    preds = {k: v[0] for k, v in baselines(train, [test]).items()} | {"didban": ours}
    table(title, len(train), test, preds)
    print(f"\n(plain-Python run time agrees with scikit-learn on {agree}/{len(test)} predictions)")


def read_checked(path: Path) -> dict[str, str]:
    """ref → hand topic, from a topics-checked.jsonl file."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[str(row["ref"])] = str(row["topic"])
    return out


def checked_report(path: Path, train: Pairs, test: Pairs, model: TopicModel) -> None:
    """The hand-checked sample of the held-out split: source labels and systems against the hand labels, and
    the systems against the source labels on the same items."""
    hand = read_checked(path)
    by_ref: dict[str, tuple[NewsItem, str]] = {}
    for item, topic in test:
        by_ref.setdefault(ref_of(item), (item, topic))
    missing = [r for r in hand if r not in by_ref]
    if missing:
        raise SystemExit(f"{path}: {len(missing)} refs are not held-out items with a trusted label, e.g. {missing[0]}")
    refs = list(hand)
    items = [by_ref[r][0] for r in refs]
    source = [by_ref[r][1] for r in refs]
    gold = [hand[r] for r in refs]
    vs_hand: Pairs = list(zip(items, gold, strict=True))
    preds = {k: v[0] for k, v in baselines(train, [vs_hand]).items()} | {"didban": shipped(model, vs_hand)}
    # stratum weights: the sample is stratified by source label, so weight each item by (split items with its
    # source label) / (sampled items with it) to estimate figures on the whole held-out split
    split_n = Counter(t for t in {ref_of(i): t for i, t in test}.values())
    sample_n = Counter(source)
    weight = [split_n[t] / sample_n[t] for t in source]

    print(f"\n# Hand-checked set: {path.name}, {len(refs)} held-out items (trusted labels), labelled blind by")
    print("docs/topics-guidelines.md. The sample is stratified by SOURCE label (30 per topic where available), so")
    print("class frequencies are not the split's: macro-F1 is the fair figure; accuracy is shown as sampled and,")
    print("'acc (split)', re-weighted by stratum to estimate the whole held-out split.")
    print(f"\nsampled by source label: {dict(sorted(sample_n.items()))}")
    print(f"held-out split (unique refs) by source label: {dict(sorted(split_n.items()))}")

    def wacc(g: list[str], p: list[str]) -> float:
        return sum(w for w, a, b in zip(weight, g, p, strict=True) if a == b) / sum(weight)

    def block(title: str, g: list[str], rows: dict[str, list[str]]) -> None:
        classes = [t for t in TOPICS if t in set(g)]
        print(f"\n## {title}: {len(g)} items ({dict(sorted(Counter(g).items()))})\n")
        print("| system | accuracy | acc (split) | macro-F1 | " + " | ".join(classes) + " |")
        print("|---|---|---|---|" + "---|" * len(classes))
        for name, pred in rows.items():
            acc, macro, per = scores(g, pred)
            print(
                f"| {name} | {acc:.3f} | {wacc(g, pred):.3f} | {macro:.3f} | "
                + " | ".join(f"{per[c]:.2f}" for c in classes)
                + " |"
            )

    block("(a, b) against the HAND labels", gold, {"source labels": source} | preds)
    block("(c) against the SOURCE labels, same items", source, preds)

    classes = list(TOPICS)
    print("\nsource label vs hand label (rows hand, columns source):\n")
    print("| hand \\ source | " + " | ".join(classes) + " |\n|---|" + "---|" * len(classes))
    for h in classes:
        row = Counter(s for hh, s in zip(gold, source, strict=True) if hh == h)
        print(f"| {h} | " + " | ".join(str(row.get(c, 0)) for c in classes) + " |")
    print("\nsource-label agreement with the hand labels, by outlet:\n")
    print("| outlet | items | agree | share |\n|---|---|---|---|")
    for outlet in sorted({i.outlet for i in items}):
        pairs = [(g, s) for i, g, s in zip(items, gold, source, strict=True) if i.outlet == outlet]
        agree = sum(g == s for g, s in pairs)
        print(f"| {outlet} | {len(pairs)} | {agree} | {agree / len(pairs):.2f} |")
    ours = preds["didban"]
    both = Counter(
        ("source=hand" if s == g else "source≠hand") + ", " + ("didban=hand" if p == g else "didban≠hand")
        for g, s, p in zip(gold, source, ours, strict=True)
    )
    print("\nitems by agreement: " + ", ".join(f"{k}: {v}" for k, v in sorted(both.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument(
        "--checked", nargs="?", type=Path, const=CHECKED, default=None, metavar="JSONL",
        help=f"report on the hand-checked set only (default file: {CHECKED.relative_to(ROOT)})",
    )  # fmt: skip
    args = ap.parse_args(argv)
    items = load_news(args.data)
    pool, every = labelled(items), labelled(items, all_labels=True)
    train = [p for p in pool if not is_test(p[0])]
    test_all = [p for p in every if is_test(p[0])]
    test = [p for p in test_all if labels_trusted(p[0])]
    model = TopicModel()
    print(f"shipped model: {model.meta.get('model')}\nsettings: {model.meta.get('settings')}")
    if args.checked is not None:
        checked_report(args.checked, train, test, model)
        return 0
    base = baselines(train, [test, test_all])
    train_every = [p for p in every if not is_test(p[0])]
    base_every = baselines(train_every, [test_all])
    preds = {k: v[0] for k, v in base.items()} | {"didban": shipped(model, test)}
    table("in-domain, held-out split, trusted labels", len(train), test, preds, confusion=True)
    preds_all = {k: v[1] for k, v in base.items()}
    preds_all["tfidf+lr (plain, trained on all labels)"] = base_every["tfidf+lr (plain)"][0]
    preds_all["didban"] = shipped(model, test_all)
    table("in-domain, held-out split, all labels (legacy-id Fars included)", len(train), test_all, preds_all)
    settings = model.meta["settings"]
    fars = [p for p in pool if p[0].outlet == "fars"]
    ham = [p for p in pool if p[0].outlet == "hamshahri"]
    cross("cross-outlet: train Fars → test Hamshahri", fars, ham, settings)
    cross("cross-outlet: train Hamshahri → test Fars", ham, fars, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

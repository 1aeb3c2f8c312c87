"""Train the learned trigger tagger (`didban.events.tagger`) on the development gold sets.

Each word of each sentence of the development gold articles is labelled with the PLOVER type of the gold trigger
it overlaps (on the raw text), or O; its features are the tagger's own (`didban.events.tagger.features`, the
lexicon's hits among them, as the event stage computes them). A linear-chain CRF (python-crfsuite) is fitted
and written to ``src/didban/models/event_tagger.crfsuite``, its threshold and figures to ``event_tagger.json``.

``--cv`` first runs grouped 4-fold cross-validation over the development sets: the event stage with each fold's
tagger is scored by the scorer (`didban.events.gold.score`) on the sets the fold left out, against the stage
without a tagger, for each probability threshold; the threshold with the best type F1 is kept. The held-out sets
are never read: TEST (odd lines of ``events.jsonl``), the check sets and the fresh sets of
``scripts/train_event_roles.py``.

    python scripts/train_event_tagger.py --data ../shared/data --cv
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from train_event_roles import STAGES, TRAIN_SETS  # noqa: E402

from didban.article import Article  # noqa: E402
from didban.attribution.words import Words  # noqa: E402
from didban.events.gold import Counts, GoldArticle, gold_text, load_gold, score, split_gold  # noqa: E402
from didban.events.tagger import (  # noqa: E402
    CLUSTERS_FILE,
    MODEL_FILE,
    OUTSIDE,
    SETTINGS_FILE,
    TriggerTagger,
    features,
    lexicon_marks,
)
from didban.ner.model import read_clusters  # noqa: E402
from didban.pipeline import Pipeline  # noqa: E402
from didban.stages.events import EventStage  # noqa: E402

GOLD = ROOT / "tests" / "gold"
MODELS = ROOT / "src" / "didban" / "models"
THRESHOLDS = (0.7, 0.8, 0.85, 0.9)
Sequence_ = tuple[list[list[str]], list[str]]


class SetData:
    """One development set: its gold, its articles before the events stage, and its tagging sequences."""

    def __init__(self, gold: list[GoldArticle], articles: list[Article], sequences: list[Sequence_]) -> None:
        self.gold, self.articles, self.sequences = gold, articles, sequences


def collect(data: Path, stage: EventStage, clusters: dict[str, tuple[str, ...]]) -> dict[str, SetData]:
    pre = Pipeline(STAGES)
    extractor = stage.extractor
    out: dict[str, SetData] = {}
    for name, file, split in TRAIN_SETS:
        gold = split_gold(load_gold(GOLD / file), split)
        articles, sequences = [], []
        for g in gold:
            article = pre(Article(raw_text=gold_text(data, g), outlet=g.outlet))
            articles.append(article)
            triggers = [(e.trigger[0], e.trigger[1], e.type) for e in g.events]
            ws = Words(article.text, article.tokens, article.mentions)
            for s, e in article.sentences:
                i0, i1 = ws.index(s), ws.index(e)
                if i1 - i0 < 2:  # as the stage: no events in a sentence of one word
                    continue
                hits = extractor._triggers(ws, i0, i1)
                raw = [article.raw_span((ws.starts[i], ws.ends[i])) for i in range(i0, i1)]
                labels = [next((t for a, b, t in triggers if rs < b and a < re_), OUTSIDE) for rs, re_ in raw]
                sequences.append((features(ws, i0, i1, lexicon_marks(hits), clusters), labels))
        out[name] = SetData(gold, articles, sequences)
    return out


def train(sets: list[SetData], path: Path, c1: float, c2: float) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for d in sets:
        for xseq, labels in d.sequences:
            trainer.append(xseq, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
    trainer.train(str(path))


def evaluate(stage: EventStage, sets: list[SetData]) -> Counts:
    total = Counts()
    for d in sets:
        systems = [stage(copy.deepcopy(a)) for a in d.articles]
        total.add(score(d.gold, [a.raw_text for a in systems], systems).overall)
    return total


def line(label: str, c: Counts) -> str:
    m = c.metrics()
    return (
        f"{label:16} gold {c.gold}  system {c.system}  P {100 * (m['precision'] or 0):.1f}"
        f"  R {100 * (m['recall'] or 0):.1f}  F1 {100 * (m['f1'] or 0):.1f}  arg F1 {100 * (m['arg_f1'] or 0):.1f}"
        f"  modality {100 * (m['modality'] or 0):.1f}  roleP {100 * (m['role_precision'] or 0):.1f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cv", action="store_true", help="choose the threshold by grouped 4-fold CV first")
    ap.add_argument("--threshold", type=float, default=0.6, help="without --cv: the probability threshold")
    ap.add_argument("--c1", type=float, default=0.1, help="L1 regularisation (a smaller model)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 regularisation")
    ap.add_argument("--out", type=Path, default=MODELS / MODEL_FILE)
    args = ap.parse_args()
    t0 = time.time()
    stage = EventStage(tagger="none")
    clusters = read_clusters(MODELS / CLUSTERS_FILE)
    data = collect(args.data, stage, clusters)
    words = sum(len(x) for d in data.values() for x, _ in d.sequences)
    print(f"{len(data)} development sets, {words} words ({time.time() - t0:.0f} s)", flush=True)
    threshold, figures = args.threshold, {}
    if args.cv:
        names = sorted(data)
        random.Random(1).shuffle(names)
        folds = [names[k::4] for k in range(4)]
        base = Counts()
        per: dict[float, Counts] = {t: Counts() for t in THRESHOLDS}
        with tempfile.TemporaryDirectory() as scratch:  # fold models, never beside the shipped one
            for k, fold in enumerate(folds):
                path = Path(scratch) / f"fold{k}.crfsuite"
                train([data[n] for n in names if n not in fold], path, args.c1, args.c2)
                held = [data[n] for n in fold]
                base.add(evaluate(stage, held))
                for t in THRESHOLDS:
                    stage.extractor.tagger = TriggerTagger(path, clusters, t)
                    per[t].add(evaluate(stage, held))
                stage.extractor.tagger = None
                print(f"fold {k} ({time.time() - t0:.0f} s)", flush=True)
        print(line("cv no tagger", base))
        for t in THRESHOLDS:
            print(line(f"cv tagger p>={t}", per[t]))
        threshold = max(THRESHOLDS, key=lambda t: (per[t].metrics()["f1"] or 0, t))
        figures = {"cv_without": base.metrics(), "cv_with": per[threshold].metrics()}
        print(f"chosen threshold {threshold}")
    train(list(data.values()), args.out, args.c1, args.c2)
    settings: dict[str, Any] = {
        "threshold": threshold,
        "c1": args.c1,
        "c2": args.c2,
        "trained_on": [f"{f}:{s}" for _, f, s in TRAIN_SETS],
        **(
            {"cv": {k: {m: round(v, 4) for m, v in d.items() if v is not None} for k, d in figures.items()}}
            if figures
            else {}
        ),
    }
    args.out.with_name(SETTINGS_FILE).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) and its settings ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()

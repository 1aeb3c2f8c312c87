"""Phrase-level (CoNLL strict) P/R/F1 of Didban's NER, per type and overall, on three corpora.

    python scripts/eval_ner.py --data ../shared/data            # all three
    python scripts/eval_ner.py --data ../shared/data --only peyma,parstwiner

- PEYMA test: the shipped model (trained without PEYMA test, see scripts/train_ner.py), on PEYMA's 7 types.
- Arman 3-fold cross-validation: a tagger of the shipped kind (neural, or CRF), with the same features
  and settings as the shipped FAC/EVENT head (the neural one: its epochs, the shipped word vectors),
  trained on each ``train_foldk`` and scored on ``test_foldk`` with Arman's own types (pers org loc fac
  event pro), micro-averaged over folds. When a shipped CRF FAC/EVENT head is stacked, so is this (on
  the shipped news head, which never saw Arman).
- ParsTwiNER test (informal tweets, out of domain): the shipped model, scored on PER, LOC, ORG and
  EVENT, the types both label sets share.

Corpus sentences go through the pipeline's normalizer and tokenizer; scores are counted on the
corpus's own tokens (see didban/ner/data.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from didban.ner.data import load
from didban.ner.evaluate import Scores, table
from didban.ner.features import FeatureExtractor
from didban.ner.model import CLUSTERS_FILE, VECTORS_FILE, NerModel, read_clusters
from didban.ner.train import crf_tagger, evaluate, train_crf

ARMAN_TYPES = ["PER", "ORG", "LOC", "FAC", "EVENT", "PRO"]

# PEYMA labels only these; FAC/EVENT from the Arman head are not wrong there, just not scored.
PEYMA_TYPES = {"PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"}


def merge(into: dict[str, Scores], more: dict[str, Scores]) -> None:
    for key, s in more.items():
        t = into.setdefault(key, Scores())
        t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    ap.add_argument("--only", default="peyma,arman,parstwiner")
    ap.add_argument("--iterations", type=int, default=None, help="CRF iterations for the Arman folds")
    ap.add_argument("--epochs", type=int, default=None, help="neural: epochs for the Arman folds")
    ap.add_argument("--folds", default="1,2,3", help="Arman folds to run (all three for a reportable figure)")
    ap.add_argument("--json", type=Path, default=None, help="also write the scores as JSON")
    args = ap.parse_args(argv)
    ner = args.data / "ner"
    if not ner.is_dir():
        print(f"{ner}: not found", file=sys.stderr)
        return 2
    which = set(args.only.split(","))
    model = NerModel(args.model)
    results: dict[str, dict[str, Scores]] = {}

    if "peyma" in which:
        t0 = time.time()
        sents = load(ner / "peyma" / "test.txt")
        results["PEYMA test"] = evaluate(model.tag, sents, types=PEYMA_TYPES)
        print(table(results["PEYMA test"], f"\nPEYMA test ({len(sents)} sentences, {time.time() - t0:.0f} s)"))

    if "arman" in which:
        t0 = time.time()
        total: dict[str, Scores] = {}
        features = FeatureExtractor(read_clusters(model.model_dir / CLUSTERS_FILE), model.features.gazetteer)
        params = {"max_iterations": args.iterations} if args.iterations else None
        neural = model.neural[-1]
        with tempfile.TemporaryDirectory() as tmp:
            for k in (int(f) for f in args.folds.split(",")):
                train = load(ner / "arman" / f"train_fold{k}.txt")
                test = load(ner / "arman" / f"test_fold{k}.txt")
                tf = time.time()
                if neural:
                    from didban.ner.neural import NeuralTagger, read_vectors
                    from didban.ner.nn_train import ARMAN_EPOCHS, NnParams, train_neural

                    vectors = read_vectors(model.model_dir / str(model.meta.get("vectors", VECTORS_FILE)))
                    # the FAC/EVENT head's settings (width, epochs, ...), on Arman's six types
                    head = model.meta["heads"][-1]
                    nn_params = NnParams(**head.get("params", {}))
                    nn_params.epochs = args.epochs or int(head.get("params", {}).get("epochs", ARMAN_EPOCHS))
                    npz = Path(tmp) / f"arman{k}.npz"
                    train_neural(train, [s.labels for s in train], ARMAN_TYPES, npz, vectors, features, nn_params,
                                 log=lambda _m: None)
                    tagger = NeuralTagger(npz, vectors, features.clusters)
                    fold = evaluate(lambda ws, t=tagger: t.tag(ws, features._gazetteer_tags(ws)), test)
                else:
                    path = Path(tmp) / f"arman{k}.crfsuite"
                    # stacked when the shipped FAC/EVENT head is: the news head (never trained on Arman) gives features
                    prior = model.first_head_labels if any(model.stacked) else None
                    train_crf(train, path, features, params=params, log=lambda _m: None, prior=prior)
                    fold = evaluate(crf_tagger(path, features, prior), test)
                print(f"  fold {k}: F1 {100 * fold['ALL'].f1:.2f} (trained and scored in {time.time() - tf:.0f} s)",
                      flush=True)
                merge(total, fold)
        results["Arman 3-fold"] = total
        print(table(total, f"\nArman 3-fold cross-validation, micro-averaged ({time.time() - t0:.0f} s)"))

    if "parstwiner" in which:
        sents = load(ner / "parstwiner" / "test.txt")
        results["ParsTwiNER test"] = evaluate(model.tag, sents, types={"PER", "LOC", "ORG", "EVENT"})
        print(table(results["ParsTwiNER test"], f"\nParsTwiNER test ({len(sents)} sentences; PER LOC ORG EVENT)"))

    if args.json:
        out = {
            name: {k: {"p": s.precision, "r": s.recall, "f1": s.f1, "gold": s.tp + s.fn} for k, s in res.items()}
            for name, res in results.items()
        }
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the shipped NER model from ../shared/data/ner and write it into the package.

    python scripts/train_word_clusters.py --data ../shared/data     # once: word clusters (needs [train])
    python scripts/train_ner.py --data ../shared/data               # the two CRF heads and ner.json (shipped)

Each head is a linear-chain CRF (python-crfsuite) by default, which is what is shipped. ``--kind
neural`` (head 1) and ``--extra-kind neural`` (FAC/EVENT head) train instead a dilated CNN + CRF with
PyTorch on one CPU thread, exported to ``.npz`` and run with numpy (didban/ner/neural.py); they need
word vectors first (``python scripts/train_ner_vectors.py --data ../shared/data``). Measured on one
core they did not beat the CRFs (PEYMA test 83.72 vs 83.83, Arman CV 72.98 vs 74.53, ParsTwiNER 55.81
vs 58.52; see src/didban/models/README.md), so the CRFs stay the default.
- ``ner.crfsuite`` / ``ner.npz``: PER ORG LOC DAT TIM MON PCT, trained on PEYMA train and the NSURL-2019
  600K part (the CRF also on PEYMA dev; the neural head picks its epoch on PEYMA dev). PEYMA's test
  split is never used, so `scripts/eval_ner.py` can score the shipped model on it.
- ``ner-extra.crfsuite`` / ``ner-extra.npz``: FAC and EVENT, trained on the whole Arman corpus (only
  those two types kept); a CRF head can be ``--stacked`` on a CRF head 1's labels.

Licences of the training data (as stated upstream): PEYMA "free for research purposes"; NSURL-2019
600K part: none stated; Arman "only for academic research use". The model files inherit these terms.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from didban.ner.data import load
from didban.ner.features import FeatureExtractor
from didban.ner.model import CLUSTERS_FILE, META_FILE, VECTORS_FILE, read_clusters, registry_gazetteer
from didban.ner.train import DEFAULT_PARAMS, crf_tagger, evaluate, relabel, train_crf

MAIN_TYPES = ["PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"]
EXTRA_TYPES = ["FAC", "EVENT"]
HEAD1_KIND, HEAD2_KIND = "crf", "crf"  # what is shipped: the neural heads did not beat the CRFs (see README)
EXTRA_HIDDEN = 96  # the FAC/EVENT head: narrower, so that two neural heads stay fast
HEAD1_DATA = "PEYMA train{} (free for research purposes); NSURL-2019 600K part (no licence stated)"
HEAD2_DATA = "ArmanPersoNERCorpus, all folds (only for academic research use)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("src/didban/models"))
    ap.add_argument("--kind", choices=("neural", "crf"), default=HEAD1_KIND, help="head 1: neural or CRF")
    ap.add_argument("--extra-kind", choices=("neural", "crf"), default=HEAD2_KIND, help="FAC/EVENT head")
    ap.add_argument("--epochs", type=int, default=None, help="neural: epochs of head 1 (default NnParams)")
    ap.add_argument("--extra-epochs", type=int, default=None, help="neural: epochs of the FAC/EVENT head")
    ap.add_argument("--hidden", type=int, default=None, help="neural: width of head 1 (default NnParams)")
    ap.add_argument("--extra-hidden", type=int, default=EXTRA_HIDDEN, help="neural: width of the FAC/EVENT head")
    ap.add_argument("--iterations", type=int, default=int(DEFAULT_PARAMS["max_iterations"]), help="CRF iterations")
    ap.add_argument("--no-gazetteer", action="store_true", help="train without the entity registry as features")
    ap.add_argument("--only-extra", action="store_true", help="keep head 1, retrain the FAC/EVENT head")
    ap.add_argument(
        "--stacked", action="store_true",
        help="CRF: give the FAC/EVENT head the news head's labels as features (+0.6 F1 on Arman CV, ~28%% slower)",
    )
    args = ap.parse_args(argv)

    ner = args.data / "ner"
    if not ner.is_dir():
        print(f"{ner}: not found (the NER corpora live in ../shared/data/ner)", file=sys.stderr)
        return 2
    gazetteer = {} if args.no_gazetteer else registry_gazetteer()
    features = FeatureExtractor(read_clusters(args.out / CLUSTERS_FILE), gazetteer)
    neural, neural2 = args.kind == "neural", args.extra_kind == "neural"
    head1 = "ner" + (".npz" if neural else ".crfsuite")
    head2 = "ner-extra" + (".npz" if neural2 else ".crfsuite")

    t0 = time.time()
    main_sents = [] if args.only_extra else load(ner / "peyma" / "train.txt")
    dev_sents = load(ner / "peyma" / "dev.txt")
    if not neural and not args.only_extra:
        main_sents += dev_sents  # the CRF has no epochs to choose: it trains on dev too
    main_sents += [] if args.only_extra else load(ner / "nsurl2019" / "train_600K.conll")
    extra_sents = [s for k in (1, 2, 3) for s in load(ner / "arman" / f"test_fold{k}.txt")]
    print(f"corpora read and aligned in {time.time() - t0:.0f} s", flush=True)

    old = json.loads((args.out / META_FILE).read_text(encoding="utf-8")) if args.only_extra else {}
    info1: dict[str, object] = {}
    if args.only_extra:
        head1 = old["heads"][0]["file"]
        neural = head1.endswith(".npz")
        t_main = old["heads"][0]["train_seconds"]
        info1 = {k: v for k, v in old["heads"][0].items() if k in ("epochs", "dev_f1", "params", "model")}
    elif neural:
        from didban.ner.neural import NeuralTagger, read_vectors
        from didban.ner.nn_train import NnParams, train_neural

        vectors = read_vectors(args.out / VECTORS_FILE)
        p1 = NnParams()
        p1.epochs = args.epochs or p1.epochs
        p1.hidden = args.hidden or p1.hidden

        def dev(tagger: NeuralTagger) -> float:
            scores = evaluate(lambda ws: tagger.tag(ws, features._gazetteer_tags(ws)), dev_sents, set(MAIN_TYPES))
            return scores["ALL"].f1 if "ALL" in scores else 0.0

        print("head 1 (news types, neural):", flush=True)
        t_main, info1 = train_neural(
            main_sents, relabel(main_sents, set(MAIN_TYPES)), MAIN_TYPES, args.out / head1, vectors, features, p1, dev
        )
        info1["params"] = p1.as_dict()
    else:
        print("head 1 (news types, CRF):", flush=True)
        params = {"max_iterations": args.iterations}
        t_main = train_crf(main_sents, args.out / head1, features, relabel(main_sents, set(MAIN_TYPES)), params)
    print(f"  {t_main:.0f} s", flush=True)

    extra_labels = relabel(extra_sents, set(EXTRA_TYPES))
    info2: dict[str, object] = {}
    if neural2:
        from didban.ner.neural import read_vectors
        from didban.ner.nn_train import ARMAN_EPOCHS, NnParams, train_neural

        print("head 2 (FAC, EVENT from Arman, neural):", flush=True)
        p2 = NnParams(epochs=args.extra_epochs or ARMAN_EPOCHS, hidden=args.extra_hidden)
        vectors = read_vectors(args.out / VECTORS_FILE)
        t_extra, info2 = train_neural(extra_sents, extra_labels, EXTRA_TYPES, args.out / head2, vectors, features, p2)
        info2["params"] = p2.as_dict()
    else:
        print(f"head 2 (FAC, EVENT from Arman{', stacked on head 1' if args.stacked else ''}):", flush=True)
        if args.stacked and neural:
            print("--stacked needs a CRF head 1", file=sys.stderr)
            return 2
        prior = crf_tagger(args.out / head1, features) if args.stacked else None
        params = {"max_iterations": args.iterations}
        t_extra = train_crf(extra_sents, args.out / head2, features, extra_labels, params, prior=prior)
    print(f"  {t_extra:.0f} s", flush=True)

    command = (
        "python scripts/train_word_clusters.py --data ../shared/data && "
        + ("python scripts/train_ner_vectors.py --data ../shared/data && " if neural or neural2 else "")
        + "python scripts/train_ner.py --data ../shared/data"
        + ("" if neural == (HEAD1_KIND == "neural") else f" --kind {'neural' if neural else 'crf'}")
        + ("" if neural2 == (HEAD2_KIND == "neural") else f" --extra-kind {'neural' if neural2 else 'crf'}")
        + (" --no-gazetteer" if args.no_gazetteer else "")
    )
    nn_model = (
        "dilated CNN + linear-chain CRF over fastText word vectors, a character CNN, word clusters and "
        "gazetteer tags (trained with PyTorch, run with numpy)"
    )
    crf_model = "linear-chain CRF (python-crfsuite, L-BFGS, elastic net)"
    meta: dict[str, object] = {
        "model": "heads: " + ", ".join(f"{h} ({'neural' if h.endswith('.npz') else 'CRF'})" for h in (head1, head2)),
        "trained": date.today().isoformat(),
        "command": command,
        "gazetteer": bool(gazetteer),
        "heads": [
            {"file": head1, "types": MAIN_TYPES, "model": nn_model if neural else crf_model,
             "train_seconds": round(t_main),
             "data": HEAD1_DATA.format("" if neural else "+dev") + ("; epoch chosen on PEYMA dev" if neural else ""),
             **info1},
            {"file": head2, "types": EXTRA_TYPES, "model": nn_model if neural2 else crf_model,
             "train_seconds": round(t_extra), "stacked": args.stacked and not neural2, "data": HEAD2_DATA, **info2},
        ],
        "clusters": f"{CLUSTERS_FILE}: word2vec + k-means on ../shared/data/news and NER training text",
        "licence_note": "The model files inherit the research-only terms of PEYMA and Arman.",
    }
    if not (neural and neural2):
        meta["params"] = {**DEFAULT_PARAMS, "max_iterations": args.iterations}  # the CRF heads'
    if neural or neural2:
        meta["vectors"] = VECTORS_FILE
        meta["vectors_note"] = f"{VECTORS_FILE}: fastText (gensim) on ../shared/data/news and NER training text"
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in args.out.iterdir() if p.name.startswith("ner")}
    print("wrote", ", ".join(f"{k} ({v / 1e6:.1f} MB)" for k, v in sorted(sizes.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

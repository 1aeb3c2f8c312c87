"""Train the shipped NER model from ../shared/data/ner and write it into the package.

    python scripts/train_word_clusters.py --data ../shared/data     # once: word clusters (needs [train])
    python scripts/train_ner.py --data ../shared/data               # the CRF heads and ner.json

Heads (see didban/ner/model.py):
- ``ner.crfsuite``: PER ORG LOC DAT TIM MON PCT, trained on PEYMA train+dev and the NSURL-2019 600K
  part. PEYMA's test split is never used, so `scripts/eval_ner.py` can score the shipped model on it.
- ``ner-extra.crfsuite``: FAC and EVENT, trained on the whole Arman corpus (only those two types kept);
  with ``--stacked`` it also sees head 1's labels as features (slightly better, slower).

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
from didban.ner.model import CLUSTERS_FILE, META_FILE, read_clusters, registry_gazetteer
from didban.ner.train import DEFAULT_PARAMS, crf_tagger, relabel, train_crf

MAIN_TYPES = ["PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"]
EXTRA_TYPES = ["FAC", "EVENT"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("src/didban/models"))
    ap.add_argument("--iterations", type=int, default=int(DEFAULT_PARAMS["max_iterations"]))
    ap.add_argument("--no-gazetteer", action="store_true", help="train without the entity registry as features")
    ap.add_argument("--only-extra", action="store_true", help="keep ner.crfsuite, retrain the FAC/EVENT head")
    ap.add_argument(
        "--stacked", action="store_true",
        help="give the FAC/EVENT head the news head's labels as features (+0.6 F1 on Arman CV, ~28%% slower NER)",
    )
    args = ap.parse_args(argv)

    ner = args.data / "ner"
    if not ner.is_dir():
        print(f"{ner}: not found (the NER corpora live in ../shared/data/ner)", file=sys.stderr)
        return 2
    clusters_path = args.out / CLUSTERS_FILE
    gazetteer = {} if args.no_gazetteer else registry_gazetteer()
    features = FeatureExtractor(read_clusters(clusters_path), gazetteer)
    params = {"max_iterations": args.iterations}

    t0 = time.time()
    main_sents = [] if args.only_extra else load(ner / "peyma" / "train.txt") + load(ner / "peyma" / "dev.txt")
    main_sents += [] if args.only_extra else load(ner / "nsurl2019" / "train_600K.conll")
    extra_sents = [s for k in (1, 2, 3) for s in load(ner / "arman" / f"test_fold{k}.txt")]
    print(f"corpora read and aligned in {time.time() - t0:.0f} s", flush=True)

    old = json.loads((args.out / META_FILE).read_text(encoding="utf-8")) if args.only_extra else {}
    if args.only_extra:
        t_main = old["heads"][0]["train_seconds"]
    else:
        print("head 1 (news types):", flush=True)
        main_labels = relabel(main_sents, set(MAIN_TYPES))
        t_main = train_crf(main_sents, args.out / "ner.crfsuite", features, main_labels, params)
    print(f"  {t_main:.0f} s", flush=True)
    print(f"head 2 (FAC, EVENT from Arman{', stacked on head 1' if args.stacked else ''}):", flush=True)
    prior = crf_tagger(args.out / "ner.crfsuite", features) if args.stacked else None
    t_extra = train_crf(
        extra_sents, args.out / "ner-extra.crfsuite", features, relabel(extra_sents, set(EXTRA_TYPES)), params,
        prior=prior,
    )
    print(f"  {t_extra:.0f} s", flush=True)

    meta = {
        "model": "linear-chain CRF (python-crfsuite, L-BFGS, elastic net)",
        "trained": date.today().isoformat(),
        "command": "python scripts/train_word_clusters.py --data ../shared/data && "
        "python scripts/train_ner.py --data ../shared/data" + (" --no-gazetteer" if args.no_gazetteer else ""),
        "params": {**DEFAULT_PARAMS, **params},
        "gazetteer": bool(gazetteer),
        "heads": [
            {"file": "ner.crfsuite", "types": MAIN_TYPES, "train_seconds": round(t_main),
             "data": "PEYMA train+dev (free for research purposes); NSURL-2019 600K part (no licence stated)"},
            {"file": "ner-extra.crfsuite", "types": EXTRA_TYPES, "train_seconds": round(t_extra),
             "stacked": args.stacked, "data": "ArmanPersoNERCorpus, all folds (only for academic research use)"},
        ],
        "clusters": f"{CLUSTERS_FILE}: word2vec + k-means on ../shared/data/news and NER training text",
        "licence_note": "The model files inherit the research-only terms of PEYMA and Arman.",
    }
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in args.out.iterdir() if p.name.startswith("ner")}
    print("wrote", ", ".join(f"{k} ({v / 1e6:.1f} MB)" for k, v in sorted(sizes.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Word vectors for the neural NER tagger, learned from unlabelled Persian text in ../shared/data.

fastText (gensim, skip-gram with character 2–5-grams, so rare words get good vectors) over the news
articles and the words (never the labels) of the NER training texts: PEYMA train+dev and the NSURL 600K
part. PEYMA's test split, Arman and ParsTwiNER are left out, so no evaluation text is seen. The vectors
of the most frequent words (rare ones get theirs from character n-grams) are written as float16 to
``ner-vectors.npz`` (``words``: newline-joined UTF-8, ``vectors``: words x dim); unknown words at run
time get a zero vector and lean on the tagger's character CNN.

    python scripts/train_ner_vectors.py --data ../shared/data

Needs the ``train`` extra (gensim). About 3–4 minutes on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_word_clusters import training_sentences

from didban.ner.neural import embedding_key


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("src/didban/models/ner-vectors.npz"))
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--max-words", type=int, default=100_000)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    from gensim.models import FastText

    t0 = time.time()
    sentences = [[embedding_key(w) for w in s] for s in training_sentences(args.data)]
    n_tokens = sum(map(len, sentences))
    print(f"{len(sentences):,} sentences, {n_tokens:,} tokens read in {time.time() - t0:.0f} s", flush=True)

    t0 = time.time()
    ft = FastText(
        sentences, vector_size=args.dim, window=5, min_count=args.min_count, sg=1, workers=1, epochs=args.epochs,
        seed=args.seed, min_n=2, max_n=5, bucket=200_000,
    )
    # the vocabulary, then the words seen fewer than min-count times (their vectors come from character
    # n-grams), most frequent first
    counts = Counter(w for s in sentences for w in s)
    known = set(ft.wv.key_to_index)
    words = list(ft.wv.index_to_key) + [w for w, _ in counts.most_common() if w not in known]
    words = words[: args.max_words]
    vectors = np.stack([ft.wv[w] for w in words]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8
    print(f"fastText: {len(ft.wv.index_to_key):,} words ({len(words):,} kept) in {time.time() - t0:.0f} s", flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    blob = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.out, words=blob, vectors=vectors.astype(np.float16))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

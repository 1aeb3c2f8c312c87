"""Word clusters for the NER tagger, learned from unlabelled Persian text in ../shared/data.

Word2vec embeddings (gensim) over the news articles and the NER training texts (only their words,
never their labels; PEYMA's test split, Arman and ParsTwiNER are left out so no evaluation text is
seen), then k-means (scikit-learn) at three granularities. The output is a TSV shipped in the
package: ``word<TAB>cluster@64<TAB>cluster@256<TAB>cluster@1024``.

    python scripts/train_word_clusters.py --data ../shared/data --out src/didban/models/ner-clusters.tsv

Needs the ``train`` extra (gensim, scikit-learn). Takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

from didban.ner.data import read_conll
from didban.text.normalize import normalize_text
from didban.text.segment import split_sentences, tokenize

SIZES = (64, 256, 1024)


def news_sentences(data: Path) -> Iterator[list[str]]:
    """Every sentence of the news articles, normalized and tokenized the pipeline's way."""
    for path in sorted((data / "news").glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item.get("title"), item.get("abstract") or item.get("summary")]
            parts += item.get("paragraphs") or []
            raw = "\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            text = normalize_text(raw)
            for s, e in split_sentences(text):
                yield [text[a:b].lower() for a, b in tokenize(text, s, e)]


def conll_sentences(path: Path) -> Iterator[list[str]]:
    for words, _tags in read_conll(path):
        text = normalize_text(" ".join(words))
        yield [text[a:b].lower() for a, b in tokenize(text)]


# The NER texts whose words (never labels) join the news: no evaluation text (PEYMA test, Arman, ParsTwiNER).
UNLABELLED_NER = (("nsurl2019", "train_600K.conll"), ("peyma", "train.txt"), ("peyma", "dev.txt"))


def training_sentences(data: Path) -> list[list[str]]:
    """The news sentences and the words of the NER training texts, tokenized the pipeline's way."""
    sentences = list(news_sentences(data))
    for folder, name in UNLABELLED_NER:
        sentences.extend(conll_sentences(data / "ner" / folder / name))
    return sentences


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("src/didban/models/ner-clusters.tsv"))
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    t0 = time.time()
    sentences = training_sentences(args.data)
    n_tokens = sum(map(len, sentences))
    print(f"{len(sentences):,} sentences, {n_tokens:,} tokens read in {time.time() - t0:.0f} s", flush=True)

    t0 = time.time()
    w2v = Word2Vec(
        sentences, vector_size=args.dim, window=5, min_count=args.min_count, sg=1, workers=2, epochs=args.epochs,
        seed=args.seed,
    )
    words = list(w2v.wv.index_to_key)
    vectors = w2v.wv.get_normed_vectors()
    print(f"word2vec: {len(words):,} words in {time.time() - t0:.0f} s", flush=True)

    t0 = time.time()
    columns = []
    for k in SIZES:
        km = MiniBatchKMeans(n_clusters=k, random_state=args.seed, batch_size=4096, n_init=3)
        columns.append(km.fit_predict(vectors))
    print(f"k-means {SIZES} in {time.time() - t0:.0f} s", flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        f.write("# word clusters for the NER tagger: scripts/train_word_clusters.py (word2vec, k-means 64/256/1024)\n")
        for i, w in enumerate(words):
            f.write(w + "\t" + "\t".join(str(c[i]) for c in columns) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training and scoring of CRF taggers (used by scripts/train_ner.py and scripts/eval_ner.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from didban.ner.data import Entity, Sentence, predicted_entities
from didban.ner.evaluate import Scores, score
from didban.ner.features import FeatureExtractor

DEFAULT_PARAMS: dict[str, float | int | bool] = {
    "c1": 0.05,  # L1: keeps the model small (most of millions of features get weight 0)
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def relabel(sentences: Sequence[Sentence], keep: set[str]) -> list[list[str]]:
    """Labels of each sentence with types outside ``keep`` turned into O."""
    return [[lab if lab == "O" or lab[2:] in keep else "O" for lab in s.labels] for s in sentences]


def train_crf(
    sentences: Sequence[Sentence],
    out: Path,
    features: FeatureExtractor,
    labels: Sequence[Sequence[str]] | None = None,
    params: dict[str, float | int | bool] | None = None,
    log: Callable[[str], None] = print,
    prior: Callable[[list[str]], list[str]] | None = None,
) -> float:
    """Train a CRF on aligned sentences and write it to ``out``; returns the seconds it took.

    With ``prior`` (another tagger), its labels become features: a stacked head.
    """
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, s in enumerate(sentences):
        words = s.token_texts()
        xseq = features.sentence(words, prior(words) if prior is not None else None)
        trainer.append(xseq, list(labels[i]) if labels is not None else s.labels)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    log(f"  training on {len(sentences):,} sentences, {sum(len(s.tokens) for s in sentences):,} tokens")
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return time.time() - t0


def evaluate(
    tag: Callable[[list[str]], list[str]], sentences: Sequence[Sentence], types: set[str] | None = None
) -> dict[str, Scores]:
    """CoNLL-strict scores of a tagger (token texts → BIO labels) on aligned gold sentences."""
    pairs: list[tuple[list[Entity], list[Entity]]] = []
    for s in sentences:
        pairs.append((s.gold, predicted_entities(s, tag(s.token_texts()))))
    return score(pairs, types)


def crf_tagger(
    path: Path, features: FeatureExtractor, prior: Callable[[list[str]], list[str]] | None = None
) -> Callable[[list[str]], list[str]]:
    """A tagging function over a CRF file, for `evaluate` (``prior`` as in `train_crf`)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))

    def tag(words: list[str]) -> list[str]:
        if not words:
            return []
        return list(tagger.tag(features.sentence(words, prior(words) if prior is not None else None)))

    return tag

"""The topic classifier at run time: TF-IDF features of normalized words → linear scores → softmax.

The model is trained with scikit-learn by ``scripts/train_topics.py`` and exported to two plain files
in ``models/``, so running it needs only the standard library:

- ``topic.json``: the topics (output order), their biases, the feature settings, the training data,
  licence and held-out scores;
- ``topic.tsv``: one feature a line, ``feature<TAB>idf<TAB>weight per topic…``.

Features are content words (see `didban.topics.words`) and pairs of adjacent content words; a document's
vector is sublinear TF × IDF, L2-normalized, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``
computes it, so training and run time agree exactly.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from didban.errors import ConfigError
from didban.topics.words import Span, content_keys

META_FILE = "topic.json"
WEIGHTS_FILE = "topic.tsv"


def default_model_dir() -> Path:
    return Path(str(resources.files("didban") / "models"))


def features(text: str, tokens: Sequence[Span]) -> list[str]:
    """Content words and adjacent content-word pairs (a stopword or punctuation breaks a pair)."""
    keys = content_keys(text, tokens)
    out = [k for k in keys if k is not None]
    out += [f"{a} {b}" for a, b in itertools.pairwise(keys) if a is not None and b is not None]
    return out


class TopicModel:
    """Loaded once from ``model_dir`` (the packaged ``models/`` by default); pickles as its directory."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.meta = self._read_meta()
        topics = self.meta.get("topics")
        bias = self.meta.get("bias")
        if not isinstance(topics, list) or not isinstance(bias, list) or len(topics) != len(bias) or not topics:
            raise ConfigError(f"{self.model_dir / META_FILE}: 'topics' and 'bias' must be lists of the same length")
        self.topics: tuple[str, ...] = tuple(str(t) for t in topics)
        self.bias: tuple[float, ...] = tuple(float(b) for b in bias)
        self.weights = self._read_weights(len(self.topics))

    def __reduce__(self) -> tuple[type, tuple[str]]:
        # Rebuilt from its files in a worker rather than pickling ~100k floats.
        return (type(self), (str(self.model_dir),))

    def _read_meta(self) -> dict[str, Any]:
        path = self.model_dir / META_FILE
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: topic model metadata not found (train one with scripts/train_topics.py)"
            ) from None
        except (OSError, ValueError) as e:
            raise ConfigError(f"{path}: cannot read the topic model metadata ({e.__class__.__name__}: {e})") from None
        if not isinstance(meta, dict):
            raise ConfigError(f"{path}: the topic model metadata is not a JSON object")
        return meta

    def _read_weights(self, n: int) -> dict[str, tuple[float, tuple[float, ...]]]:
        path = self.model_dir / WEIGHTS_FILE
        weights: dict[str, tuple[float, tuple[float, ...]]] = {}
        try:
            with path.open(encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    if line.startswith("#"):
                        continue
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) != n + 2:
                        raise ConfigError(f"{path}:{lineno}: expected feature, idf and {n} weights")
                    weights[cols[0]] = (float(cols[1]), tuple(float(w) for w in cols[2:]))
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: topic model weights not found (train one with scripts/train_topics.py)"
            ) from None
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ConfigError(f"{path}: not a valid topic weights file ({e.__class__.__name__})") from None
        if not weights:
            raise ConfigError(f"{path}: the topic weights file is empty")
        return weights

    def scores(self, feats: Sequence[str]) -> dict[str, float]:
        """Probability per topic (softmax of the linear scores); the bias alone for an empty document."""
        vec: list[tuple[float, tuple[float, ...]]] = []
        sq = 0.0
        for feat, count in Counter(feats).items():
            entry = self.weights.get(feat)
            if entry is not None:
                v = (1.0 + math.log(count)) * entry[0]
                vec.append((v, entry[1]))
                sq += v * v
        logits = list(self.bias)
        if sq > 0.0:
            norm = 1.0 / math.sqrt(sq)
            for v, row in vec:
                x = v * norm
                logits = [z + x * w for z, w in zip(logits, row, strict=True)]  # same sums, same order
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return {t: e / total for t, e in zip(self.topics, exps, strict=True)}

    def predict(self, text: str, tokens: Sequence[Span]) -> tuple[str, dict[str, float]]:
        probs = self.scores(features(text, tokens))
        return max(probs, key=probs.__getitem__), probs

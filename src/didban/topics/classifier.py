"""The topic classifier at run time: word and character n-gram TF-IDF → linear scores → softmax.

The model is trained with scikit-learn by ``scripts/train_topics.py`` and exported to two plain files
in ``models/``, so running it needs only the standard library:

- ``topic.json``: the topics (output order), their biases, the softmax temperature, the feature settings,
  the training data, licence and held-out scores;
- ``topic.tsv``: one feature a line, ``block<TAB>feature<TAB>idf<TAB>weight per topic…``, where block ``w``
  is a word or a pair of adjacent words and block ``c`` a character n-gram of one word.

Features (`word_features`, `char_features`) come from the *keys* of the article's tokens (the token's text,
lowercased; normalized Persian keeps its ZWNJ): every key and every adjacent pair of keys, and the character
2–5-grams of each key padded with a space on both sides (scikit-learn's ``char_wb``). Each block is
TF × IDF (raw counts, smooth IDF) and L2-normalized on its own, as two ``TfidfVectorizer(sublinear_tf=False)``
side by side compute it, so training and run time agree. Raw counts make a block's dot product a sum over
the article's distinct keys, so a key's character n-grams are looked up once per process (memoized), not once
per article; only the block's norm needs the n-gram counts. The scores are a linear SVM's margins; the
probabilities are their softmax at a temperature fitted on a development split. Only the first
``max_tokens`` tokens (from ``topic.json``; `MAX_TOKENS` when training) are read, in training as at run time.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from itertools import chain
from operator import mul
from pathlib import Path
from typing import Any

from didban.errors import ConfigError
from didban.topics.words import Span

META_FILE = "topic.json"
WEIGHTS_FILE = "topic.tsv"
CHAR_MIN, CHAR_MAX = 2, 5
MAX_TOKENS = 200  # the title and the first paragraphs: enough for the topic (dev macro-F1 0.733 vs 0.739 for
# whole articles) and it bounds the stage's time on long ones; the trainer cuts its documents the same way
_MEMO_MAX = 300_000  # keys memoized per model (a long-running process sees an open vocabulary)

Row = tuple[float, ...]


def default_model_dir() -> Path:
    return Path(str(resources.files("didban") / "models"))


def token_keys(text: str, tokens: Sequence[Span]) -> list[str]:
    """Each token's text, lowercased (one ``lower()`` of the whole text when that keeps every offset)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lowercase is longer («İ»): lowercase token by token
        return [text[s:e].lower() for s, e in tokens]
    return [low[s:e] for s, e in tokens]


def word_features(keys: Sequence[str]) -> list[str]:
    """Every key and every adjacent pair of keys (``"a b"``)."""
    return [*keys, *(f"{a} {b}" for a, b in itertools.pairwise(keys))]


def char_ngrams(key: str) -> list[str]:
    """Character 2–5-grams of `` key `` (padded with a space each side), as scikit-learn's ``char_wb``."""
    p = f" {key} "
    n = len(p)
    return [p[i : i + k] for k in range(CHAR_MIN, CHAR_MAX + 1) for i in range(n - k + 1)]


def char_features(keys: Sequence[str]) -> list[str]:
    return [g for key in keys for g in char_ngrams(key)]


class TopicModel:
    """Loaded once from ``model_dir`` (the packaged ``models/`` by default); pickles as its directory."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.meta = self._read_meta()
        topics = self.meta.get("topics")
        bias = self.meta.get("bias")
        if not isinstance(topics, list) or not isinstance(bias, list) or len(topics) != len(bias) or not topics:
            raise ConfigError(f"{self.model_dir / META_FILE}: 'topics' and 'bias' must be lists of the same length")
        try:
            self.temperature = float(self.meta.get("temperature", 1.0))
        except (TypeError, ValueError):
            raise ConfigError(f"{self.model_dir / META_FILE}: 'temperature' must be a number") from None
        if not self.temperature > 0.0:
            raise ConfigError(f"{self.model_dir / META_FILE}: 'temperature' must be positive")
        max_tokens = self.meta.get("max_tokens")
        if max_tokens is not None and (not isinstance(max_tokens, int) or max_tokens <= 0):
            raise ConfigError(f"{self.model_dir / META_FILE}: 'max_tokens' must be a positive integer")
        self.max_tokens: int | None = max_tokens
        self.topics: tuple[str, ...] = tuple(str(t) for t in topics)
        self.bias: Row = tuple(float(b) for b in bias)
        self.words: dict[str, tuple[float, Row]] = {}
        self.chars: dict[str, tuple[float, Row]] = {}
        self._read_weights(len(self.topics))
        self._zero: Row = (0.0,) * len(self.topics)
        # key → (its word entry or None, Σ idf·weights of its char n-grams, its char n-grams' ids)
        self._memo: dict[str, tuple[tuple[float, Row] | None, Row, tuple[int, ...]]] = {}
        self._char_ids = {g: i for i, g in enumerate(self.chars)}
        self._char_idf2 = [e[0] * e[0] for e in self.chars.values()]

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
        if meta.get("format") != 2:
            raise ConfigError(f"{path}: topic model format {meta.get('format')!r}, expected 2 (retrain)")
        return meta

    def _read_weights(self, n: int) -> None:
        path = self.model_dir / WEIGHTS_FILE
        blocks = {"w": self.words, "c": self.chars}
        try:
            with path.open(encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) != n + 3 or cols[0] not in blocks:
                        raise ConfigError(f"{path}:{lineno}: expected block (w or c), feature, idf and {n} weights")
                    blocks[cols[0]][cols[1]] = (float(cols[2]), tuple(float(w) for w in cols[3:]))
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: topic model weights not found (train one with scripts/train_topics.py)"
            ) from None
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ConfigError(f"{path}: not a valid topic weights file ({e.__class__.__name__})") from None
        if not self.words and not self.chars:
            raise ConfigError(f"{path}: the topic weights file is empty")

    def _entry(self, key: str) -> tuple[tuple[float, Row] | None, Row, tuple[int, ...]]:
        found = self._memo.get(key)
        if found is not None:
            return found
        chars, ids = self.chars, self._char_ids
        vec = self._zero
        grams: list[int] = []
        for g in char_ngrams(key):
            e = chars.get(g)
            if e is not None:
                idf, row = e
                vec = tuple([v + idf * w for v, w in zip(vec, row, strict=True)])
                grams.append(ids[g])
        found = (self.words.get(key), vec, tuple(grams))
        if len(self._memo) < _MEMO_MAX:
            self._memo[key] = found
        return found

    def logits(self, keys: Sequence[str]) -> list[float]:
        """Linear scores per topic (the bias alone for an empty document).

        The weight rows of the article's features, each with its TF-IDF value over its block's norm, are
        transposed into one column per topic (``zip(*rows)``), so each topic's dot product runs in C
        (``sum(map(mul, …))``).
        """
        counts = Counter(keys)
        ents = list(map(self._entry, counts))
        mult = list(counts.values())
        wvals = [c * e[0][0] for c, e in zip(mult, ents, strict=True) if e[0] is not None]
        wrows = [e[0][1] for e in ents if e[0] is not None]
        cvals = [float(c) for c, e in zip(mult, ents, strict=True) if e[2]]
        crows = [e[1] for e in ents if e[2]]
        flat = list(chain.from_iterable([e[2] * c if c > 1 else e[2] for c, e in zip(mult, ents, strict=True)]))
        words = self.words
        for pair, c in Counter([f"{a} {b}" for a, b in itertools.pairwise(keys)]).items():
            e = words.get(pair)
            if e is not None:
                wvals.append(c * e[0])
                wrows.append(e[1])
        if not wvals and not cvals:
            return list(self.bias)
        # The norms first, then one coefficient per row and a single pass over the transposed rows.
        wn = 1.0 / math.sqrt(sum(map(mul, wvals, wvals))) if wvals else 0.0
        coef = [v * wn for v in wvals]
        if cvals:
            grams_n = Counter(flat)
            n = list(grams_n.values())
            cn = 1.0 / math.sqrt(sum(map(mul, map(mul, n, n), map(self._char_idf2.__getitem__, grams_n))))
            coef += [c * cn for c in cvals]
        cols = zip(*wrows, *crows, strict=True)
        return [b + sum(map(mul, coef, col)) for b, col in zip(self.bias, cols, strict=True)]

    def scores(self, keys: Sequence[str]) -> dict[str, float]:
        """Probability per topic: softmax of the linear scores divided by the fitted temperature."""
        logits = self.logits(keys)
        t = self.temperature
        top = max(logits)
        exps = [math.exp((z - top) / t) for z in logits]
        total = sum(exps)
        return {topic: e / total for topic, e in zip(self.topics, exps, strict=True)}

    def predict(self, text: str, tokens: Sequence[Span]) -> tuple[str, dict[str, float]]:
        probs = self.scores(token_keys(text, tokens[: self.max_tokens] if self.max_tokens else tokens))
        return max(probs, key=probs.__getitem__), probs

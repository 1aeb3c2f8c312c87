"""A small neural tagger run with numpy only: a dilated CNN over word vectors, a character CNN and the
cluster/gazetteer features, and a linear-chain CRF decoded by Viterbi.

It is trained with PyTorch (``didban.ner.nn_train``, the ``train`` extra) and exported to a ``.npz``
file; the run time needs numpy and nothing else. Each token is represented by

- its pre-trained word vector (``ner-vectors.npz``, fastText on unlabelled news, frozen; zero when the
  word is unknown), looked up by `embedding_key`;
- a character CNN (width 3, max-pooled) over its first and last characters;
- embeddings of its shape and of its three word-cluster ids (``ner-clusters.tsv``);
- an embedding of the gazetteer tag the entity registry gives it in context.

Everything but the gazetteer tag depends only on the word form and is cached per form. A projection and
`len(dilations)` residual convolutions (width 3, ReLU) give each token a context of a few words either
side; a linear layer gives the CRF's emission scores.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from didban.ner.features import shape

MAX_CHARS = 20  # longer words keep their first and last 10 characters
FORM_CACHE = 300_000


def embedding_key(word: str) -> str:
    """The form a word is looked up by in the word vectors: lower case, every digit as 0."""
    low = word.lower()
    if any(ch.isdigit() for ch in low):
        low = "".join("0" if ch.isdigit() else ch for ch in low)
    return low


def clip_chars(word: str) -> str:
    return word if len(word) <= MAX_CHARS else word[: MAX_CHARS // 2] + word[-MAX_CHARS // 2 :]


def read_vectors(path: Path) -> tuple[dict[str, int], np.ndarray]:
    """``ner-vectors.npz`` → (word → row, vectors as float32)."""
    with np.load(path, allow_pickle=False) as z:
        words = bytes(z["words"]).decode("utf-8").split("\n")
        vectors = z["vectors"].astype(np.float32)
    if len(words) != len(vectors):
        raise ValueError(f"{len(words)} words but {len(vectors)} vectors")
    return {w: i for i, w in enumerate(words)}, vectors


def pack_json(obj: object) -> np.ndarray:
    return np.frombuffer(json.dumps(obj, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


class NeuralTagger:
    """One exported head: ``tag(words, gazetteer_tags)`` → BIO labels."""

    def __init__(
        self,
        path: Path,
        vectors: tuple[dict[str, int], np.ndarray],
        clusters: Mapping[str, Sequence[str]],
    ) -> None:
        with np.load(path, allow_pickle=False) as z:
            self.config: dict[str, Any] = json.loads(bytes(z["config"]).decode("utf-8"))
            p = {k: z[k].astype(np.float32) for k in z.files if k != "config"}
        cfg = self.config
        self.tags: list[str] = cfg["tags"]
        self.char_index: dict[str, int] = {c: i for i, c in enumerate(cfg["chars"])}  # 0: padding, 1: unknown
        self.shape_index: dict[str, int] = {s: i for i, s in enumerate(cfg["shapes"])}  # 0: unknown
        self.gaz_index: dict[str, int] = {g: i for i, g in enumerate(cfg["gazetteer_tags"])}  # 0: none
        self.dilations: list[int] = cfg["dilations"]
        self.word_index, self.word_vectors = vectors
        if self.word_vectors.shape[1] != cfg["word_dim"]:
            raise ValueError(f"word vectors of {self.word_vectors.shape[1]} dims, model wants {cfg['word_dim']}")
        self.clusters = clusters
        self.p = p
        self.n_tags = len(self.tags)
        for name in ("char_emb", "char_w", "char_b", "shape_emb", "gaz_emb", "in_w", "in_b", "out_w", "out_b",
                     "trans", "start", "end"):  # fmt: skip
            if name not in p:
                raise ValueError(f"missing array {name!r}")
        # trained corrections of the vectors of the words frequent in the training data (row 0: none)
        self.tuned_index: dict[str, int] = {w: i for i, w in enumerate(cfg.get("tuned_words", [])) if i}
        # The input layer is linear before its ReLU, so it splits into a per-form part (cached with the form)
        # and a per-gazetteer-tag part (a table): [form, gaz] @ in_w = form @ in_w[:f] + gaz @ in_w[f:].
        n_form = p["in_w"].shape[0] - p["gaz_emb"].shape[1]
        self._in_form = np.ascontiguousarray(p["in_w"][:n_form])
        self._in_gaz = p["gaz_emb"] @ p["in_w"][n_form:] + p["in_b"]
        # conv i as one product with the three taps side by side: (H, 3H), then shifted sums
        hidden = p["in_w"].shape[1]
        self._conv = [
            np.ascontiguousarray(np.concatenate([w[:hidden], w[hidden : 2 * hidden], w[2 * hidden :]], axis=1))
            for w in (p[f"conv{i}_w"] for i in range(len(self.dilations)))
        ]
        self._gap = max(self.dilations, default=1)
        self._cache: dict[str, np.ndarray] = {}

    def form_vector(self, word: str) -> np.ndarray:
        """The context-free part of a token's input, through the input layer's weights (cached per form)."""
        v = self._cache.get(word)
        if v is not None:
            return v
        p = self.p
        key = embedding_key(word)
        row = self.word_index.get(key)
        wv = self.word_vectors[row] if row is not None else np.zeros(self.word_vectors.shape[1], np.float32)
        tuned = self.tuned_index.get(key)
        if tuned is not None:
            wv = wv + p["tuned"][tuned]
        chars = [self.char_index.get(c, 1) for c in clip_chars(word)] or [1]
        ce = p["char_emb"][[0, *chars, 0]]  # padded by one on either side (row 0 is zeros)
        x = np.concatenate([ce[:-2], ce[1:-1], ce[2:]], axis=1)
        cv = (x @ p["char_w"]).max(axis=0) + p["char_b"]
        cl = self.clusters.get(word.lower(), ())
        parts = [wv, cv, p["shape_emb"][self.shape_index.get(shape(word), 0)]]
        for k in range(3):
            parts.append(p[f"cl{k}_emb"][int(cl[k]) + 1 if len(cl) > k else 0])
        v = np.concatenate(parts) @ self._in_form
        if len(self._cache) < FORM_CACHE:
            self._cache[word] = v
        return v

    def emissions_batch(self, sentences: Sequence[Sequence[str]], gaz: Sequence[Sequence[str | None]]) -> np.ndarray:
        """Emission scores of several non-empty sentences at once: (sentences, longest, tags), zero-padded.

        The sentences are laid end to end with rows of zeros between them, wide enough for the widest
        dilation, and those rows are zeroed again after every layer: each sentence sees only itself, as
        if tagged alone, while the products run over one large matrix.
        """
        p = self.p
        gap = self._gap
        lengths = [len(ws) for ws in sentences]
        starts = np.cumsum([gap] + [n + gap for n in lengths[:-1]])
        pos = np.concatenate([s + np.arange(n) for s, n in zip(starts, lengths, strict=True)])
        total = int(starts[-1]) + lengths[-1] + gap
        forms = np.stack([self.form_vector(w) for ws in sentences for w in ws])
        gaz_ids = [self.gaz_index.get(t, 0) if t is not None else 0 for g in gaz for t in g]
        h = np.zeros((total, forms.shape[1]), np.float32)
        h[pos] = np.maximum(forms + self._in_gaz[gaz_ids], 0.0)
        keep = np.zeros((total, 1), np.float32)
        keep[pos] = 1.0
        hidden = h.shape[1]
        for i, d in enumerate(self.dilations):
            y = h @ self._conv[i]
            c = y[:, hidden : 2 * hidden] + p[f"conv{i}_b"]
            c[d:] += y[:-d, :hidden]  # the tap on the token d before
            c[:-d] += y[d:, 2 * hidden :]  # the tap on the token d after
            h += np.maximum(c, 0.0, out=c) * keep
        flat = h[pos] @ p["out_w"] + p["out_b"]
        em = np.zeros((len(sentences), max(lengths), self.n_tags), np.float32)
        em[np.repeat(np.arange(len(sentences)), lengths), np.concatenate([np.arange(n) for n in lengths])] = flat
        return em

    def emissions(self, words: Sequence[str], gaz: Sequence[str | None]) -> np.ndarray:
        return self.emissions_batch([words], [gaz])[0, : len(words)]

    def viterbi_batch(self, em: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
        """Best tag paths of a padded batch of emissions (a sentence's path stops at its length)."""
        trans, n_tags = self.p["trans"], self.n_tags
        order = sorted(range(len(lengths)), key=lambda k: -lengths[k])  # longest first: the live ones lead
        em = em[order]
        lens = [lengths[k] for k in order]
        b, n, _ = em.shape
        score = self.p["start"] + em[:, 0]
        back = np.zeros((b, n, n_tags), dtype=np.intp)
        cols = np.arange(n_tags)
        live = b
        for t in range(1, n):
            while lens[live - 1] <= t:
                live -= 1
            cand = score[:live, :, None] + trans  # (live, from, to)
            arg = cand.argmax(axis=1)
            back[:live, t] = arg
            score[:live] = cand[np.arange(live)[:, None], arg, cols] + em[:live, t]
        last = (score + self.p["end"]).argmax(axis=1).tolist()
        paths: list[list[int]] = [[] for _ in lengths]
        for j, k in enumerate(order):
            best = last[j]
            path = [best]
            bk = back[j, : lens[j]].tolist()
            for t in range(lens[j] - 1, 0, -1):
                best = bk[t][best]
                path.append(best)
            path.reverse()
            paths[k] = path
        return paths

    def viterbi(self, em: np.ndarray) -> list[int]:
        return self.viterbi_batch(em[None], [em.shape[0]])[0]

    def tag_batch(self, sentences: Sequence[Sequence[str]], gaz: Sequence[Sequence[str | None]]) -> list[list[str]]:
        """BIO labels of several sentences (empty ones allowed), computed together."""
        out: list[list[str]] = [[] for _ in sentences]
        live = [i for i, ws in enumerate(sentences) if ws]
        if not live:
            return out
        em = self.emissions_batch([sentences[i] for i in live], [gaz[i] for i in live])
        tags = self.tags
        for i, path in zip(live, self.viterbi_batch(em, [len(sentences[i]) for i in live]), strict=True):
            out[i] = [tags[k] for k in path]
        return out

    def tag(self, words: Sequence[str], gaz: Sequence[str | None]) -> list[str]:
        return self.tag_batch([words], [gaz])[0]

"""Training of the neural tagger of `didban.ner.neural` with PyTorch (CPU, one thread), and its export.

Only scripts/train_ner.py and scripts/eval_ner.py import this (it needs the ``train`` extra); the
run time reads the exported ``.npz`` with numpy alone. The torch module below mirrors
`NeuralTagger.emissions` operation for operation, and `export` writes the arrays under the names the
numpy side reads, so a model scored here scores the same in the pipeline.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from didban.ner.data import Sentence
from didban.ner.evaluate import Scores
from didban.ner.features import FeatureExtractor, shape
from didban.ner.neural import NeuralTagger, clip_chars, embedding_key, pack_json

ARMAN_EPOCHS = 10  # the FAC/EVENT head and each Arman fold: no dev split there, a fixed count
GAZ_TYPES = ["PER", "ORG", "LOC", "FAC", "EVENT", "PRO", "DAT", "TIM", "MON", "PCT", "GPE"]


@dataclass
class NnParams:
    char_dim: int = 24
    char_filters: int = 64
    shape_dim: int = 12
    cluster_dims: tuple[int, int, int] = (8, 16, 32)
    gaz_dim: int = 12
    hidden: int = 192
    dilations: list[int] = field(default_factory=lambda: [1, 2, 1])
    dropout: float = 0.3
    word_dropout: float = 0.1
    tune_min_count: int = 2  # words seen this often in training get a trained correction of their vector (0: none)
    lr: float = 2e-3
    batch: int = 32
    epochs: int = 8
    seed: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def tag_set(types: Sequence[str]) -> list[str]:
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


class Featurizer:
    """Token sequences → index tensors for the torch module (vocabularies fixed from the training data)."""

    def __init__(
        self,
        train_words: Sequence[Sequence[str]],
        word_index: Mapping[str, int],
        clusters: Mapping[str, Sequence[str]],
        features: FeatureExtractor,
        tune_min_count: int = 0,
    ) -> None:
        chars: Counter[str] = Counter()
        shapes: Counter[str] = Counter()
        keys: Counter[str] = Counter()
        for ws in train_words:
            for w in ws:
                chars.update(clip_chars(w))
                shapes[shape(w)] += 1
                keys[embedding_key(w)] += 1
        # row 0: no correction
        self.tuned = ["", *sorted(k for k, n in keys.items() if tune_min_count and n >= tune_min_count)]
        self.tuned_index = {k: i for i, k in enumerate(self.tuned) if i}
        self.chars = ["<pad>", "<unk>", *sorted(c for c, n in chars.items() if n >= 2)]
        self.shapes = ["<unk>", *sorted(s for s, n in shapes.items() if n >= 2)]
        self.gaz_tags = ["<none>", *(f"{p}-{t}" for t in GAZ_TYPES for p in ("B", "I"))]
        self.char_index = {c: i for i, c in enumerate(self.chars)}
        self.shape_index = {s: i for i, s in enumerate(self.shapes)}
        self.gaz_index = {g: i for i, g in enumerate(self.gaz_tags)}
        self.word_index = word_index
        self.clusters = clusters
        self.features = features
        self.cluster_sizes = [2, 2, 2]
        for ids in clusters.values():
            for k, c in enumerate(ids[:3]):
                self.cluster_sizes[k] = max(self.cluster_sizes[k], int(c) + 2)
        self.forms: dict[str, int] = {}
        self.form_rows: list[tuple[int, list[int], int, list[int]]] = []
        self.form_tuned: list[int] = []

    def form_id(self, w: str) -> int:
        i = self.forms.get(w)
        if i is None:
            i = len(self.form_rows)
            self.forms[w] = i
            row = self.word_index.get(embedding_key(w), -1)
            chars = [self.char_index.get(c, 1) for c in clip_chars(w)] or [1]
            cl = self.clusters.get(w.lower(), ())
            cls = [int(cl[k]) + 1 if len(cl) > k else 0 for k in range(3)]
            self.form_rows.append((row, chars, self.shape_index.get(shape(w), 0), cls))
            self.form_tuned.append(self.tuned_index.get(embedding_key(w), 0))
        return i

    def sentence(self, words: Sequence[str]) -> tuple[list[int], list[int]]:
        gaz = self.features._gazetteer_tags(words)
        return [self.form_id(w) for w in words], [self.gaz_index.get(g, 0) if g else 0 for g in gaz]

    def config(self, tags: Sequence[str], word_dim: int, params: NnParams) -> dict[str, Any]:
        return {"tags": list(tags), "chars": self.chars, "shapes": self.shapes, "gazetteer_tags": self.gaz_tags,
                "dilations": list(params.dilations), "word_dim": word_dim, "params": params.as_dict(),
                "tuned_words": self.tuned}


def build_module(fz: Featurizer, vectors: np.ndarray, n_tags: int, params: NnParams) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            v = torch.tensor(np.vstack([vectors, np.zeros((1, vectors.shape[1]), np.float32)]))
            self.register_buffer("wv", v)  # the last row: unknown words
            self.tuned = nn.Embedding(len(fz.tuned), vectors.shape[1], padding_idx=0)
            nn.init.zeros_(self.tuned.weight)
            self.char_emb = nn.Embedding(len(fz.chars), params.char_dim, padding_idx=0)
            self.char_lin = nn.Linear(3 * params.char_dim, params.char_filters)
            self.shape_emb = nn.Embedding(len(fz.shapes), params.shape_dim)
            self.cl_emb = nn.ModuleList(
                nn.Embedding(n, d) for n, d in zip(fz.cluster_sizes, params.cluster_dims, strict=True)
            )
            self.gaz_emb = nn.Embedding(len(fz.gaz_tags), params.gaz_dim)
            d_in = vectors.shape[1] + params.char_filters + params.shape_dim + sum(params.cluster_dims) + params.gaz_dim
            self.inp = nn.Linear(d_in, params.hidden)
            self.convs = nn.ModuleList(nn.Linear(3 * params.hidden, params.hidden) for _ in params.dilations)
            self.out = nn.Linear(params.hidden, n_tags)
            self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.end = nn.Parameter(torch.zeros(n_tags))
            self.drop = nn.Dropout(params.dropout)

        def forms(self, rows: Any, tuned: Any, chars: Any, char_mask: Any, shapes: Any, cls: Any) -> Any:
            wv = self.wv[rows] + self.tuned(tuned)  # type: ignore[index, unused-ignore]  # typed only where torch is installed
            ce = self.char_emb(chars)  # (F, L+2, dc), padded by one zero either side
            x = torch.cat([ce[:, :-2], ce[:, 1:-1], ce[:, 2:]], dim=-1)
            c = self.char_lin(x).masked_fill(~char_mask[..., None], -1e4).max(dim=1).values
            parts = [wv, c, self.shape_emb(shapes)] + [e(cls[:, k]) for k, e in enumerate(self.cl_emb)]
            return torch.cat(parts, dim=-1)

        def emissions(self, form_vecs: Any, form_ids: Any, gaz: Any, mask: Any) -> Any:
            x = torch.cat([form_vecs[form_ids], self.gaz_emb(gaz)], dim=-1)
            m = mask[..., None].float()
            h = torch.relu(self.inp(self.drop(x))) * m
            for lin, d in zip(self.convs, params.dilations, strict=True):
                n = h.shape[1]
                prev = torch.nn.functional.pad(h, (0, 0, d, 0))[:, :n]
                nxt = torch.nn.functional.pad(h, (0, 0, 0, d))[:, d:]
                h = (h + torch.relu(lin(self.drop(torch.cat([prev, h, nxt], dim=-1))))) * m
            return self.out(self.drop(h))

        def nll(self, em: Any, tags: Any, mask: Any, lengths: Any) -> Any:
            b = torch.arange(em.shape[0])
            mf = mask.float()
            gold = self.start[tags[:, 0]] + (em.gather(2, tags[..., None]).squeeze(-1) * mf).sum(1)
            gold = gold + (self.trans[tags[:, :-1], tags[:, 1:]] * mf[:, 1:]).sum(1)
            gold = gold + self.end[tags[b, lengths - 1]]
            alpha = self.start + em[:, 0]
            for t in range(1, em.shape[1]):
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None], dim=1) + em[:, t]
                alpha = torch.where(mask[:, t, None], nxt, alpha)
            return (torch.logsumexp(alpha + self.end, dim=1) - gold).sum()

    return Net()


def export(net: Any, fz: Featurizer, tags: Sequence[str], params: NnParams, path: Path) -> None:
    """The module's weights under the names `NeuralTagger` reads (float32, compressed)."""

    def a(t: Any) -> np.ndarray:
        return t.detach().cpu().numpy().astype(np.float32)

    arrays: dict[str, np.ndarray] = {
        "char_emb": a(net.char_emb.weight), "char_w": a(net.char_lin.weight).T, "char_b": a(net.char_lin.bias),
        "shape_emb": a(net.shape_emb.weight), "gaz_emb": a(net.gaz_emb.weight),
        "in_w": a(net.inp.weight).T, "in_b": a(net.inp.bias), "out_w": a(net.out.weight).T,
        "out_b": a(net.out.bias), "trans": a(net.trans), "start": a(net.start), "end": a(net.end),
        "tuned": a(net.tuned.weight).astype(np.float16),
    }  # fmt: skip
    for k, e in enumerate(net.cl_emb):
        arrays[f"cl{k}_emb"] = a(e.weight)
    for i, lin in enumerate(net.convs):
        arrays[f"conv{i}_w"] = a(lin.weight).T
        arrays[f"conv{i}_b"] = a(lin.bias)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays["config"] = pack_json(fz.config(tags, int(net.wv.shape[1]), params))
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def train_neural(
    sentences: Sequence[Sentence],
    labels: Sequence[Sequence[str]],
    types: Sequence[str],
    out: Path,
    vectors: tuple[dict[str, int], np.ndarray],
    features: FeatureExtractor,
    params: NnParams | None = None,
    dev: Callable[[NeuralTagger], float] | None = None,
    log: Callable[[str], None] = print,
    max_seconds: float | None = None,
) -> tuple[float, dict[str, Any]]:
    """Train one head and export it to ``out`` (the epoch best on ``dev`` when given, else the last).

    Returns the seconds it took and a summary (epochs, dev F1 per epoch).
    """
    import torch

    params = params or NnParams()
    torch.set_num_threads(1)
    torch.manual_seed(params.seed)
    rng = random.Random(params.seed)
    t0 = time.time()
    word_index, wv = vectors
    words = [s.token_texts() for s in sentences]
    fz = Featurizer(words, word_index, features.clusters, features, params.tune_min_count)
    tags = tag_set(types)
    tag_index = {t: i for i, t in enumerate(tags)}
    data = []
    for ws, labs in zip(words, labels, strict=True):
        if ws:
            f, g = fz.sentence(ws)
            data.append((f, g, [tag_index.get(lab, 0) for lab in labs]))
    n_tokens = sum(len(d[0]) for d in data)
    net = build_module(fz, wv, len(tags), params)
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=params.lr)
    unk_row = len(wv)
    rows_all = torch.tensor([r if r >= 0 else unk_row for r, _, _, _ in fz.form_rows])
    tuned_all = torch.tensor(fz.form_tuned)
    log(f"  {len(data):,} sentences, {n_tokens:,} tokens, {len(fz.form_rows):,} forms; "
        f"{sum(p.numel() for p in net.parameters()):,} parameters")
    history: list[float] = []
    best = -1.0
    total_steps = params.epochs * ((len(data) + params.batch - 1) // params.batch)
    step = 0
    with tempfile.TemporaryDirectory() as tmp:
        cand = Path(tmp) / "candidate.npz"
        for epoch in range(params.epochs):
            net.train()
            te = time.time()
            order = sorted(range(len(data)), key=lambda i: (len(data[i][0]) + rng.random() * 8))
            batches = [order[i : i + params.batch] for i in range(0, len(order), params.batch)]
            rng.shuffle(batches)
            loss_sum = 0.0
            for batch in batches:
                lr = params.lr * max(0.05, 1 - step / total_steps)
                for group in opt.param_groups:
                    group["lr"] = lr
                step += 1
                loss = _batch_loss(net, fz, [data[i] for i in batch], rows_all, tuned_all, unk_row, params)
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                loss_sum += float(loss.detach())
            net.eval()
            export(net, fz, tags, params, cand)
            msg = f"  epoch {epoch + 1}: loss {loss_sum / n_tokens:.4f}, {time.time() - te:.0f} s"
            if dev is not None:
                f1 = dev(NeuralTagger(cand, vectors, features.clusters))
                history.append(f1)
                msg += f", dev F1 {100 * f1:.2f}"
                if f1 > best:
                    best = f1
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(cand.read_bytes())
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(cand.read_bytes())
            log(msg)
            if max_seconds is not None and time.time() - t0 > max_seconds:
                log("  stopping: time budget spent")
                break
    return time.time() - t0, {"epochs": epoch + 1, "dev_f1": [round(100 * f, 2) for f in history]}


def _batch_loss(
    net: Any, fz: Featurizer, batch: list[Any], rows_all: Any, tuned_all: Any, unk_row: int, params: NnParams
) -> Any:
    import torch

    n = max(len(d[0]) for d in batch)
    form_ids = torch.zeros(len(batch), n, dtype=torch.long)
    gaz = torch.zeros(len(batch), n, dtype=torch.long)
    tags = torch.zeros(len(batch), n, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.bool)
    for b, (f, g, t) in enumerate(batch):
        form_ids[b, : len(f)] = torch.tensor(f)
        gaz[b, : len(g)] = torch.tensor(g)
        tags[b, : len(t)] = torch.tensor(t)
        mask[b, : len(f)] = True
    uniq, inverse = torch.unique(form_ids[mask], return_inverse=True)
    local = torch.zeros_like(form_ids)
    local[mask] = inverse
    rows = rows_all[uniq].clone()
    tuned = tuned_all[uniq].clone()
    if net.training and params.word_dropout > 0:
        drop = torch.rand(len(rows)) < params.word_dropout
        rows[drop] = unk_row
        tuned[drop] = 0
    form_list = [fz.form_rows[i] for i in uniq.tolist()]
    lc = max(len(r[1]) for r in form_list)
    chars = torch.zeros(len(form_list), lc + 2, dtype=torch.long)
    char_mask = torch.zeros(len(form_list), lc, dtype=torch.bool)
    for i, (_, cs, _, _) in enumerate(form_list):
        chars[i, 1 : len(cs) + 1] = torch.tensor(cs)
        char_mask[i, : len(cs)] = True
    shapes = torch.tensor([r[2] for r in form_list])
    cls = torch.tensor([r[3] for r in form_list])
    vecs = net.forms(rows, tuned, chars, char_mask, shapes, cls)
    em = net.emissions(vecs, local, gaz, mask)
    return net.nll(em, tags, mask, mask.sum(1))


def f1_of(scores: dict[str, Scores]) -> float:
    return scores["ALL"].f1 if "ALL" in scores else 0.0

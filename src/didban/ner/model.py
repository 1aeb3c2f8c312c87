"""The shipped NER model: a linear-chain CRF (python-crfsuite) over `FeatureExtractor` features.

A model is a directory of files (``models/`` in the package by default): ``ner.json`` (how it was
trained, on what, under which licence, its scores, and its *heads*), one CRF file per head, and
``ner-clusters.tsv`` (word clusters). ``scripts/train_ner.py`` writes them all.

Heads exist because no corpus has every type: the news corpora (PEYMA, NSURL) label PER ORG LOC DAT
TIM MON PCT; Arman adds FAC and EVENT. Each head is trained on the corpus that labels its types, all
heads share the features, and a later head only adds mentions that do not overlap an earlier one's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from didban.errors import ConfigError
from didban.ner.data import spans_from_labels
from didban.ner.features import FeatureExtractor

CLUSTERS_FILE = "ner-clusters.tsv"
META_FILE = "ner.json"


def default_model_dir() -> Path:
    return Path(str(resources.files("didban") / "models"))


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """``word<TAB>id<TAB>id…`` lines (``#`` comments) → word → cluster ids, coarse to fine."""
    clusters: dict[str, tuple[str, ...]] = {}
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                word, *ids = line.rstrip("\n").split("\t")
                if not ids:
                    raise ConfigError(f"{path}:{n}: expected word<TAB>cluster ids")
                clusters[word] = tuple(ids)
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the NER word clusters ({e.__class__.__name__})") from None
    return clusters


def gazetteer_from(forms: Iterable[tuple[str, str, str]]) -> dict[tuple[str, ...], str]:
    """Registry surface forms (normalized alias, type, id) → token tuple → mention type.

    Forms are split on whitespace (the tokenizer keeps ZWNJ words whole); an alias with several types
    keeps the first, which is enough for a feature.
    """
    gaz: dict[tuple[str, ...], str] = {}
    for alias, kind, _id in forms:
        words = tuple(alias.lower().split())
        if words and len(words) <= 6:
            gaz.setdefault(words, "LOC" if kind == "GPE" else kind)
    return gaz


class NerModel:
    """Tags sentences with BIO mention labels. Built once; picklable (the tagger reopens its file)."""

    def __init__(self, model_dir: str | Path | None = None, gazetteer: Mapping[tuple[str, ...], str] | None = None):
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        self.meta = self._read_meta()
        if gazetteer is None and self.meta.get("gazetteer", False):
            gazetteer = registry_gazetteer()
        self.features = FeatureExtractor(read_clusters(self.model_dir / CLUSTERS_FILE), gazetteer)
        heads = self.meta.get("heads")
        if not isinstance(heads, list) or not heads:
            raise ConfigError(f"{self.model_dir / META_FILE}: no 'heads' listed")
        self.heads: list[tuple[str, frozenset[str]]] = [(h["file"], frozenset(h["types"])) for h in heads]
        # A stacked head also sees the first head's labels as features (see FeatureExtractor.sentence).
        self.stacked: list[bool] = [bool(h.get("stacked", False)) for h in heads]
        self._taggers = [self._open(file) for file, _ in self.heads]

    def _read_meta(self) -> dict[str, Any]:
        path = self.model_dir / META_FILE
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: NER model metadata not found (train one with scripts/train_ner.py)") from None
        except (OSError, ValueError) as e:
            raise ConfigError(f"{path}: cannot read the NER model metadata ({e})") from None
        if not isinstance(meta, dict):
            raise ConfigError(f"{path}: the NER model metadata is not a JSON object")
        return meta

    def _open(self, file: str) -> Any:
        try:
            import pycrfsuite
        except ImportError:
            raise ConfigError("the NER stage needs python-crfsuite: pip install 'didban[ner]'") from None
        path = self.model_dir / file
        if not path.is_file():
            raise ConfigError(f"{path}: NER model file not found")
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except Exception as e:  # crfsuite raises a bare ValueError/IOError for a corrupt file
            raise ConfigError(f"{path}: not a valid NER model file ({e})") from None
        return tagger

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_taggers"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._taggers = [self._open(file) for file, _ in self.heads]

    @property
    def types(self) -> list[str]:
        """The mention types this model can give."""
        return sorted({t for _, types in self.heads for t in types})

    def tag_spans(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """Mentions of one sentence as (first token, last token, type), in order."""
        if not words:
            return []
        xseq = self.features.sentence(words)
        taken = [False] * len(words)
        found: list[tuple[int, int, str]] = []
        first_labels: list[str] = []
        shared = None  # the features converted once for crfsuite, shared by every head that is not stacked
        for i, (tagger, (_, types)) in enumerate(zip(self._taggers, self.heads, strict=True)):
            if self.stacked[i]:  # the same features plus the first head's labels
                stacked = self.features.prior_features(first_labels)
                labels = tagger.tag([f + extra for f, extra in zip(xseq, stacked, strict=True)])
            else:
                if shared is None:
                    shared = self._item_sequence(xseq)
                labels = tagger.tag(shared)
            if i == 0:
                first_labels = list(labels)
            for first, last, kind in spans_from_labels(labels):
                if kind in types and not any(taken[first : last + 1]):
                    found.append((first, last, kind))
                    for k in range(first, last + 1):
                        taken[k] = True
        found.sort()
        return found

    @staticmethod
    def _item_sequence(xseq: list[list[str]]) -> Any:
        import pycrfsuite

        return pycrfsuite.ItemSequence(xseq)

    def first_head_labels(self, words: Sequence[str]) -> list[str]:
        """The first head's own BIO labels (what a stacked head is trained on)."""
        return list(self._taggers[0].tag(self.features.sentence(words))) if words else []

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO labels for one sentence of tokens (all heads merged)."""
        labels = ["O"] * len(words)
        for first, last, kind in self.tag_spans(words):
            labels[first] = "B-" + kind
            for k in range(first + 1, last + 1):
                labels[k] = "I-" + kind
        return labels


def registry_gazetteer() -> dict[tuple[str, ...], str]:
    """The entity registry's aliases as a gazetteer, or none when the registry is not installed."""
    try:
        from didban.entities.registry import default_registry
    except ImportError:
        return {}
    return gazetteer_from(default_registry().surface_forms())

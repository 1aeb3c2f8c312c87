"""The shipped NER model: heads of either kind, a neural tagger (``.npz``, `didban.ner.neural`, run
with numpy) or a linear-chain CRF (``.crfsuite``, python-crfsuite) over `FeatureExtractor` features.

A model is a directory of files (``models/`` in the package by default): ``ner.json`` (how it was
trained, on what, under which licence, its scores, and its *heads*), one file per head,
``ner-clusters.tsv`` (word clusters) and, for neural heads, ``ner-vectors.npz`` (word vectors).
``scripts/train_ner.py`` writes them all.

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
VECTORS_FILE = "ner-vectors.npz"


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
        self.neural: list[bool] = [file.endswith(".npz") for file, _ in self.heads]
        self._open_all()

    def _open_all(self) -> None:
        self._vectors: Any = None
        if any(self.neural):
            self._vectors = self._read_vectors()
        self._taggers = [self._open(file) for file, _ in self.heads]

    def _read_vectors(self) -> Any:
        try:
            from didban.ner.neural import read_vectors
        except ImportError:
            raise ConfigError("the neural NER heads need numpy: pip install numpy") from None

        path = self.model_dir / str(self.meta.get("vectors", VECTORS_FILE))
        if not path.is_file():
            raise ConfigError(f"{path}: NER word vectors not found")
        try:
            return read_vectors(path)
        except Exception as e:  # numpy raises many kinds (BadZipFile, ValueError, KeyError, OSError)
            raise ConfigError(f"{path}: not a valid NER word vectors file ({e.__class__.__name__}: {e})") from None

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
        path = self.model_dir / file
        if file.endswith(".npz"):
            from didban.ner.neural import NeuralTagger

            if not path.is_file():
                raise ConfigError(f"{path}: NER model file not found")
            try:
                return NeuralTagger(path, self._vectors, self.features.clusters)
            except Exception as e:  # numpy raises many kinds (BadZipFile, ValueError, KeyError, OSError)
                raise ConfigError(f"{path}: not a valid NER model file ({e.__class__.__name__}: {e})") from None
        try:
            import pycrfsuite
        except ImportError:
            raise ConfigError("the NER stage needs python-crfsuite: pip install 'didban[ner]'") from None
        if not path.is_file():
            raise ConfigError(f"{path}: NER model file not found")
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except Exception as e:  # crfsuite raises a bare ValueError/IOError for a corrupt file
            raise ConfigError(f"{path}: not a valid NER model file ({e})") from None
        return tagger

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_taggers", "_vectors")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._open_all()

    @property
    def types(self) -> list[str]:
        """The mention types this model can give."""
        return sorted({t for _, types in self.heads for t in types})

    def tag_spans(self, words: Sequence[str]) -> list[tuple[int, int, str]]:
        """Mentions of one sentence as (first token, last token, type), in order."""
        return self.tag_spans_batch([words])[0]

    def tag_spans_batch(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        """`tag_spans` of several sentences; neural heads tag them all in one pass (much faster)."""
        n = len(sentences)
        labels_of: list[list[list[str]]] = []  # per head, per sentence
        gaz: list[list[str | None]] | None = None
        xseqs: list[list[list[str]]] | None = None
        for i, tagger in enumerate(self._taggers):
            if self.neural[i]:
                if gaz is None:
                    gaz = [self.features._gazetteer_tags(ws) if ws else [] for ws in sentences]
                labels_of.append(tagger.tag_batch(sentences, gaz))
                continue
            if xseqs is None:
                xseqs = [self.features.sentence(ws) if ws else [] for ws in sentences]
                shared: list[Any] = [None] * n  # converted once for crfsuite, for every head that is not stacked
            head: list[list[str]] = []
            for k, xseq in enumerate(xseqs):
                if not xseq:
                    head.append([])
                elif self.stacked[i]:  # the same features plus the first head's labels
                    stacked = self.features.prior_features(labels_of[0][k])
                    head.append(list(tagger.tag([f + extra for f, extra in zip(xseq, stacked, strict=True)])))
                else:
                    if shared[k] is None:
                        shared[k] = self._item_sequence(xseq)
                    head.append(list(tagger.tag(shared[k])))
            labels_of.append(head)
        out: list[list[tuple[int, int, str]]] = []
        for k in range(n):
            taken = [False] * len(sentences[k])
            found: list[tuple[int, int, str]] = []
            for labels, (_, types) in zip((h[k] for h in labels_of), self.heads, strict=True):
                for first, last, kind in spans_from_labels(labels):
                    if kind in types and not any(taken[first : last + 1]):
                        found.append((first, last, kind))
                        for j in range(first, last + 1):
                            taken[j] = True
            found.sort()
            out.append(found)
        return out

    @staticmethod
    def _item_sequence(xseq: list[list[str]]) -> Any:
        import pycrfsuite

        return pycrfsuite.ItemSequence(xseq)

    def first_head_labels(self, words: Sequence[str]) -> list[str]:
        """The first head's own BIO labels (what a stacked head is trained on)."""
        if not words:
            return []
        if self.neural[0]:
            return list(self._taggers[0].tag(words, self.features._gazetteer_tags(words)))
        return list(self._taggers[0].tag(self.features.sentence(words)))

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

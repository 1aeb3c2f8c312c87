"""The learned trigger tagger: events that the trigger lexicon and its rules do not find.

The lexicon (`didban.events.lexicon`) lists the phrases that name events; its long tail («توجیه اقتصادی ندارد»,
«مواضع خصمانه», a weak noun the rules drop) is what annotators mark and the rules miss. A linear-chain CRF
(python-crfsuite, as the NER tagger) labels each word of a sentence with the PLOVER type of the trigger it
belongs to, or ``O``, from the word, its affixes and word cluster (the NER's ``ner-clusters.tsv``), its
neighbours, and the lexicon's own hits. The event stage adds a tagged span as an event where no event of the
rules overlaps it and the tagger's probability for its label reaches the model's threshold
(`didban.events.extract`).

The model ``didban/models/event_tagger.crfsuite`` and its threshold (``event_tagger.json``) are trained by
``scripts/train_event_tagger.py`` on the development gold sets; the held-out sets are never read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence, Set
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from didban.attribution.words import Words
from didban.errors import ConfigError
from didban.events.lexicon import Trigger

MODEL_FILE = "event_tagger.crfsuite"
SETTINGS_FILE = "event_tagger.json"
CLUSTERS_FILE = "ner-clusters.tsv"
OUTSIDE = "O"
# A lexicon hit on a word: (its PLOVER type, whether the trigger is a nominal)
Hit = tuple[str, bool]
_CACHE_WORDS = 200_000


def lexicon_marks(hits: Iterable[tuple[int, int, Trigger]]) -> dict[int, Hit]:
    """The lexicon's hits (first word, length, trigger) as the features read them: each word of a hit → its
    type and whether it is a nominal. The event stage and the training script both call this."""
    return {k: (trig.type, trig.nominal) for t, size, trig in hits for k in range(t, t + size)}


Parts = tuple[list[str], list[str], list[str]]  # a word's own features, and as left / right neighbour


def word_parts(w: str, clusters: Mapping[str, Sequence[str]], keep: Set[str] | None = None) -> Parts:
    """The features a word gives itself and its neighbours; ``keep``: only those the model knows."""
    c = clusters.get(w)
    own = ["w=" + w, "s2=" + w[-2:], "s3=" + w[-3:], *(["c=" + c[1]] if c else [])]
    left = ["w-1=" + w, *(["c-1=" + c[1]] if c else [])]
    right = ["w+1=" + w, *(["c+1=" + c[1]] if c else [])]
    if keep is None:
        return own, left, right
    return [f for f in own if f in keep], [f for f in left if f in keep], [f for f in right if f in keep]


def features(
    ws: Words,
    i0: int,
    i1: int,
    hits: Mapping[int, Hit],
    clusters: Mapping[str, Sequence[str]],
    keep: Set[str] | None = None,
    parts: dict[str, Parts] | None = None,
) -> list[list[str]]:
    """The CRF's features of words ``i0 … i1-1`` (one sentence). ``keep``: leave out the word features the
    model has no weight for (the same labels, faster); ``parts``: a cache of `word_parts`."""
    words = ws.words
    cache: dict[str, Parts] = {} if parts is None else parts
    sentence: list[Parts] = []
    for i in range(i0, i1):
        p = cache.get(words[i])
        if p is None:
            p = cache[words[i]] = word_parts(words[i], clusters, keep)
        sentence.append(p)
    out: list[list[str]] = []
    for k, i in enumerate(range(i0, i1)):
        f = ["b", *sentence[k][0]]
        if k > 0:
            f += sentence[k - 1][1]
            bigram = "bi-=" + words[i - 1] + "|" + words[i]
            if keep is None or bigram in keep:
                f.append(bigram)
        else:
            f.append("w-1=<s>")
        if i + 1 < i1:
            f += sentence[k + 1][2]
            bigram = "bi+=" + words[i] + "|" + words[i + 1]
            if keep is None or bigram in keep:
                f.append(bigram)
        else:
            f.append("w+1=</s>")
        hit = hits.get(i)
        if hit is not None:
            f += ["lex=" + hit[0], "lexk=" + ("n" if hit[1] else "v")]
        if i in ws.mention_of:
            f.append("ment")
        if not ws.letter[i]:
            f.append("punct")
        out.append(f)
    return out


class TriggerTagger:
    """Tags one sentence at a time; build once, reuse (the CRF is opened again after unpickling)."""

    def __init__(self, path: Path, clusters: Mapping[str, Sequence[str]], threshold: float) -> None:
        self.path = path
        self.clusters = clusters
        self.threshold = threshold
        self._tagger = self._open()
        self._known: set[str] = {attr for attr, _ in self._tagger.info().state_features}
        self._parts: dict[str, Parts] = {}  # word → its known features (bounded: cleared when large)

    def _open(self) -> Any:
        import pycrfsuite

        if not self.path.is_file():
            raise ConfigError(f"{self.path}: event tagger model file not found")
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(self.path))
        except Exception as e:  # crfsuite raises a bare ValueError/IOError for a corrupt file
            raise ConfigError(f"{self.path}: not a valid event tagger model file ({e})") from None
        return tagger

    def __reduce__(self) -> tuple[type, tuple[Path, Mapping[str, Sequence[str]], float]]:
        # Rebuilt where it is unpickled: the CRF is a file handle, the caches are rebuilt as they fill.
        return (type(self), (self.path, self.clusters, self.threshold))

    def spans(self, ws: Words, i0: int, i1: int, hits: Mapping[int, Hit]) -> list[tuple[int, int, str]]:
        """Tagged triggers of the sentence ``i0 … i1-1``: (first word, word after the last, PLOVER type), those
        whose most probable word reaches the threshold."""
        tagger = self._tagger
        if len(self._parts) > _CACHE_WORDS:
            self._parts.clear()
        tagger.set(features(ws, i0, i1, hits, self.clusters, self._known, self._parts))
        labels = tagger.tag()
        out: list[tuple[int, int, str]] = []
        k = 0
        while k < len(labels):
            label = labels[k]
            j = k + 1
            while j < len(labels) and labels[j] == label:
                j += 1
            if label != OUTSIDE and max(tagger.marginal(label, m) for m in range(k, j)) >= self.threshold:
                out.append((i0 + k, i0 + j, label))
            k = j
        return out


def load_trigger_tagger(model: Path) -> TriggerTagger:
    """A tagger from a model file and, beside it, its settings (``event_tagger.json``: the threshold)."""
    from didban.ner.model import read_clusters

    if not model.is_file():
        raise ConfigError(f"{model}: event tagger model file not found")
    settings_path = model.with_name(SETTINGS_FILE)
    try:
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        threshold = float(settings["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ConfigError(
            f"{settings_path}: cannot read the event tagger's settings ({e.__class__.__name__})"
        ) from None
    return TriggerTagger(
        model, read_clusters(Path(str(resources.files("didban"))) / "models" / CLUSTERS_FILE), threshold
    )


@cache
def default_trigger_tagger() -> TriggerTagger | None:
    """The shipped tagger, or None when the package carries none (the lexicon then decides alone)."""
    path = Path(str(resources.files("didban"))) / "models" / MODEL_FILE
    return load_trigger_tagger(path) if path.is_file() else None

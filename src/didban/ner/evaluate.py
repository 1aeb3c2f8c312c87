"""Phrase-level scores (CoNLL strict): an entity counts only with the same first and last token and type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from didban.ner.data import Entity


@dataclass(slots=True)
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[list[Entity], list[Entity]]], types: set[str] | None = None) -> dict[str, Scores]:
    """Per-type and ``"ALL"`` scores over (gold, predicted) entity lists of each sentence.

    With ``types``, only those types are scored (predictions of other types are ignored), which is
    how a model is compared on a corpus with a different label set.
    """
    out: dict[str, Scores] = {}
    for gold, pred in pairs:
        g = Counter(e for e in gold if types is None or e[2] in types)
        p = Counter(e for e in pred if types is None or e[2] in types)
        for e in g | p:
            both = min(g[e], p[e])
            for key in (e[2], "ALL"):
                s = out.setdefault(key, Scores())
                s.tp += both
                s.fn += g[e] - both
                s.fp += p[e] - both
    return out


def table(scores: dict[str, Scores], title: str = "") -> str:
    """A plain-text table: type, P, R, F1, support."""
    lines = [title] if title else []
    lines.append(f"{'type':<7} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for key in sorted(scores, key=lambda k: (k == "ALL", k)):
        s = scores[key]
        lines.append(
            f"{key:<7} {100 * s.precision:6.2f} {100 * s.recall:6.2f} {100 * s.f1:6.2f} {s.tp + s.fn:6d}"
        )
    return "\n".join(lines)

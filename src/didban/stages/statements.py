"""statements: who said what, citing whom (see `didban.attribution.statements` for the patterns)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from didban.article import Article
from didban.attribution.cues import read_lexicon
from didban.attribution.statements import StatementFinder
from didban.entities.registry import default_registry


class StatementStage:
    """Attributed speech with speakers, cues, contents, recipients, relay chains and modality.

    ``cue_files``: cue lexicons to read instead of the packaged ``didban/fa/cues.tsv`` (same columns).
    """

    name = "statements"
    requires = ("text", "sentences", "tokens", "mentions", "entities")
    provides = ("statements",)

    def __init__(self, cue_files: Sequence[str | Path] = ()) -> None:
        self.cue_files = tuple(str(f) for f in cue_files)
        self.finder = StatementFinder(read_lexicon(self.cue_files), default_registry())

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...]]]:
        # Rebuilt in the worker: the lexicon and the registry are read there once per process.
        return (type(self), (self.cue_files,))

    def __call__(self, article: Article) -> Article:
        article.statements = self.finder.find(article)
        return article

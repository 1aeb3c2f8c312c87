"""framing: loaded labels an outlet attaches to actors (see `didban.attribution.framing`)."""

from __future__ import annotations

from pathlib import Path

from didban.article import Article
from didban.attribution.cues import default_lexicon
from didban.attribution.framing import FramingFinder, read_epithets
from didban.entities.registry import default_registry


class FramingStage:
    """`Framing` records: label, target mention and entity, pattern, outlet.

    ``epithets_file``: an epithet lexicon to read instead of the packaged ``didban/fa/epithets.tsv``.
    """

    name = "framing"
    requires = ("text", "tokens", "mentions")
    provides = ("framings",)

    def __init__(self, epithets_file: str | Path | None = None) -> None:
        self.epithets_file = str(epithets_file) if epithets_file is not None else None
        self.finder = FramingFinder(read_epithets(self.epithets_file), default_lexicon(), default_registry())

    def __reduce__(self) -> tuple[type, tuple[str | None]]:
        # Rebuilt in the worker: the lexicons and the registry are read there once per process.
        return (type(self), (self.epithets_file,))

    def __call__(self, article: Article) -> Article:
        article.framings = self.finder.find(article)
        return article

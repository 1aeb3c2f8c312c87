"""link: mentions → registry ids; Article.entities (see `didban.entities.linker` for the rules)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from didban.article import Article
from didban.entities.linker import Linker
from didban.entities.registry import Registry, default_registry, packaged_files


class LinkStage:
    """Entity linking with the packaged registry, optionally extended by the user's own TSV files.

    ``dictionary``: add registry names the NER missed; ``surnames``: add later bare surnames of a
    person named in full; ``extra_files``: more registry TSVs (same columns) read with the packaged ones.
    """

    name = "link"
    requires = ("text", "tokens", "mentions")
    provides = ("entities",)

    def __init__(self, dictionary: bool = True, surnames: bool = True, extra_files: Sequence[str | Path] = ()) -> None:
        self.dictionary = dictionary
        self.surnames = surnames
        self.extra_files = tuple(str(f) for f in extra_files)
        registry = (
            Registry.from_files([*packaged_files(), *self.extra_files]) if self.extra_files else default_registry()
        )
        self.linker = Linker(registry, dictionary=dictionary, surnames=surnames)

    def __reduce__(self) -> tuple[type, tuple[bool, bool, tuple[str, ...]]]:
        # Rebuilt in the worker: the packaged registry is read there once per process, not pickled.
        return (type(self), (self.dictionary, self.surnames, self.extra_files))

    def __call__(self, article: Article) -> Article:
        return self.linker.link(article)

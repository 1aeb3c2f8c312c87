"""events: PLOVER events with actors, targets, location, date and modality (see `didban.events.extract`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from didban.article import Article
from didban.events.extract import EventExtractor
from didban.events.lexicon import default_event_lexicon
from didban.events.roles import default_role_model, load_role_model
from didban.events.tagger import default_trigger_tagger, load_trigger_tagger

T = TypeVar("T")


class EventStage:
    """Who did what to whom, where, when and how certain, from the trigger lexicon ``didban/fa/event_triggers.tsv``."""

    name = "events"
    requires = ("text", "sentences", "tokens", "mentions", "entities", "statements")
    provides = ("events",)

    def __init__(self, roles: str = "default", tagger: str = "default") -> None:
        """``roles``: "default" (the shipped role model, `didban.events.roles`), "none" (the rules decide
        roles alone) or the path of a role model file. ``tagger``: "default" (the shipped trigger tagger,
        `didban.events.tagger`), "none" (the lexicon alone finds triggers) or the path of a tagger model."""
        self.roles = roles
        self.tagger = tagger
        self.extractor = EventExtractor(
            default_event_lexicon(),
            _chosen(roles, default_role_model, load_role_model),
            _chosen(tagger, default_trigger_tagger, lambda path: load_trigger_tagger(Path(path))),
        )

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Rebuilt in the worker, where the lexicon is read once per process.
        return (type(self), (self.roles, self.tagger))

    def __call__(self, article: Article) -> Article:
        article.events = self.extractor.find(article)
        return article


def _chosen(choice: str, default: Callable[[], T | None], load: Callable[[str], T]) -> T | None:
    """A learned model by setting: "default" (the shipped one, if any), "none", or the path of a model file."""
    return default() if choice == "default" else None if choice == "none" else load(choice)

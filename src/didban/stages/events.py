"""events: PLOVER events with actors, targets, location, date and modality (see `didban.events.extract`)."""

from __future__ import annotations

from didban.article import Article
from didban.events.extract import EventExtractor
from didban.events.lexicon import default_event_lexicon


class EventStage:
    """Who did what to whom, where, when and how certain, from the trigger lexicon ``didban/fa/event_triggers.tsv``."""

    name = "events"
    requires = ("text", "sentences", "tokens", "mentions", "entities", "statements")
    provides = ("events",)

    def __init__(self) -> None:
        self.extractor = EventExtractor(default_event_lexicon())

    def __reduce__(self) -> tuple[type, tuple[()]]:
        # Rebuilt in the worker, where the lexicon is read once per process.
        return (type(self), ())

    def __call__(self, article: Article) -> Article:
        article.events = self.extractor.find(article)
        return article

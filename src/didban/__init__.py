"""Didban (دیدبان): a Persian news observatory.

The public API is small; heavy parts are imported where they are used.
"""

from didban.article import Article, Entity, Event, Framing, Mention, Relay, Speaker, Statement
from didban.errors import DidbanError, InputError

__version__ = "0.1.0"

__all__ = [
    "Article",
    "DidbanError",
    "Entity",
    "Event",
    "Framing",
    "InputError",
    "Mention",
    "Relay",
    "Speaker",
    "Statement",
    "__version__",
]

"""The data model: one `Article` flows through every stage.

All spans are ``(start, end)`` character offsets into ``Article.text`` (the normalized text);
``Article.offsets`` leads each of them back to ``Article.raw_text`` so the original can be highlighted.

Every record is a dataclass with slots and round-trips through JSON with ``to_dict`` / ``from_dict``.
The JSON schema of an article (``didban.schema.article_schema()``) is derived from these classes,
so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from didban.text.offsets import OffsetMap

Span = tuple[int, int]
"""A half-open character range ``[start, end)`` of ``Article.text``."""

MentionType = Literal["PER", "ORG", "LOC", "GPE", "FAC", "EVENT", "DAT", "TIM", "MON", "PCT"]
SpeakerKind = Literal["named", "role", "institution", "anonymous", "pronoun", "anaphoric", "unattributed"]
StatementForm = Literal["direct", "indirect", "mixed"]
Modality = Literal["asserted", "possible", "intended", "conditional", "denied", "question"]
FramingPattern = Literal["parenthetical", "adjective", "appositive"]


@dataclass(slots=True)
class Mention:
    """A named-entity mention found in the text."""

    start: int
    end: int
    type: MentionType
    text: str = ""
    entity_id: str | None = None
    score: float | None = None


@dataclass(slots=True)
class Entity:
    """A resolved identity (a person, an organization, a country's government…)."""

    id: str
    name: str
    type: MentionType
    aliases: list[str] = field(default_factory=list)
    count: int = 0


@dataclass(slots=True)
class Relay:
    """One link of a relay chain: «به گزارش خبرگزاری …» or «به نقل از …»."""

    name: str
    start: int | None = None
    end: int | None = None
    entity_id: str | None = None
    cue: str = ""


@dataclass(slots=True)
class Speaker:
    start: int
    end: int
    kind: SpeakerKind
    text: str = ""
    entity_id: str | None = None
    descriptor: str | None = None  # e.g. «یک منبع غربی» for an anonymous source
    antecedent: Span | None = None  # for pronouns and anaphora: the span it refers to


@dataclass(slots=True)
class Statement:
    """Attributed speech: who said what, citing whom."""

    speaker: Speaker | None
    cue: Span
    cue_lemma: str
    content: Span
    form: StatementForm
    recipient: Span | None = None
    recipient_entity_id: str | None = None
    relay: list[Relay] = field(default_factory=list)
    # How certain the content is: hedged «ممکن است», conditional «در صورت …», denied «تکذیب کرد», asked.
    modality: Modality = "asserted"


@dataclass(slots=True)
class Event:
    """A PLOVER event: who did what to whom, where, when and how certain."""

    type: str  # PLOVER type, e.g. "ASSAULT"
    trigger: Span
    sentence: Span
    actors: list[str] = field(default_factory=list)  # entity ids (or literal spans' text)
    targets: list[str] = field(default_factory=list)
    quad_class: str | None = None
    cameo_root: str | None = None
    location: str | None = None
    date: str | None = None  # ISO date
    date_approximate: bool = False
    modality: Modality = "asserted"
    statement: int | None = None  # index into Article.statements


@dataclass(slots=True)
class Framing:
    """A loaded label an outlet attaches to an actor, e.g. «تکفیری-صهیونیستی» on «داعش»."""

    entity_id: str | None
    label: Span
    target: Span
    pattern: FramingPattern
    outlet: str | None = None


@dataclass(slots=True)
class Article:
    """One news article, from raw input to full analysis."""

    raw_text: str
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    title: str | None = None
    source: str | None = None  # where it was read from (a path, a URL, "path:line")
    language: str = "fa"
    text: str = ""
    offsets: OffsetMap | None = None
    title_span: Span | None = None
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    framings: list[Framing] = field(default_factory=list)
    topic: str | None = None
    topic_scores: dict[str, float] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    summary: list[Span] = field(default_factory=list)
    near_duplicate_of: str | None = None
    story_id: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.raw_text, self.outlet, self.url)

    # -- convenience views -------------------------------------------------------------------
    def span_text(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    def raw_span(self, span: Span) -> Span:
        """The raw-text range a normalized span came from."""
        if self.offsets is None:
            return span
        return self.offsets.raw_span(span[0], span[1])

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]

    def token_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.tokens]

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _dump(self)  # type: ignore[no-any-return,unused-ignore]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return _load(cls, data)  # type: ignore[no-any-return,unused-ignore]


def article_id(raw_text: str, outlet: str | None = None, url: str | None = None) -> str:
    """Stable id: a hash of outlet + url when there is a url, else of the raw text."""
    key = f"{outlet or ''}\x1f{url}" if url else raw_text
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


# -- generic (de)serialization driven by the type hints ------------------------------------------

T = TypeVar("T")


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, OffsetMap):
        return value.to_list()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _load(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _load(args[0], data) if len(args) == 1 else data
    if origin is Literal:
        return data
    if tp is OffsetMap:
        return OffsetMap.from_list(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if origin is list:
        (item,) = get_args(tp)
        return [_load(item, v) for v in data]
    if origin is tuple:
        return tuple(_load(a, v) for a, v in zip(get_args(tp), data, strict=True))
    if origin is dict:
        _, val = get_args(tp)
        return {k: _load(val, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{tp.__name__}: unknown field(s) {sorted(unknown)}")
        return tp(**{k: _load(hints[k], v) for k, v in data.items()})
    return data


__all__ = [
    "Article",
    "Entity",
    "Event",
    "Framing",
    "Mention",
    "Relay",
    "Span",
    "Speaker",
    "Statement",
    "article_id",
]

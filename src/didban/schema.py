"""The JSON Schema (draft 2020-12) of ``Article.to_dict()``, derived from the type hints in article.py.

Nothing here lists fields by hand except their descriptions, so the schema follows the dataclasses.
The generated schema is committed as ``src/didban/schema/article.schema.json``; after changing
article.py, regenerate it (a test fails until you do)::

    python -m didban.schema > src/didban/schema/article.schema.json
"""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from didban import article as _article
from didban.article import Article
from didban.text.offsets import OffsetMap

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

DESCRIPTIONS: dict[str, str] = {
    # -- named types (module-level aliases in article.py, plus OffsetMap) --
    "Span": "A half-open character range [start, end) of the article's normalized `text`.",
    "OffsetMap": (
        "Map from positions in `text` back to `raw_text`, flattened: [n_len, r_len] followed by "
        "(n_start, n_end, r_start, r_end) for each segment; segments tile `text`, a segment whose two "
        "lengths differ maps every position inside it to its whole raw range."
    ),
    "MentionType": (
        "PER person, ORG organization, LOC location, GPE country or city as a political unit, "
        "FAC facility, EVENT named event, DAT date, TIM time, MON money, PCT percentage."
    ),
    "SpeakerKind": (
        "named: a person by name; role: a titled office («رئیس شورای اتحادیه روسیه»); institution: "
        "an organization («وزارت خارجه ترکیه»); anonymous: an unnamed source («یک منبع غربی»); "
        "pronoun: «او», «وی»; anaphoric: refers back to an earlier source («این منبع عراقی»); "
        "unattributed: a report without a source."
    ),
    "StatementForm": "direct: a quotation «…»; indirect: reported speech; mixed: both in one statement.",
    "Modality": (
        "How certain the event is: asserted (happened or happens), possible, intended, "
        "conditional (on another event), denied, question."
    ),
    "FramingPattern": (
        "How the label attaches: parenthetical «داعش (تکفیری)», adjective «داعش تکفیری», "
        "appositive «داعش، گروه تکفیری»."
    ),
    # -- Article --
    "Article": "One news article: its raw input and everything the pipeline found in it.",
    "Article.raw_text": "The text exactly as read from the source, before normalization.",
    "Article.id": (
        "Stable id: a hash of outlet and url when there is a url, else of raw_text; "
        "computed when empty on input."
    ),
    "Article.url": "Where the article was published.",
    "Article.outlet": "The publishing outlet, e.g. «خبرگزاری صدا و سیما».",
    "Article.published": (
        "Publication time, ISO 8601 with a UTC offset (Jalali dates are converted on input)."
    ),
    "Article.title": "The headline as read from the source.",
    "Article.source": "Where Didban read it from: a path, a URL, or path:line for JSON Lines.",
    "Article.language": "ISO 639-1 code of the text's language.",
    "Article.text": "The normalized text; every span in the article is an offset into it.",
    "Article.offsets": (
        "Leads spans of `text` back to `raw_text`; null while `text` is `raw_text` unchanged "
        "or not yet normalized."
    ),
    "Article.title_span": "The title's span in `text`, when `text` contains it.",
    "Article.sentences": "Sentence spans, in reading order.",
    "Article.tokens": "Token spans, in reading order.",
    "Article.mentions": "Named-entity mentions, in reading order.",
    "Article.entities": "The identities the mentions resolve to (one per entity, not per mention).",
    "Article.statements": "Attributed speech: who said what, relayed through whom.",
    "Article.events": "PLOVER events: who did what to whom, where, when, how certain.",
    "Article.framings": "Loaded labels the text attaches to actors.",
    "Article.topic": "The most likely topic label.",
    "Article.topic_scores": "Score per topic label.",
    "Article.keywords": "Key terms, most salient first.",
    "Article.summary": "An extractive summary: spans of `text`, in reading order.",
    "Article.near_duplicate_of": "id of an earlier article this one nearly duplicates (re-published copy).",
    "Article.story_id": "id of the story: articles about the same happening across outlets.",
    "Article.meta": "Other metadata from the source, as strings (feed fields, HTML meta tags).",
    # -- Mention --
    "Mention": "A named-entity mention in `text`.",
    "Mention.start": "Start offset in `text`.",
    "Mention.end": "End offset in `text` (exclusive).",
    "Mention.type": "The entity type.",
    "Mention.text": "The mention as written, text[start:end].",
    "Mention.entity_id": "id of the entity (in `entities`) it refers to, once linked.",
    "Mention.score": "Confidence between 0 and 1, when the recognizer gives one.",
    # -- Entity --
    "Entity": "A resolved identity: a person, an organization, a country's government…",
    "Entity.id": "Stable id, the same across articles.",
    "Entity.name": "Canonical Persian name.",
    "Entity.type": "The entity type.",
    "Entity.aliases": (
        "Other names: spellings, Arabic-letter forms, transliterations and metonyms "
        "(«مسکو» for the Russian government)."
    ),
    "Entity.count": "Number of mentions of it in this article.",
    # -- Relay --
    "Relay": "One link of a relay chain, «به گزارش …» or «به نقل از …».",
    "Relay.name": "Who was relayed, e.g. «شبکه تلویزیونی المیادین».",
    "Relay.start": "Start offset of the name in `text`, when it appears there.",
    "Relay.end": "End offset of the name in `text` (exclusive).",
    "Relay.entity_id": "id of the entity, once linked.",
    "Relay.cue": "The relaying phrase, e.g. «به گزارش» or «به نقل از».",
    # -- Speaker --
    "Speaker": "Who made a statement.",
    "Speaker.start": "Start offset of the speaker's expression in `text`.",
    "Speaker.end": "End offset in `text` (exclusive).",
    "Speaker.kind": "What kind of source it is.",
    "Speaker.text": "The expression as written.",
    "Speaker.entity_id": "id of the entity, once linked.",
    "Speaker.descriptor": "For anonymous sources, the descriptor, e.g. «یک منبع غربی».",
    "Speaker.antecedent": "For pronouns and anaphora, the span of the earlier mention it refers to.",
    # -- Statement --
    "Statement": "Attributed speech: who said what, citing whom.",
    "Statement.speaker": "Who spoke; null when no speaker was found.",
    "Statement.cue": "Span of the cue: «گفت», «اعلام کرد», «افزود», «بنا به گفته»…",
    "Statement.cue_lemma": "The cue's base form, to group statements by cue.",
    "Statement.content": "Span of what was said.",
    "Statement.form": "Direct, indirect or mixed speech.",
    "Statement.recipient": "Span of whom it was said to, when named («… به المیادین گفته بود»).",
    "Statement.recipient_entity_id": "id of the recipient entity, once linked.",
    "Statement.relay": "How it reached this article, outermost publisher first, down to the speaker.",
    "Statement.modality": (
        "How certain the content is: hedged («ممکن است»), conditional («در صورت …»), "
        "denied («تکذیب کرد», a negated cue), a question, or asserted."
    ),
    # -- Event --
    "Event": "A PLOVER event: who did what to whom, where, when and how certain.",
    "Event.type": "PLOVER event type, e.g. ASSAULT, CONSULT, DEMAND, DISAPPROVE.",
    "Event.trigger": "Span of the words that express the event.",
    "Event.sentence": "Span of the sentence it is in.",
    "Event.actors": "Who acts: entity ids, or the text of actors that are not linked.",
    "Event.targets": "Whom it is done to (may be empty): entity ids, or text.",
    "Event.quad_class": "PLOVER quad class, e.g. material conflict.",
    "Event.cameo_root": "CAMEO root code, for comparison with GDELT.",
    "Event.location": "Where: an entity id or a place name.",
    "Event.date": (
        "When, as an ISO date; «امروز», «دیروز», «هفته گذشته» are resolved against the publication "
        "date and Jalali dates converted."
    ),
    "Event.date_approximate": "True when the date is only approximate (e.g. «هفته گذشته»).",
    "Event.modality": "How certain the event is.",
    "Event.statement": "Index into `statements` of the statement that reports it.",
    # -- Framing --
    "Framing": "A loaded label attached to an actor, e.g. «تکفیری-صهیونیستی» on «داعش».",
    "Framing.entity_id": "id of the labelled entity, once linked.",
    "Framing.label": "Span of the label.",
    "Framing.target": "Span of the labelled name.",
    "Framing.pattern": "How the label is attached.",
    "Framing.outlet": "The outlet that used the label.",
}


def article_schema() -> dict[str, Any]:
    """The JSON Schema of ``Article.to_dict()`` (and of what ``Article.from_dict`` accepts)."""
    builder = _Builder()
    root = builder.record(Article)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Didban article",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schema_json() -> str:
    """The schema as the exact text of the committed file."""
    return json.dumps(article_schema(), ensure_ascii=False, indent=2) + "\n"


def described_names() -> list[str]:
    """Every name `DESCRIPTIONS` should have: named types, records and ``Record.field``."""
    builder = _Builder()
    builder.record(Article)
    names = [*builder.defs, "Article"]
    for cls in builder.records:
        names += [f"{cls.__name__}.{f.name}" for f in dataclasses.fields(cls)]
    return names


class _Builder:
    """Walks the type hints; named types and nested records become ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.records: list[type] = []
        # Module-level aliases of article.py (Span, MentionType…) keep their names in the schema.
        self.aliases: list[tuple[Any, str]] = [
            (value, name)
            for name, value in vars(_article).items()
            if not name.startswith("_") and get_origin(value) in (Literal, tuple)
        ]

    def record(self, cls: type) -> dict[str, Any]:
        self.records.append(cls)
        hints = get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in dataclasses.fields(cls):
            prop = _described(self.type(hints[f.name]), f"{cls.__name__}.{f.name}")
            if f.default is not dataclasses.MISSING:
                prop["default"] = _article._dump(f.default)
            elif f.default_factory is not dataclasses.MISSING:
                prop["default"] = _article._dump(f.default_factory())
            else:
                required.append(f.name)
            properties[f.name] = prop
        return _described(
            {
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            },
            cls.__name__,
        )

    def type(self, tp: Any) -> dict[str, Any]:
        for alias, name in self.aliases:
            if tp == alias:
                return self.ref(name, lambda: self.plain(tp))
        if tp is OffsetMap:
            return self.ref(
                "OffsetMap",
                lambda: {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2},
            )
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self.ref(tp.__name__, lambda: self.record(tp))
        return self.plain(tp)

    def ref(self, name: str, build: Any) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = {}  # reserve first: a record may refer to itself
            self.defs[name] = _described(build(), name)
        return {"$ref": f"#/$defs/{name}"}

    def plain(self, tp: Any) -> dict[str, Any]:
        origin, args = get_origin(tp), get_args(tp)
        if origin in (Union, types.UnionType):
            options = [self.type(a) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is Literal:
            return {"type": "string", "enum": list(args)}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.type(args[0])}
            return {
                "type": "array",
                "prefixItems": [self.type(a) for a in args],
                "items": False,
                "minItems": len(args),
                "maxItems": len(args),
            }
        if origin is list:
            return {"type": "array", "items": self.type(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type(args[1])}
        if tp is datetime:
            return {"type": "string", "format": "date-time"}
        simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
        if tp in simple:
            return {"type": simple[tp]}
        raise TypeError(f"no JSON Schema for type {tp!r}; teach didban.schema about it")


def _described(schema: dict[str, Any], key: str) -> dict[str, Any]:
    text = DESCRIPTIONS.get(key)
    return {"description": text, **schema} if text else schema


if __name__ == "__main__":
    print(schema_json(), end="")

"""The event gold set and its scorer.

The gold set (``tests/gold/events.jsonl``) holds hand-annotated PLOVER events of real articles from
``../shared/data/news`` by *reference and character offsets only* (no article text), one JSON object per
article; ``sha1`` of the raw text detects drift in the shared data. The annotation rules are in
``docs/events-guidelines.md``; the raw text of a reference is `didban.attribution.gold.news_text`.

The scorer reads only the system's output records (``Article.events``, and ``Article.mentions`` to find
where an actor's entity is mentioned), never how they were found, so any system can be scored. System
spans are offsets into the normalized ``Article.text``; they are mapped back to the raw text with
``Article.raw_span`` and every comparison happens on the raw text.

Matching rules (the guidelines explain why):

- *Type*: a system event matches a gold event when their trigger spans share at least one character and
  their PLOVER types are equal; matching is one-to-one and greedy, largest overlap first.
- *Type + actor + target*: a type match where every gold actor is matched by some system actor, and
  every gold target by some system target (a gold event without targets asks for none; extra system
  arguments are not penalised). A system argument (an entity id, or a literal text) matches a gold span
  when a system mention carrying that entity id overlaps the gold span, or when the argument's text,
  normalized, equals the gold span's normalized text.
- *Roles* (a diagnostic for the above): among type matches, the share of system arguments that denote a
  gold argument of their role (roleP: extra arguments lower it) and of gold arguments found in their role
  (roleR).
- *Modality*: accuracy among type-matched events.

Scores are given overall, per outlet and per PLOVER type (a gold event counts under its type, a system
event under its own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, get_args

from didban.article import Article, Event, Mention, Modality, Span
from didban.goldfile import (
    SPLITS,
    GoldError,
    char_overlap,
    check_sha1_hex,
    gold_text,
    greedy_match,
    news_text,
    nonempty_str,
    pct,
    prf,
    read_jsonl,
    split_records,
    text_sha1,
    text_table,
    write_jsonl,
)
from didban.goldfile import check_keys as _check_keys
from didban.goldfile import list_of as _list_of
from didban.goldfile import required_span as _span

MODALITIES: tuple[str, ...] = get_args(Modality)

# PLOVER types in the order of the ontology, with their quad class and the usual CAMEO root code(s).
PLOVER: dict[str, tuple[str, str]] = {
    "AGREE": ("verbal cooperation", "03/05/06"),
    "CONSULT": ("verbal cooperation", "04"),
    "SUPPORT": ("verbal cooperation", "05"),
    "COOPERATE": ("material cooperation", "06"),
    "AID": ("material cooperation", "07"),
    "CONCEDE": ("material cooperation", "08"),
    "RETREAT": ("material cooperation", "08"),
    "INVESTIGATE": ("verbal conflict", "09"),
    "DEMAND": ("verbal conflict", "10"),
    "DISAPPROVE": ("verbal conflict", "11"),
    "REJECT": ("verbal conflict", "12"),
    "THREATEN": ("verbal conflict", "13"),
    "PROTEST": ("material conflict", "14"),
    "MOBILIZE": ("material conflict", "15"),
    "SANCTION": ("material conflict", "16"),
    "COERCE": ("material conflict", "17"),
    "ASSAULT": ("material conflict", "18"),
    "FIGHT": ("material conflict", "19"),
    "CRIME": ("material conflict", "18"),
}
TYPES: tuple[str, ...] = tuple(PLOVER)

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "events.jsonl"

# -- the gold format -----------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class GoldEvent:
    """One event mention; every span is a ``[start, end)`` range of the raw text."""

    type: str
    trigger: Span
    actors: tuple[Span, ...] = ()
    targets: tuple[Span, ...] = ()
    location: Span | None = None
    modality: str = "asserted"

    def spans(self) -> list[tuple[str, Span]]:
        out: list[tuple[str, Span]] = [("trigger", self.trigger)]
        out += [("actor", a) for a in self.actors]
        out += [("target", t) for t in self.targets]
        if self.location is not None:
            out.append(("location", self.location))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "trigger": list(self.trigger),
            "actors": [list(a) for a in self.actors],
            "targets": [list(t) for t in self.targets],
            "location": None if self.location is None else list(self.location),
            "modality": self.modality,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldEvent:
        _check_keys("event", data, required={"type", "trigger"}, optional={"actors", "targets", "location", "modality"})
        if data["type"] not in PLOVER:
            raise GoldError(f"event type {data['type']!r} is not a PLOVER type")
        modality = data.get("modality", "asserted")
        if modality not in MODALITIES:
            raise GoldError(f"modality {modality!r} is not one of {list(MODALITIES)}")
        location = data.get("location")
        return cls(
            type=data["type"],
            trigger=_span(data["trigger"], "trigger"),
            actors=tuple(_span(a, "actor") for a in _list_of(data.get("actors", []), "actors")),
            targets=tuple(_span(t, "target") for t in _list_of(data.get("targets", []), "targets")),
            location=None if location is None else _span(location, "location"),
            modality=modality,
        )


@dataclass(slots=True, frozen=True)
class GoldArticle:
    ref: str
    sha1: str
    outlet: str
    events: tuple[GoldEvent, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "sha1": self.sha1,
            "outlet": self.outlet,
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldArticle:
        _check_keys("article", data, required={"ref", "sha1", "outlet"}, optional={"events"})
        sha1 = check_sha1_hex(data["sha1"])
        for key in ("ref", "outlet"):
            nonempty_str(data[key], key)
        return cls(
            ref=data["ref"],
            sha1=sha1,
            outlet=data["outlet"],
            events=tuple(GoldEvent.from_dict(e) for e in _list_of(data.get("events", []), "events")),
        )

    def check(self, text: str) -> list[str]:
        """Problems of this record against its article's raw text (empty when it fits)."""
        problems: list[str] = []
        if text_sha1(text) != self.sha1:
            problems.append(f"{self.ref}: sha1 differs from the article's text (the shared data changed?)")
        for i, ev in enumerate(self.events):
            for name, (s, e) in ev.spans():
                if not 0 <= s < e <= len(text):
                    problems.append(f"{self.ref} event {i}: {name} span {[s, e]} is empty or outside the text")
                elif text[s:e] != text[s:e].strip():
                    problems.append(f"{self.ref} event {i}: {name} span {[s, e]} has leading/trailing whitespace")
        return problems


def load_gold(path: str | Path = DEFAULT_GOLD) -> list[GoldArticle]:
    """Read a gold JSONL file; a malformed line raises `GoldError` naming the file and line."""
    return read_jsonl(path, GoldArticle.from_dict)


def dump_gold(articles: Iterable[GoldArticle], path: str | Path) -> None:
    write_jsonl((art.to_dict() for art in articles), path)


def split_gold(articles: Sequence[GoldArticle], split: str = "all") -> list[GoldArticle]:
    """``dev``: records at even 0-based positions of the file; ``test``: odd positions; ``all``: every record."""
    return split_records(articles, split)


# -- scoring -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    gold: int = 0
    system: int = 0
    matched: int = 0  # trigger overlap and same type
    full: int = 0  # ... and every gold actor and target found
    modality_ok: int = 0  # among matched
    articles: int = 0
    # Arguments of matched events, one by one (the event-level "full" credit does not penalise extra
    # system arguments, so their precision is counted here): system arguments, those denoting a gold
    # argument of the same role, gold arguments, and those found by a system argument of their role.
    args_system: int = 0
    args_right: int = 0
    args_gold: int = 0
    args_found: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def metrics(self) -> dict[str, float | None]:
        p, r, f = prf(self.matched, self.system, self.gold)
        ap, ar, af = prf(self.full, self.system, self.gold)
        return {
            "precision": p,
            "recall": r,
            "f1": f,
            "arg_precision": ap,
            "arg_recall": ar,
            "arg_f1": af,
            "modality": self.modality_ok / self.matched if self.matched else None,
            "role_precision": self.args_right / self.args_system if self.args_system else None,
            "role_recall": self.args_found / self.args_gold if self.args_gold else None,
        }


@dataclass(slots=True)
class Report:
    overall: Counts = field(default_factory=Counts)
    by_outlet: dict[str, Counts] = field(default_factory=dict)
    by_type: dict[str, Counts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            return {"articles": c.articles, "gold": c.gold, "system": c.system, **c.metrics()}

        return {
            "overall": row(self.overall),
            "by_outlet": {k: row(v) for k, v in sorted(self.by_outlet.items())},
            "by_type": {k: row(v) for k, v in _type_order(self.by_type)},
        }


def _type_order(by_type: Mapping[str, Counts]) -> list[tuple[str, Counts]]:
    rank = {t: i for i, t in enumerate(TYPES)}
    return sorted(by_type.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def _norm(text: str) -> str:
    from didban.text.normalize import normalize_text

    return " ".join(normalize_text(text).replace("\u200c", " ").split())


class ArticleScorer:
    """Scores one system article's events against its gold record, on the raw text."""

    def __init__(self, gold: GoldArticle, raw_text: str, system: Article) -> None:
        if system.raw_text != raw_text:
            raise GoldError(f"{gold.ref}: the system article was not made from the gold article's raw text")
        self.gold = gold
        self.text = raw_text
        self.system = system
        self._mentions: list[tuple[Span, Mention]] = [
            (system.raw_span((m.start, m.end)), m) for m in system.mentions if m.entity_id is not None
        ]
        self._entity_ids = {m.entity_id for _, m in self._mentions} | {e.id for e in system.entities}

    def argument_ok(self, value: str, gold: Span) -> bool:
        """Whether a system actor/target (an entity id or a literal text) denotes the gold span."""
        if value in self._entity_ids and any(
            m.entity_id == value and char_overlap(span, gold) > 0 for span, m in self._mentions
        ):
            return True
        return bool(value.strip()) and _norm(value) == _norm(self.text[gold[0] : gold[1]])

    def argument_counts(self, g: GoldEvent, s: Event) -> tuple[int, int, int, int]:
        """System arguments, those right (denoting a gold argument of the same role), gold arguments, and
        those found (by a system argument of the same role), for one matched pair; every gold argument is
        found exactly when `arguments_ok` holds."""
        right = found = 0
        for values, spans in ((s.actors, g.actors), (s.targets, g.targets)):
            ok = [[self.argument_ok(v, span) for span in spans] for v in values]  # system × gold
            right += sum(any(row) for row in ok)
            found += sum(any(row[k] for row in ok) for k in range(len(spans)))
        return len(s.actors) + len(s.targets), right, len(g.actors) + len(g.targets), found

    def arguments_ok(self, g: GoldEvent, s: Event) -> bool:
        return all(any(self.argument_ok(a, span) for a in s.actors) for span in g.actors) and all(
            any(self.argument_ok(t, span) for t in s.targets) for span in g.targets
        )

    @cached_property
    def triggers(self) -> list[Span]:
        """The system triggers' spans on the raw text."""
        return [self.system.raw_span(s.trigger) for s in self.system.events]

    def matches(self) -> dict[int, int]:
        """Gold event index → system event index of the type matches."""
        gold, system, triggers = self.gold.events, self.system.events, self.triggers
        pairs = [
            (float(ov), gi, si)
            for gi, g in enumerate(gold)
            for si, (s, trig) in enumerate(zip(system, triggers, strict=True))
            if s.type == g.type and (ov := char_overlap(g.trigger, trig)) > 0
        ]
        return greedy_match(pairs)

    def errors(self) -> list[str]:
        """One line per missed gold event (FN), spurious system event (FP), argument miss (ARG) and modality
        miss (MOD), with the texts involved: for error analysis on development sets."""
        gold, system = self.gold.events, self.system.events
        matches = self.matches()
        text = self.text
        names = {e.id: e.name for e in self.system.entities}

        def raw(span: Span) -> str:
            return text[span[0] : span[1]].replace("\n", " ")

        def sys_args(values: Sequence[str]) -> str:
            return " ; ".join(names.get(v, v) for v in values) or "-"

        def gold_args(spans: Sequence[Span]) -> str:
            return " ; ".join(raw(x) for x in spans) or "-"

        out: list[str] = []
        ref = self.gold.ref
        for gi, g in enumerate(gold):
            si = matches.get(gi)
            if si is None:
                typed = [s.type for s, span in zip(system, self.triggers, strict=True) if char_overlap(g.trigger, span)]
                extra = f" (system says {','.join(typed)})" if typed else ""
                args = f"A: {gold_args(g.actors)} T: {gold_args(g.targets)}"
                out.append(f"FN  {ref} {g.type} «{raw(g.trigger)}»{extra} {args}")
                continue
            s = system[si]
            if not self.arguments_ok(g, s):
                out.append(
                    f"ARG {ref} {g.type} «{raw(g.trigger)}» gold A: {gold_args(g.actors)} T: {gold_args(g.targets)}"
                    f" | sys A: {sys_args(s.actors)} T: {sys_args(s.targets)}"
                )
            if s.modality != g.modality:
                out.append(f"MOD {ref} {g.type} «{raw(g.trigger)}» gold {g.modality} sys {s.modality}")
        matched = set(matches.values())
        for si, s in enumerate(system):
            if si not in matched:
                args = f"A: {sys_args(s.actors)} T: {sys_args(s.targets)}"
                out.append(f"FP  {ref} {s.type} «{raw(self.triggers[si])}» {args}")
        return out

    def score(self, report: Report) -> None:
        gold, system = list(self.gold.events), list(self.system.events)
        matches = self.matches()
        outlet = report.by_outlet.setdefault(self.gold.outlet, Counts())
        for c in (report.overall, outlet):
            c.articles += 1
        for g in gold:
            for c in (report.overall, outlet, report.by_type.setdefault(g.type, Counts())):
                c.gold += 1
        for s in system:
            for c in (report.overall, outlet, report.by_type.setdefault(s.type, Counts())):
                c.system += 1
        for gi, si in matches.items():
            g, s = gold[gi], system[si]
            n_sys, right, n_gold, found = self.argument_counts(g, s)
            full = found == n_gold  # = self.arguments_ok(g, s)
            modality = s.modality == g.modality
            for c in (report.overall, outlet, report.by_type[g.type]):
                c.matched += 1
                c.full += full
                c.modality_ok += modality
                c.args_system += n_sys
                c.args_right += right
                c.args_gold += n_gold
                c.args_found += found


def score(gold: Sequence[GoldArticle], texts: Sequence[str], systems: Sequence[Article]) -> Report:
    """Score system articles against gold ones (the three sequences are parallel)."""
    if not len(gold) == len(texts) == len(systems):
        raise ValueError("gold, texts and systems must have the same length")
    report = Report()
    for g, text, sys_article in zip(gold, texts, systems, strict=True):
        ArticleScorer(g, text, sys_article).score(report)
    return report


def evaluate(
    gold: Sequence[GoldArticle],
    data_dir: str | Path,
    analyse: Callable[[Article], Article],
    *,
    check_sha1: bool = True,
) -> Report:
    """Run ``analyse`` (e.g. a `didban.pipeline.Pipeline`) on each gold article's raw text and score it.

    ``Article.published`` is left unset: the gold does not depend on publication dates.
    """
    texts: list[str] = []
    systems: list[Article] = []
    for g in gold:
        text = gold_text(data_dir, g, check_sha1=check_sha1)
        texts.append(text)
        systems.append(analyse(Article(raw_text=text, outlet=g.outlet, published=None)))
    return score(gold, texts, systems)


def error_lines(gold: Sequence[GoldArticle], data_dir: str | Path, analyse: Callable[[Article], Article]) -> list[str]:
    """`ArticleScorer.errors` over a gold set, run like `evaluate`."""
    out: list[str] = []
    for g in gold:
        text = gold_text(data_dir, g)
        out += ArticleScorer(g, text, analyse(Article(raw_text=text, outlet=g.outlet, published=None))).errors()
    return out


def gold_as_article(gold: GoldArticle, raw_text: str, *, arguments_as_mentions: bool = False) -> Article:
    """The gold events as a system would output them (identity offsets, literal argument texts): a
    perfect system, to check the scorer and to compare two annotators.

    With ``arguments_as_mentions`` every argument span is a mention of its own entity, so that an argument
    matches a gold span it overlaps, as a system's linked mention does («وزیر خارجه آمریکا» against
    «آمریکا»); otherwise its text must equal the gold span's text, as a system's literal argument must.
    """
    mentions: list[Mention] = []

    def t(span: Span) -> str:
        if not arguments_as_mentions:
            return raw_text[span[0] : span[1]]
        ident = f"span:{span[0]}-{span[1]}"
        mentions.append(Mention(span[0], span[1], "ORG", raw_text[span[0] : span[1]], entity_id=ident))
        return ident

    events = [
        Event(
            type=g.type,
            trigger=g.trigger,
            sentence=g.trigger,
            actors=[t(a) for a in g.actors],
            targets=[t(x) for x in g.targets],
            quad_class=PLOVER[g.type][0],
            location=None if g.location is None else raw_text[g.location[0] : g.location[1]],
            modality=g.modality,  # type: ignore[arg-type]
        )
        for g in gold.events
    ]
    return Article(raw_text=raw_text, outlet=gold.outlet, text=raw_text, events=events, mentions=mentions)


COLUMNS: tuple[tuple[str, str], ...] = (
    ("P", "precision"),
    ("R", "recall"),
    ("F1", "f1"),
    ("argP", "arg_precision"),
    ("argR", "arg_recall"),
    ("argF1", "arg_f1"),
    ("mod", "modality"),
    ("roleP", "role_precision"),
    ("roleR", "role_recall"),
)


def _table(title: str, rows: Sequence[tuple[str, Counts]]) -> list[str]:
    header = [title, "gold", "sys", *(short for short, _ in COLUMNS)]
    cells = [header]
    for name, c in rows:
        m = c.metrics()
        cells.append([name, str(c.gold), str(c.system), *(pct(m[key]) for _, key in COLUMNS)])
    return text_table(cells)


def format_table(report: Report) -> str:
    """Per-outlet and per-type tables (rates in percent)."""
    outlets = [*sorted(report.by_outlet.items()), ("overall", report.overall)]
    types = [*_type_order(report.by_type), ("overall", report.overall)]
    legend = (
        "P/R/F1: events (trigger overlap + same PLOVER type, one-to-one); arg: also every gold actor and target "
        "found; mod: modality accuracy among type-matched events; roleP/roleR: of type-matched events, the share of "
        "system arguments that denote a gold argument of their role, and of gold arguments found in their role "
        "(extra arguments lower roleP only); '-': undefined"
    )
    return "\n".join([*_table("outlet", outlets), "", *_table("type", types), "", legend])


__all__ = [
    "DEFAULT_GOLD",
    "MODALITIES",
    "PLOVER",
    "SPLITS",
    "TYPES",
    "ArticleScorer",
    "Counts",
    "GoldArticle",
    "GoldError",
    "GoldEvent",
    "Report",
    "dump_gold",
    "error_lines",
    "evaluate",
    "format_table",
    "gold_as_article",
    "load_gold",
    "news_text",
    "score",
    "split_gold",
    "text_sha1",
]

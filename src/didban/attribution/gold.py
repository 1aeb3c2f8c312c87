"""The attribution gold set and its scorer.

The gold set (``tests/gold/attribution.jsonl``) holds hand annotations of real articles from
``../shared/data/news`` by *reference and character offsets only*: no article text is stored, so the
file can be committed while the news text stays outside the repository. ``sha1`` of each article's
raw text detects drift in the shared data. The annotation rules are in ``docs/attribution-guidelines.md``.

The scorer compares gold annotations with the `didban.article.Article` objects a system produced from
``Article(raw_text=news_text(...))``. It only reads the system's output records (statements, relays,
framings, and mentions for entity-level speaker matches), never how they were found, so any system
can be scored. System spans are offsets into the normalized ``Article.text``; they are mapped back to
the raw text with ``Article.raw_span`` and every comparison happens on the raw text.

Matching rules (the guidelines explain why):

- *Tokens* are maximal runs of non-whitespace characters of the raw text (so attached punctuation such
  as a final period or quotation marks never matters); a span covers every token it overlaps.
- A system statement matches a gold statement when their content spans' token sets have a Jaccard
  overlap (intersection over union) of at least 0.5; matching is one-to-one and greedy, best overlap first.
- Among matched statements: the speaker is correct when the spans' Jaccard is ≥ 0.5 or the system
  span lies inside the gold span (e.g. the name without its title); for pronoun and anaphoric gold
  speakers the *antecedent* must match instead (the system's ``Speaker.antecedent``, or its speaker span
  pointing straight at the antecedent); a speaker whose ``entity_id`` equals that of a system mention
  overlapping the gold speaker (or antecedent) also counts. Kind, form and modality are compared exactly.
- Cues, framings: spans match when they share at least one character (framings: label *and* target),
  one-to-one and greedy.
- Relay chains: ordered lists of relay names, each passed through `didban.text.normalize.normalize_text`
  (then `relay_key`: quotation marks and generic heads such as «خبرگزاری» dropped), compared exactly.
  A gold statement's chain is the article's lead chain followed by its own in-text relays; a system
  statement's chain is its ``relay`` list, without links that have no span (the outlet added from
  metadata) and without a last link that is the speaker itself. The data model has no article-level
  chain, so the *article chain* is the longest common prefix of the chains of all its statements, on
  both sides (articles without gold statements are not counted); "statement relay" compares the full
  chains of matched statements.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_args

from didban.article import Article, FramingPattern, Modality, Span, SpeakerKind, Statement, StatementForm
from didban.goldfile import (
    SPLITS,
    GoldError,
    char_overlap,
    check_sha1_hex,
    gold_text,
    greedy_match,
    news_text,
    pct,
    prf,
    read_jsonl,
    record_text,
    required_span,
    split_records,
    text_sha1,
    text_table,
    write_jsonl,
)
from didban.goldfile import check_keys as _check_keys
from didban.goldfile import list_of as _list_of
from didban.goldfile import nonempty_str as _nonempty_str
from didban.goldfile import required_span as _required_span

SPEAKER_KINDS: tuple[str, ...] = get_args(SpeakerKind)
FORMS: tuple[str, ...] = get_args(StatementForm)
MODALITIES: tuple[str, ...] = get_args(Modality)
PATTERNS: tuple[str, ...] = get_args(FramingPattern)
REFERRING_KINDS = frozenset({"pronoun", "anaphoric"})

CONTENT_MIN_JACCARD = 0.5
SPEAKER_MIN_JACCARD = 0.5

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "attribution.jsonl"


# -- the gold format -----------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class GoldStatement:
    """One attributed statement; every span is a ``[start, end)`` range of the raw text."""

    speaker: Span | None
    speaker_kind: str
    cue: Span
    cue_lemma: str
    content: Span
    form: str
    modality: str = "asserted"
    antecedent: Span | None = None
    recipient: Span | None = None
    relay: tuple[Span, ...] = ()  # in-text relays for this statement only, after the article's lead chain

    def spans(self) -> list[tuple[str, Span]]:
        named: list[tuple[str, Span | None]] = [
            ("speaker", self.speaker),
            ("antecedent", self.antecedent),
            ("cue", self.cue),
            ("content", self.content),
            ("recipient", self.recipient),
            *(("relay", r) for r in self.relay),
        ]
        return [(k, s) for k, s in named if s is not None]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "speaker": _list(self.speaker),
            "speaker_kind": self.speaker_kind,
            "antecedent": _list(self.antecedent),
            "cue": list(self.cue),
            "cue_lemma": self.cue_lemma,
            "content": list(self.content),
            "form": self.form,
            "modality": self.modality,
            "recipient": _list(self.recipient),
        }
        if self.relay:
            out["relay"] = [list(r) for r in self.relay]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldStatement:
        _check_keys(
            "statement",
            data,
            required={"speaker_kind", "cue", "cue_lemma", "content", "form"},
            optional={"speaker", "antecedent", "modality", "recipient", "relay"},
        )
        st = cls(
            speaker=_span(data.get("speaker"), "speaker", optional=True),
            speaker_kind=_choice(data["speaker_kind"], SPEAKER_KINDS, "speaker_kind"),
            antecedent=_span(data.get("antecedent"), "antecedent", optional=True),
            cue=_required_span(data["cue"], "cue"),
            cue_lemma=_nonempty_str(data["cue_lemma"], "cue_lemma"),
            content=_required_span(data["content"], "content"),
            form=_choice(data["form"], FORMS, "form"),
            modality=_choice(data.get("modality", "asserted"), MODALITIES, "modality"),
            recipient=_span(data.get("recipient"), "recipient", optional=True),
            relay=tuple(_required_span(r, "relay") for r in _list_of(data.get("relay", []), "relay")),
        )
        if (st.speaker is None) != (st.speaker_kind == "unattributed"):
            raise GoldError("a statement has speaker null exactly when speaker_kind is 'unattributed'")
        if st.antecedent is not None and st.speaker_kind not in REFERRING_KINDS:
            raise GoldError(f"an antecedent is only for pronoun/anaphoric speakers, not {st.speaker_kind!r}")
        return st


@dataclass(slots=True, frozen=True)
class GoldFraming:
    label: Span
    target: Span
    pattern: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": list(self.label), "target": list(self.target), "pattern": self.pattern}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldFraming:
        _check_keys("framing", data, required={"label", "target", "pattern"}, optional=set())
        return cls(
            label=_required_span(data["label"], "label"),
            target=_required_span(data["target"], "target"),
            pattern=_choice(data["pattern"], PATTERNS, "pattern"),
        )


@dataclass(slots=True, frozen=True)
class GoldArticle:
    ref: str
    sha1: str
    outlet: str
    statements: tuple[GoldStatement, ...] = ()
    relay: tuple[Span, ...] = ()  # the article's lead chain, publisher first
    framings: tuple[GoldFraming, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "sha1": self.sha1,
            "outlet": self.outlet,
            "statements": [s.to_dict() for s in self.statements],
            "relay": [list(r) for r in self.relay],
            "framings": [f.to_dict() for f in self.framings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoldArticle:
        _check_keys("article", data, required={"ref", "sha1", "outlet"}, optional={"statements", "relay", "framings"})
        sha1 = check_sha1_hex(_nonempty_str(data["sha1"], "sha1"))
        return cls(
            ref=_nonempty_str(data["ref"], "ref"),
            sha1=sha1,
            outlet=_nonempty_str(data["outlet"], "outlet"),
            statements=tuple(GoldStatement.from_dict(s) for s in _list_of(data.get("statements", []), "statements")),
            relay=tuple(_required_span(r, "relay") for r in _list_of(data.get("relay", []), "relay")),
            framings=tuple(GoldFraming.from_dict(f) for f in _list_of(data.get("framings", []), "framings")),
        )

    def spans(self) -> list[tuple[str, Span]]:
        out: list[tuple[str, Span]] = [("relay", r) for r in self.relay]
        for st in self.statements:
            out.extend(st.spans())
        for fr in self.framings:
            out.extend([("label", fr.label), ("target", fr.target)])
        return out

    def check(self, text: str) -> list[str]:
        """Problems of this record against its article's raw text (empty when it fits)."""
        problems: list[str] = []
        if text_sha1(text) != self.sha1:
            problems.append(f"{self.ref}: sha1 differs from the article's text (the shared data changed?)")
        for name, (s, e) in self.spans():
            if not 0 <= s < e <= len(text):
                problems.append(f"{self.ref}: {name} span {[s, e]} is empty or outside the text ({len(text)} chars)")
            elif text[s:e] != text[s:e].strip():
                problems.append(f"{self.ref}: {name} span {[s, e]} has leading or trailing whitespace")
        return problems


def load_gold(path: str | Path = DEFAULT_GOLD) -> list[GoldArticle]:
    """Read a gold JSONL file; a malformed line raises `GoldError` naming the file and line."""
    return read_jsonl(path, GoldArticle.from_dict)


def split_gold(articles: Sequence[GoldArticle], split: str = "all") -> list[GoldArticle]:
    """A held-out split of the gold set by position in the file: ``dev`` is the records at even 0-based
    positions, ``test`` those at odd positions, ``all`` every record. Rules are developed on ``dev`` only;
    ``test`` is scored once, at the end, to report an honest figure.
    """
    return split_records(articles, split)


def dump_gold(articles: Iterable[GoldArticle], path: str | Path) -> None:
    write_jsonl((art.to_dict() for art in articles), path)


def _list(span: Span | None) -> list[int] | None:
    return None if span is None else list(span)


def _span(value: Any, name: str, *, optional: bool) -> Span | None:
    if value is None:
        if optional:
            return None
        raise GoldError(f"{name}: a span is required")
    return required_span(value, name)


def _choice(value: Any, allowed: Sequence[str], name: str) -> str:
    if value not in allowed:
        raise GoldError(f"{name}: {value!r} is not one of {list(allowed)}")
    return str(value)


# -- span comparison -----------------------------------------------------------------------------


class TokenIndex:
    """Whitespace tokens of a raw text, to turn spans into token sets."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def tokens(self, span: Span) -> frozenset[int]:
        """Indices of the tokens that overlap ``span`` (an empty span covers none)."""
        s, e = span
        if e <= s:
            return frozenset()
        first = bisect_right(self.ends, s)  # first token ending after s
        last = bisect_left(self.starts, e)  # tokens starting before e
        return frozenset(range(first, last))

    def jaccard(self, a: Span, b: Span) -> float:
        ta, tb = self.tokens(a), self.tokens(b)
        union = ta | tb
        return len(ta & tb) / len(union) if union else 0.0

    def speaker_match(self, system: Span, gold: Span) -> bool:
        """Jaccard ≥ 0.5, or the system span inside the gold one (a name without its title)."""
        ts, tg = self.tokens(system), self.tokens(gold)
        if not ts or not tg:
            return False
        return bool(ts <= tg) or len(ts & tg) / len(ts | tg) >= SPEAKER_MIN_JACCARD


# Generic heads a relay name may carry or drop («خبرگزاری فارس» = «فارس»); they are not part of the key.
RELAY_HEADS = frozenset(
    [
        "خبرگزاری",
        "روزنامه",
        "شبکه",
        "تلویزیونی",
        "تلویزیون",
        "رادیو",
        "پایگاه",
        "خبری",
        "اطلاع",
        "رسانی",
        "سایت",
        "وب",
        "وبسایت",
        "هفته",
        "نامه",
        "ماهنامه",
        "نشریه",
        "مجله",
    ]
)
_RELAY_PUNCT = re.compile(r"[\"'«»“”„()\[\]،,:.]")


def relay_key(name: str) -> str:
    """The form relay names are compared in: `normalize_text`, without quotation marks, punctuation and
    leading generic heads (``RELAY_HEADS``), spaces and ZWNJ collapsed to one space."""
    from didban.text.normalize import normalize_text

    words = _RELAY_PUNCT.sub(" ", normalize_text(name)).replace("\u200c", " ").split()
    n = 0
    while n < len(words) - 1 and words[n] in RELAY_HEADS:
        n += 1
    return " ".join(words[n:])


# -- scoring -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Counts that add up over articles; rates are computed at the end."""

    articles: int = 0
    gold: int = 0
    system: int = 0
    matched: int = 0
    speaker_ok: int = 0
    kind_ok: int = 0
    form_ok: int = 0
    modality_ok: int = 0
    stmt_relay_ok: int = 0
    cue_gold: int = 0
    cue_system: int = 0
    cue_matched: int = 0
    relay_articles: int = 0
    relay_ok: int = 0
    framing_gold: int = 0
    framing_system: int = 0
    framing_matched: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def metrics(self) -> dict[str, float | None]:
        p, r, f = prf(self.matched, self.system, self.gold)
        cp, cr, cf = prf(self.cue_matched, self.cue_system, self.cue_gold)
        fp, fr, ff = prf(self.framing_matched, self.framing_system, self.framing_gold)
        return {
            "precision": p,
            "recall": r,
            "f1": f,
            "speaker": _rate(self.speaker_ok, self.matched),
            "speaker_kind": _rate(self.kind_ok, self.matched),
            "form": _rate(self.form_ok, self.matched),
            "modality": _rate(self.modality_ok, self.matched),
            "statement_relay": _rate(self.stmt_relay_ok, self.matched),
            "cue_precision": cp,
            "cue_recall": cr,
            "cue_f1": cf,
            "relay_exact": _rate(self.relay_ok, self.relay_articles),
            "framing_precision": fp,
            "framing_recall": fr,
            "framing_f1": ff,
        }


def _rate(ok: int, n: int) -> float | None:
    return ok / n if n else None


class ArticleScorer:
    """Scores one system article against its gold record on the raw text."""

    def __init__(self, gold: GoldArticle, raw_text: str, system: Article) -> None:
        if system.raw_text != raw_text:
            raise GoldError(f"{gold.ref}: the system article was not made from the gold article's raw text")
        self.gold = gold
        self.text = raw_text
        self.system = system
        self.index = TokenIndex(raw_text)

    def raw(self, span: Span) -> Span:
        return self.system.raw_span(span)

    def score(self) -> Counts:
        c = Counts(articles=1)
        gold_sts = list(self.gold.statements)
        sys_sts = list(self.system.statements)
        c.gold, c.system = len(gold_sts), len(sys_sts)
        sys_content = [self.raw(s.content) for s in sys_sts]
        pairs = []
        for gi, g in enumerate(gold_sts):
            for si, sc in enumerate(sys_content):
                j = self.index.jaccard(sc, g.content)
                if j >= CONTENT_MIN_JACCARD:
                    pairs.append((j, gi, si))
        matches = greedy_match(pairs)
        c.matched = len(matches)
        for gi, si in matches.items():
            g, s = gold_sts[gi], sys_sts[si]
            c.speaker_ok += self.speaker_ok(g, s)
            kind = s.speaker.kind if s.speaker is not None else "unattributed"
            c.kind_ok += kind == g.speaker_kind
            c.form_ok += s.form == g.form
            c.modality_ok += _statement_modality(s, self.system, si) == g.modality
            c.stmt_relay_ok += self.statement_chain(s) == self.gold_chain(g)
        self._score_cues(c, gold_sts, sys_sts)
        if gold_sts:  # an article without statements has no chain a system could show
            c.relay_articles = 1
            gold_chain = common_prefix([self.gold_chain(g) for g in gold_sts])
            c.relay_ok = int(self.system_article_chain() == gold_chain)
        self._score_framings(c)
        return c

    # -- speakers ----------------------------------------------------------------------------------
    def speaker_ok(self, g: GoldStatement, s: Statement) -> bool:
        sp = s.speaker
        if g.speaker is None:
            return sp is None or sp.kind == "unattributed"
        if sp is None:
            return False
        own = self.raw((sp.start, sp.end))
        if g.speaker_kind in REFERRING_KINDS and g.antecedent is not None:
            # a pronoun or anaphor is right when it is resolved right: the system's antecedent, or its
            # speaker span when it points straight at the referent
            target = g.antecedent
            candidates = [own] if sp.antecedent is None else [self.raw(sp.antecedent), own]
        else:
            target = g.speaker
            candidates = [own]
        if any(self.index.speaker_match(cand, target) for cand in candidates):
            return True
        return sp.entity_id is not None and sp.entity_id in self._entities_at(target)

    def _entities_at(self, span: Span) -> set[str]:
        return {
            m.entity_id
            for m in self.system.mentions
            if m.entity_id is not None and char_overlap(self.raw((m.start, m.end)), span) > 0
        }

    # -- relays ------------------------------------------------------------------------------------
    def gold_chain(self, g: GoldStatement | None) -> list[str]:
        spans = [*self.gold.relay, *(g.relay if g is not None else ())]
        return [relay_key(self.raw_text(s)) for s in spans]

    def raw_text(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    def statement_chain(self, s: Statement) -> list[str]:
        names = []
        speaker = self.raw((s.speaker.start, s.speaker.end)) if s.speaker is not None else None
        for link in s.relay:
            if link.start is None or link.end is None:
                continue  # the outlet from metadata, not a link written in the text
            span = self.raw((link.start, link.end))
            if speaker is not None and span == speaker:
                continue  # some systems end the chain with the speaker itself
            names.append(relay_key(link.name or self.raw_text(span)))
        return names

    def system_article_chain(self) -> list[str]:
        """The chain common to all the system's statements (the article's lead, when every statement carries it)."""
        return common_prefix([self.statement_chain(s) for s in self.system.statements])

    # -- cues and framings -------------------------------------------------------------------------
    def _score_cues(self, c: Counts, gold_sts: list[GoldStatement], sys_sts: list[Statement]) -> None:
        gold_cues = sorted({g.cue for g in gold_sts})
        sys_cues = sorted({self.raw(s.cue) for s in sys_sts if s.cue[1] > s.cue[0]})
        c.cue_gold, c.cue_system = len(gold_cues), len(sys_cues)
        pairs = [
            (float(ov), gi, si)
            for gi, gc in enumerate(gold_cues)
            for si, sc in enumerate(sys_cues)
            if (ov := char_overlap(gc, sc)) > 0
        ]
        c.cue_matched = len(greedy_match(pairs))

    def _score_framings(self, c: Counts) -> None:
        gold = list(self.gold.framings)
        system = [(self.raw(f.label), self.raw(f.target)) for f in self.system.framings]
        c.framing_gold, c.framing_system = len(gold), len(system)
        pairs = []
        for gi, g in enumerate(gold):
            for si, (label, target) in enumerate(system):
                lo, to = char_overlap(g.label, label), char_overlap(g.target, target)
                if lo > 0 and to > 0:
                    pairs.append((float(lo + to), gi, si))
        c.framing_matched = len(greedy_match(pairs))


def common_prefix(chains: Sequence[Sequence[str]]) -> list[str]:
    """The longest common prefix of relay chains (empty for no chains)."""
    if not chains:
        return []
    prefix = list(chains[0])
    for chain in chains[1:]:
        n = 0
        while n < min(len(prefix), len(chain)) and prefix[n] == chain[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _statement_modality(s: Statement, article: Article, index: int) -> str:
    """A statement's modality: its own ``modality`` when it says more than asserted, else the first
    non-asserted modality of the events reported in it (`Event.statement`), else asserted.
    """
    own = getattr(s, "modality", None)
    if isinstance(own, str) and own != "asserted":
        return own
    for ev in article.events:
        if ev.statement == index and ev.modality != "asserted":
            return ev.modality
    return "asserted"


def gold_as_article(gold: GoldArticle, raw_text: str) -> Article:
    """The gold annotations as a system would output them (identity offsets): a perfect system.

    Useful to check the scorer (the gold scores 100% against itself) and to compare two annotators.
    """
    from didban.article import Event, Framing, Relay, Speaker

    def relay(span: Span) -> Relay:
        return Relay(name=raw_text[span[0] : span[1]], start=span[0], end=span[1])

    statements = []
    for g in gold.statements:
        speaker = None
        if g.speaker is not None:
            speaker = Speaker(
                g.speaker[0],
                g.speaker[1],
                g.speaker_kind,  # type: ignore[arg-type]
                text=raw_text[g.speaker[0] : g.speaker[1]],
                antecedent=g.antecedent,
            )
        st = Statement(
            speaker=speaker,
            cue=g.cue,
            cue_lemma=g.cue_lemma,
            content=g.content,
            form=g.form,  # type: ignore[arg-type]
            recipient=g.recipient,
            relay=[relay(r) for r in (*gold.relay, *g.relay)],
        )
        statements.append(st)
    framings = [Framing(None, f.label, f.target, f.pattern, gold.outlet) for f in gold.framings]  # type: ignore[arg-type]
    # modality: on the statement where the data model has the field, else on an untyped event linked to it
    events = []
    for i, (g, st) in enumerate(zip(gold.statements, statements, strict=True)):
        if g.modality == "asserted":
            continue
        if "modality" in Statement.__dataclass_fields__:
            setattr(st, "modality", g.modality)  # noqa: B010
        else:
            events.append(Event(type="", trigger=g.content, sentence=g.content, modality=g.modality, statement=i))  # type: ignore[arg-type]
    return Article(
        raw_text=raw_text, outlet=gold.outlet, text=raw_text, statements=statements, framings=framings, events=events
    )


def evaluate(
    gold: Sequence[GoldArticle],
    data_dir: str | Path,
    analyse: Callable[[Article], Article],
    *,
    check_sha1: bool = True,
) -> Report:
    """Run ``analyse`` (e.g. a `didban.pipeline.Pipeline`) on each gold article's raw text and score it."""
    texts: list[str] = []
    systems: list[Article] = []
    for g in gold:
        text = gold_text(data_dir, g, check_sha1=check_sha1)
        texts.append(text)
        systems.append(analyse(Article(raw_text=text, outlet=g.outlet)))
    return score(gold, texts, systems)


def score_article(gold: GoldArticle, raw_text: str, system: Article) -> Counts:
    return ArticleScorer(gold, raw_text, system).score()


@dataclass(slots=True)
class Report:
    by_outlet: dict[str, Counts]
    overall: Counts

    def rows(self) -> list[tuple[str, Counts]]:
        return [*sorted(self.by_outlet.items()), ("overall", self.overall)]

    def to_dict(self) -> dict[str, Any]:
        return {
            name: {"articles": c.articles, "gold": c.gold, "system": c.system, **c.metrics()} for name, c in self.rows()
        }


def score(gold: Sequence[GoldArticle], texts: Sequence[str], systems: Sequence[Article]) -> Report:
    """Score system articles against gold ones (the three sequences are parallel)."""
    if not len(gold) == len(texts) == len(systems):
        raise ValueError("gold, texts and systems must have the same length")
    by_outlet: dict[str, Counts] = {}
    overall = Counts()
    for g, text, sys_article in zip(gold, texts, systems, strict=True):
        counts = score_article(g, text, sys_article)
        by_outlet.setdefault(g.outlet, Counts()).add(counts)
        overall.add(counts)
    return Report(by_outlet, overall)


COLUMNS: tuple[tuple[str, str], ...] = (
    ("P", "precision"),
    ("R", "recall"),
    ("F1", "f1"),
    ("spk", "speaker"),
    ("kind", "speaker_kind"),
    ("form", "form"),
    ("mod", "modality"),
    ("cueP", "cue_precision"),
    ("cueR", "cue_recall"),
    ("cueF1", "cue_f1"),
    ("relay", "relay_exact"),
    ("s-rel", "statement_relay"),
    ("frmP", "framing_precision"),
    ("frmR", "framing_recall"),
    ("frmF1", "framing_f1"),
)


def format_table(report: Report) -> str:
    """The report as a plain-text table, one row per outlet and one overall (rates in percent)."""
    header = ["outlet", "arts", "gold", "sys", *(short for short, _ in COLUMNS)]
    rows = [header]
    for name, c in report.rows():
        m = c.metrics()
        rows.append([name, str(c.articles), str(c.gold), str(c.system), *(pct(m[key]) for _, key in COLUMNS)])
    lines = text_table(rows)
    legend = (
        "P/R/F1: statements (content token Jaccard ≥ 0.5, one-to-one); spk/kind/form/mod/s-rel: among matched "
        "statements; cue: span overlap; relay: article chain exact match; frm: framing label+target overlap; "
        "'-': undefined (nothing to count)"
    )
    return "\n".join([*lines, "", legend])


__all__ = [
    "DEFAULT_GOLD",
    "SPLITS",
    "ArticleScorer",
    "Counts",
    "GoldArticle",
    "GoldError",
    "GoldFraming",
    "GoldStatement",
    "Report",
    "TokenIndex",
    "common_prefix",
    "dump_gold",
    "evaluate",
    "format_table",
    "gold_as_article",
    "greedy_match",
    "load_gold",
    "news_text",
    "prf",
    "record_text",
    "relay_key",
    "score",
    "score_article",
    "split_gold",
    "text_sha1",
]

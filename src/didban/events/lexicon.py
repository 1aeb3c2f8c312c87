"""The event trigger lexicon (``didban/fa/event_triggers.tsv``) read into phrase tables.

Verbs are listed once, in the simple past; `didban.attribution.cues.inflect` generates their tenses and
negations, this module adds the subjunctive («حمله کند», «انجام دهد») and the passive of «… کرد» /
«… داد» («محکوم شد», «هشدار داده شد»).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from didban.attribution.cues import Lexicon, default_lexicon, inflect
from didban.attribution.words import PhraseTable, phrase_words
from didban.errors import ConfigError

PLOVER_TYPES: dict[str, tuple[str, str]] = {
    # type → (quad class, CAMEO root) defaults; a row may give a finer CAMEO root.
    "AGREE": ("1", "03"),
    "CONSULT": ("1", "04"),
    "SUPPORT": ("1", "05"),
    "COOPERATE": ("2", "06"),
    "AID": ("2", "07"),
    "CONCEDE": ("2", "08"),
    "RETREAT": ("2", "08"),
    "INVESTIGATE": ("1", "09"),
    "DEMAND": ("3", "10"),
    "DISAPPROVE": ("3", "11"),
    "REJECT": ("3", "12"),
    "THREATEN": ("3", "13"),
    "PROTEST": ("3", "14"),
    "MOBILIZE": ("4", "15"),
    "SANCTION": ("4", "16"),
    "COERCE": ("4", "17"),
    "ASSAULT": ("4", "18"),
    "FIGHT": ("4", "19"),
    "CRIME": ("4", ""),
}
KINDS = frozenset({"verb", "passive", "noun", "light", "modal", "demonym", "group", "generic", "skip", "none"})
FLAGS = frozenset({"weak", "pair", "actor-after", "speech", "bare", "judge"})
MODALS = frozenset({"possible", "intended", "conditional", "denied", "question"})
_FORMAL = {"کرد": ("نمود", "نما"), "شد": ("گردید", "گرد")}  # light verb → (its formal twin, present stem)
_PASSIVE_OF = {"کرد": ("شد",), "داد": ("داده", "شد")}  # «محکوم کرد» → «محکوم شد», «هشدار داد» → «هشدار داده شد»


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    cameo: str
    quad: str
    nominal: bool = False
    passive: bool = False
    negated: bool = False
    weak: bool = False
    pair: bool = False
    actor_after: bool = False
    speech: bool = False
    bare: bool = False  # an event even without a participant («درگیری‌ها در طرابلس», «تظاهرات»)
    judge: bool = False  # a judgement on the clause's subject by whoever says it («… غیر قابل قبول است»)


@dataclass(slots=True)
class EventLexicon:
    triggers: PhraseTable[Trigger] = field(default_factory=PhraseTable)
    modality: Lexicon = field(default_factory=Lexicon)  # cues.tsv's markers plus the «modal» rows
    demonyms: PhraseTable[str] = field(default_factory=PhraseTable)
    groups: PhraseTable[bool] = field(default_factory=PhraseTable)
    generic: PhraseTable[bool] = field(default_factory=PhraseTable)
    skip: PhraseTable[bool] = field(default_factory=PhraseTable)
    none: PhraseTable[bool] = field(default_factory=PhraseTable)  # phrases with a trigger in them, no event

    @classmethod
    def from_text(cls, text: str, label: str = "event_triggers.tsv") -> EventLexicon:
        lex = cls()
        for words, kind in default_lexicon().modality.entries.items():
            lex.modality.modality.add(words, kind)
        light: dict[str, str] = {}
        verbs: list[tuple[str, list[str]]] = []
        nouns: list[tuple[tuple[str, ...], Trigger]] = []
        for lineno, cols in _rows(text):
            where = f"{label}:{lineno}"
            cols += [""] * (7 - len(cols))
            pattern, kind = cols[0], cols[1]
            if kind not in KINDS:
                raise ConfigError(f"{where}: unknown kind {kind!r}")
            words = phrase_words(pattern)
            if not words:
                raise ConfigError(f"{where}: empty pattern")
            if kind == "light":
                light[words[-1]] = cols[5]
            elif kind in ("verb", "passive", "noun"):
                verbs.append((where, cols))
            elif kind == "modal":
                if cols[2] not in MODALS:
                    raise ConfigError(f"{where}: unknown modality {cols[2]!r}")
                lex.modality.modality.add(words, cols[2])
            elif kind == "demonym":
                lex.demonyms.add(words, cols[2])
            else:
                {"group": lex.groups, "generic": lex.generic, "skip": lex.skip, "none": lex.none}[kind].add(words, True)
        for where, cols in verbs:
            pattern, kind, ptype, cameo, quad, flag_text = cols[:6]
            if ptype not in PLOVER_TYPES:
                raise ConfigError(f"{where}: unknown PLOVER type {ptype!r}")
            flags = {f.strip() for f in flag_text.split(",") if f.strip() and f.strip() != "-"}
            stem = ""
            for f in sorted(flags):
                if f.startswith("stem="):
                    stem = f.partition("=")[2]
                    flags.discard(f)
            if flags - FLAGS:
                raise ConfigError(f"{where}: unknown flag(s) {sorted(flags - FLAGS)}")
            quad = quad if quad not in ("", "-") else PLOVER_TYPES[ptype][0]
            cameo = cameo if cameo != "-" else ""
            words = phrase_words(pattern)
            common = dict(
                weak="weak" in flags,
                pair="pair" in flags,
                actor_after="actor-after" in flags,
                speech="speech" in flags,
                bare="bare" in flags,
                judge="judge" in flags,
            )
            if kind == "noun":
                trig = Trigger(ptype, cameo, quad, nominal=True, **common)
                lex.triggers.add(words, trig, replace=False)
                nouns.append((words, trig))
                continue
            stem = stem or light.get(words[-1], "")
            if not stem:
                raise ConfigError(f"{where}: {pattern!r} needs a light verb or a stem=… flag")
            passive = kind == "passive"
            stem_word = phrase_words(stem)[0]
            # A verb listed negated («نپذیرفت») keeps its negated forms only: «بپذیرد» is no rejection.
            neg_listed = words[-1].startswith("ن") and not stem_word.startswith("ن")
            variants = [(words, stem_word)]
            if words[-1] in _FORMAL:  # «محکوم نمود», «بازداشت گردید»: the formal register of news agencies
                variants.append(((*words[:-1], _FORMAL[words[-1]][0]), _FORMAL[words[-1]][1]))
            for vwords, vstem in variants:
                for form, negated in _forms(vwords, vstem):
                    if neg_listed and not any(w.startswith("ن") for w in form):
                        continue
                    # the negation of a verb listed negated is its meaning, not a denial: «نمی‌پذیریم» rejects
                    negated = negated and not neg_listed
                    lex.triggers.add(
                        form, Trigger(ptype, cameo, quad, passive=passive, negated=negated, **common), replace=False
                    )
            if not passive and words[-1] in _PASSIVE_OF:
                pwords = (*words[:-1], *_PASSIVE_OF[words[-1]])
                for pw, pstem in ((pwords, "شو"), ((*pwords[:-1], "گردید"), "گرد")):
                    for form, negated in _forms(pw, pstem):
                        lex.triggers.add(
                            form, Trigger(ptype, cameo, quad, passive=True, negated=negated, **common), replace=False
                        )
        # Plural and indefinite nominals after every listed row, so that a listed form keeps its own type
        # («اعتراض‌ها» is listed as PROTEST, «اعتراض» is DISAPPROVE).
        for words, trig in nouns:
            for form in _noun_forms(words):
                lex.triggers.add(form, trig, replace=False)
            # «مورد تهدید قرار گرفت» (passive: its subject is the target) and «مورد انتقاد قرار داد».
            if words[0] == "مورد":
                continue
            for verb, stem, passive in (("گرفت", "گیر", True), ("داد", "ده", False)):
                for form, negated in _forms(("مورد", *words, "قرار", verb), stem):
                    made = Trigger(
                        trig.type, trig.cameo, trig.quad, passive=passive, negated=negated, weak=trig.weak,
                        speech=trig.speech,
                    )  # fmt: skip
                    lex.triggers.add(form, made, replace=False)
        return lex


def _noun_forms(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """«دیدار» → «دیدارها»، «دیدارهای»، «دیدارهایی»، «دیدار ها» (ZWNJ), «دیدار ای», «تجاوزات»; a phrase ends at
    a token's end, so «درگیری‌ها» (one token, two folded words) is not found by «درگیری» alone.
    """
    head, last = words[:-1], words[-1]
    for suffix in ("ها", "های", "هایی"):
        yield (*head, last + suffix)
        yield (*head, last, suffix)
    yield (*head, last, "ای")
    yield (*head, last, "ی")
    # The Arabic plural of a loanword: «تجاوز» → «تجاوزات», «مذاکره» → «مذاکرات», «تهدید» → «تهدیدات»
    # (a form no noun has is never met, so it costs nothing).
    stem = last[:-1] if last.endswith("ه") else last
    if len(stem) >= 3:
        yield (*head, stem + "ات")
        yield (*head, stem + "اتی")


def _forms(past: tuple[str, ...], stem: str) -> Iterator[tuple[tuple[str, ...], bool]]:
    for form, negated, _strict in inflect(past, stem):
        yield form, negated
    head = past[:-1]
    pres = stem + ("ید" if stem.endswith("ا") else "د")
    pres_pl = stem + ("یند" if stem.endswith("ا") else "ند")
    for neg in (False, True):
        n = "ن" if neg else ""
        for p in (pres, pres_pl):  # subjunctive: «حمله کند», «انجام دهند», «بکند»
            yield (*head, n + p), neg
            if not neg and not head:
                yield ("ب" + p,), False
        yield (*head, n + past[-1] + "ه", "اند"), neg
        # The first person (inflect gives the third): «استقبال می‌کنیم»، «واکنش نشان خواهیم داد»، «حمله کردیم».
        mi = "نمی" if neg else "می"
        for suffix in ("م", "یم"):
            yield (*head, mi, stem + ("ی" if stem.endswith("ا") else "") + suffix), neg
            yield (*head, n + past[-1] + suffix), neg
            yield (*head, ("نخواه" if neg else "خواه") + suffix, past[-1]), neg
        yield (*head, n + past[-1] + "ن"), neg  # the infinitive: «حمله کردن»


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.rstrip("\r").split("\t")]


@cache
def default_event_lexicon() -> EventLexicon:
    """The packaged ``didban/fa/event_triggers.tsv``, read once per process."""
    text = resources.files("didban.fa").joinpath("event_triggers.tsv").read_text(encoding="utf-8")
    return EventLexicon.from_text(text, "didban/fa/event_triggers.tsv")

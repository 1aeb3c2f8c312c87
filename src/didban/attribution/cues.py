"""The attribution lexicon (``didban/fa/cues.tsv``): cues, relay and recipient markers, speaker words.

Reporting verbs are listed once, in the simple past («گفت»، «اعلام کرد»); `inflect` generates the
tenses a news text uses with a third-person speaker, singular and plural, and their negations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from didban.attribution.words import PhraseTable, phrase_words
from didban.errors import ConfigError

CueKind = Literal["verb", "prep", "passive", "clause", "block", "report", "cite"]
CUE_KINDS: frozenset[str] = frozenset({"verb", "prep", "passive", "clause", "block", "report", "cite"})
WORD_KINDS: frozenset[str] = frozenset(
    {
        "recipient",
        "pronoun",
        "demonstrative",
        "indefinite",
        "source",
        "sources",
        "role",
        "institution",
        "outlet",
        "reporter",
        "hearer",
        "document",
        "stop",
        "connective",
        "lead-block",
        "clause-end",
        "not-speaker",
        "modal",
        "subordinator",
    }
)
MODALITY_KINDS: frozenset[str] = frozenset({"conditional", "possible", "intended", "denied", "question"})
FLAGS: frozenset[str] = frozenset({"strict", "denied", "question", "only-nominal"})
# The nominal construction a verb may report with (flag «nominal=…»): «از X خبر داد» (از), «از X به عنوان Y
# یاد کرد» (از-عنوان), «بر X تاکید کرد» (بر), «X را تکذیب کرد» (را), «X را Y دانست/اعلام کرد» (را+).
NOMINALS: frozenset[str] = frozenset({"از", "از-عنوان", "بر", "را", "را+"})


@dataclass(frozen=True, slots=True)
class Cue:
    """What a matched cue phrase is."""

    kind: CueKind
    lemma: str
    strict: bool = False  # content must follow «:»/«که»/a quote, or come first
    negated: bool = False  # «نگفت»، «اعلام نکرد»
    denial: bool = False  # «تکذیب کرد»
    question: bool = False  # «پرسید»
    nominal: str = ""  # the nominal construction it takes (`NOMINALS`), «» for none
    nominal_only: bool = False  # a cue only in that construction («دانست»، «خواند»، «یاد کرد»)


@dataclass(slots=True)
class Lexicon:
    """Every table the attribution stages match; build with `Lexicon.from_text` or `default_lexicon`."""

    cues: PhraseTable[Cue] = field(default_factory=PhraseTable)
    words: dict[str, PhraseTable[bool]] = field(default_factory=dict)
    modality: PhraseTable[str] = field(default_factory=PhraseTable)

    def table(self, kind: str) -> PhraseTable[bool]:
        return self.words.setdefault(kind, PhraseTable())

    def has(self, kind: str, word: str) -> bool:
        """Whether one folded word is a one-word entry of ``kind``."""
        table = self.words.get(kind)
        return table is not None and (word,) in table.entries

    @classmethod
    def from_text(cls, text: str, label: str = "cues.tsv") -> Lexicon:
        lex = cls()
        light: dict[str, str] = {}
        verbs: list[tuple[int, tuple[str, ...], str, str, set[str]]] = []
        for lineno, cols in _rows(text):
            where = f"{label}:{lineno}"
            if len(cols) < 3 or len(cols) > 5:
                raise ConfigError(f"{where}: expected 3 to 5 tab-separated columns, found {len(cols)}")
            cols += [""] * (5 - len(cols))
            pattern, lemma, kind, present, flag_text = cols
            present = "" if present == "-" else present
            flags = {f.strip() for f in flag_text.split(",") if f.strip()}
            nominal = ""
            for f in sorted(flags):
                if f.startswith("nominal="):
                    nominal = f.partition("=")[2]
                    if nominal not in NOMINALS:
                        raise ConfigError(f"{where}: unknown nominal construction {nominal!r}")
                    flags.discard(f)
            if "only-nominal" in flags and not nominal:
                raise ConfigError(f"{where}: only-nominal needs a nominal=… flag")
            if flags - FLAGS:
                raise ConfigError(f"{where}: unknown flag(s) {sorted(flags - FLAGS)}")
            words = phrase_words(pattern)
            if not words:
                raise ConfigError(f"{where}: empty pattern")
            if kind == "light":
                if len(words) != 1 or not present:
                    raise ConfigError(f"{where}: a light verb is one word with its present stem")
                light[words[0]] = present
            elif kind == "verb":
                if nominal:
                    flags.add("nominal=" + nominal)
                verbs.append((lineno, words, lemma, present, flags))
            elif kind in CUE_KINDS:
                cue = Cue(kind, lemma if lemma != "-" else "", strict=True, question="question" in flags)  # type: ignore[arg-type]
                lex.cues.add(words, cue)
            elif kind in WORD_KINDS:
                lex.table(kind).add(words, True)
            elif kind in MODALITY_KINDS:
                lex.modality.add(words, kind)
            else:
                raise ConfigError(f"{where}: unknown kind {kind!r}")
        for lineno, words, lemma, present, flags in verbs:
            if present and len(words) > 1 and words[-1] in light:
                raise ConfigError(
                    f"{label}:{lineno}: {' '.join(words)!r} takes its present stem from its light verb; write -"
                )
            if present:
                past_words, stem = words, present
            elif words[-1] in light:
                past_words, stem = words, light[words[-1]]
            else:
                raise ConfigError(f"{label}:{lineno}: verb {' '.join(words)!r} needs a present stem or a light verb")
            strict = "strict" in flags
            nominal = next((f.partition("=")[2] for f in flags if f.startswith("nominal=")), "")
            for form, negated, form_strict in inflect(past_words, phrase_words(stem)[0]):
                cue = Cue(
                    "verb",
                    lemma,
                    strict=strict or form_strict,
                    negated=negated,
                    denial="denied" in flags,
                    question="question" in flags,
                    nominal=nominal,
                    nominal_only="only-nominal" in flags,
                )
                # A block row («تبریک گفت») or an earlier verb keeps its entry.
                lex.cues.add(form, cue, replace=False)
        return lex


def inflect(past: tuple[str, ...], present_stem: str) -> Iterator[tuple[tuple[str, ...], bool, bool]]:
    """(folded words, negated, needs-a-marker) of every form of a verb given in the simple past.

    The last word inflects: «اعلام کرد» → «اعلام می‌کند»، «اعلام کرده است»، «اعلام نکرد»، …
    """
    head, verb = past[:-1], past[-1]
    pres = present_stem + ("ید" if present_stem.endswith("ا") else "د")
    pres_pl = present_stem + ("یند" if present_stem.endswith("ا") else "ند")
    part = verb + "ه"
    for neg in (False, True):
        n = "ن" if neg else ""
        mi = "نمی" if neg else "می"
        forms: list[tuple[tuple[str, ...], bool]] = [
            ((n + verb,), False),
            ((n + verb + "ند",), False),
            ((mi, verb), False),
            ((mi, verb + "ند"), False),
            ((n + part, "است"), False),
            ((n + part, "اند"), False),
            ((n + part, "بود"), False),
            ((n + part, "بودند"), False),
            ((n + part,), True),  # «وی گفته: …» — the bare participle only before a marker
            ((mi, pres), False),
            ((mi, pres_pl), False),
            (("نخواهد" if neg else "خواهد", verb), False),
            (("نخواهند" if neg else "خواهند", verb), False),
        ]
        for form, strict in forms:
            yield (*head, *form), neg, strict


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield lineno, [c.strip() for c in line.rstrip("\r").split("\t")]


def read_lexicon(paths: Iterable[str | Path] = ()) -> Lexicon:
    """The packaged lexicon, or the given TSV files (same columns) read in order as one."""
    paths = list(paths)
    if not paths:
        return default_lexicon()
    texts = []
    for p in paths:
        try:
            texts.append(Path(p).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: cannot read cue lexicon ({exc})") from exc
    return Lexicon.from_text("\n".join(texts), label=", ".join(str(p) for p in paths))


@cache
def default_lexicon() -> Lexicon:
    """The packaged ``didban/fa/cues.tsv``, read once per process."""
    text = resources.files("didban.fa").joinpath("cues.tsv").read_text(encoding="utf-8")
    return Lexicon.from_text(text, "didban/fa/cues.tsv")

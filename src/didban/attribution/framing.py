"""Framing: loaded labels an outlet attaches to an actor («گروه (تکفیری-صهیونیستی) داعش», «رژیم صهیونیستی»).

Found from the lexicon ``didban/fa/epithets.tsv`` and three general patterns around a named-entity
mention (ORG, PER or GPE), each requiring a listed loaded word («تکفیری»، «غاصب»…), so a neutral
description never fires:

- parenthetical: a parenthesis of loaded adjectives right before or after the mention,
  «گروه (تکفیری-صهیونیستی) داعش», «داعش (تکفیری)»;
- adjective: loaded adjectives right after the mention, «داعش تکفیری»;
- appositive: a head noun and loaded adjectives before the mention, or opening it when the linker
  made one mention of them, «گروهک تروریستی پژاک».

A label is the outlet's: ``Framing.outlet`` is ``Article.outlet``, or when that is unknown the
outlet of the article's lead («به گزارش خبرگزاری صدا و سیما …»), which is who wrote the words.
`framing_counts` aggregates many articles into who calls whom what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from didban.article import Article, Framing, FramingPattern, Mention
from didban.attribution.cues import Lexicon
from didban.attribution.relay import relay_prefix
from didban.attribution.words import PhraseTable, Words, phrase_words
from didban.entities.registry import Registry
from didban.errors import ConfigError

PATTERNS: frozenset[str] = frozenset({"parenthetical", "adjective", "appositive"})
TARGET_TYPES = frozenset({"ORG", "PER", "GPE"})
MAX_PAREN_WORDS = 8
MAX_LOADED_WORDS = 4  # «(تکفیری-صهیونیستی)»: adjectives in a row, with «-» and «و» between
LEAD_LINES = 6  # where the publisher's «به گزارش …» is looked for
_JOINERS = frozenset({"-", "و", "،", "_"})
# label span → (entity id, target span, pattern)
_Found = dict[tuple[int, int], tuple[str | None, tuple[int, int], FramingPattern]]


@dataclass(frozen=True, slots=True)
class Epithet:
    target: str  # an entity id, "next" or "-"
    pattern: FramingPattern


@dataclass(slots=True)
class EpithetLexicon:
    labels: PhraseTable[Epithet] = field(default_factory=PhraseTable)
    loaded: dict[str, frozenset[str]] = field(default_factory=dict)  # folded word → patterns it fires in
    heads: frozenset[str] = frozenset()
    # Words that make the word before them a predicate, not a label: «سپاه را تروریستی خواند».
    # or a copula: «فرانسه اشغالگر نیست».
    designations: frozenset[str] = frozenset(
        {
            "خواند",
            "خواندند",
            "نامید",
            "نامیدند",
            "دانست",
            "دانستند",
            "اعلام",
            "توصیف",
            "قلمداد",
            "معرفی",
            "است",
            "نیست",
            "بود",
            "نبود",
            "هست",
            "هستند",
            "نیستند",
            "باشد",
            "نباشد",
            "شد",
            "شود",
            "می",
            "نمی",
        }
    )

    @classmethod
    def from_text(cls, text: str, label: str = "epithets.tsv") -> EpithetLexicon:
        lex = cls()
        heads: set[str] = set()
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.rstrip("\r").split("\t")]
            where = f"{label}:{lineno}"
            words = phrase_words(cols[0])
            if not words or len(cols) < 2:
                raise ConfigError(f"{where}: expected a label and a target (tab-separated)")
            target = cols[1]
            if target == "head":
                heads.update(words)
                continue
            if len(cols) != 3:
                raise ConfigError(f"{where}: expected 3 tab-separated columns (label, target, pattern)")
            patterns = {p.strip() for p in cols[2].split(",") if p.strip()}
            if not patterns or patterns - PATTERNS:
                raise ConfigError(f"{where}: bad pattern {cols[2]!r} (expected {', '.join(sorted(PATTERNS))})")
            if target == "*":
                if len(words) != 1:
                    raise ConfigError(f"{where}: a loaded word (*) is one word")
                lex.loaded[words[0]] = frozenset(patterns)
                continue
            if len(patterns) != 1:
                raise ConfigError(f"{where}: a label has one pattern")
            if target not in ("next", "-") and ":" not in target:
                raise ConfigError(f"{where}: bad target {target!r} (an entity id, next, - or *)")
            lex.labels.add(words, Epithet(target, patterns.pop()))  # type: ignore[arg-type]
        lex.heads = frozenset(heads)
        return lex


def read_epithets(path: str | Path | None = None) -> EpithetLexicon:
    """The packaged epithet lexicon, or the given TSV file (same columns)."""
    if path is None:
        return default_epithets()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read epithet lexicon ({exc})") from exc
    return EpithetLexicon.from_text(text, str(path))


@cache
def default_epithets() -> EpithetLexicon:
    text = resources.files("didban.fa").joinpath("epithets.tsv").read_text(encoding="utf-8")
    return EpithetLexicon.from_text(text, "didban/fa/epithets.tsv")


class FramingFinder:
    """Finds the framings of one article at a time; build once."""

    def __init__(self, epithets: EpithetLexicon, cues: Lexicon, registry: Registry) -> None:
        self.ep = epithets
        self.cues = cues
        self.registry = registry

    def find(self, article: Article) -> list[Framing]:
        text = article.text
        if not text or not article.tokens:
            return []
        ws = Words(text, article.tokens, article.mentions)
        found: _Found = {}
        self._labels(ws, found)
        self._general(ws, found)
        if not found:
            return []
        outlet = article.outlet or self.publisher(text, ws)
        out: list[Framing] = []
        # One label per stretch of text: the longest («رژیم اشغالگر قدس», not «رژیم اشغالگر» in it).
        for label, (eid, target, pattern) in sorted(found.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
            if out and label[0] < out[-1].label[1]:
                continue
            out.append(Framing(entity_id=eid, label=label, target=target, pattern=pattern, outlet=outlet))
        return out

    def publisher(self, text: str, ws: Words) -> str | None:
        """The outlet of the article's lead «به گزارش X …» (its first link), when there is one."""
        start = 0
        for _ in range(LEAD_LINES):
            nl = text.find("\n", start)
            end = len(text) if nl < 0 else nl
            a, b = ws.index(start), ws.index(end)
            if a < b:
                prefix = relay_prefix(text, ws, self.cues, self.registry, a, b)
                if prefix is not None:
                    first = prefix.links[0]
                    rec = self.registry.get(first.entity_id) if first.entity_id else None
                    return rec.name if rec is not None else first.name
            if nl < 0:
                break
            start = nl + 1
        return None

    # -- the lexicon's labels -----------------------------------------------------------------------
    def _labels(self, ws: Words, found: _Found) -> None:
        table = self.ep.labels
        first = table.longest
        words = ws.words
        n = len(words)
        i = 0
        while i < n:
            if words[i] not in first:
                i += 1
                continue
            hit = table.match(ws, i, n)
            if hit is None:
                i += 1
                continue
            size, ep = hit
            label = ws.span(i, i + size)
            if ep.target == "next":
                target = self._next_target(ws, i, i + size)
                if target is not None:
                    found.setdefault(label, (target[0], target[1], ep.pattern))
            elif ep.target == "-":
                found.setdefault(label, (None, label, ep.pattern))
            else:
                found.setdefault(label, (ep.target, label, ep.pattern))
            i += size

    def _next_target(self, ws: Words, i: int, j: int) -> tuple[str | None, tuple[int, int]] | None:
        # The mention right after the label, or the rest of a mention that the label opens.
        m = ws.mention_of.get(j)
        if m is not None and m.type in TARGET_TYPES:
            return m.entity_id, (m.start, m.end)
        m = ws.mention_of.get(i)
        if m is not None and m.type in TARGET_TYPES and ws.mention_end[i] > j:
            return m.entity_id, (ws.starts[j], m.end)
        return None

    # -- the general patterns -----------------------------------------------------------------------
    def _general(self, ws: Words, found: _Found) -> None:
        loaded = self.ep.loaded
        words = ws.words
        n = len(words)
        ends_at: dict[int, Mention] = {}  # the word after a mention → the mention
        for s, m in ws.mention_of.items():
            if m.type in TARGET_TYPES:
                ends_at[ws.mention_end[s]] = m
        # Parenthetical: «(…)» of loaded adjectives beside a mention.
        for k in range(n):
            if words[k] != "(":
                continue
            close = -1
            for c in range(k + 1, min(n, k + MAX_PAREN_WORDS + 2)):
                if words[c] == ")":
                    close = c
                    break
            if close < 0 or not self._all_loaded(ws, k + 1, close, "parenthetical"):
                continue
            label = ws.span(k + 1, close)
            after = ws.mention_of.get(close + 1)
            beside = after if after is not None and after.type in TARGET_TYPES else ends_at.get(k)
            if beside is not None:
                found.setdefault(label, (beside.entity_id, (beside.start, beside.end), "parenthetical"))
        if not any(w in loaded for w in words):
            return
        for s, m in ws.mention_of.items():
            if m.type not in TARGET_TYPES:
                continue
            e = ws.mention_end[s]
            target = (m.start, m.end)
            # Adjective: «داعش تکفیری» (not «… را تروریستی خواند»).
            j = self._loaded_run(ws, e, n, "adjective")
            if j > e and (j >= n or words[j] not in self.ep.designations):
                found.setdefault(ws.span(e, j), (m.entity_id, target, "adjective"))
            # Appositive opening the mention: «[گروهک تروریستی] پژاک» linked as one name.
            a = s + 1 if words[s] in self.ep.heads else s
            j = self._loaded_run(ws, a, e, "appositive")
            if j > a and j < e:
                found.setdefault(ws.span(s, j), (m.entity_id, (ws.starts[j], m.end), "appositive"))
                continue
            # Appositive before the mention: «گروه تکفیری داعش» (a head noun is required: in «حملات
            # تروریستی داعش» the adjective describes the attacks).
            k = s
            while k > 0 and s - k < MAX_LOADED_WORDS and "appositive" in loaded.get(words[k - 1], ()):
                k -= 1
            if k < s and k > 0 and words[k - 1] in self.ep.heads:
                found.setdefault(ws.span(k - 1, s), (m.entity_id, target, "appositive"))

    def _loaded_run(self, ws: Words, i: int, end: int, pattern: str) -> int:
        """The end of a run of loaded words (allowed in ``pattern``) starting at ``i``."""
        loaded = self.ep.loaded
        j = i
        while j < end and j - i < MAX_LOADED_WORDS and pattern in loaded.get(ws.words[j], ()):
            j += 1
        return j

    def _all_loaded(self, ws: Words, i: int, j: int, pattern: str) -> bool:
        """Words ``[i, j)`` are loaded adjectives (joined by «-» or «و»), at least one of them listed."""
        if j <= i:
            return False
        loaded = self.ep.loaded
        listed = False
        for k in range(i, j):
            w = ws.words[k]
            if w in _JOINERS:
                continue
            if pattern in loaded.get(w, ()):
                listed = True
            elif not (w.endswith("ی") and len(w) >= 4 and ws.letter[k]):
                return False
        return listed


def framing_counts(articles: Iterable[Article]) -> dict[tuple[str | None, str | None, str], int]:
    """How often each outlet gives each entity each label: {(outlet, entity_id, label): count}."""
    counts: Counter[tuple[str | None, str | None, str]] = Counter()
    for a in articles:
        for f in a.framings:
            counts[(f.outlet, f.entity_id, a.text[f.label[0] : f.label[1]])] += 1
    return dict(counts)

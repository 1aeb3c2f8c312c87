"""The canonical entity registry: who and what Persian news names, kept as data.

The data lives in ``didban/fa/entities/*.tsv`` (one file per category; see the README there). Each row
is one entity: a stable id, a type, the canonical Persian name, ``|``-separated aliases, optionally
the id it is a metonym of («مسکو» → ``country:RU``), and the English name.

Every alias goes through didban's normalizer and then through `fold`, which erases the spelling
differences that normalization keeps on purpose but that should not split one name in two:
ZWNJ versus space («حزب‌الله» / «حزب الله»), «آ/ا», «ئ/ی», «ؤ/و», a final «ء», and Latin case.
The result, a *key*, is a space-joined sequence of folded tokens, so the same function applied to
a run of article tokens finds the alias (`match_key`).

An alias written ``~alias`` is *lookup-only*: it links a mention the NER found, but the dictionary
pass of the linker never adds it on its own, because as a plain word it usually means something else
(«مالی» is Mali and "financial"; «فارس» is Fars News, the province and "Persian"). ``~name`` among
the aliases marks the canonical name itself lookup-only.

Files whose name starts with ``_`` are rules, not entities (`_patterns.tsv`: institution prefixes,
titles, …); the linker reads them through `Registry.patterns`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol, cast

from didban.article import MentionType
from didban.errors import ConfigError

ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC", "EVENT"})
COLUMNS = ("id", "type", "name", "aliases", "metonym_of", "en")
PATTERN_COLUMNS = ("kind", "code", "canonical", "aliases")
PATTERN_KINDS = frozenset({"institution", "state", "city", "title", "demonym", "group", "modifier"})

# Categories whose one-word aliases the dictionary pass may add without the NER: their names are
# rarely ordinary words (the exceptions carry ``~``). One-word person names, cities and Iranian
# institutions («مجلس»، «سپاه») are left to the NER and to within-article coreference.
ONE_WORD_CATEGORIES = frozenset({"countries", "organizations", "outlets", "armed_groups", "sports"})

_ID = re.compile(r"[a-z]+:[A-Za-z0-9][A-Za-z0-9_.+\-]*")
_LOOKUP_ONLY = "~"

# Spelling differences that one name is written with and that normalization keeps, as one-to-one
# replacements (str.replace is an order of magnitude faster than str.translate with a dict).
_FOLD_PAIRS = (
    ("\u200c", " "),  # ZWNJ: «حزب‌الله» = «حزب الله»
    ("آ", "ا"),  # «آمریکا» / «امریکا»
    ("ئ", "ی"),  # «اسرائیل» / «اسراییل»
    ("ؤ", "و"),  # «مؤسسه» / «موسسه»
    ("ي", "ی"),  # robustness when a caller passes text that was not normalized
    ("ك", "ک"),
)
_HAMZA = "ء"  # dropped: «صنعاء» / «صنعا» (not among the pairs: it changes the length)


def _same_length_fold(text: str) -> str:
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text.lower()  # Latin case: «ISIS» / «isis»


def fold(token: str) -> str:
    """One token in key form (may contain spaces where the token had a ZWNJ)."""
    folded = _same_length_fold(token)
    return folded.replace(_HAMZA, "") if _HAMZA in folded else folded


def fold_tokens(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """`fold` of every token span of ``text``: the whole text folded once, then sliced (fast)."""
    folded = _same_length_fold(text)
    if len(folded) != len(text):  # a rare letter whose lower case is longer: token by token
        return [fold(text[s:e]) for s, e in spans]
    out = [folded[s:e] for s, e in spans]
    if _HAMZA in text:
        out = [f.replace(_HAMZA, "") if _HAMZA in f else f for f in out]
    return out


def match_key(text: str, spans: Sequence[tuple[int, int]] | None = None) -> str:
    """The lookup key of normalized ``text`` (or of the given token spans of it)."""
    if spans is None:
        from didban.text.segment import tokenize

        spans = tokenize(text)
    return " ".join(" ".join(fold(text[s:e]).split()) for s, e in spans).strip()


def alias_key(surface: str) -> str:
    """The lookup key of any surface form: normalized as article text is, then folded."""
    from didban.text.normalize import normalize_text

    return match_key(normalize_text(surface))


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One registry entity."""

    id: str
    type: MentionType
    name: str
    aliases: tuple[str, ...] = ()  # normalized, without the name, lookup-only ones included
    metonym_of: str | None = None
    en: str = ""
    category: str = ""
    lookup_only: frozenset[str] = frozenset()  # keys the dictionary pass must not add

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The name and every alias, normalized."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A rule row of ``_patterns.tsv``."""

    kind: str  # institution | state | city | title | demonym | group | modifier (`_demonyms.tsv`)
    code: str  # for institutions: the id suffix («MFA» → org:TR-MFA); for demonyms: the country id
    canonical: str  # for institutions: the canonical prefix of the generated name
    keys: tuple[str, ...]  # folded keys of the canonical form and its aliases


class _Source(Protocol):
    """A file the registry reads: a path or an importlib.resources Traversable."""

    @property
    def name(self) -> str: ...

    def read_text(self, encoding: str = ...) -> str: ...


@dataclass(slots=True)
class Registry:
    """Entities by id and by normalized surface.

    Build it with `Registry.from_files` or use the packaged one, `default_registry()`.
    """

    records: dict[str, EntityRecord] = field(default_factory=dict)
    patterns: tuple[Pattern, ...] = ()
    _by_key: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _scan: dict[str, str | None] = field(default_factory=dict)
    _cue_only: dict[str, str] = field(default_factory=dict)
    _first_words: dict[str, int] = field(default_factory=dict)
    _roots: dict[str, str] = field(default_factory=dict)

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def from_files(cls, files: Iterable[str | Path | _Source]) -> Registry:
        """Read registry TSVs (entity files and ``_``-prefixed pattern files); errors name file and line."""
        records: dict[str, EntityRecord] = {}
        patterns: list[Pattern] = []
        where: dict[str, str] = {}
        for f in files:
            src: _Source = Path(f) if isinstance(f, str | Path) else f
            label = str(f) if isinstance(f, str | Path) else f"didban/fa/entities/{src.name}"
            try:
                text = src.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{label}: cannot read entity registry file ({exc})") from exc
            stem = src.name.rsplit(".", 1)[0]
            if stem.startswith("_"):
                patterns.extend(_parse_patterns(text, label))
                continue
            for lineno, record in _parse_entities(text, label, stem):
                if record.id in records:
                    raise ConfigError(f"{label}:{lineno}: duplicate id {record.id!r} (first in {where[record.id]})")
                records[record.id] = record
                where[record.id] = f"{label}:{lineno}"
        registry = cls(records=records, patterns=tuple(patterns))
        registry._index(where)
        return registry

    def _index(self, where: dict[str, str]) -> None:
        for rid, rec in self.records.items():
            if rec.metonym_of is not None and rec.metonym_of not in self.records:
                raise ConfigError(f"{where.get(rid, rid)}: metonym_of {rec.metonym_of!r} is not a known id")
        for rid in self.records:
            self._roots[rid] = self._find_root(rid, where)
        by_key: dict[str, list[str]] = {}
        blocked: set[str] = set()
        for rid, rec in self.records.items():
            for surface in rec.surfaces:
                key = match_key(surface)
                if not key:
                    continue
                bucket = by_key.setdefault(key, [])
                if rid not in bucket:
                    bucket.append(rid)
            blocked.update(rec.lookup_only)
        self._by_key = {k: tuple(v) for k, v in by_key.items()}
        for key, ids in self._by_key.items():
            words = key.count(" ") + 1
            first = key.split(" ", 1)[0]
            self._first_words[first] = max(self._first_words.get(first, 0), words)
            target = self._unambiguous(ids)
            one_word_ok = words > 1 or all(self.records[i].category in ONE_WORD_CATEGORIES for i in ids)
            if target is not None and key not in blocked and one_word_ok:
                self._scan[key] = target
            else:
                # Known but not to be added: a longer blocked alias still hides shorter ones inside it.
                self._scan[key] = None
                outlets = [i for i in ids if self.records[i].category == "outlets"]
                if len(outlets) == 1:  # «فارس»: the agency after «به گزارش», else the province or "Persian"
                    self._cue_only[key] = outlets[0]

    def _find_root(self, rid: str, where: dict[str, str]) -> str:
        seen = [rid]
        while (nxt := self.records[seen[-1]].metonym_of) is not None:
            if nxt in seen:
                raise ConfigError(f"{where.get(rid, rid)}: metonym_of cycle {' → '.join([*seen, nxt])}")
            seen.append(nxt)
        return seen[-1]

    def _unambiguous(self, ids: Sequence[str]) -> str | None:
        """The one record ids stand for, when they all resolve to one root (a country and its capital)."""
        roots = {self._roots[i] for i in ids}
        if len(roots) != 1:
            return None
        root = roots.pop()
        return root if root in ids else ids[0]

    # -- public lookups ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.records)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.records

    def get(self, entity_id: str) -> EntityRecord | None:
        return self.records.get(entity_id)

    def root(self, entity_id: str) -> str:
        """The id a metonym stands for, followed to the end («مسکو» → country:RU); itself otherwise."""
        return self._roots.get(entity_id, entity_id)

    def lookup(self, surface: str) -> list[EntityRecord]:
        """Records a surface form may name (any spelling: it is normalized and folded first)."""
        return self.lookup_key(alias_key(surface))

    def lookup_key(self, key: str) -> list[EntityRecord]:
        """Records for a key already made by `match_key` (the fast path the linker uses)."""
        return [self.records[i] for i in self._by_key.get(key, ())]

    def scan_target(self, key: str) -> tuple[bool, str | None]:
        """For the dictionary pass: (known alias?, the record id it may add, or None)."""
        if key in self._scan:
            return True, self._scan[key]
        return False, None

    @property
    def scan_table(self) -> dict[str, str | None]:
        """Every known key → the id the dictionary pass may add for it, or None (read-only use)."""
        return self._scan

    def cue_only_target(self, key: str) -> str | None:
        """A lookup-only outlet alias («فارس») that is safe right after «به گزارش» / «به نقل از»."""
        return self._cue_only.get(key)

    def max_words(self, first_word: str) -> int:
        """The longest alias (in words) that starts with this folded word; 0 when none does."""
        return self._first_words.get(first_word, 0)

    @property
    def first_words(self) -> dict[str, int]:
        """Folded first word → the longest alias (in words) starting with it (read-only use)."""
        return self._first_words

    def surface_forms(self, include_lookup_only: bool = False) -> Iterator[tuple[str, str, str]]:
        """(normalized alias, type, id) for every name and alias: gazetteer features for the NER.

        Lookup-only aliases («مالی»، «فارس») are left out unless asked for: as plain words they are
        more often something else.
        """
        for rec in self.records.values():
            for surface in rec.surfaces:
                if include_lookup_only or match_key(surface) not in rec.lookup_only:
                    yield surface, rec.type, rec.id

    def ids(self, category: str | None = None) -> list[str]:
        return [i for i, r in self.records.items() if category is None or r.category == category]


# -- parsing --------------------------------------------------------------------------------------
def _parse_entities(text: str, label: str, category: str) -> Iterator[tuple[int, EntityRecord]]:
    from didban.text.normalize import normalize_text

    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\r").split("\t")
        if not 3 <= len(cols) <= len(COLUMNS):
            raise ConfigError(
                f"{label}:{lineno}: expected 3 to {len(COLUMNS)} tab-separated columns "
                f"({', '.join(COLUMNS)}), found {len(cols)}"
            )
        cols += [""] * (len(COLUMNS) - len(cols))
        rid, etype, name, aliases, metonym_of, en = (c.strip() for c in cols)
        if not _ID.fullmatch(rid):
            raise ConfigError(f"{label}:{lineno}: bad id {rid!r} (expected prefix:slug, ASCII, e.g. country:RU)")
        if etype not in ENTITY_TYPES:
            raise ConfigError(
                f"{label}:{lineno}: bad type {etype!r} (expected one of {', '.join(sorted(ENTITY_TYPES))})"
            )
        if not name or name.startswith(_LOOKUP_ONLY):
            raise ConfigError(f"{label}:{lineno}: empty or marked name {name!r}")
        if metonym_of and not _ID.fullmatch(metonym_of):
            raise ConfigError(f"{label}:{lineno}: bad metonym_of {metonym_of!r}")
        norm_name = normalize_text(name)
        out: list[str] = []
        lookup_only: set[str] = set()
        for raw in aliases.split("|") if aliases else []:
            raw = raw.strip()
            only = raw.startswith(_LOOKUP_ONLY)
            alias = normalize_text(raw.lstrip(_LOOKUP_ONLY).strip())
            if not alias:
                raise ConfigError(f"{label}:{lineno}: empty alias in {aliases!r}")
            if only:
                lookup_only.add(match_key(alias))
            if alias != norm_name and alias not in out:
                out.append(alias)
        yield (
            lineno,
            EntityRecord(
                id=rid,
                type=cast(MentionType, etype),  # checked against ENTITY_TYPES above
                name=norm_name,
                aliases=tuple(out),
                metonym_of=metonym_of or None,
                en=en,
                category=category,
                lookup_only=frozenset(lookup_only),
            ),
        )


def _parse_patterns(text: str, label: str) -> Iterator[Pattern]:
    from didban.text.normalize import normalize_text

    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.rstrip("\r").split("\t")]
        if len(cols) != len(PATTERN_COLUMNS):
            raise ConfigError(
                f"{label}:{lineno}: expected {len(PATTERN_COLUMNS)} tab-separated columns "
                f"({', '.join(PATTERN_COLUMNS)}), found {len(cols)}"
            )
        kind, code, canonical, aliases = cols
        if kind not in PATTERN_KINDS:
            raise ConfigError(f"{label}:{lineno}: bad kind {kind!r} (expected {', '.join(sorted(PATTERN_KINDS))})")
        if kind == "demonym" and not code.startswith("country:"):
            raise ConfigError(f"{label}:{lineno}: a demonym's code is a country id (country:IQ), not {code!r}")
        if kind == "institution" and not re.fullmatch(r"[A-Z][A-Z0-9\-]*", code):
            raise ConfigError(f"{label}:{lineno}: bad institution code {code!r} (upper-case ASCII, e.g. MFA)")
        canonical = normalize_text(canonical)
        keys = [match_key(canonical)]
        for alias in aliases.split("|") if aliases else []:
            k = alias_key(alias)
            if k and k not in keys:
                keys.append(k)
        if not keys[0]:
            raise ConfigError(f"{label}:{lineno}: empty canonical form")
        yield Pattern(kind, code, canonical, tuple(keys))


# -- the packaged registry --------------------------------------------------------------------------
def packaged_files() -> list[_Source]:
    """The registry files shipped with didban, in a stable order."""
    folder = resources.files("didban.fa").joinpath("entities")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".tsv")), key=lambda f: f.name)


@cache
def default_registry() -> Registry:
    """The packaged registry, read once per process on first use."""
    return Registry.from_files(packaged_files())


__all__ = [
    "COLUMNS",
    "ENTITY_TYPES",
    "EntityRecord",
    "Pattern",
    "Registry",
    "alias_key",
    "default_registry",
    "fold",
    "fold_tokens",
    "match_key",
]

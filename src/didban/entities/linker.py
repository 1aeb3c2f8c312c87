"""Entity linking: mentions → registry ids, merged per article into `Article.entities`.

What it does, in order, on one article (``text``, ``tokens`` and ``mentions`` are read):

1. Dictionary pass (``dictionary=True``): registry aliases the NER missed are added as mentions
   (``score=None``), never overlapping a mention that is already there. Longest match first, left
   to right, within a line. An alias is added only when it names one referent (a country and its
   homonymous capital, «کویت», count as one), is not lookup-only (``~`` in the data), and is either
   two or more words or a one-word name from a category whose names are rarely ordinary words
   (countries and capitals, international organizations, outlets, armed groups, clubs: see
   `ONE_WORD_CATEGORIES`). One-word people, cities and Iranian bodies («مجلس»، «سپاه») are left to
   the NER. A known alias that may not be added still hides the shorter aliases inside it («شورای
   امنیت ملی» is not «شورای امنیت»). «وزارت خارجه/سفارت/ارتش/… + country» is matched as one
   institution. A lookup-only outlet name («فارس»، «مهر») is added right after «به گزارش» / «به نقل از».
1b. Group pass (with the dictionary pass): a group named by a nationality adjective is a mention of the
   country (CAMEO codes «the Iraqi delegation» as Iraq): a head noun, up to three modifiers, the adjective
   («هیئت عراقی»، «مقامات ارشد روسی»، «جنگنده‌های اسرائیلی»، «هزاران کشاورز برزیلی»), a number and the
   adjective («چهار ایرانی») or the adjective as a plural noun («سعودی‌ها»). The heads, modifiers and
   adjectives are data (``fa/entities/_demonyms.tsv``); a mention the NER made inside the phrase gives way.
2. Each mention is resolved, in text order:
   - a short form joins the nearest earlier longer name of the same kind (person, place,
     organization) that it starts or (not for an organization, whose end is its parent: «… مجلس
     شورای اسلامی») ends: «العبادی» after «حیدر العبادی», «لاریجانی» after «صادق لاریجانی» (not the
     registry's Ali Larijani), «ارتش» after «ارتش آمریکا»; a one-word person that resolves to no person
     joins a later full name (a headline's «کامرون» before «دیوید کامرون»);
   - otherwise the registry: the exact key; «شهر X» → the city X itself; «دولت/کشور/حکومت/رژیم X» → the
     country X; «وزارت امور خارجه/وزارت دفاع/سفارت/ارتش/پارلمان/… X» → that institution of X
     (``org:TR-MFA``, named from the pattern unless the registry has the id); a title («آقای»،
     «آیت‌الله»، «سردار») or a final clitic after ZWNJ («‌ها»، «‌ای») is stripped and the key retried.
     Among several records, those of the mention's kind come first («فارس» as ORG is the agency, as
     LOC the province), then referents already seen in the article;
   - a metonym links to what it stands for: «مسکو»، «کرملین» → ``country:RU``; «کاخ سفید»، «واشنگتن» →
     ``country:US``. In news text a capital is the country's government far more often than a place,
     so the mention carries the country's id and the country entity lists «مسکو» among its aliases;
     «شهر مسکو» keeps the city;
   - a non-person mention that resolves to a GPE is typed GPE (the NER often says LOC or ORG);
   - anything still unknown or ambiguous of type PER/ORG/LOC/GPE/FAC/EVENT gets an article-local id
     ``local:<words>``, so it is still counted; DAT/TIM/MON/PCT are not linked.
3. Surname pass (``surnames=True``): after a person was named in full, later bare short forms the NER
   missed (and those in a headline before it) are added and joined to that person: the registry's own
   one-word aliases of that person («العبادی») and the last word of the name, unless that word names
   another person, something the dictionary pass adds, or something this article mentions («کامرون»).
   Bare heads of institutions and states the NER missed join the nearest earlier one they shorten
   («پارلمان» after «پارلمان عراق», «دولت» after «دولت افغانستان»).
4. ``Article.entities``: one `Entity` per id, with the canonical name, type, the surface forms seen
   and the number of mentions, most mentioned first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from didban.article import Article, Entity, Mention, MentionType
from didban.entities.registry import EntityRecord, Registry, fold_tokens, match_key
from didban.errors import ConfigError

# Mention types that name an entity; dates, times, money and percentages are not linked.
LINKED_TYPES = frozenset({"PER", "ORG", "LOC", "GPE", "FAC", "EVENT"})
# A closing clitic that folding turned into a word of its own («روسیه‌ای» → «روسیه ای»).
_CLITICS = frozenset({"ها", "های", "هایی", "ای", "اش", "ی", "یی"})
_REPORT_CUES = (("به", "گزارش"), ("نقل", "از"))
_QUOTES = frozenset({"«", '"', "'", "“"})
_CACHE_LIMIT = 200_000
_HEADLINE_CHARS = 200  # a first line at most this long is a headline (for the surname pass)
_COREF_WINDOW = 300  # earlier names a short form is compared with (bounds the cost on very long texts)
_UNKNOWN = "\x00"  # not an alias at all (None means: an alias the dictionary pass may not add)


@dataclass(frozen=True, slots=True)
class Target:
    """What a mention links to."""

    id: str
    name: str
    type: MentionType


class Linker:
    """Links the mentions of one article at a time; build once, reuse (it caches resolutions)."""

    def __init__(self, registry: Registry, *, dictionary: bool = True, surnames: bool = True) -> None:
        self.registry = registry
        self.dictionary = dictionary
        self.surnames = surnames
        self._institutions: dict[str, tuple[str, str]] = {}  # key → (code, canonical prefix)
        self._states: set[str] = set()
        self._cities: set[str] = set()
        self._titles: set[str] = set()
        self._demonyms: dict[str, str] = {}  # «عراقی» → country:IQ
        self._group_heads: set[str] = set()  # «هیئت»، «نیروهای»، «مقامات»
        self._group_mods: set[str] = set()  # «ارشد»، «نظامی»: between a head and its adjective
        for p in registry.patterns:
            for k in p.keys:
                if p.kind == "institution":
                    self._institutions[k] = (p.code, p.canonical)
                elif p.kind == "state":
                    self._states.add(k)
                elif p.kind == "city":
                    self._cities.add(k)
                elif p.kind == "demonym":
                    if p.code not in registry.records:
                        raise ConfigError(f"_demonyms.tsv: {p.canonical!r} names {p.code!r}, which is no registry id")
                    self._demonyms[k] = p.code
                elif p.kind == "group":
                    self._group_heads.add(k)
                elif p.kind == "modifier":
                    self._group_mods.add(k)
                else:
                    self._titles.add(k)
        # First words that may start a group phrase: a head, an adjective, a count («هزاران»).
        self._group_starters = frozenset(k.partition(" ")[0] for k in (*self._group_heads, *self._demonyms, *_COUNTS))
        self._inst_first = {k.split(" ", 1)[0]: 0 for k in self._institutions}
        for k in self._institutions:
            f = k.split(" ", 1)[0]
            self._inst_first[f] = max(self._inst_first[f], k.count(" ") + 1)
        # Folded first word → (longest alias, longest institution prefix) starting with it, in words.
        self._starters: dict[str, tuple[int, int]] = {
            w: (registry.first_words.get(w, 0), self._inst_first.get(w, 0))
            for w in {*registry.first_words, *self._inst_first}
        }
        self._prefix_lengths = sorted(
            {k.count(" ") + 1 for k in (*self._states, *self._cities, *self._titles, *self._institutions)},
            reverse=True,
        )
        # One-word heads a later bare mention of an institution or a state may take («ارتش» after
        # «ارتش آمریکا»); «کشور» alone is the writer's own country too often.
        self._heads = frozenset(k for k in (*self._institutions, *self._states) if " " not in k and k != "کشور")
        self._cache: dict[tuple[str, str], tuple[Target, ...]] = {}
        self._shorts: dict[str, tuple[str, ...]] = {}  # person id → one-word short forms

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_cache"] = {}  # caches are not worth shipping to worker processes
        state["_shorts"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    # -- the article ------------------------------------------------------------------------------
    def link(self, article: Article) -> Article:
        text = article.text
        tokens = article.tokens
        starts, ends = (list(c) for c in zip(*tokens, strict=True)) if tokens else ([], [])
        folds = fold_tokens(text, tokens)
        mentions = article.mentions
        for m in mentions:
            if not m.text:
                m.text = text[m.start : m.end]
        forced: dict[int, str] = {}  # id(mention) → entity id decided by the dictionary pass
        if self.dictionary and tokens:
            added = self._dictionary_pass(text, starts, ends, folds, mentions)
            for m, eid in added:
                forced[id(m)] = eid
            if added:
                mentions.extend(m for m, _ in added)
                mentions.sort(key=lambda m: (m.start, m.end))
        if self.dictionary and tokens and self._demonyms:
            groups = self._group_pass(text, starts, ends, folds, mentions)
            if groups:
                inside = _inside(mentions, [g for g, _ in groups])
                mentions[:] = [m for m in mentions if id(m) not in inside]
                for m, eid in groups:
                    forced[id(m)] = eid
                mentions.extend(m for m, _ in groups)
                mentions.sort(key=lambda m: (m.start, m.end))
        targets = self._resolve_all(text, starts, ends, folds, mentions, forced)
        if self.surnames and tokens:
            occupied = _occupied(starts, ends, mentions)  # by the mentions so far, for both passes
            extra = self._surname_pass(text, starts, ends, folds, mentions, targets, occupied)
            extra += self._head_pass(text, starts, ends, folds, mentions, targets, occupied)
            if extra:
                mentions.extend(extra)
                mentions.sort(key=lambda m: (m.start, m.end))
        article.entities = _collect(mentions, targets)
        return article

    # -- 1. dictionary pass -----------------------------------------------------------------------
    def _dictionary_pass(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        mentions: Sequence[Mention],
    ) -> list[tuple[Mention, str]]:
        n = len(folds)
        occupied = _occupied(starts, ends, mentions)
        starters = self._starters
        # Only tokens that can start an alias or a pattern (a C-speed filter over all tokens).
        candidates = [i for i, f in enumerate(folds) if f in starters or (" " in f and f[: f.find(" ")] in starters)]
        out: list[tuple[Mention, str]] = []
        pos = 0  # the first token not yet consumed by a match
        for i in candidates:
            if i < pos:
                continue
            f = folds[i]
            longest, inst = starters[f if f in starters else f[: f.find(" ")]]
            best_end, best_id, known = self._longest_alias(folds, i, min(longest, n - i))
            if inst:
                pat = self._institution_at(folds, i, min(inst, n - i))
                if pat is not None and pat[0] > best_end:
                    best_end, best_id, known = pat[0], pat[1], True
            if not known:
                continue
            s, e = starts[i], ends[best_end - 1]
            if best_id is None and best_end == i + 1:
                best_id = self._after_report_cue(folds, i)
            if best_id is None:
                pos = best_end  # a known alias that may not be added hides the shorter ones inside it
                continue
            if any(occupied[i:best_end]) or "\n" in text[s:e]:
                continue
            out.append((Mention(s, e, self._type_of(best_id), text[s:e], None, None), best_id))
            occupied[i:best_end] = b"\x01" * (best_end - i)
            pos = best_end
        return out

    # -- 1b. groups named by a nationality adjective ---------------------------------------------
    def _group_pass(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        mentions: Sequence[Mention],
    ) -> list[tuple[Mention, str]]:
        """«هیئت عراقی»، «مقامات ارشد روسی»، «چهار ایرانی»، «سعودی‌ها» as mentions of the country. A mention
        the NER made inside the phrase («عراقی» as GPE) gives way to it; one that crosses it wins."""
        n = len(folds)
        crosses = _CrossCheck(mentions)
        out: list[tuple[Mention, str]] = []
        starters = self._group_starters
        i = 0
        while i < n:
            f = folds[i]
            if f.partition(" ")[0] not in starters and not f.isdigit():
                i += 1  # most tokens start no group: one set lookup, no joins
                continue
            counted = f.isdigit() or f in _COUNTS
            h = i + 1 if counted else i  # «هزاران کشاورز برزیلی»
            j = _phrase_end(folds, h, self._group_heads)
            if j > h:
                k = j
                while k < n and k - j < 3 and (m := _phrase_end(folds, k, self._group_mods)) > k:
                    k = m
                end, country = self._demonym_at(folds, k)
                if country is None and k > j:  # the modifiers may be the head's own words
                    end, country = self._demonym_at(folds, j)
            elif counted:
                end, country = self._demonym_at(folds, i + 1)
            else:
                end, country = self._demonym_at(folds, i)
                if country is not None and not (end < n and folds[end] == "ها") and not folds[end - 1].endswith(" ها"):
                    country = None  # a bare adjective is the country only as a plural noun («سعودی‌ها»)
                elif country is not None and end < n and folds[end] == "ها":
                    end += 1
            if country is None:
                i += 1
                continue
            s, e = starts[i], ends[end - 1]
            if "\n" in text[s:e] or crosses(s, e):
                i += 1
                continue
            out.append((Mention(s, e, "GPE", text[s:e], None, None), country))
            i = end
        return out

    def _demonym_at(self, folds: list[str], i: int) -> tuple[int, str | None]:
        if i >= len(folds):
            return i, None
        for k in (2, 1):
            key = " ".join(folds[i : i + k])
            if key in self._demonyms and i + k <= len(folds):
                return i + k, self._demonyms[key]
            if key.endswith(" ها") and key[:-3] in self._demonyms:  # «سعودی‌ها» folded as one token
                return i + k, self._demonyms[key[:-3]]
        return i, None

    def _longest_alias(self, folds: list[str], i: int, most: int) -> tuple[int, str | None, bool]:
        table = self.registry.scan_table
        for k in range(most, 0, -1):
            target = table.get(" ".join(folds[i : i + k]), _UNKNOWN)
            if target is not _UNKNOWN:
                return i + k, target, True
        return i, None, False

    def _institution_at(self, folds: list[str], i: int, most: int) -> tuple[int, str] | None:
        for k in range(most, 0, -1):
            hit = self._institutions.get(" ".join(folds[i : i + k]))
            if hit is None:
                continue
            j = i + k
            if j >= len(folds):
                return None
            most_words = self.registry.max_words(folds[j].split(" ", 1)[0])
            end, target, known = self._longest_alias(folds, j, min(most_words, len(folds) - j))
            if known and target is not None and target.startswith("country:"):
                inst = self._institution_target(hit, self.registry.records[target])
                if inst is not None:
                    return end, inst.id
            return None
        return None

    def _after_report_cue(self, folds: list[str], i: int) -> str | None:
        target = self.registry.cue_only_target(folds[i])
        if target is None:
            return None
        j = i - 1 if i and folds[i - 1] in _QUOTES else i
        return target if j >= 2 and (folds[j - 2], folds[j - 1]) in _REPORT_CUES else None

    def _type_of(self, entity_id: str) -> MentionType:
        rec = self.registry.get(self.registry.root(entity_id))
        return rec.type if rec is not None else "ORG"

    # -- 2. resolution ----------------------------------------------------------------------------
    def _resolve_all(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        mentions: Sequence[Mention],
        forced: dict[int, str],
    ) -> dict[int, Target]:
        targets: dict[int, Target] = {}
        seen: set[str] = set()
        names: list[tuple[tuple[str, ...], Target]] = []  # earlier full names, for short forms
        pending: list[tuple[Mention, tuple[str, ...], int]] = []  # one-word persons left unknown
        reg = self.registry
        for m in mentions:
            if m.type not in LINKED_TYPES:
                continue
            eid = forced.get(id(m))
            if eid is None and m.score is None and m.entity_id is not None and reg.root(m.entity_id) in reg:
                eid = m.entity_id  # added by an earlier run of the dictionary pass: keep it
            full = self._words(text, starts, ends, folds, m)
            words = self._strip_titles(full)
            target = self._target_for(eid) if eid is not None else self._resolve(full, words, m, names, seen)
            if target.type == "GPE" and m.type in ("LOC", "FAC", "ORG"):
                m.type = "GPE"
            m.entity_id = target.id
            targets[id(m)] = target
            seen.add(target.id)
            if len(words) > 1:
                names.append((words, target))
            elif eid is None and m.type == "PER" and (target.type != "PER" or target.id.startswith("local:")):
                pending.append((m, words, len(names)))
        # A one-word person the registry does not know as a person may be named in full only later (a
        # headline's «روزهای سخت کامرون» before «دیوید کامرون»; the registry's «کامرون» is Cameroon).
        for m, words, k in pending:
            later = _earlier_name(words, names[k:][::-1], "PER")  # the nearest later one
            if later is not None:
                m.entity_id = later.id
                targets[id(m)] = later
        return targets

    def _resolve(
        self,
        full: tuple[str, ...],
        words: tuple[str, ...],
        mention: Mention,
        names: list[tuple[tuple[str, ...], Target]],
        seen: set[str],
    ) -> Target:
        family = _family(mention.type)
        # Within the article first: «ارتش» after «ارتش آمریکا», «لاریجانی» after «صادق لاریجانی».
        earlier = _earlier_name(words, names, family)
        if earlier is not None:
            return earlier
        found = self._lookup(full, family)
        if len(found) > 1:
            found = tuple(t for t in found if t.id in seen) or found
        if len(found) == 1:
            return found[0]
        return Target("local:" + "_".join(words), mention.text, mention.type)

    def _lookup(self, words: tuple[str, ...], family: str) -> tuple[Target, ...]:
        key = " ".join(words)
        cached = self._cache.get((key, family))
        if cached is not None:
            return cached
        found = self._lookup_uncached(words, family, depth=0)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[(key, family)] = found
        return found

    def _lookup_uncached(self, words: tuple[str, ...], family: str, depth: int) -> tuple[Target, ...]:
        if not words or depth > 3:
            return ()
        reg = self.registry
        found = self._choose(reg.lookup_key(" ".join(words)), family)
        if found:
            return found
        for k in self._prefix_lengths:
            if k >= len(words):
                continue
            head, rest = " ".join(words[:k]), words[k:]
            if head in self._cities:
                cities = [r for r in reg.lookup_key(" ".join(rest)) if r.type == "GPE" and r.id.startswith("city:")]
                if len(cities) == 1:  # the city row, not the country it stands for
                    return (self._record_target(cities[0]),)
            if head in self._titles:
                found = self._lookup_uncached(rest, family, depth + 1)
                if found:
                    return found
            if head in self._states:
                country = self._country(rest)
                if country is not None:
                    return (self._record_target(country),)
            if head in self._institutions:
                country = self._country(rest)
                if country is not None:
                    inst = self._institution_target(self._institutions[head], country)
                    if inst is not None:
                        return (inst,)
        if words[-1] in _CLITICS and len(words) > 1:
            return self._lookup_uncached(words[:-1], family, depth + 1)
        return ()

    def _country(self, words: tuple[str, ...]) -> EntityRecord | None:
        roots = {self.registry.root(r.id) for r in self.registry.lookup_key(" ".join(words))}
        countries = [r for r in roots if r.startswith("country:")]
        return self.registry.records[countries[0]] if len(countries) == 1 else None

    def _institution_target(self, pattern: tuple[str, str], country: EntityRecord) -> Target | None:
        code, canonical = pattern
        cc = country.id.split(":", 1)[1]
        eid = f"org:{cc}-{code}"
        rec = self.registry.get(eid)
        if rec is not None:
            return self._record_target(rec)
        return Target(eid, f"{canonical} {country.name}", "ORG")

    def _choose(self, records: list[EntityRecord], family: str) -> tuple[Target, ...]:
        """Distinct referents of ``records``, those of the mention's family first («فارس» as ORG is
        the agency, as LOC the province); a person is never chosen for a non-person mention when
        something else fits, nor the other way round."""
        if not records:
            return ()
        fitting = (
            [r for r in records if _family(r.type) == family]
            or [r for r in records if (r.type == "PER") == (family == "PER")]
            or records
        )
        roots: dict[str, Target] = {}
        for r in fitting:
            root = self.registry.root(r.id)
            if root not in roots:
                roots[root] = self._target_for(root)
        return tuple(roots.values())

    def _record_target(self, rec: EntityRecord) -> Target:
        return Target(rec.id, rec.name, rec.type)

    def _target_for(self, entity_id: str) -> Target:
        reg = self.registry
        rec = reg.get(reg.root(entity_id))
        if rec is not None:
            return self._record_target(rec)
        if entity_id.startswith("org:") and "-" in entity_id:  # a generated institution id
            cc, code = entity_id[4:].split("-", 1)
            country = reg.get(f"country:{cc}")
            for inst_code, canonical in self._institutions.values():
                if inst_code == code and country is not None:
                    return Target(entity_id, f"{canonical} {country.name}", "ORG")
        return Target(entity_id, entity_id.split(":", 1)[-1].replace("_", " "), "ORG")

    def _strip_titles(self, words: tuple[str, ...]) -> tuple[str, ...]:
        changed = True
        while changed and len(words) > 1:
            changed = False
            for k in self._prefix_lengths:
                if k < len(words) and " ".join(words[:k]) in self._titles:
                    words = words[k:]
                    changed = True
                    break
        return words

    @staticmethod
    def _words(text: str, starts: list[int], ends: list[int], folds: list[str], m: Mention) -> tuple[str, ...]:
        i0, i1 = bisect_left(starts, m.start), bisect_left(starts, m.end)
        if i0 < i1 and starts[i0] == m.start and ends[i1 - 1] == m.end:
            return tuple(" ".join(folds[i0:i1]).split())
        return tuple(match_key(text[m.start : m.end]).split())

    # -- 3. surnames ------------------------------------------------------------------------------
    def _surname_pass(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        mentions: Sequence[Mention],
        targets: dict[int, Target],
        occupied: bytearray,
    ) -> list[Mention]:
        surnames: dict[str, tuple[Target, int]] = {}  # folded surname → (person, after this offset)
        seen = {t.id for t in targets.values()}
        for m in mentions:
            t = targets.get(id(m))
            if t is None or t.type != "PER" or m.type != "PER":
                continue
            words = self._strip_titles(self._words(text, starts, ends, folds, m))
            if len(words) < 2:
                continue
            for short in self._short_forms(t, words, seen):
                surnames.setdefault(short, (t, m.end))
        if not surnames:
            return []
        # A headline names people by surname before the lead names them in full.
        nl = text.find("\n")
        headline_end = nl if 0 < nl <= _HEADLINE_CHARS else 0
        out: list[Mention] = []
        for i, f in enumerate(folds):
            hit = surnames.get(f)
            if hit is None or occupied[i] or (starts[i] < hit[1] and ends[i] > headline_end):
                continue
            m = Mention(starts[i], ends[i], "PER", text[starts[i] : ends[i]], hit[0].id, None)
            targets[id(m)] = hit[0]
            out.append(m)
        return out

    # -- 3b. bare heads ----------------------------------------------------------------------------
    def _head_pass(
        self,
        text: str,
        starts: list[int],
        ends: list[int],
        folds: list[str],
        mentions: Sequence[Mention],
        targets: dict[int, Target],
        occupied: bytearray,
    ) -> list[Mention]:
        """Bare heads the NER missed after the institution or state they shorten: «پارلمان» after
        «پارلمان عراق», «دولت» after «دولت افغانستان» (the nearest earlier one); not before a name
        («ارتش X» is another phrase)."""
        heads = self._heads
        if heads.isdisjoint(folds):
            return []  # most articles (a C-speed check)
        last: dict[str, Target] = {}  # head → the latest institution/state it starts
        anchors: list[tuple[int, str, Target]] = []  # (token after the mention, head, target)
        for m in mentions:
            t = targets.get(id(m))
            i0, i1 = bisect_right(ends, m.start), bisect_left(starts, m.end)
            if t is not None and i1 - i0 > 1 and folds[i0] in heads and (t.type == "GPE" or t.id.startswith("org:")):
                anchors.append((i1, folds[i0], t))
        if not anchors:
            return []
        out: list[Mention] = []
        k = 0
        for i in [i for i, f in enumerate(folds) if f in heads]:
            while k < len(anchors) and anchors[k][0] <= i:
                last[anchors[k][1]] = anchors[k][2]
                k += 1
            f = folds[i]
            if occupied[i] or f not in last or (i + 1 < len(folds) and occupied[i + 1]):
                continue
            t = last[f]
            m = Mention(starts[i], ends[i], t.type, text[starts[i] : ends[i]], t.id, None)
            targets[id(m)] = t
            out.append(m)
        return out

    def _short_forms(self, person: Target, words: tuple[str, ...], seen: set[str]) -> tuple[str, ...]:
        """One-word forms a later mention of this person may take.

        A registry person: its own one-word aliases that are not lookup-only («العبادی», not «روحانی»
        nor «اسلام» of «پیامبر اسلام»). Any person: the last word of the name as written, unless it is a
        title, a lookup-only alias of this person, another person's name, or the name of something else
        the dictionary pass adds or this article mentions (after «دیوید کامرون», «کامرون» is Cameron unless
        the article names Cameroon).
        """
        reg = self.registry
        rec = reg.get(person.id)
        forms: tuple[str, ...] = ()
        if rec is not None:
            cached = self._shorts.get(rec.id)
            if cached is None:
                keys = (match_key(a) for a in rec.surfaces)
                cached = tuple(k for k in keys if k and " " not in k and k not in rec.lookup_only)
                self._shorts[rec.id] = cached
            forms = cached
        last = words[-1]
        if len(last) < 3 or last in self._titles or last in forms or (rec is not None and last in rec.lookup_only):
            return forms
        others = reg.lookup_key(last)
        if reg.scan_target(last)[1] is not None or any(r.type == "PER" or reg.root(r.id) in seen for r in others):
            return forms
        return (*forms, last)


_COUNTS = frozenset(
    {"دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "صدها", "هزاران", "دهها", "چند", "چندین"}
)  # fmt: skip


class _CrossCheck:
    """Whether a span crosses a mention (overlaps it without holding it whole), in O(log n) per span."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.reach: list[int] = []  # the furthest end among the mentions up to each one
        for b in self.ends:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def __call__(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, s)
        if i and self.reach[i - 1] > s:
            return True  # a mention that starts before the span runs into it
        while i < len(self.starts) and self.starts[i] < e:
            if self.ends[i] > e:
                return True  # one that starts inside runs out of it
            i += 1
        return False


def _inside(mentions: Sequence[Mention], spans: Sequence[Mention]) -> set[int]:
    """ids of the mentions that lie wholly inside one of ``spans``."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    starts = [m.start for m in ordered]
    out: set[int] = set()
    for g in spans:
        k = bisect_left(starts, g.start)
        while k < len(ordered) and ordered[k].start < g.end:
            if ordered[k].end <= g.end:
                out.add(id(ordered[k]))
            k += 1
    return out


def _phrase_end(folds: list[str], i: int, table: set[str] | frozenset[str]) -> int:
    """The end of the longest phrase of ``table`` (one to three tokens) starting at token ``i``, else ``i``."""
    for k in (3, 2, 1):
        if i + k <= len(folds) and " ".join(folds[i : i + k]) in table:
            return i + k
    return i


def _family(mention_type: str) -> str:
    """Coarse kinds that a short form may corefer within: people, places, organizations."""
    if mention_type == "PER":
        return "PER"
    return "place" if mention_type in ("LOC", "GPE") else "org"


def _earlier_name(words: tuple[str, ...], names: list[tuple[tuple[str, ...], Target]], family: str) -> Target | None:
    """The nearest earlier longer name of the same family that ``words`` is the start of, or for a
    person or place the end of."""
    n = len(words)
    if not n:
        return None
    for full, target in reversed(names[-_COREF_WINDOW:]):
        if len(full) <= n or _family(target.type) != family:
            continue
        if full[:n] == words or (full[-n:] == words and family != "org"):
            return target  # an organization's end is its parent («… مجلس شورای اسلامی»), not itself
    return None


def _occupied(starts: list[int], ends: list[int], mentions: Sequence[Mention]) -> bytearray:
    """Per token, whether a mention covers it."""
    occupied = bytearray(len(starts))
    for m in mentions:
        i0, i1 = bisect_right(ends, m.start), bisect_left(starts, m.end)
        occupied[i0:i1] = b"\x01" * (i1 - i0)
    return occupied


def _collect(mentions: Sequence[Mention], targets: dict[int, Target]) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for m in mentions:
        t = targets.get(id(m))
        if t is None:
            continue
        ent = entities.get(t.id)
        if ent is None:
            ent = entities[t.id] = Entity(t.id, t.name, t.type)
        ent.count += 1
        if m.text not in ent.aliases:
            ent.aliases.append(m.text)
    order = {eid: i for i, eid in enumerate(entities)}
    return sorted(entities.values(), key=lambda e: (-e.count, order[e.id]))


__all__ = ["LINKED_TYPES", "Linker", "Target"]

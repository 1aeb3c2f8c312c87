"""Speaker phrases: where a speaker's noun phrase ends, what kind of speaker it is, and whom a pronoun
or an anaphoric phrase («این منبع عراقی») refers back to.

A Persian speaker phrase opens its clause («[speaker] [adverbials] گفت: …») and ends at the first
preposition, time adverb or particle (the ``stop`` words of cues.tsv), a comma, or the cue; a named
entity mention inside it is never cut («شورای امنیت سازمان ملل»).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from didban.article import Mention, Span, Speaker, SpeakerKind
from didban.attribution.cues import Lexicon
from didban.attribution.words import Words

MAX_PHRASE_WORDS = 12  # a subject longer than this is not a speaker phrase we can trust
MAX_PAREN_WORDS = 6  # «وزیر امور خارجه (سه‌شنبه) …»: a short parenthesis inside a phrase
MAX_ANAPHOR_WORDS = 5  # «این کارشناس مسائل هسته‌ای»: an anaphoric phrase is short
MAX_GUESSED_WORDS = 3  # an unknown phrase up to this long may be a name the NER missed («خیل مارین»)
_INSTITUTION_TYPES = frozenset({"ORG", "GPE", "FAC"})
_TIME_TYPES = frozenset({"DAT", "TIM", "MON", "PCT"})
_QUOTE_OPEN = frozenset({"«", "“"})
_QUOTE_CLOSE = ("»", "”")
_VERB_PREFIXES = frozenset({"می", "نمی"})  # the first word of a folded «می‌…» verb


def skip_connectives(ws: Words, lex: Lexicon, i: int, end: int) -> int:
    """The first word at or after ``i`` that is not a clause-opening connective («در این حال»، «امروز»)."""
    table = lex.words.get("connective")
    if table is None:
        return i
    while i < end:
        hit = table.match(ws, i, end)
        if hit is None:
            if ws.words[i] == "،":
                i += 1
                continue
            return i
        i += hit[0]
    return i


def phrase_end(ws: Words, lex: Lexicon, i: int, end: int, *, limit: int = MAX_PHRASE_WORDS) -> int:
    """The end of the noun phrase that starts at word ``i`` (``i`` itself when no phrase starts there)."""
    stop = lex.words.get("stop")
    indefinite = lex.words.get("indefinite")
    words = ws.words
    j = i
    if indefinite is not None and j < end:  # «یکی از …»: «از» belongs to the phrase here
        hit = indefinite.match(ws, j, end)
        if hit is not None:
            j += hit[0]
    if j == i and j < end and lex.has("pronoun", words[j]):  # «وی …»: a pronoun takes no modifier
        return j + 1
    cap = min(end, i + limit)
    while j < cap:
        m_end = ws.mention_end.get(j)
        if m_end is not None and m_end <= end:
            kind = ws.mention_of[j].type
            if kind in _TIME_TYPES:  # «حسن ترابی امشب …»: a time ends the phrase
                break
            j = m_end
            # After a name only an office goes on: «حیدر العبادی نخست وزیر عراق», not «جاویدان دستگیری …».
            if kind == "PER" and j < cap and j not in ws.mention_of and not _starts_role(lex, ws, j, end):
                break
            continue
        w = words[j]
        if w in _QUOTE_OPEN:  # «جنرال «کنث مک‌کنزی» رئیس ستاد …»: a quoted name inside the phrase
            close = _close_at(words, j, min(end, j + MAX_PAREN_WORDS), _QUOTE_CLOSE)
            if close < 0:
                break
            j = close + 1
            continue
        if w == "(" and j > i:
            close = _paren_close(words, j, min(end, j + MAX_PAREN_WORDS))
            if close < 0:
                break
            j = close + 1
            continue
        if not ws.letter[j] and w != "-":
            break
        if j > i and ws.first[j] and w in _VERB_PREFIXES:  # «ستوان می‌ایستد …»: a verb ends it
            break
        if stop is not None and stop.match(ws, j, end) is not None and j > i:
            break
        if j > i and indefinite is not None and indefinite.match(ws, j, end) is not None:
            break  # «سید عباس شبر، یکی از …»
        if j > i and lex.has("demonstrative", w) and not _is_head(lex, words[j - 1]):
            break  # «باقری این گزارش را …»: an object follows (but «رئیس این سازمان» goes on)
        if j == i and stop is not None and (w,) in stop.entries:
            break
        j += 1
    while j > i and words[j - 1] == "-":
        j -= 1
    if j == i + 1 and i not in ws.mention_of and lex.has("not-speaker", words[i]):
        return i
    if j > i and ws.first[i] and words[i] in _VERB_PREFIXES:
        return i
    return j


def _starts_role(lex: Lexicon, ws: Words, j: int, end: int) -> bool:
    table = lex.words.get("role")
    return table is not None and table.match(ws, j, end) is not None


def _is_head(lex: Lexicon, word: str) -> bool:
    return any(lex.has(k, word) for k in ("role", "institution", "source", "sources", "outlet", "document"))


def _paren_close(words: list[str], i: int, end: int) -> int:
    return _close_at(words, i, end, (")",))


def _close_at(words: list[str], i: int, end: int, marks: tuple[str, ...]) -> int:
    for k in range(i + 1, end):
        if words[k] in marks:
            return k
    return -1


@dataclass(slots=True)
class SpeakerInfo:
    """A speaker phrase classified, with the folded words anaphora are matched on."""

    speaker: Speaker
    key: tuple[str, ...] = ()  # the phrase's words without «یک»/«این» («منبع عراقی»)
    outlet: bool = False  # a news outlet («ایرنا در خبری نوشت»): a relay for what it quotes
    guessed: bool = False  # a role only because nothing else fits (no name, title or institution in it)
    odd: bool = False  # an indefinite phrase about no person («یک فصل دیگر»)
    fallback: bool = False  # a role only because nothing else fits

    @property
    def doubtful(self) -> bool:
        """A guessed phrase too long, or too odd, to be a name: «کشف ۲۳۶ فقره سرقت توسط پلیس»."""
        sp = self.speaker
        return self.odd or (self.guessed and (len(self.key) > MAX_GUESSED_WORDS or not sp.text[:1].isalpha()))


def classify(text: str, ws: Words, lex: Lexicon, i: int, j: int) -> SpeakerInfo:
    """The `Speaker` of words ``[i, j)``: named, role, institution, anonymous, pronoun or anaphoric."""
    start, end = ws.span(i, j)
    words = ws.words
    phrase = text[start:end]
    mentions = ws.mentions_in(i, j)
    first = words[i]
    kind: SpeakerKind
    entity: str | None = None
    descriptor: str | None = None
    key = tuple(words[i:j])
    outlet = False
    guessed = False
    odd = False  # surely no speaker phrase
    fallback = False
    if j - i == 1 and lex.has("pronoun", first):
        kind = "pronoun"
    elif j - i >= 2 and lex.has("demonstrative", first) and _match(lex, "document", ws, i + 1, j):
        kind = "unattributed"  # «این گزارش می‌افزاید»: the report relayed, no one in particular
        descriptor = phrase
    elif j - i >= 2 and lex.has("demonstrative", first) and i not in ws.mention_of:
        kind = "anaphoric"
        # «این منبع», «این مقام», «این وزارتخانه», «این روزنامه»; «این فشار» is no speaker.
        odd = not _is_head(lex, words[i + 1])
        j = min(j, i + MAX_ANAPHOR_WORDS)
        start, end = ws.span(i, j)
        phrase = text[start:end]
        key = tuple(words[i + 1 : j])
        descriptor = phrase
    elif (hit := _match(lex, "indefinite", ws, i, j)) and not _has_type(mentions, "PER"):
        kind = "anonymous"
        key = tuple(words[i + hit : j])
        descriptor = phrase
        # «یک منبع», «یکی از مسئولان», «برخی کارشناسان»; not «یک فصل دیگر».
        guessed = not (i + hit < j and any(_match(lex, k, ws, i + hit, j) for k in ("source", "sources", "role")))
        odd = guessed
    elif _match(lex, "sources", ws, i, j) and not _has_type(mentions, "PER"):
        kind = "anonymous"
        descriptor = phrase
    elif (per := _first(mentions, ("PER",))) is not None:
        kind = "named"
        entity = per.entity_id
    elif _match(lex, "role", ws, i, j):
        kind = "role"
        org = _first(mentions, ("ORG",))
        entity = org.entity_id if org is not None else None
    elif (m := ws.mention_of.get(i)) is not None and m.type in _INSTITUTION_TYPES and ws.mention_end[i] >= j:
        kind = "institution"
        entity = m.entity_id
        outlet = bool(entity and entity.startswith("outlet:"))
    elif _match(lex, "institution", ws, i, j) or _match(lex, "outlet", ws, i, j):
        kind = "institution"
        m2 = _first(mentions, ("ORG", "GPE", "FAC"))
        entity = m2.entity_id if m2 is not None else None
        outlet = _match(lex, "outlet", ws, i, j) > 0 or bool(entity and entity.startswith("outlet:"))
    else:
        # A description of a person by what they do («دریافت کننده تیم ملی والیبال»), or a name.
        kind = "role"
        org = _first(mentions, ("ORG",))
        entity = org.entity_id if org is not None else None
        guessed = not any(m.type in ("PER", "ORG") for m in mentions)
        fallback = True
    speaker = Speaker(start, end, kind, phrase, entity_id=entity, descriptor=descriptor)
    return SpeakerInfo(speaker, key, outlet, guessed, odd, fallback)


def null_speaker(pos: int) -> SpeakerInfo:
    """The unexpressed subject of «… افزود: …»: a pronoun without a phrase, resolved like «وی»."""
    return SpeakerInfo(Speaker(pos, pos, "pronoun", ""))


def _match(lex: Lexicon, kind: str, ws: Words, i: int, j: int) -> int:
    table = lex.words.get(kind)
    if table is None:
        return 0
    hit = table.match(ws, i, j)
    return hit[0] if hit is not None else 0


def _has_type(mentions: list[Mention], kind: str) -> bool:
    return any(m.type == kind for m in mentions)


def _first(mentions: list[Mention], kinds: tuple[str, ...]) -> Mention | None:
    for m in mentions:
        if m.type in kinds and m.entity_id:
            return m
    return None


@dataclass(slots=True)
class _Referent:
    span: Span
    entity_id: str | None
    descriptor: str | None
    kind: SpeakerKind
    key: tuple[str, ...]
    outlet: bool = False


@dataclass(slots=True)
class Resolver:
    """Resolves pronouns and anaphora against the speakers seen so far, in text order.

    A pronoun («وی»، «او»، or no subject at all) refers to the most recent speaker, unless a sentence
    since that speaker spoke opened with a person or a titled office (its subject). An anaphoric
    phrase («این منبع عراقی», «این مقام») refers to the most recent speaker described the same way,
    else, for a person («این مقام»), to the most recent anonymous source or office.
    """

    lex: Lexicon
    history: list[_Referent] = field(default_factory=list)
    last_pos: int = -1  # where the most recent speaker's statement was

    def resolve(self, info: SpeakerInfo, subject: SpeakerInfo | None = None) -> None:
        """Fill ``info.speaker``'s antecedent (pronoun/anaphoric) and remember it as a referent.

        ``subject``: the most recent sentence subject before this statement (a person or a titled
        office that opens a sentence, «سفیر نیکاراگوئه در ایران … دیدار کرد. وی گفت: …»).
        """
        sp = info.speaker
        if sp.kind == "pronoun":
            ref = self._latest()
            if subject is not None and (ref is None or subject.speaker.start > self.last_pos):
                s = subject.speaker
                ref = _Referent((s.start, s.end), s.entity_id, s.descriptor, s.kind, subject.key)
            self._point(sp, ref)
        elif sp.kind == "anaphoric":
            self._point(sp, self._find(info.key))
        if sp.kind in ("pronoun", "anaphoric"):
            if sp.antecedent is not None:
                ref = self._root_of(sp)
                self.history.append(ref)
        elif sp.kind != "unattributed":
            self.history.append(
                _Referent((sp.start, sp.end), sp.entity_id, sp.descriptor, sp.kind, info.key, info.outlet)
            )
        self.last_pos = sp.end if sp.end > sp.start else sp.start

    def _root_of(self, sp: Speaker) -> _Referent:
        # The anaphor stands for its antecedent from now on (a later «وی» reaches the first mention).
        for ref in reversed(self.history):
            if ref.span == sp.antecedent:
                return ref
        assert sp.antecedent is not None
        return _Referent(sp.antecedent, sp.entity_id, sp.descriptor, "named", ())

    def _latest(self) -> _Referent | None:
        return self.history[-1] if self.history else None

    def _find(self, key: tuple[str, ...]) -> _Referent | None:
        if not self.history:
            return None
        for ref in reversed(self.history):  # «این منبع عراقی» = «یک منبع عراقی»
            if key and ref.key == key:
                return ref
        head = key[0] if key else ""
        for ref in reversed(self.history):  # «این منبع» = «یک منبع عراقی»
            if head and head in ref.key:
                return ref
        if head and any(self.lex.has(k, head) for k in ("source", "sources", "role")):
            for ref in reversed(self.history):  # «این مقام» = «یک مسوول غربی»
                if ref.kind in ("anonymous", "role"):
                    return ref
            return self.history[-1]
        if head and self.lex.has("outlet", head):
            for ref in reversed(self.history):  # «این روزنامه افزود» = the outlet quoted last
                if ref.outlet:
                    return ref
        elif head and self.lex.has("institution", head):
            for ref in reversed(self.history):  # «این وزارتخانه اعلام کرد» = the institution quoted last
                if ref.kind == "institution":
                    return ref
        return None

    @staticmethod
    def _point(sp: Speaker, ref: _Referent | None) -> None:
        if ref is None:
            return
        sp.antecedent = ref.span
        sp.entity_id = ref.entity_id
        if ref.kind == "anonymous":
            sp.descriptor = ref.descriptor

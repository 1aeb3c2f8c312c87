"""Statements: attributed speech found by cues (see `didban.attribution.cues`), sentence by sentence.

The patterns, in Persian word order:

- a reporting verb after its speaker: «[speaker] [adverbials] [به X / در گفتگو با X] گفت: [content]»
  (indirect, or direct when the content is one «…» quotation), «… گفت که [content]» (indirect),
  «… گفت «…»» (direct), «[speaker] گفت [content]» (indirect, for the verbs not marked strict), and the
  content first: «[content]، [speaker] گفت.» / ««…» [speaker] گفت.»;
- a preposition-like cue before the source: «به گفته X، [content]» (also «[content]، به گفته X»);
- an impersonal cue: «در این گزارش آمده است: [content]» (speaker: the document, unattributed or the
  institution named in it), «گفته می‌شود که [content]»;
- a headline «[person]: [content]».

Colon speech goes on over the following sentences of its paragraph until a sentence with a cue or a
relay («وی افزود: A. B. C.» is one statement); a «…» quotation may run over several sentences and
paragraphs. Cues inside a quotation are not statements of their own. The speaker of «وی افزود», of a
verb with no subject («در ادامه افزود:») and of «این منبع عراقی افزود» is resolved to the speaker it
refers to (`didban.attribution.speakers.Resolver`). Every statement carries the article's relay chain
(`didban.attribution.relay`), the links of its own sentence's «به گزارش X» and its clause's «به نقل از
Y»; what a news outlet is quoted saying («ایرنا در خبری نوشت: …») carries that outlet as a further link
for the statements inside it.

All scans are linear in the text: look-behinds are bounded (`MAX_CLAUSE_WORDS`), contents are spans.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from didban.article import Article, Modality, Relay, Speaker, Statement, StatementForm
from didban.attribution.cues import Cue, Lexicon
from didban.attribution.modality import content_modality
from didban.attribution.quotes import Quotes
from didban.attribution.relay import outlet_link, relay_prefix, same_link
from didban.attribution.speakers import (
    Resolver,
    SpeakerInfo,
    classify,
    null_speaker,
    phrase_end,
    skip_connectives,
)
from didban.attribution.words import Words
from didban.entities.registry import Registry

MAX_CLAUSE_WORDS = 40  # how far before a cue its speaker may start
MAX_TAIL_SPEAKER_WORDS = 10  # «…، [speaker] گفت.»
MAX_CONTINUATION = 12  # sentences a colon statement may run on over
LEAD_SENTENCES = 6  # the article's relay chain is looked for in its first sentences
MIN_CONTENT_WORDS = 2
MAX_MODAL_GAP = 6
MAX_HEADLINE_WORDS = 14  # «پومپئو با اشاره به پرتاب ماهواره نظامی: …»  # «باید [به این نکته] اشاره کرد»
_OPEN_QUOTES = frozenset({"«", '"', "“"})
_CLOSE_QUOTES = frozenset({"»", '"', "”"})
_END_PUNCT = frozenset({".", "!", "؟", "?", "…", "»", '"', "”", ")", "؛"})
_TRIM = " \t\n.!؛،,"
_COORDINATORS = frozenset({"و", "،", ","})
_BUT = frozenset({"اما", "ولی", "لیکن", "ولیکن", "؛"})
_PREP_OPENERS = frozenset({"بنابر", "بنا", "طبق", "بر", "براساس"})
# After «اعلام کرد،» these open another clause of the narrator, not the content.
_COMMA_STOP = frozenset({"و", "اما", "ولی", "که", "تا", "سپس", "همچنین", "ضمن", "با", "در", "از", "به", "پس", "این"})


@dataclass(slots=True)
class _Found:
    statement: Statement
    info: SpeakerInfo
    sentence: int
    continues: bool = False  # colon speech that may run on over the next sentences
    clause_relays: list[Relay] = field(default_factory=list)
    kind: str = "verb"  # the cue's kind
    nested: bool = False  # reported inside another statement's colon speech («وی افزود: X تاکید کرد که …»)


class StatementFinder:
    """Finds the statements of one article at a time; build once (it holds the lexicon and registry)."""

    def __init__(self, lexicon: Lexicon, registry: Registry) -> None:
        self.lex = lexicon
        self.registry = registry
        self._outlets: dict[str, Relay] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"lex": self.lex, "registry": self.registry, "_outlets": {}}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k, v in state.items():
            setattr(self, k, v)

    # -- the article ------------------------------------------------------------------------------
    def find(self, article: Article) -> list[Statement]:
        text = article.text
        if not text or not article.tokens:
            return []
        ws = Words(text, article.tokens, article.mentions)
        quotes = Quotes(text)
        run = _Run(self, article, ws, quotes)
        return run.statements()

    def outlet(self, name: str) -> Relay:
        link = self._outlets.get(name)
        if link is None:
            link = self._outlets[name] = outlet_link(name, self.registry)
        return Relay(link.name, None, None, link.entity_id, link.cue)


class _Run:
    """One article's pass (the state the finder keeps while it walks the sentences)."""

    def __init__(self, finder: StatementFinder, article: Article, ws: Words, quotes: Quotes) -> None:
        self.f = finder
        self.lex = finder.lex
        self.article = article
        self.text = article.text
        self.ws = ws
        self.quotes = quotes
        self.found: list[_Found] = []
        self.chain: list[Relay] | None = None
        self.chain_dateline = False
        self.sentence_relays: dict[int, list[Relay]] = {}
        self.sentences: list[tuple[int, int]] = list(article.sentences)
        self.line_starts: set[int] = set()  # sentence starts that begin a line of the raw text
        # «با بیان اینکه …،», the word after its comma (or the main verb), and whether a comma closed it
        self._adjunct: tuple[_Found, int, bool] | None = None
        self._floor = 0  # a nominal content starts after the sentence's previous nominal cue

    def statements(self) -> list[Statement]:
        text, ws = self.text, self.ws
        sentences = _split_lines(self.article, self.article.sentences, self.line_starts)
        self.sentences = sentences
        ranges = [(ws.index(s), ws.index(e)) for s, e in sentences]
        open_st: _Found | None = None
        run_on = 0
        prev_end = 0
        for si, (a, b) in enumerate(ranges):
            if a >= b:
                continue
            s_start, s_end = sentences[si]
            new_line = text.find("\n", prev_end, s_start) >= 0 or s_start in self.line_starts
            prev_end = s_end
            before = len(self.found)
            had_relay = self._sentence(si, a, b)
            found_here = len(self.found) > before
            if open_st is not None:
                inside = open_st.statement.content[1] > s_start  # already covered (a spanning quotation)
                if inside and not found_here:
                    continue
                empty = open_st.statement.content[0] >= open_st.statement.content[1]
                if not found_here and not had_relay and (not new_line or empty) and run_on < MAX_CONTINUATION:
                    st = open_st.statement
                    if empty:
                        st.content = _trim(text, s_start, s_end)
                        st.form = self._form(st.content)
                    else:
                        st.content = (st.content[0], _trim(text, s_start, s_end)[1])
                    run_on += 1
                    continue
                open_st = None
            if found_here:
                # The sentence's outer speech runs on, not a statement nested inside it.
                last = next(f for f in reversed(self.found[before:]) if not f.nested)
                open_st = last if last.continues else None
                run_on = 0
        self._finish()
        return [f.statement for f in self.found]

    # -- one sentence -------------------------------------------------------------------------------
    def _sentence(self, si: int, a: int, b: int) -> bool:
        ws, lex = self.ws, self.lex
        pos = a
        self._floor = a
        self._adjunct = None
        had_relay = False
        before = len(self.found)
        dateline = as_chain = False
        saved: tuple[list[Relay] | None, bool] = (None, False)
        prefix = relay_prefix(self.text, ws, lex, self.f.registry, a, b)
        if prefix is not None and si == 0 and prefix.links[0].cue == ":" and self._is_title(a):
            prefix = None  # «نیویورک تایمز: …» as the title is the outlet speaking, not a dateline
        if prefix is not None:
            had_relay = True
            dateline = prefix.links[0].cue in (":", "-", "–", "_")
            # The article's chain: the first «به گزارش …» near the top (a dateline «فارس:» until one comes).
            saved = (self.chain, self.chain_dateline)
            as_chain = si < LEAD_SENTENCES and (self.chain is None or (self.chain_dateline and not dateline))
            if as_chain:
                self.chain = prefix.links
                self.chain_dateline = dateline
            else:
                self.sentence_relays[si] = prefix.links
            pos = prefix.end
        else:
            pos = self._headline(si, a, b)
        clause = pos
        i = pos
        words = ws.words
        letter = ws.letter
        cues = lex.cues
        nested = False  # inside colon speech: only a reporting verb with a subject of its own reports
        while i < b:
            if not letter[i]:
                i += 1
                continue
            hit = cues.match(ws, i, b)
            if hit is None:
                if not nested and words[i] == "حاکی" and self._indicative(si, i, clause, b):
                    break
                i += 1
                continue
            size, cue = hit
            if cue.kind == "block" or cue.kind == "cite" or self.quotes.around(ws.starts[i]) is not None:
                i += size
                continue
            if cue.kind == "report":  # a second «به گزارش X،» inside the sentence
                # «با اشاره به گزارش …»، «در واکنش به گزارش …»: a report talked about, not a relay
                if i > a and lex.has("lead-block", words[i - 1]):
                    i += size
                    continue
                later = relay_prefix(self.text, ws, lex, self.f.registry, i, b)
                if later is not None:
                    self.sentence_relays.setdefault(si, []).extend(later.links)
                    had_relay = True
                    i = clause = later.end
                else:
                    i += size
                continue
            if nested and cue.kind != "verb":
                i += size
                continue
            if cue.kind == "verb":
                nxt = self._verb(si, i, i + size, cue, clause, a, b, nested=nested)
            elif nested:
                nxt = None
            elif cue.kind == "prep":
                nxt = self._prep(si, i, i + size, cue, clause, b)
            elif cue.kind == "clause":
                nxt = self._clausal(si, i, i + size, cue, clause, b)
            else:
                nxt = self._passive(si, i, i + size, cue, clause, b)
            jump = 0
            if nxt is not None:
                clause = nxt
                if cue.kind == "clause" and self._adjunct is not None and not self._adjunct[2]:
                    jump = nxt  # «با بیان اینکه … گفت:»: the main verb right after the adjunct
                # A cue inside what was just reported is part of it («گفت: نمی‌توان گفت که …»); but
                # «به گفته/طبق اعلام X، Y گفت: …» is Y's statement, relayed by X (see `_nest`), and so is
                # «ایرنا نوشت: Y گفت: …» (see `_finish`).
                last = self.found[-1]
                if cue.kind != "prep" and not last.info.outlet and last.statement.content[1] >= ws.ends[b - 1] - 1:
                    # «وی افزود: این مسئول تاکید کرد که …»: a named speaker inside colon speech reports too
                    # (one level deep: the scan stays linear).
                    colon = cue.kind == "verb" and _mode(ws, i + size, b) == "colon"
                    if nested or not colon or last.statement.form == "direct":
                        break
                    nested = True
            i = max(i + size, jump)
        del words
        if prefix is not None and len(self.found) == before and not dateline:
            # «به گزارش سایت حقوق بشری هەنگاو، … اعدام شدند»: a report with no speaker of its own in the
            # sentence is the reporting medium speaking; a lead naming a known news outlet stays the chain.
            known = (prefix.links[-1].entity_id or "").startswith("outlet:")
            if not (as_chain and known) and self._report(si, a, prefix.end, b, prefix.links):
                if as_chain:
                    self.chain, self.chain_dateline = saved
                else:
                    del self.sentence_relays[si]
        self._nest(before)
        return had_relay

    def _report(self, si: int, a: int, end: int, b: int, prefix_links: list[Relay]) -> bool:
        """«به گزارش [X]، [content]» as X's statement (see `_sentence`)."""
        ws, lex, text = self.ws, self.lex, self.text
        i = skip_connectives(ws, lex, a, b)
        hit = lex.cues.match(ws, i, b)
        if hit is None or hit[1].kind != "report" or end >= b or ws.words[end - 1] not in ("،", ","):
            return False
        j = end - 1
        c1 = i + hit[0]
        if j <= c1 or j - c1 > MAX_CLAUSE_WORDS // 2 or b - end < MIN_CONTENT_WORDS + 1:
            return False
        for k in range(c1, j):
            cited = lex.cues.match(ws, k, j) if ws.letter[k] else None
            if cited is not None and cited[1].kind == "cite":
                return False  # «به گزارش X به نقل از Y، …»: a chain
        reporter = lex.words.get("reporter")
        if reporter is not None and reporter.match(ws, c1, j) is not None:
            return False  # «به گزارش خبرنگار ما، …»: the outlet's own narration
        outlet = self.article.outlet
        if outlet and any(same_link(self.f.outlet(outlet), r) for r in prefix_links):
            return False
        info = classify(text, ws, lex, c1, j)
        if info.doubtful or info.speaker.kind in ("pronoun", "unattributed"):
            return False
        content = _trim(text, ws.starts[end], ws.ends[b - 1])
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(i, c1),
            cue_lemma=hit[1].lemma,
            content=content,
            form=self._form(content),
            modality=content_modality(text, content, lex),
        )
        self.found.append(_Found(st, info, si))
        return True

    def _nest(self, first: int) -> None:
        """A preposition-like source whose content holds another statement relays that statement."""
        here = self.found[first:]
        if len(here) < 2:
            return
        drop = []
        for k, f in enumerate(here):
            st = f.statement
            if f.kind != "prep":
                continue
            inner = [g for g in here[k + 1 :] if st.content[0] <= g.statement.cue[0] < st.content[1]]
            if not inner:
                continue
            sp = f.info.speaker
            for g in inner:
                g.clause_relays.insert(0, Relay(sp.text, sp.start, sp.end, sp.entity_id, st.cue_lemma))
            drop.append(f)
        for f in drop:
            self.found.remove(f)

    # -- a reporting verb -------------------------------------------------------------------------
    def _verb(
        self, si: int, c0: int, c1: int, cue: Cue, clause: int, a: int, b: int, *, nested: bool = False
    ) -> int | None:
        ws, words, text = self.ws, self.ws.words, self.text
        form: StatementForm
        mode = _mode(ws, c1, b)
        if nested and (mode == "tail" or (mode == "bare" and cue.nominal)):
            return None
        if cue.nominal and (mode == "tail" or (mode == "bare" and words[c1] in _COORDINATORS)):
            found = self._nominal(si, c0, c1, cue, clause, b)
            if found is not None:
                return found
        if cue.nominal_only:
            return None
        # «ساکنان شهر اعلام کردند، [content]»: a comma may stand for the colon before a clause.
        comma = mode == "bare" and words[c1] in ("،", ",") and c1 + 1 < b and words[c1 + 1] not in _COMMA_STOP
        if mode == "bare" and (
            cue.strict
            or (words[c1] in ("و", "،", ",", "را", "تا", "اما", "ولی") and not comma)
            or b - c1 < MIN_CONTENT_WORDS + 1 + comma * 2
        ):
            return None
        lo, lo_aux = _clause_start(ws, self.lex, max(clause, c0 - MAX_CLAUSE_WORDS), c0)
        if _after_modal(ws, self.lex, lo, c0):
            return None
        if mode == "tail":
            split = _tail_split(ws, lo, c0)
            if split is None:
                return None
            content_words = (skip_connectives(ws, self.lex, lo, split[0]), split[0])
            if content_words[1] - content_words[0] < MIN_CONTENT_WORDS:
                return None
            info, rest, relays = self._subject(split[1], c0, cue.lemma, required=True)
            if info is None or _has_object_marker(ws, self.lex, max(rest, self._floor), c0):
                return None
            cs, ce = ws.span(*content_words)
            content = _trim(text, cs, ce)
            form = self._form(content)
            if form == "direct":
                content = self._unquote(content)
        else:
            info, rest, relays = self._subject(lo_aux, c0, cue.lemma, required=True)
            if info is None and lo_aux > lo:
                info, rest, relays = self._subject(lo, c0, cue.lemma, required=mode == "bare")
            if self._adjunct is not None:
                info = self._share_adjunct(info, clause)
            if nested and (info is None or not info.speaker.text or info.speaker.kind == "unattributed"):
                return None
            if info is None and mode != "bare":
                info = null_speaker(ws.starts[c0])
            if info is None:
                return None
            marker = _has_object_marker(ws, self.lex, max(rest, self._floor), c0)
            if mode in ("that", "bare", "quote") and cue.nominal != "را" and marker:
                return None
            if mode == "quote":
                region = self.quotes.starting_at(ws.ends[c1])
                if region is None:
                    return None
                content, form = region, "direct"
            else:
                start = c1 + 1 if mode in ("colon", "that") else c1
                cs = ws.starts[start] if start < b else ws.ends[b - 1]
                content = _trim(text, cs, ws.ends[b - 1])
                form = self._form(content)
                if form == "direct":
                    content = self._unquote(content)
        recipient = self._recipient(info, rest, c0)
        cs_, ce_ = ws.span(c0, c1)
        st = Statement(
            speaker=info.speaker,
            cue=(cs_, ce_),
            cue_lemma=cue.lemma,
            content=content,
            form=form,
            recipient=recipient[0] if recipient else None,
            recipient_entity_id=recipient[1] if recipient else None,
            modality=_cue_modality(cue) or content_modality(text, content, self.lex),
        )
        continues = mode in ("colon", "that") and form != "direct" and not nested
        self.found.append(_Found(st, info, si, continues=continues, clause_relays=relays, nested=nested))
        if mode == "tail":
            return c1
        return c1 + 1 if mode in ("colon", "that") else c1

    def _indicative(self, si: int, c0: int, clause: int, b: int) -> bool:
        """«[گزارش‌ها/شواهد] حاکی از [content] است»: the subject indicates the nominal up to the final auxiliary."""
        ws, words, text = self.ws, self.ws.words, self.text
        if c0 + 1 >= b or words[c0 + 1] != "از" or self.quotes.around(ws.starts[c0]) is not None:
            return False
        end = b
        while end > c0 and words[end - 1] in _END_PUNCT:
            end -= 1
        if end - 1 <= c0 + 2 or not (self.lex.has("clause-end", words[end - 1]) and ws.last[end - 1]):
            return False
        if end - 1 - (c0 + 2) < MIN_CONTENT_WORDS:
            return False
        info, _rest, relays = self._subject(clause, c0, "حاکی از", required=True)
        if info is None:
            return False
        content = _trim(text, ws.starts[c0 + 2], ws.ends[end - 2])
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(c0, c0 + 2),
            cue_lemma="حاکی از",
            content=content,
            form="indirect",
            modality=content_modality(text, content, self.lex),
        )
        self.found.append(_Found(st, info, si, clause_relays=relays))
        return True

    def _clausal(self, si: int, c0: int, c1: int, cue: Cue, clause: int, b: int) -> int | None:
        """«[speaker] با بیان اینکه [content]، گفت: …»: the adjunct's proposition is a statement of its own.

        Its content runs to the last comma before the sentence's next reporting verb; its speaker is the
        subject before it, else (none there) the main verb's, filled in by `_share_adjunct`.
        """
        ws, lex, text = self.ws, self.lex, self.text
        main = None
        k = c1
        while k < b:
            hit = lex.cues.match(ws, k, b) if ws.letter[k] else None
            if hit is not None and hit[1].kind == "verb":
                main = k
                break
            if hit is not None and hit[1].kind == "block" and hit[0] > 1:
                # «… انجام می‌شود گفت:»: the block «می‌شود گفت» straddles the adjunct's verb and the main cue
                last = k + hit[0] - 1
                inner = lex.cues.match(ws, last, b)
                if inner is not None and inner[1].kind == "verb" and _mode(ws, last + inner[0], b) == "colon":
                    main = last
                    break
            k += hit[0] if hit is not None else 1
        if main is None:
            return None
        comma = _last_comma(ws, c1, main)
        closed = comma is not None
        if comma is None:
            # «وی با بیان اینکه [content] گفت: …»: no comma, the main verb (with its colon, «که» or quote
            # after it) closes the adjunct.
            main_cue = lex.cues.match(ws, main, b)
            assert main_cue is not None
            if main - c1 < MIN_CONTENT_WORDS + 1 or _mode(ws, main + main_cue[0], b) not in ("colon", "that", "quote"):
                return None
            comma = main
        elif comma - c1 < MIN_CONTENT_WORDS:
            return None
        info, _rest, relays = self._subject(clause, c0, cue.lemma, required=True)
        if info is None:
            info = SpeakerInfo(Speaker(ws.starts[c0], ws.starts[c0], "pronoun", ""))
        content = _trim(text, ws.starts[c1], ws.ends[comma - 1])
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(c0, c1),
            cue_lemma=cue.lemma,
            content=content,
            form=self._form(content),
            modality=content_modality(text, content, lex),
        )
        found = _Found(st, info, si, clause_relays=relays, kind="clause")
        self.found.append(found)
        after = comma + 1 if closed else main
        self._adjunct = (found, after, closed)
        return after

    def _share_adjunct(self, info: SpeakerInfo | None, clause: int) -> SpeakerInfo | None:
        """The main verb after «با بیان اینکه …،» without a subject of its own speaks through the adjunct's
        subject; an adjunct without one takes the main verb's (see `_clausal`)."""
        assert self._adjunct is not None
        found, after, _closed = self._adjunct
        if clause != after:
            return info
        own = found.info
        if own.speaker.text and (info is None or not info.speaker.text):
            return SpeakerInfo(replace(own.speaker), own.key, own.outlet)
        if not own.speaker.text and info is not None and info.speaker.text:
            found.info = SpeakerInfo(replace(info.speaker), info.key, info.outlet)
            found.statement.speaker = found.info.speaker
        return info

    def _nominal(self, si: int, c0: int, c1: int, cue: Cue, clause: int, b: int) -> int | None:
        """«[speaker] از [X] خبر داد»، «بر [X] تاکید کرد»، «از [X به عنوان Y] یاد کرد»، «[X را Y] دانست»،
        «[X] را تکذیب کرد»: the content is a nominal before the cue, not a clause after it.

        Returns the clause start unchanged, so that a coordinated cue («… یاد کرد و گفت: …») reads the
        same subject again.
        """
        ws, lex, words, text = self.ws, self.lex, self.ws.words, self.text
        lo, lo_aux = _clause_start(ws, lex, max(clause, c0 - MAX_CLAUSE_WORDS), c0)
        # «… خوانده اما روبن این اخبار را تکذیب می‌کند»: «اما/ولی» opens the cue's clause.
        conj = next((k for k in range(c0 - 1, lo - 1, -1) if words[k] in _BUT), None)
        if conj is not None:
            lo = lo_aux = conj + 1
        # The subject of a nominal report opens its clause («وی با اشاره به هماهنگی‌های صورت گرفته … از X
        # خبر داد»: not «گرفته …»); the later start is a fallback.
        info, rest, relays = self._subject(lo, c0, cue.lemma, required=True)
        if info is None and lo_aux > lo:
            info, rest, relays = self._subject(lo_aux, c0, cue.lemma, required=True)
        if self._adjunct is not None:
            info = self._share_adjunct(info, clause)
        if info is None or info.speaker.kind == "unattributed":
            return None
        floor = max(rest, self._floor)
        comma = _last_comma(ws, floor, c0)
        k0 = comma + 1 if comma is not None else floor
        kind = cue.nominal
        if kind in ("از", "از-عنوان", "بر"):
            prep = kind[:2]
            k = next((k for k in range(k0, c0) if words[k] == prep or (prep == "از" and words[k] == "ازین")), None)
            if k is None or c0 - (k + 1) < 1:
                return None
            cs, ce = k + 1, c0
            if kind == "از-عنوان" and not any(words[j] in ("عنوان", "بعنوان") for j in range(cs, ce)):
                return None
        else:
            ra = next((k for k in range(c0 - 1, k0 - 1, -1) if words[k] == "را"), None)
            if ra is None:
                return None
            cs = skip_connectives(ws, lex, k0, ra)
            if words[cs] == "را":  # the subject phrase swallowed the object («پلیس عراق حمله اول را …»)
                return None
            if kind == "را":
                if ra != c0 - 1:
                    return None
                ce = ra
            else:
                # «X را [Y] اعلام کرد»: Y is what X is declared to be; «X را امروز اعلام کرد» names a topic.
                if ra + 1 >= c0 or (words[ra + 1] != "از" and lex.has("stop", words[ra + 1])):
                    return None
                ce = c0
            if ce - cs < 1 or (ce - cs < MIN_CONTENT_WORDS and kind == "را+"):
                return None
        content = _trim(text, ws.starts[cs], ws.ends[ce - 1])
        if content[1] <= content[0]:
            return None
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(c0, c1),
            cue_lemma=cue.lemma,
            content=content,
            form=self._form(content),
            modality=_cue_modality(cue) or content_modality(text, content, lex),
        )
        self.found.append(_Found(st, info, si, clause_relays=relays, kind="nominal"))
        self._floor = c1
        return clause

    def _subject(
        self, lo: int, c0: int, cue_lemma: str, *, required: bool
    ) -> tuple[SpeakerInfo | None, int, list[Relay]]:
        """The speaker phrase among words ``[lo, c0)``: (its info, the word after it, clause relays)."""
        ws, lex = self.ws, self.lex
        i = skip_connectives(ws, lex, lo, c0)
        sub = lex.words.get("subordinator")
        if sub is not None and i < c0 and sub.match(ws, i, c0) is not None:
            comma = _next_comma(ws, i, c0)  # «در حالی که …، [speaker] اعلام کردند»
            if comma is not None:
                i = skip_connectives(ws, lex, comma + 1, c0)
        relays: list[Relay] = []
        j = phrase_end(ws, lex, i, c0) if i < c0 else i
        if j == i:
            # «در پاسخ به این سوال، وی گفت» / «با اشاره به …، وزیر گفت»: a subject after a comma.
            k = _last_comma(ws, i, c0)
            if k is not None:
                i2 = skip_connectives(ws, lex, k + 1, c0)
                j2 = phrase_end(ws, lex, i2, c0) if i2 < c0 else i2
                if j2 > i2:
                    i, j = i2, j2
        if j == i:
            if required:
                return None, i, relays
            pos = ws.starts[c0]
            return null_speaker(pos), i, relays
        info = classify(self.text, ws, lex, i, j)
        if info.doubtful or info.guessed:
            # «چند روز پس از انتشار گزارش …، منابع حقوق بشری از … خبر دادند»، «همزمان با …، یک فرمانده
            # سپاه می‌گوید …»: a time or adverbial phrase opens the clause; the subject follows its comma.
            k = _last_comma(ws, j, c0)
            if k is not None:
                i2 = skip_connectives(ws, lex, k + 1, c0)
                j2 = phrase_end(ws, lex, i2, c0) if i2 < c0 else i2
                if j2 > i2 and not _has_verb(ws, lex, j2, c0):
                    info2 = classify(self.text, ws, lex, i2, j2)
                    if not (info2.doubtful or info2.guessed or info2.fallback):
                        if k == j and not info.doubtful and info2.speaker.kind == "role":
                            # «گری راس، کارشناس بازار نفت می‌گوید»: a name the NER missed, then its office
                            s0 = ws.starts[i]
                            sp2 = replace(info2.speaker, start=s0, kind="named", text=self.text[s0 : info2.speaker.end])
                            info2 = SpeakerInfo(sp2, info2.key, info2.outlet)
                            i2 = i
                        info, i, j = info2, i2, j2
        if info.doubtful:
            if required:
                return None, i, relays
            return null_speaker(ws.starts[c0]), i, relays
        # «رویترز به نقل از یک منبع آگاه گزارش داد»: the cited one speaks, the subject relays.
        for k in range(j, c0):
            hit = lex.cues.match(ws, k, c0) if ws.letter[k] else None
            if hit is None or hit[1].kind != "cite":
                continue
            src = k + hit[0]
            src_end = phrase_end(ws, lex, src, c0)
            if src_end > src:
                sp = info.speaker
                relays.append(Relay(sp.text, sp.start, sp.end, sp.entity_id, cue_lemma))
                info = classify(self.text, ws, lex, src, src_end)
                j = src_end
            break
        return info, j, relays

    def _recipient(self, info: SpeakerInfo, rest: int, c0: int) -> tuple[tuple[int, int], str | None] | None:
        """«به المیادین گفت», «در گفتگو با خبرنگار ایسنا گفت»: the span and entity spoken to."""
        ws, lex = self.ws, self.lex
        table = lex.words.get("recipient")
        k = rest
        while k < c0:
            hit = table.match(ws, k, c0) if table is not None else None
            if hit is not None:
                a = k + hit[0]
                b = phrase_end(ws, lex, a, c0, limit=8)
                return self._hearer(a, b)
            k += 1
        # «به X» right after the speaker (time adverbs aside) and right before the cue.
        k = skip_connectives(ws, lex, rest, c0)
        if k < c0 and ws.words[k] == "به" and not (k > 0 and lex.has("lead-block", ws.words[k - 1])):
            a = k + 1
            b = phrase_end(ws, lex, a, c0, limit=8)
            if b > a and skip_connectives(ws, lex, b, c0) == c0:
                mentions = ws.mentions_in(a, b)
                if mentions or lex.has("hearer", ws.words[a]):
                    return self._hearer(a, b)
        del info
        return None

    def _hearer(self, a: int, b: int) -> tuple[tuple[int, int], str | None] | None:
        if b <= a:
            return None
        m = next((m for m in self.ws.mentions_in(a, b) if m.entity_id and m.type in ("ORG", "PER")), None)
        return self.ws.span(a, b), (m.entity_id if m is not None else None)

    # -- «به گفته X، …» ---------------------------------------------------------------------------------
    def _prep(self, si: int, c0: int, c1: int, cue: Cue, clause: int, b: int) -> int | None:
        ws, lex, text = self.ws, self.lex, self.text
        if c1 >= b:
            return None
        if lex.has("pronoun", ws.words[c1]):
            j = c1 + 1
        else:
            comma = _next_comma(ws, c1, min(b, c1 + 16))
            j = comma if comma is not None else phrase_end(ws, lex, c1, b)
            while j > c1 and not ws.letter[j - 1]:
                j -= 1
        if j <= c1:
            return None
        info = classify(text, ws, lex, c1, j)
        if info.doubtful:
            return None
        after = j + 1 if j < b and ws.words[j] in ("،", ",") else j
        start = skip_connectives(ws, lex, clause, c0)
        if start == c0 and b - after >= MIN_CONTENT_WORDS:
            content = _trim(text, ws.starts[after], ws.ends[b - 1])
        elif c0 - start >= MIN_CONTENT_WORDS:
            content = _trim(text, ws.starts[start], ws.ends[c0 - 1])
        else:
            return None
        form = self._form(content)
        if form == "direct":
            content = self._unquote(content)
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(c0, c1),
            cue_lemma=cue.lemma,
            content=content,
            form=form,
            modality=content_modality(text, content, lex),
        )
        self.found.append(_Found(st, info, si, kind="prep"))
        return after

    # -- «در این گزارش آمده است: …» -----------------------------------------------------------------
    def _passive(self, si: int, c0: int, c1: int, cue: Cue, clause: int, b: int) -> int | None:
        ws, lex, text = self.ws, self.lex, self.text
        form: StatementForm
        mode = _mode(ws, c1, b)
        if mode == "bare" and ws.words[c1] in ("،", ",") and ws.words[c0] in _PREP_OPENERS:
            mode = "colon"  # «بنابر گزارش‌ها، [content]»
        if mode not in ("colon", "that", "quote"):
            return None
        lo = max(clause, c0 - MAX_CLAUSE_WORDS)
        doc = self._document(lo, c0)
        if doc is None and cue.lemma == "آمده است":  # «… آمده است» without «در X» is "has come"
            return None
        if doc is not None:
            a, j = doc
            mentions = [m for m in ws.mentions_in(a, j) if m.entity_id and m.type in ("ORG", "GPE")]
            s, e = ws.span(a, j)
            if mentions:
                sp = Speaker(s, e, "institution", text[s:e], entity_id=mentions[0].entity_id)
            else:
                sp = Speaker(s, e, "unattributed", text[s:e], descriptor=text[s:e])
        else:
            p = ws.starts[c0]
            sp = Speaker(p, p, "unattributed", "")
        if mode == "quote":
            region = self.quotes.starting_at(ws.ends[c1])
            if region is None:
                return None
            content, form = region, "direct"
        else:
            cs = ws.starts[c1 + 1] if c1 + 1 < b else ws.ends[b - 1]
            content = _trim(text, cs, ws.ends[b - 1])
            form = self._form(content)
            if form == "direct":
                content = self._unquote(content)
        st = Statement(
            speaker=sp,
            cue=ws.span(c0, c1),
            cue_lemma=cue.lemma,
            content=content,
            form=form,
            modality=content_modality(text, content, lex),
        )
        self.found.append(_Found(st, SpeakerInfo(sp), si, continues=mode != "quote" and form != "direct"))
        return c1 + 1

    def _document(self, lo: int, c0: int) -> tuple[int, int] | None:
        # «در [این/ادامه این] [گزارش/بیانیه …] [X]» before the cue.
        ws, lex = self.ws, self.lex
        doc = lex.words.get("document")
        if doc is None:
            return None
        for k in range(lo, c0):
            if ws.words[k] != "در":
                continue
            a = k + 1
            j = a
            while j < c0 and (lex.has("demonstrative", ws.words[j]) or ws.words[j] in ("یک",)):
                j += 1
            if j < c0 and doc.match(ws, j, c0) is not None:
                end = phrase_end(ws, lex, a, c0)
                # «در ادامه این گزارش»: keep going over «ادامه/بخشی» + «این گزارش».
                while end < c0 and ws.words[end] == "در":
                    end = phrase_end(ws, lex, end + 1, c0)
                return a, max(end, j + 1)
        return None

    # -- a headline «ظریف: …» ------------------------------------------------------------------------
    def _headline(self, si: int, a: int, b: int) -> int:
        ws = self.ws
        m = ws.mention_of.get(a)
        if m is not None and m.type == "PER" and ws.mention_end[a] < b and ws.words[ws.mention_end[a]] == ":":
            k = ws.mention_end[a]
            info = classify(self.text, ws, self.lex, a, k)
        else:
            found = self._line_speaker(a, b)
            if found is None:
                return a
            info, k = found
        if k + 1 >= b:
            return a
        content = _trim(self.text, ws.starts[k + 1], ws.ends[b - 1])
        form = self._form(content)
        if form == "direct":
            content = self._unquote(content)
        st = Statement(
            speaker=info.speaker,
            cue=ws.span(k, k + 1),
            cue_lemma=":",
            content=content,
            form=form,
            modality=content_modality(self.text, content, self.lex),
        )
        self.found.append(_Found(st, info, si))
        return k + 1

    def _is_title(self, a: int) -> bool:
        """Whether word ``a`` opens the first line of an article of several lines (its title)."""
        raw = self.article.raw_text or self.text
        return "\n" in raw.strip() and "\n" not in self.text[: self.ws.starts[a]]

    def _line_speaker(self, a: int, b: int) -> tuple[SpeakerInfo, int] | None:
        """«یک فرمانده سپاه: …»، «نیویورک تایمز: …»، «پومپئو با اشاره به …: …»، «دیپلمات‌ها به رویترز: …»:
        a speaker phrase opening a line, then a colon (the headline cue): (its info, the colon's word).
        """
        ws, lex, text = self.ws, self.lex, self.text
        s = ws.starts[a]
        if s > 0 and text[s - 1] != "\n" and s not in self.line_starts:
            return None
        cap = min(b, a + MAX_HEADLINE_WORDS)
        k = next((k for k in range(a, cap) if ws.words[k] == ":"), None)
        if k is None or k == a:
            return None
        j = phrase_end(ws, lex, a, k)
        if j <= a:
            return None
        # After the phrase only a recipient «به X» or an adverbial «با اشاره به …»/«در …» may come.
        if j < k and ws.words[j] not in ("به", "با", "در", "درباره", "در مورد"):
            return None
        if any(ws.letter[x] and lex.cues.match(ws, x, k) is not None for x in range(a, k)):
            return None
        info = classify(text, ws, lex, a, j)
        sp = info.speaker
        if info.doubtful or info.fallback or info.guessed or sp.kind in ("pronoun", "unattributed"):
            return None
        if sp.kind == "anaphoric":
            return None
        return info, k

    # -- forms ----------------------------------------------------------------------------------------
    def _form(self, content: tuple[int, int]) -> StatementForm:
        s, e = content
        if e <= s:
            return "indirect"
        text = self.text
        if text[s] in _OPEN_QUOTES:
            region = self.quotes.starting_at(s + 1)
            if region is not None and region[1] >= e - 1:
                return "direct"
        # A quoted passage of three words or more inside reported speech: mixed.
        k = bisect_right(self.quotes.starts, s)
        while k < len(self.quotes.regions) and self.quotes.starts[k] < e:
            rs, re_ = self.quotes.regions[k]
            if text.count(" ", rs, min(re_, rs + 200)) >= 2:
                return "mixed"
            k += 1
        return "indirect"

    def _unquote(self, content: tuple[int, int]) -> tuple[int, int]:
        region = self.quotes.starting_at(content[0] + 1)
        return region if region is not None else content

    def _sentence_subjects(self) -> list[SpeakerInfo]:
        """Persons and titled offices that open a sentence (its subject): what «وی» may refer to."""
        ws, lex, text = self.ws, self.lex, self.text
        out = []
        for s, e in self.sentences:
            a, b = ws.index(s), ws.index(e)
            prefix = relay_prefix(text, ws, lex, self.f.registry, a, b)
            a = skip_connectives(ws, lex, prefix.end if prefix is not None else a, b)
            if a >= b:
                continue
            j = phrase_end(ws, lex, a, b)
            if j <= a:
                continue
            info = classify(text, ws, lex, a, j)
            if info.speaker.kind in ("named", "role") and not info.fallback:
                out.append(info)
        return out

    # -- after the walk: resolution and relays ---------------------------------------------------------
    def _finish(self) -> None:
        found = self.found
        found.sort(key=lambda f: f.statement.cue[0])
        resolver = Resolver(self.lex)
        pronouns = any(f.info.speaker.kind == "pronoun" for f in found)
        subjects = self._sentence_subjects() if pronouns else []
        contents = sorted(f.statement.content for f in found)
        c_starts = [c[0] for c in contents]
        chain = list(self.chain or [])
        outlet = self.article.outlet
        if outlet:
            own = self.f.outlet(outlet)
            if not chain or not same_link(own, chain[0]):
                chain.insert(0, own)
        k = 0
        subject: SpeakerInfo | None = None
        for f in found:
            st = f.statement
            pos = st.cue[0]
            while k < len(subjects) and subjects[k].speaker.start < pos:
                cand = subjects[k]
                k += 1
                if not _inside(c_starts, contents, cand.speaker.start):
                    subject = cand
            resolver.resolve(f.info, subject if f.info.speaker.kind == "pronoun" else None)
            links = [*chain]
            for r in (*self.sentence_relays.get(f.sentence, ()), *f.clause_relays):
                if not any(same_link(r, x) for x in links):
                    links.append(r)
            st.relay = links
        # What an outlet is quoted saying carries that outlet for the statements inside it.
        for f in found:
            if not f.info.outlet or f.statement.speaker is None:
                continue
            sp = f.statement.speaker
            cs, ce = f.statement.content
            link = Relay(sp.text, sp.start, sp.end, sp.entity_id, f.statement.cue_lemma)
            for g in found:
                inside = g is not f and cs <= g.statement.cue[0] < ce
                if inside and not any(same_link(link, x) for x in g.statement.relay):
                    g.statement.relay.append(Relay(link.name, link.start, link.end, link.entity_id, link.cue))


# -- helpers ----------------------------------------------------------------------------------------------
def _split_lines(article: Article, sentences: list[tuple[int, int]], line_starts: set[int]) -> list[tuple[int, int]]:
    """Sentences, the title cut off: a first line without final punctuation that the normalizer joined
    to the next one («چلبی: … ⏎ احمد چلبی گفت …») is a sentence of its own (its end: the raw text's
    first line break). Other joined lines («به گزارش ⏎ خبرگزاری …») stay joined.
    """
    raw, offsets = article.raw_text, article.offsets
    nl = raw.find("\n") if raw else -1
    if nl < 0 or offsets is None or not sentences:
        return list(sentences)
    s, e = sentences[0]
    rs, re_ = article.raw_span((s, e))
    if not rs <= nl < re_:
        return list(sentences)
    text = article.text
    pos = text.find(" ", s, e)
    while pos >= 0:
        if offsets.to_raw(pos) <= nl < offsets.to_raw(pos + 1):
            line_starts.add(pos + 1)
            return [(s, pos), (pos + 1, e), *sentences[1:]]
        pos = text.find(" ", pos + 1, e)
    return list(sentences)


def _mode(ws: Words, c1: int, b: int) -> str:
    """What follows a cue: colon | that | quote | tail (the sentence ends) | bare (content follows)."""
    if c1 >= b:
        return "tail"
    w = ws.words[c1]
    if w == ":":
        return "colon"
    if w == "که":
        return "that"
    if w in _OPEN_QUOTES:
        return "quote"
    if all(ws.words[k] in _END_PUNCT for k in range(c1, min(b, c1 + 3))) and b - c1 <= 3:
        return "tail"
    return "bare"


def _tail_split(ws: Words, lo: int, c0: int) -> tuple[int, int] | None:
    """«[content]، [speaker] گفت.» / ««…» [speaker] گفت.»: (end of the content, start of the speaker)."""
    for k in range(c0 - 1, max(lo, c0 - MAX_TAIL_SPEAKER_WORDS) - 1, -1):
        w = ws.words[k]
        if w in ("،", ","):
            if k > lo and ws.words[k - 1] in _CLOSE_QUOTES:
                return k, k + 1
            return k, k + 1
        if w in _CLOSE_QUOTES:
            return k + 1, k + 1
    return None


def _clause_start(ws: Words, lex: Lexicon, lo: int, c0: int) -> tuple[int, int]:
    """Where the cue's clause starts: (after a colon, after an auxiliary that ends an earlier clause).

    «خبرگزاری فارس: استاندار زنجان گفت: …» — a colon before the cue opens a new clause. So may an
    auxiliary («… منتفی است سرپرست تیم اعلام کرد»); that second start is tried first, and given up
    when no speaker phrase follows it («وی با بیان اینکه … است، گفت»).
    """
    aux = -1
    for k in range(c0 - 1, lo - 1, -1):
        w = ws.words[k]
        if w == ":":
            return k + 1, max(aux, k + 1)
        if aux < 0 and k + 1 < c0 and ws.first[k] and ws.words[k + 1] != "،":
            if lex.has("clause-end", w) and ws.last[k]:
                aux = k + 1
            elif w in ("می", "نمی") and not ws.last[k]:  # a verb «می‌…» ends a clause too
                aux = k + 1
                while aux < c0 and not ws.first[aux]:
                    aux += 1
    return lo, max(aux, lo)


def _after_modal(ws: Words, lex: Lexicon, lo: int, c0: int) -> bool:
    # «باید به این نکته اشاره کرد»: an infinitive after a modal, not a report.
    for k in range(c0 - 1, max(lo, c0 - MAX_MODAL_GAP) - 1, -1):
        w = ws.words[k]
        if w in ("،", ",", ":"):
            return False
        if lex.has("modal", w) or (k + 1 < c0 and ws.first[k] and lex.words["modal"].get((w, ws.words[k + 1]))):
            return True
    return False


def _last_comma(ws: Words, i: int, c0: int) -> int | None:
    for k in range(c0 - 1, i - 1, -1):
        if ws.words[k] in ("،", ","):
            return k
    return None


def _next_comma(ws: Words, i: int, end: int) -> int | None:
    for k in range(i, end):
        if ws.words[k] in ("،", ","):
            return k
    return None


def _has_object_marker(ws: Words, lex: Lexicon, i: int, c0: int) -> bool:
    # «… این خبر را اعلام کرد»: the cue governs an object, not reported speech (an «را» inside an
    # adverbial clause closed by a comma, «با بیان اینکه … را …، گفت که», does not count, nor one inside
    # a relative clause closed by its own verb, «X که حکم خود را می‌گذراند اعلام کرد», nor the object of an
    # earlier cue: the caller starts ``i`` after it, «آن را … خوانده و گفته بود …»).
    verb = False  # a finite verb between the word looked at and the cue
    for k in range(c0 - 1, i - 1, -1):
        w = ws.words[k]
        if w in ("،", ","):
            return False
        if w == "را":
            return not verb
        if ws.first[k] and (
            (w in ("می", "نمی") and not ws.last[k]) or (lex.has("clause-end", w) and ws.last[k])
        ):
            verb = True
    return False


def _has_verb(ws: Words, lex: Lexicon, i: int, c0: int) -> bool:
    """Whether a finite verb («می‌…», an auxiliary) stands among words ``[i, c0)``: another clause."""
    for k in range(i, c0):
        w = ws.words[k]
        if ws.first[k] and ((w in ("می", "نمی") and not ws.last[k]) or (lex.has("clause-end", w) and ws.last[k])):
            return True
    return False


def _cue_modality(cue: Cue) -> Modality | None:
    if cue.question:
        return "question"
    if cue.negated or cue.denial:
        return "denied"
    return None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e)


def _inside(starts: list[int], spans: list[tuple[int, int]], pos: int) -> bool:
    k = bisect_right(starts, pos) - 1
    # Contents may nest; the few before ``pos`` are enough to look at.
    return any(spans[j][0] <= pos < spans[j][1] for j in range(k, max(-1, k - 4), -1))

"""Relay chains: «به گزارش خبرنگار سیاسی خبرگزاری تسنیم»، «به گزارش ایسنا به نقل از رویترز»، «فارس: …».

A sentence that opens with «به گزارش X» (optionally «و/به نقل از Y»، «از Y» for an outlet Y) up to its
first comma is a relay prefix; its links, in order, go from the publisher towards the original source.
The first such prefix near the top of an article is the article's chain; every statement carries it,
plus the links of a later prefix in its own sentence and any «… به نقل از Z» in its own clause.
A link's name is the outlet mention inside it («خبرگزاری تسنیم», not «خبرنگار سیاسی …»), else an
outlet the registry knows among its words (lookup-only names such as «فارس» included), else the
phrase from its outlet head word («روزنامه …») or the whole phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from didban.article import Relay
from didban.attribution.cues import Lexicon
from didban.attribution.speakers import skip_connectives
from didban.attribution.words import Words
from didban.entities.registry import Registry

MAX_LINK_WORDS = 14  # «به گزارش خبرنگار اعزامی خبرگزاری فارس به وین …»
MAX_LOOKUP_WORDS = 5
_CLOSERS = frozenset({"،", ":", ",", "؛"})
_DATELINE_MARKS = frozenset({":", "-", "–", "_"})  # «خبرگزاری فارس: …», «خبرگزاری فارس- …»


@dataclass(slots=True)
class Prefix:
    """A relay prefix: its links and the word its clause starts at (after the comma)."""

    links: list[Relay]
    end: int


def relay_prefix(text: str, ws: Words, lex: Lexicon, registry: Registry, i: int, end: int) -> Prefix | None:
    """The relay prefix at word ``i`` («به گزارش …،» or a dateline «خبرگزاری فارس: …»، «ایرنا- …»), if any."""
    i = skip_connectives(ws, lex, i, end)
    if i >= end:
        return None
    hit = lex.cues.match(ws, i, end)
    if hit is None or hit[1].kind != "report":
        return _dateline(text, ws, lex, registry, i, end)
    links: list[Relay] = []
    cue = hit[1].lemma
    j = i + hit[0]
    words = ws.words
    place = -1  # the word after a dateline place «از تهران» that follows the last link
    while j < end:
        k = _link_end(ws, lex, j, end)
        if k > j:
            link = make_link(text, ws, lex, registry, j, k, cue)
            # «به گزارش فارس از تهران»: an «از» link that names no outlet is a dateline, not a relay.
            if cue != "از" or _is_outlet(link, ws, lex, j, k):
                links.append(link)
                place = -1
            else:
                place = min(k, ws.mention_end.get(j, j + 1))
        j = k
        if j < end and words[j] in ("،", ",") and j + 1 < end:
            # «به گزارش خبرگزاری فارس از مشهد، به نقل از روابط عمومی استانداری، …»: the chain goes on.
            nxt = _next_link(ws, lex, j + 1, end)
            if nxt is not None and nxt[0] != "از":
                cue, j = nxt
                continue
        if j >= end or words[j] in _CLOSERS:
            break
        nxt = _next_link(ws, lex, j, end)
        if nxt is None:
            break
        cue, j = nxt
    if not links:
        return None
    if j < end and words[j] in _CLOSERS:
        j += 1
    elif j < end:
        # No comma closes it («به گزارش سایت گل متوسل‌زاده … گفت»): it ends with the last link's name.
        last = links[-1]
        if last.end is not None:
            j = max(ws.index(last.end), i + 1)
            if last.entity_id is None:
                s, e = last.start or 0, last.end
                k = ws.index(s)
                j = min(j, k + 2)
                e = ws.ends[j - 1]
                links[-1] = Relay(text[s:e], s, e, None, last.cue)
            if j < end and words[j] in ("»", '"', "”"):  # the name's closing quotation mark
                j += 1
            j = max(j, place)  # «به گزارش فارس از کاشان رضا حسینی گفت»: the speaker after the place
    return Prefix(links, j)


def cite_link(text: str, ws: Words, lex: Lexicon, registry: Registry, i: int, end: int) -> tuple[Relay, int] | None:
    """«به نقل از X» at word ``i`` inside a clause: the link and the word after it."""
    hit = lex.cues.match(ws, i, end)
    if hit is None or hit[1].kind != "cite":
        return None
    j = i + hit[0]
    k = _link_end(ws, lex, j, end)
    if k <= j:
        return None
    return make_link(text, ws, lex, registry, j, k, hit[1].lemma), k


def _dateline(text: str, ws: Words, lex: Lexicon, registry: Registry, i: int, end: int) -> Prefix | None:
    # «خبرگزاری فارس: …» — an outlet name alone before a colon at a sentence start.
    k = ws.mention_end.get(i)
    if k is None:
        k = i
        while k < end and k - i < 4 and ws.letter[k]:
            k += 1
    if k >= end or ws.words[k] not in _DATELINE_MARKS or k == i:
        return None
    link = make_link(text, ws, lex, registry, i, k, ws.words[k])
    if not (link.entity_id or "").startswith("outlet:"):
        return None
    # A dateline is the publisher's byline, not a relay written into the report: like the outlet taken
    # from metadata it carries no span (the guidelines' chain starts at the «به گزارش …» lead).
    return Prefix([Relay(link.name, None, None, link.entity_id, link.cue)], k + 1)


def _link_end(ws: Words, lex: Lexicon, j: int, end: int) -> int:
    words = ws.words
    k = j
    cap = min(end, j + MAX_LINK_WORDS)
    while k < cap:
        m_end = ws.mention_end.get(k)
        if m_end is not None and m_end <= end:
            k = m_end
            continue
        w = words[k]
        if w in _CLOSERS:
            break
        if k > j and _next_link(ws, lex, k, end) is not None:
            break
        if k > j and ws.letter[k] and _speech_cue(ws, lex, k, end):
            break  # «به گزارش «ورزش سه» علی کریمی گفت: …»: no comma closed the link, the speaker's clause did
        k += 1
    return k


def _speech_cue(ws: Words, lex: Lexicon, k: int, end: int) -> bool:
    hit = lex.cues.match(ws, k, end)
    return hit is not None and hit[1].kind in ("verb", "passive")


def _next_link(ws: Words, lex: Lexicon, k: int, end: int) -> tuple[str, int] | None:
    """At word ``k``: «به نقل از» / «و به نقل از» / «از» opening the next link: (cue, its first word)."""
    words = ws.words
    if words[k] == "و" and k + 1 < end:
        k += 1
    hit = lex.cues.match(ws, k, end)
    if hit is not None and hit[1].kind == "cite":
        return hit[1].lemma, k + hit[0]
    if words[k] == "از" and k + 1 < end:
        return "از", k + 1
    return None


def _is_outlet(link: Relay, ws: Words, lex: Lexicon, i: int, j: int) -> bool:
    if link.entity_id:
        return link.entity_id.startswith("outlet:")
    table = lex.words.get("outlet")
    return table is not None and any(table.match(ws, k, j) is not None for k in range(i, j))


def make_link(text: str, ws: Words, lex: Lexicon, registry: Registry, i: int, j: int, cue: str) -> Relay:
    """The relay link named by words ``[i, j)``."""
    mentions = ws.mentions_in(i, j)
    best = None
    for m in mentions:
        if m.entity_id and m.entity_id.startswith("outlet:"):
            best = m
            break
    if best is None:
        best = next((m for m in mentions if m.type in ("ORG", "PER") and m.entity_id), None)
    if best is not None:
        return Relay(best.text or text[best.start : best.end], best.start, best.end, best.entity_id, cue)
    found = _registry_outlet(ws, registry, i, j)
    if found is not None:
        a, b, eid = found
        s, e = ws.span(a, b)
        return Relay(text[s:e], s, e, eid, cue)
    # No known outlet: from an outlet head word («روزنامه …»), else the whole phrase.
    a = i
    outlet = lex.words.get("outlet")
    reporter = lex.words.get("reporter")
    if outlet is not None:
        for k in range(i, j):
            if outlet.match(ws, k, j) is not None:
                a = k
                break
        else:
            while reporter is not None and a < j - 1 and reporter.match(ws, a, j) is not None:
                a += reporter.match(ws, a, j)[0]  # type: ignore[index]
    while a < j and not ws.letter[a]:
        a += 1
    b = j
    while b > a and not ws.letter[b - 1]:
        b -= 1
    if b <= a:
        a, b = i, j
    s, e = ws.span(a, b)
    return Relay(text[s:e], s, e, None, cue)


def _registry_outlet(ws: Words, registry: Registry, i: int, j: int) -> tuple[int, int, str] | None:
    # Longest word run that the registry knows as exactly one outlet (lookup-only names included).
    words = ws.words
    for size in range(min(MAX_LOOKUP_WORDS, j - i), 0, -1):
        for a in range(i, j - size + 1):
            b = a + size
            if not (ws.first[a] and ws.last[b - 1]):
                continue
            outlets = {r.id for r in registry.lookup_key(" ".join(words[a:b])) if r.category == "outlets"}
            if len(outlets) == 1:
                return a, b, outlets.pop()
    return None


def same_link(a: Relay, b: Relay) -> bool:
    """Whether two links name the same outlet (by registry id, else by name)."""
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return a.name == b.name


def outlet_link(name: str, registry: Registry) -> Relay:
    """The article's own outlet as the chain's first link (linked when the registry knows the name)."""
    from didban.entities.registry import alias_key

    outlets = {r.id for r in registry.lookup_key(alias_key(name)) if r.category == "outlets"}
    if not outlets:
        outlets = {r.id for r in registry.records.values() if r.category == "outlets" and r.en == name}
    return Relay(name, None, None, outlets.pop() if len(outlets) == 1 else None, "")

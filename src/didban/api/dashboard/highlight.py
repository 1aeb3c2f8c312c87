"""Article text with its analysis highlighted, built from character offsets.

Spans overlap freely (a mention inside a statement's content, a trigger inside both), so they are not
nested as elements: the text is cut at every span edge, and each piece becomes one flat element carrying
the classes of all the spans covering it. No element stays open across pieces, so no combination of
offsets can produce broken markup, and every piece of text is escaped on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from didban.api.dashboard.fmt import ENTITY_TYPES, EVENT_TYPES, MODALITIES, label
from didban.article import Article

_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span of the text."""

    start: int
    end: int
    classes: tuple[str, ...]  # CSS classes (sanitized when rendered: types come from stored data)
    ref: str = ""  # links the span to its side-list item (``data-refs``), e.g. "s0"
    title: str = ""  # tooltip
    href: str | None = None  # the piece becomes a link (a mention's entity page)


def css_class(value: str) -> str:
    return _CLASS_SAFE.sub("", value)


def highlight(
    text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None, *, inline: bool = False
) -> Markup:
    """``text[start:end]`` as HTML paragraphs (one per line) with ``marks`` highlighted; ``inline``: as
    phrasing content (no paragraphs, line breaks as spaces), for a title."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    spans = sorted(
        (m for m in marks if m.start < m.end and m.end > start and m.start < end),
        key=lambda m: (m.start, -m.end),
    )
    cuts = {start, end}
    for m in spans:
        cuts.add(max(m.start, start))
        cuts.add(min(m.end, end))
    edges = sorted(cuts)
    br = " " if inline else "</p>\n<p>"
    out: list[str] = [] if inline else ["<p>"]
    active: list[Mark] = []
    i = 0
    for a, b in pairwise(edges):
        while i < len(spans) and spans[i].start <= a:
            active.append(spans[i])
            i += 1
        active = [m for m in active if m.end > a]
        out.append(_piece(text[a:b], active, br))
    if not inline:
        out.append("</p>")
    return Markup("".join(out))


def _piece(piece: str, active: list[Mark], br: str) -> str:
    # A line break ends the paragraph; the piece is closed before it and reopened after, which the flat
    # structure allows.
    if not active:
        return br.join(str(escape(line)) for line in piece.split("\n"))
    classes = dict.fromkeys(css_class(c) for m in active for c in m.classes)
    refs = dict.fromkeys(css_class(m.ref) for m in active if m.ref)
    titles = dict.fromkeys(m.title for m in active if m.title)
    href = next((m.href for m in active if m.href), None)
    tag = "a" if href else "span"
    attrs = f' class="hl {" ".join(c for c in classes if c)}"'
    if refs:
        attrs += f' data-refs="{" ".join(refs)}"'
    if titles:
        attrs += f' title="{escape(" · ".join(titles))}"'
    if href:
        attrs += f' href="{escape(href)}"'
    lines = [f"<{tag}{attrs}>{escape(line)}</{tag}>" if line else "" for line in piece.split("\n")]
    return br.join(lines)


def article_marks(article: Article, entity_href: dict[str, str]) -> list[Mark]:
    """The marks of an analysed article: mentions, statements (speaker, cue, content, relays), event
    triggers and framing labels. ``entity_href`` maps entity ids to their page."""
    names = {e.id: e.name for e in article.entities}
    marks: list[Mark] = []
    for i, m in enumerate(article.mentions):
        title = f"{label(ENTITY_TYPES, m.type)}: {names.get(m.entity_id or '', m.text)}"
        href = entity_href.get(m.entity_id) if m.entity_id else None
        marks.append(Mark(m.start, m.end, ("m", f"t-{m.type}"), f"m{i}", title, href))
    for i, s in enumerate(article.statements):
        ref = f"s{i}"
        if s.speaker is not None:
            marks.append(Mark(s.speaker.start, s.speaker.end, ("sp",), ref, "گوینده"))
        marks.append(Mark(s.cue[0], s.cue[1], ("cue",), ref, f"فعل گزارشی: {s.cue_lemma}"))
        marks.append(Mark(s.content[0], s.content[1], ("sc", f"q-{s.modality}"), ref, "گفته"))
        for r in s.relay:
            if r.start is not None and r.end is not None:
                marks.append(Mark(r.start, r.end, ("rl",), ref, f"منبع: {r.cue} {r.name}".strip()))
    for i, e in enumerate(article.events):
        title = f"رویداد: {label(EVENT_TYPES, e.type)} ({label(MODALITIES, e.modality)})"
        marks.append(Mark(e.trigger[0], e.trigger[1], ("ev", f"q-{e.modality}"), f"e{i}", title))
    for i, f in enumerate(article.framings):
        marks.append(Mark(f.label[0], f.label[1], ("fr",), f"f{i}", f"برچسب: {names.get(f.entity_id or '', '')}"))
    return marks


__all__ = ["Mark", "article_marks", "css_class", "highlight"]

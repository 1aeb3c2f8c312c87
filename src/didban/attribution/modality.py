"""Modality of a statement's content: asserted, possible, intended, conditional, denied or question.

`content_modality` reads the first sentence of the content (where Persian puts a condition, «در صورت
درخواست بغداد، …», or a hedge, «ممکن است …») for the markers of ``didban/fa/cues.tsv``. A statement's
own modality also depends on its cue: a negated or denying cue («نگفت»، «تکذیب کرد») makes it denied,
«پرسید» a question (see `didban.attribution.statements`). The events stage can call the same function
on an event's sentence.
"""

from __future__ import annotations

from didban.article import Modality, Span
from didban.attribution.cues import Lexicon, default_lexicon
from didban.attribution.words import Words
from didban.text.segment import tokenize

SCOPE_CHARS = 400  # the markers are read in the content's first sentence, at most this long
# When several markers appear, the strongest wins.
_RANK: dict[str, int] = {"question": 5, "denied": 4, "conditional": 3, "possible": 2, "intended": 1}
_SENTENCE_ENDS = (". ", "! ", "؟ ", "? ", "\n")


def content_modality(text: str, span: Span, lexicon: Lexicon | None = None) -> Modality:
    """How certain what ``text[span]`` reports is, from its markers; "asserted" when it has none."""
    lex = lexicon or default_lexicon()
    start, end = span
    end = min(end, len(text), start + SCOPE_CHARS)
    for mark in _SENTENCE_ENDS:
        k = text.find(mark, start, end)
        if k >= 0:
            end = k + 1
    first = text[start:end].rstrip(" .»\"'")
    if first.endswith(("؟", "?")):
        return "question"
    tokens = tokenize(text, start, end)
    if not tokens:
        return "asserted"
    ws = Words(text, tokens)
    table = lex.modality
    best = ""
    i, n = 0, len(ws)
    while i < n:
        hit = table.match(ws, i, n)
        if hit is None:
            i += 1
            continue
        size, kind = hit
        if kind == "question" and i > 0:  # «آیا» asks only at the start
            i += size
            continue
        if _RANK[kind] > _RANK.get(best, 0):
            best = kind
        i += size
    return best or "asserted"  # type: ignore[return-value]

"""Extractive summaries: 1–3 sentences chosen by position, title overlap, centrality and entities.

News puts its point first, so position carries most of the weight (lead-1 and lead-3 are strong
baselines); the other features let a later sentence win when the first is a dateline or a quote lead-in,
and decide whether a second or third sentence adds enough to be worth its length. The title line is never
part of the summary (it is already shown).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from didban.topics.keywords import DocumentFrequencies
from didban.topics.words import Span, content_keys

W_POSITION = 1.0
W_TITLE = 0.5
W_CENTRAL = 0.6
W_ENTITY = 0.05
MIN_WORDS = 4  # content words: shorter lines (bylines, photo captions) are not summary sentences
KEEP_RATIO = 0.85  # a further sentence joins when it scores at least this share of the best one
MAX_CHARS = 450


def summarize(
    text: str,
    sentences: Sequence[Span],
    tokens: Sequence[Span],
    idf: DocumentFrequencies,
    title_span: Span | None = None,
    mention_spans: Sequence[Span] = (),
    max_sentences: int = 3,
) -> list[Span]:
    """Up to ``max_sentences`` sentence spans (at least one when the text has any), in text order."""
    keys = content_keys(text, tokens)
    ntok = len(tokens)
    per_sentence: list[tuple[Span, list[str]]] = []
    title_words: set[str] = set()
    t = 0
    for span in sentences:
        words: list[str] = []
        while t < ntok and tokens[t][0] < span[1]:
            key = keys[t]
            if key is not None and tokens[t][0] >= span[0]:
                words.append(key)
            t += 1
        if title_span is not None and span[0] >= title_span[0] and span[1] <= title_span[1]:
            title_words.update(words)
        else:
            per_sentence.append((span, words))
    cands = [(span, words) for span, words in per_sentence if len(words) >= MIN_WORDS] or per_sentence
    if not cands:
        return []
    doc = Counter(w for _, words in cands for w in words)
    idf_of, unseen, log = idf.table.get, idf.unseen, math.log
    doc_vec = {w: (1 + log(c)) * idf_of(w, unseen) for w, c in doc.items()}
    doc_norm = math.sqrt(sum(v * v for v in doc_vec.values())) or 1.0
    ment = sorted(s for s, _ in mention_spans)
    scored: list[tuple[float, Span]] = []
    for rank, (span, words) in enumerate(cands):
        counts = Counter(words)
        vec = {w: (1 + log(c)) * idf_of(w, unseen) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        central = sum(v * doc_vec[w] for w, v in vec.items()) / (norm * doc_norm)
        title = len(title_words & counts.keys()) / len(title_words) if title_words else 0.0
        entities = sum(1 for s in ment if span[0] <= s < span[1])
        score = W_POSITION / (1 + rank) + W_TITLE * title + W_CENTRAL * central + W_ENTITY * min(entities, 4)
        scored.append((score, span))
    scored.sort(key=lambda x: (-x[0], x[1]))
    best = scored[0][0]
    chosen = [scored[0][1]]
    length = chosen[0][1] - chosen[0][0]
    for score, span in scored[1:max_sentences]:
        if score < KEEP_RATIO * best or length + span[1] - span[0] > MAX_CHARS:
            break
        chosen.append(span)
        length += span[1] - span[0]
    return sorted(chosen)

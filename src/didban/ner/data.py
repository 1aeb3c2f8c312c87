"""NER corpora → sentences in the pipeline's own normalized text and tokens.

The public corpora disagree on spelling (PEYMA writes ZWNJ as a space, the NSURL 600K part uses
Arabic ي/ك) and on tokenization. Each corpus sentence is therefore joined with spaces, run through the
same normalizer and tokenizer as the pipeline, and its IOB labels are projected onto the new tokens.
Scores are computed back on the corpus's own tokens (CoNLL strict: same first token, same last token,
same type), so they stay comparable with published figures whatever our tokenizer does.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from didban.text.normalize import normalize
from didban.text.offsets import OffsetMap
from didban.text.segment import tokenize

# Corpus label → Didban mention type. ``None`` drops the type (the token counts as outside).
TYPE_MAP: dict[str, str | None] = {
    "PER": "PER",
    "PERS": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
    "EVE": "EVENT",
    "DAT": "DAT",
    "TIM": "TIM",
    "MON": "MON",
    "PCT": "PCT",
    "PRO": "PRO",  # Arman's products (books, laws, airplanes): scored in Arman CV, never shipped as a mention
    "POG": None,  # ParsTwiNER's political groups and NAT nationalities: no Didban type
    "NAT": None,
}

Entity = tuple[int, int, str]
"""An entity as (first token, last token, type), indices into the corpus's own tokens."""


@dataclass(slots=True)
class Sentence:
    """One corpus sentence, in corpus tokens and in the pipeline's normalized tokens."""

    words: list[str]  # the corpus tokens
    gold: list[Entity]  # gold entities over ``words``
    text: str = ""  # normalized text of the sentence
    tokens: list[tuple[int, int]] = field(default_factory=list)  # spans of ``text``
    labels: list[str] = field(default_factory=list)  # BIO labels of ``tokens``
    word_of_token: list[int] = field(default_factory=list)  # corpus word each token starts in
    last_word_of_token: list[int] = field(default_factory=list)  # corpus word each token ends in

    def token_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.tokens]


def read_conll(path: str | Path, sep: str | None = None) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a ``token<sep>tag`` file as (tokens, IOB tags); blank lines and -DOCSTART- split them.

    The tag is the last field, so tokens that contain the separator or a space stay whole.
    """
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            cut = max(line.rfind("\t"), line.rfind(" "), line.rfind("|")) if sep is None else line.rfind(sep)
            if cut <= 0:
                continue  # a token with no tag: nothing to learn from it
            word, tag = line[:cut].strip(), line[cut + 1 :].strip()
            if word:
                words.append(word)
                tags.append(tag)
    if words:
        yield words, tags


def entities_from_tags(tags: list[str]) -> list[Entity]:
    """IOB/IOB2 tags (``B-X``, ``B_X``, ``I-x``) → entities, with types mapped by `TYPE_MAP`.

    An ``I`` that does not continue an entity of its type starts one (the CoNLL convention).
    """
    out: list[Entity] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, raw_type = tag.replace("_", "-").partition("-")
        t = TYPE_MAP.get(raw_type.upper()) if raw_type else None
        if start >= 0 and not (prefix.upper() == "I" and t == kind):
            out.append((start, i - 1, kind))
            start = -1
        if t is not None and (prefix.upper() == "B" or (prefix.upper() == "I" and start < 0)):
            start, kind = i, t
    return out


def align(words: list[str], gold: list[Entity]) -> Sentence:
    """Normalize and tokenize a corpus sentence the pipeline's way and project its labels."""
    starts: list[int] = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    raw = " ".join(words)
    norm = normalize(raw)
    offsets: OffsetMap = norm.offsets
    tokens = tokenize(norm.text)
    word_label = ["O"] * len(words)
    for first, last, kind in gold:
        word_label[first] = "B-" + kind
        for k in range(first + 1, last + 1):
            word_label[k] = "I-" + kind
    sent = Sentence(words=words, gold=gold, text=norm.text, tokens=tokens)
    prev_word = -1
    for s, e in tokens:
        rs, re_ = offsets.raw_span(s, e)
        first = max(0, bisect.bisect_right(starts, rs) - 1)
        last = max(first, bisect.bisect_right(starts, max(rs, re_ - 1)) - 1)
        sent.word_of_token.append(first)
        sent.last_word_of_token.append(last)
        label = word_label[first]
        if label.startswith("B-") and first == prev_word:
            label = "I-" + label[2:]  # a corpus word split into several tokens: only the first begins
        sent.labels.append(label)
        prev_word = first
    return sent


def load(path: str | Path, limit: int | None = None) -> list[Sentence]:
    """A corpus file as aligned sentences (the separator is sniffed per line)."""
    out: list[Sentence] = []
    for words, tags in read_conll(path):
        out.append(align(words, entities_from_tags(tags)))
        if limit is not None and len(out) >= limit:
            break
    return out


def predicted_entities(sent: Sentence, labels: list[str]) -> list[Entity]:
    """Predicted BIO labels over our tokens → entities over the corpus words, for strict scoring."""
    out: list[Entity] = []
    for first, last, kind in spans_from_labels(labels):
        out.append((sent.word_of_token[first], sent.last_word_of_token[last], kind))
    return out


def spans_from_labels(labels: Iterable[str]) -> list[Entity]:
    """BIO labels → (first, last, type) token ranges; a stray ``I-`` starts an entity."""
    out: list[Entity] = []
    start, kind = -1, ""
    labels = list(labels)
    for i, lab in enumerate([*labels, "O"]):
        is_inside = lab.startswith("I-") and lab[2:] == kind
        if start >= 0 and not is_inside:
            out.append((start, i - 1, kind))
            start = -1
        if lab != "O" and start < 0:
            start, kind = i, lab[2:]
    return out

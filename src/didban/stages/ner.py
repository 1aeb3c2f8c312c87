"""ner: sentences and tokens → mentions (PER, ORG, LOC, FAC, EVENT, DAT, TIM, MON, PCT spans of the text)."""

from __future__ import annotations

from pathlib import Path

from didban.article import Article, Mention, MentionType
from didban.ner.model import NerModel
from didban.text.segment import sentence_tokens

# A sentence is tagged in windows of this many tokens: the CRF is linear in length, but a run-on
# "sentence" of 10,000 tokens (a table, a list scraped without punctuation) should not be one sequence.
MAX_TOKENS = 400


class NerStage:
    name = "ner"
    requires = ("text", "sentences", "tokens")
    provides = ("mentions",)

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model = NerModel(model_dir)

    def __call__(self, article: Article) -> Article:
        text = article.text
        mentions: list[Mention] = []
        for sent in sentence_tokens(article.tokens, article.sentences):
            for lo in range(0, len(sent), MAX_TOKENS):
                window = sent[lo : lo + MAX_TOKENS]
                words = [text[s:e] for s, e in window]
                for first, last, kind in self.model.tag_spans(words):
                    start, end = window[first][0], window[last][1]
                    mentions.append(Mention(start, end, _as_type(kind), text[start:end]))
        article.mentions = mentions
        return article


def _as_type(kind: str) -> MentionType:
    return kind  # type: ignore[return-value]  # the model's labels are MentionType names (checked in tests)

"""segment: text → sentences and tokens (spans into the normalized text)."""

from __future__ import annotations

from didban.article import Article
from didban.text.segment import split_sentences, tokenize


class SegmentStage:
    name = "segment"
    requires = ("text",)
    provides = ("sentences", "tokens")

    def __call__(self, article: Article) -> Article:
        article.sentences = split_sentences(article.text)
        article.tokens = tokenize(article.text)
        return article

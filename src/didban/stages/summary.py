"""summary: text, sentences and tokens (and mentions, when NER ran) → Article.summary (1–3 sentence spans)."""

from __future__ import annotations

from pathlib import Path

from didban.article import Article
from didban.topics.keywords import DocumentFrequencies
from didban.topics.summary import summarize


class SummaryStage:
    name = "summary"
    requires = ("text", "sentences", "tokens")
    provides = ("summary",)

    def __init__(self, max_sentences: int = 3, model_dir: str | Path | None = None) -> None:
        self.max_sentences = max_sentences
        self.idf = DocumentFrequencies(model_dir)

    def __call__(self, article: Article) -> Article:
        mentions = [(m.start, m.end) for m in article.mentions]
        article.summary = summarize(
            article.text, article.sentences, article.tokens, self.idf, article.title_span, mentions, self.max_sentences
        )
        return article

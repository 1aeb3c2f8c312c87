"""keywords: text, sentences and tokens (and mentions, when NER ran) → Article.keywords, best first."""

from __future__ import annotations

from pathlib import Path

from didban.article import Article
from didban.topics.keywords import DocumentFrequencies, keyphrases


class KeywordStage:
    name = "keywords"
    requires = ("text", "sentences", "tokens")
    provides = ("keywords",)

    def __init__(self, k: int = 10, model_dir: str | Path | None = None) -> None:
        self.k = k
        self.idf = DocumentFrequencies(model_dir)

    def __call__(self, article: Article) -> Article:
        # Mentions are optional: with NER earlier in the pipeline, names are favoured and kept whole.
        mentions = [(m.start, m.end) for m in article.mentions]
        article.keywords = keyphrases(
            article.text, article.sentences, article.tokens, self.idf, mentions, article.title_span, self.k
        )
        return article

"""topic: text and tokens → Article.topic and Article.topic_scores (a probability per taxonomy topic)."""

from __future__ import annotations

from pathlib import Path

from didban.article import Article
from didban.topics.classifier import TopicModel


class TopicStage:
    name = "topic"
    requires = ("text", "tokens")
    provides = ("topic", "topic_scores")

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model = TopicModel(model_dir)

    def __call__(self, article: Article) -> Article:
        if not article.tokens:
            article.topic, article.topic_scores = None, {}
            return article
        topic, scores = self.model.predict(article.text, article.tokens)
        article.topic = topic
        article.topic_scores = {t: round(p, 4) for t, p in scores.items()}
        return article

"""normalize: raw_text → text, offsets, title_span (and title when the source gave none)."""

from __future__ import annotations

from collections.abc import Mapping

from didban.article import Article
from didban.text.normalize import Normalizer


class NormalizeStage:
    name = "normalize"
    requires = ("raw_text",)
    provides = ("text", "offsets", "title_span")

    def __init__(self, rules: Mapping[str, bool] | None = None) -> None:
        self.normalizer = Normalizer(disable=[r for r, on in (rules or {}).items() if not on])

    def __call__(self, article: Article) -> Article:
        result = self.normalizer(article.raw_text)
        article.text = result.text
        article.offsets = result.offsets
        article.title_span = result.title_span
        if article.title is None and result.title_span is not None:
            article.title = result.text[result.title_span[0] : result.title_span[1]]
        return article

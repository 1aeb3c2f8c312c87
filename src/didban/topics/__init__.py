"""Topics, keyphrases and extractive summaries: small models that need only the standard library at run time.

- `classifier`: a linear topic classifier (TF-IDF features of normalized words → softmax over the taxonomy);
- `keywords`: ranked, multi-word keyphrases (entities favoured, IDF from shipped document frequencies);
- `summary`: 1–3 sentence extractive summaries (position, title overlap, centrality, entities);
- `words`: the word view they share (stopwords, feature keys, folded matching);
- `data`: reading ../shared/data/news for the training and evaluation scripts and the quality-gate tests.
"""

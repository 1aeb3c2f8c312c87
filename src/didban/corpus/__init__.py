"""Corpus steps: work over many articles at once.

- `didban.corpus.near_duplicates`: re-published copies (wire copy with another lead, a trimmed ending,
  another outlet's name, other spellings) found incrementally with MinHash + LSH (datasketch);
- `didban.corpus.stories`: articles about the same happening grouped into stories over a sliding time
  window, with each story's first publisher;
- `didban.corpus.words`: the words both read (normalized tokens, split at ZWNJ), and story terms;
- `didban.corpus.evaluation`: the test sets built from real news (synthetic re-publications, hard
  negatives) and the scores that `scripts/eval_near_duplicates.py` prints and the quality gate pins.

Nothing is imported here, so ``import didban`` stays light: datasketch and numpy load only when used.
"""

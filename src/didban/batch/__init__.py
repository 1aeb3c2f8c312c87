"""Batch processing of corpora: local process pool, Dask or Spark (``didban batch``)."""

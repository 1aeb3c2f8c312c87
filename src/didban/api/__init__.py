"""The HTTP API and the analysts' dashboard (``pip install 'didban[api]'``; ``didban serve``)."""

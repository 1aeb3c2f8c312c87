"""Per-article stages, one module each, in pipeline order. No I/O; built once; picklable."""

"""Engines: how chunks reach `didban.batch.worker.run_chunk`. Each runs the same per-chunk function.

An engine is ``run(chunks, job, workers=N, on_result=callback, **options) -> start-up seconds``; it
calls ``on_result`` in the driver once per finished chunk, in any order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from didban.batch.job import Chunk, ChunkResult, Job
from didban.errors import DidbanError

OnResult = Callable[[ChunkResult], None]
ENGINES = ("local", "dask", "spark")


class Engine(Protocol):
    def __call__(
        self, chunks: Sequence[Chunk], job: Job, *, workers: int, on_result: OnResult, **options: Any
    ) -> float: ...


def get_engine(name: str) -> Engine:
    """The engine's run function; a missing extra is one line saying what to install."""
    if name == "local":
        from didban.batch.engines.local import run_local

        return run_local
    if name == "dask":
        _require("distributed", "dask")
        from didban.batch.engines.dask_engine import run_dask

        return run_dask
    if name == "spark":
        _require("pyspark", "spark")
        from didban.batch.engines.spark_engine import run_spark

        return run_spark
    raise DidbanError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise DidbanError(f"the {extra} engine needs {module}: pip install 'didban[{extra}]'")

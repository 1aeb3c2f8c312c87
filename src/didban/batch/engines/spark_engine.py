"""The Spark engine: chunks as an RDD of one chunk per partition, each run by `run_chunk` in mapPartitions.

``local[workers]`` by default; under ``spark-submit`` (or with ``master``) the cluster's master is used.
Python workers are reused between tasks (Spark's default), so the pipeline is built once per worker.
Results are collected at the end; progress comes from the done markers the workers write meanwhile.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from didban.batch import state
from didban.batch.engines import OnResult
from didban.batch.job import Chunk, ChunkResult, Job
from didban.batch.worker import init_worker, run_chunk


def _partition(job: Job, specs: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for spec in specs:
        yield run_chunk(Chunk.from_dict(spec), job).to_dict()


def _warm(job: Job, _: Iterator[int]) -> Iterator[int]:
    init_worker(job)
    yield os.getpid()


def spark_session(workers: int, master: str | None = None) -> Any:
    import warnings

    # pyspark warns about pandas 3 at import; the engine uses no pandas API.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("didban-batch").config("spark.ui.enabled", "false")
    if master:
        builder = builder.master(master)
    elif not os.environ.get("SPARK_ENV_LOADED"):  # not under spark-submit: run here
        # The Python workers must be this interpreter (the one with didban installed).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = builder.master(f"local[{workers}]").config("spark.python.worker.reuse", "true")
        builder = builder.config("spark.ui.showConsoleProgress", "false")  # our bar, or none, on stderr
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark(
    chunks: Sequence[Chunk], job: Job, *, workers: int, on_result: OnResult, master: str | None = None,
    spark: Any = None, **options: Any,
) -> float:  # fmt: skip
    t0 = time.perf_counter()
    session = spark or spark_session(workers, master)
    if not chunks:
        return time.perf_counter() - t0
    # Warm up: Python workers are reused, so those that built the pipeline here keep it for the chunks.
    n = min(workers, len(chunks))
    session.sparkContext.parallelize(range(n), n).mapPartitions(partial(_warm, job)).collect()
    startup = time.perf_counter() - t0
    reported: set[str] = set()
    specs = [c.to_dict() for c in chunks]
    rdd = session.sparkContext.parallelize(specs, numSlices=len(specs))
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def collect() -> None:
        try:
            results.extend(rdd.mapPartitions(partial(_partition, job)).collect())
        except BaseException as exc:  # re-raised in the driver thread below
            errors.append(exc)

    thread = threading.Thread(target=collect, name="didban-spark-collect", daemon=True)
    thread.start()
    out, ids = Path(job.out), [c.id for c in chunks]
    while thread.is_alive():
        thread.join(0.5)
        _report_new(out, ids, reported, on_result)
    if errors:
        raise errors[0]
    for data in results:
        if data["chunk_id"] not in reported:
            reported.add(data["chunk_id"])
            on_result(ChunkResult.from_dict(data))
    return startup


def _report_new(out: Path, ids: list[str], reported: set[str], on_result: OnResult) -> None:
    for cid in ids:
        if cid not in reported and state.done_path(out, cid).exists():
            result = state.read_done(out, cid)
            if result is not None:
                reported.add(cid)
                on_result(result)

"""The local engine: this process (``workers=1``) or a pool of processes, each building the pipeline once."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from typing import Any

from didban.batch.engines import OnResult
from didban.batch.job import Chunk, ChunkResult, Job
from didban.batch.worker import init_worker, run_chunk, run_chunk_in_worker


def run_local(chunks: Sequence[Chunk], job: Job, *, workers: int, on_result: OnResult, **options: Any) -> float:
    t0 = time.perf_counter()
    if workers <= 1:
        init_worker(job)
        startup = time.perf_counter() - t0
        for chunk in chunks:
            on_result(run_chunk(chunk, job))
        return startup
    # spawn, not fork: the driver has threads (the progress bar) and a fork copies their locks.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=init_worker, initargs=(job,)) as pool:
        _wait_ready(pool, workers)
        startup = time.perf_counter() - t0
        # One chunk per task, handed out as workers free up; results come back as they finish.
        for data in pool.imap_unordered(run_chunk_in_worker, chunks, chunksize=1):
            on_result(ChunkResult.from_dict(data))
    return startup


def _ready(_: int) -> int:
    time.sleep(0.05)  # long enough that each worker takes one: a worker answers after its initializer ran
    return os.getpid()


def _wait_ready(pool: Any, workers: int) -> None:
    """Wait until the workers have built their pipelines, so start-up is measured apart from the work."""
    for _ in range(5):
        if len(set(pool.map(_ready, range(workers), chunksize=1))) >= workers:
            return

"""The Dask engine: a LocalCluster of ``workers`` single-threaded processes, or the cluster at ``scheduler``."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from functools import partial
from typing import Any

import dask
from distributed import Client, LocalCluster, as_completed

from didban.batch.engines import OnResult
from didban.batch.job import Chunk, ChunkResult, Job
from didban.batch.worker import init_worker, run_chunk


def _task(job: Job, chunk: Chunk) -> dict[str, Any]:
    return run_chunk(chunk, job).to_dict()


_QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False}


def run_dask(
    chunks: Sequence[Chunk], job: Job, *, workers: int, on_result: OnResult, scheduler: str | None = None,
    **options: Any,
) -> float:  # fmt: skip
    t0 = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Processes, one thread each: the pipeline is pure Python, so threads would share one GIL. The
        # workers' statistical profiler (a stack sample every 10 ms) and GIL monitor (every 1 ms) are off:
        # on pure-Python work they cost 7% of the throughput (bench_batch.py: 0.82 → 0.89 of the local pool).
        with dask.config.set(_QUIET_WORKERS):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)  # fmt: skip
        client = Client(cluster)
    try:
        client.run(init_worker, job)  # build the pipeline on every worker now, not inside the first chunk
        startup = time.perf_counter() - t0
        # pure=False: a re-run must execute (the marker decides what is skipped, not Dask's cache).
        futures = client.map(partial(_task, job), list(chunks), pure=False, key=[f"didban-{c.id}" for c in chunks])
        for _, data in as_completed(futures, with_results=True):
            on_result(ChunkResult.from_dict(data))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return startup

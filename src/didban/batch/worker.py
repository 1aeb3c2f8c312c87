"""The per-chunk function every engine runs: read a chunk, analyse it, write its table parts.

The pipeline is built once per worker process (`init_worker`, or on the first chunk) and kept in a
module global; building it loads the NER model and lexicons, which costs far more than one article.
Each stage is wrapped to add up the time spent in it, so a run can say which stage is the slowest.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from didban.article import Article
from didban.batch.job import Chunk, ChunkResult, Job
from didban.pipeline import Pipeline, Stage

_PIPELINES: dict[str, tuple[Pipeline, dict[str, float]]] = {}
_JOB: Job | None = None
_BUILDS = 0  # pipelines built in this process (reported, so tests can check it is one per worker)


class _Timed:
    """A stage that adds the seconds it runs to ``times[name]``; otherwise the stage itself."""

    def __init__(self, name: str, stage: Stage, times: dict[str, float]) -> None:
        self.name, self.inner, self.times = name, stage, times
        self.requires, self.provides = tuple(stage.requires), tuple(stage.provides)

    def __call__(self, article: Article) -> Article:
        t0 = time.perf_counter()
        try:
            return self.inner(article)
        finally:
            self.times[self.name] += time.perf_counter() - t0


class _TimedBatch(_Timed):
    """The same, for a stage with a batch ``pipe`` (which Pipeline prefers), kept as it is."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        t0 = time.perf_counter()
        try:
            return iter(list(self.inner.pipe(articles)))  # type: ignore[attr-defined]
        finally:
            self.times[self.name] += time.perf_counter() - t0


def pipeline_for(job: Job) -> tuple[Pipeline, dict[str, float]]:
    """This process's pipeline for ``job`` and its running stage times, built on first use."""
    global _BUILDS
    key = job.fingerprint()
    if key not in _PIPELINES:
        _BUILDS += 1
        built = Pipeline(list(job.stages), job.stage_config)
        times = dict.fromkeys(built.names, 0.0)
        timed: list[Any] = [
            (_TimedBatch if callable(getattr(s, "pipe", None)) else _Timed)(n, s, times)
            for n, s in zip(built.names, built.stages, strict=True)
        ]
        _PIPELINES[key] = (Pipeline(timed, initial=built.initial), times)
    return _PIPELINES[key]


def init_worker(job: Job) -> None:
    """Process-pool initializer (and Dask/Spark warm-up): build the pipeline before the first chunk."""
    global _JOB
    _JOB = job
    pipeline_for(job)
    from didban.batch.tables import warm_up

    warm_up()


def run_chunk_in_worker(chunk: Chunk) -> dict[str, Any]:
    """`run_chunk` with the job given to `init_worker` (what a process pool maps over)."""
    assert _JOB is not None, "init_worker was not called in this process"
    return run_chunk(chunk, _JOB).to_dict()


def run_chunk(chunk: Chunk, job: Job) -> ChunkResult:
    """Analyse one chunk and write its parts, quarantine file and done marker (in that order).

    A chunk already marked done is not redone: an engine that retries a task (Dask, Spark) gets the
    recorded result back.
    """
    from didban.batch import state
    from didban.batch.tables import table_rows, write_parts

    out = Path(job.out)
    cid = chunk.id
    previous = state.read_done(out, cid)
    if previous is not None:
        previous.resumed = True
        return previous
    t0 = time.perf_counter()
    pipeline, times = pipeline_for(job)
    before = dict(times)
    quarantined: list[dict[str, Any]] = []

    def quarantine(source: str, record: str | None, reason: str) -> None:
        quarantined.append({"source": source, "record": record, "reason": reason})

    raw = list(_timed_read(chunk, job, quarantine))
    read_s = time.perf_counter() - t0
    sources = {a.id: a.source or a.id for a in raw}
    failures: list[str] = []
    analysed = list(pipeline.pipe(raw, batch_size=job.batch_size, on_error="skip", warn=failures.append))
    if failures:  # an article a stage failed on: quarantined under its source, with the stage's message
        kept = {a.id for a in analysed}
        for article_id, source in sources.items():
            if article_id not in kept:
                reason = next((m for m in failures if f"article {article_id}:" in m), "a stage failed")
                quarantine(source, None, reason)
    t1 = time.perf_counter()
    write_parts(out, cid, table_rows(analysed))
    state.write_text_atomic(state.quarantine_path(out, cid), state.quarantine_lines(quarantined))
    result = ChunkResult(
        chunk_id=cid,
        articles=len(analysed),
        quarantined=len(quarantined),
        read_seconds=read_s,
        write_seconds=time.perf_counter() - t1,
        stage_seconds={name: times[name] - before[name] for name in times},
        pid=os.getpid(),
        host=socket.gethostname(),
        peak_rss_mb=peak_rss_mb(),
        pipelines_built=_BUILDS,
    )
    result.seconds = time.perf_counter() - t0
    state.write_text_atomic(state.done_path(out, cid), json.dumps(result.to_dict()) + "\n")
    return result


def _timed_read(chunk: Chunk, job: Job, quarantine: Any) -> Iterator[Article]:
    from didban.batch.sources import read_chunk

    seen: set[str] = set()
    for article in read_chunk(chunk, job, quarantine):
        if article.id in seen:  # the same article twice in one chunk would give duplicate keys
            quarantine(article.source or article.id, None, f"duplicate of article {article.id} in the same input")
            continue
        seen.add(article.id)
        yield article


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (10^6 bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6  # bytes on macOS, KiB on Linux

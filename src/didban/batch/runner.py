"""`didban batch` end to end: plan, skip what is done, run an engine, load the store, merge quarantine."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from didban.batch import state
from didban.batch.engines import get_engine
from didban.batch.job import Chunk, ChunkResult, Job
from didban.batch.progress import Progress, Totals
from didban.batch.sources import plan


@dataclass(slots=True)
class RunReport:
    """What a run did: totals, times, and where things are."""

    out: str
    engine: str
    workers: int
    planned_chunks: int
    planned_articles: int
    totals: Totals
    quarantined: int = 0  # lines in quarantine.jsonl (planning included)
    plan_seconds: float = 0.0
    startup_seconds: float = 0.0
    run_seconds: float = 0.0  # engine start to last chunk
    wall_seconds: float = 0.0
    stored: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__slots__ if k != "totals"}
        data["totals"] = self.totals.to_dict()
        return data


def run_batch(
    inputs: list[str],
    job: Job,
    *,
    engine: str = "local",
    workers: int = 1,
    chunk_size: int = 250,
    pattern: str = "**/*",
    force: bool = False,
    progress: bool = False,
    db: str | None = None,
    engine_options: dict[str, Any] | None = None,
    log: Callable[[str], None] | None = None,
) -> RunReport:
    """Run ``job`` over ``inputs``; finished chunks of an earlier run in ``job.out`` are skipped."""
    t0 = time.perf_counter()
    out = Path(job.out)
    run = get_engine(engine)  # fails early, in one line, when the extra is missing
    state.prepare(out, job, force=force)
    plan_quarantine: list[dict[str, Any]] = []  # files that cannot even be planned (empty CSV, broken WARC)

    def quarantine(source: str, record: str | None, reason: str) -> None:
        plan_quarantine.append({"source": source, "record": record, "reason": reason})

    chunks = list(plan(inputs, chunk_size, quarantine, pattern, exclude=str(out)))
    plan_s = time.perf_counter() - t0
    estimates = {c.id: c.estimate for c in chunks}
    totals = Totals()
    todo: list[Chunk] = []
    done_articles = 0
    for chunk in chunks:
        previous = state.read_done(out, chunk.id)
        if previous is None:
            todo.append(chunk)
        else:
            previous.resumed = True
            totals.add(previous)
            done_articles += chunk.estimate
    report = RunReport(str(out), engine, workers, len(chunks), sum(estimates.values()), totals, plan_seconds=plan_s)
    if log and totals.resumed:
        log(f"resuming: {totals.resumed} of {len(chunks)} chunk(s) already done")
    loader = _StoreLoader(db, out) if db else None
    bar = Progress(report.planned_articles, progress, done=done_articles)

    def on_result(result: ChunkResult) -> None:
        totals.add(result)
        bar.update(result, estimates.get(result.chunk_id, result.articles))
        if loader is not None:
            loader.load(result.chunk_id)

    try:
        if loader is not None:  # chunks a killed run finished but did not load yet
            pending = {c.id for c in todo}
            for chunk in chunks:
                if chunk.id not in pending:
                    loader.load(chunk.id)
        t1 = time.perf_counter()
        if todo:
            report.startup_seconds = run(todo, job, workers=workers, on_result=on_result, **(engine_options or {}))
        report.run_seconds = time.perf_counter() - t1
    finally:
        bar.close()
        if loader is not None:
            report.stored = loader.stored
            loader.close()
    report.quarantined = state.finish(out, [c.id for c in chunks], plan_quarantine)
    report.wall_seconds = time.perf_counter() - t0
    state.write_text_atomic(out / "_run.json", json.dumps(report.to_dict(), indent=1) + "\n")
    return report


class _StoreLoader:
    """Loads finished chunks into the store from their articles part (one writer: the driver).

    The part's ``data`` column is the article's full JSON, so nothing is analysed twice; articles whose
    id is already stored are skipped, and a chunk is marked loaded after its commit.
    """

    def __init__(self, db: str, out: Path) -> None:
        from didban.config import load_settings
        from didban.store import open_store

        self.store = open_store(db, search_index=load_settings().store.search_index)
        self.out = out
        self.stored = 0

    def load(self, chunk_id: str) -> None:
        import pyarrow.parquet as pq

        from didban.article import Article

        marker = state.loaded_path(self.out, chunk_id)
        if marker.exists():
            return
        part = self.out / "articles" / f"part-{chunk_id}.parquet"
        data = pq.read_table(part, columns=["id", "data"]).to_pydict()
        have = self.store.existing_ids(data["id"])
        articles = [Article.from_dict(json.loads(d)) for i, d in zip(data["id"], data["data"], strict=True)
                    if i not in have]  # fmt: skip
        self.stored += self.store.put_many(articles)
        state.write_text_atomic(marker, "")

    def close(self) -> None:
        self.store.close()


def print_summary(report: RunReport) -> None:
    t = report.totals
    rate = (t.articles - t.resumed_articles) / report.run_seconds if report.run_seconds else 0.0
    parts = [f"didban: {t.articles} article(s) in {t.chunks} chunk(s)"]
    if t.resumed:
        parts.append(f"{t.resumed} chunk(s) done by an earlier run")
    parts.append(f"{report.quarantined} record(s) quarantined")
    if report.stored:
        parts.append(f"{report.stored} stored")
    print(", ".join(parts) + f" → {report.out} ({rate:.1f} articles/s, {report.engine} ×{report.workers})",
          file=sys.stderr)  # fmt: skip


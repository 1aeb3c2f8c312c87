"""`didban batch`: argument parsing only; the batch machinery (pyarrow, engines) is imported when it runs."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from didban.errors import DidbanError

_DESCRIPTION = """\
Analyse a corpus with the full pipeline and write Parquet tables (articles, mentions, entities,
statements, events, framings) under --out, one part file per chunk; --db also loads the store.
Inputs: files or folders of text, HTML, RSS/Atom, JSON, JSONL, CSV/TSV, Parquet and WARC (.warc, .warc.gz).
Resumable: a re-run with the same --out skips finished chunks (also after a kill -9).
Bad records go to DIR/quarantine.jsonl (source, record, reason) and the run goes on.
See docs/batch.md for Dask and Spark clusters."""


def add_batch_parser(sub: Any) -> None:
    batch = sub.add_parser(
        "batch",
        help="analyse a corpus into Parquet tables (local processes, Dask or Spark); resumable",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help="file or folder")
    batch.add_argument("--out", metavar="DIR", help="output folder of the Parquet tables (also the resume state)")
    batch.add_argument("--engine", choices=["local", "dask", "spark"], default="local", help="default: local")
    batch.add_argument("--workers", type=int, default=0,
                       help="worker processes (local/dask) or cores (spark local[N]); default: all CPUs")  # fmt: skip
    batch.add_argument("--scheduler", metavar="ADDR", help="dask: a running scheduler (tcp://host:8786)")
    batch.add_argument("--master", metavar="URL", help="spark: master URL (default local[N], or spark-submit's)")
    batch.add_argument("--db", metavar="URL", help="also load the articles into this store (SQLite file or URL)")
    batch.add_argument("--chunk-size", type=int, default=250, help="articles per chunk (default: 250)")
    batch.add_argument("--pipeline", help="comma-separated stage names (default from settings)")
    batch.add_argument("--config", help="settings file (TOML)")
    batch.add_argument("--glob", default="**/*", help="file pattern inside folders (default: **/*)")
    for name in ("text", "title", "url", "outlet", "published"):
        batch.add_argument(f"--{name}-field", help=f"JSONL/CSV/Parquet field holding the {name}")
    batch.add_argument("--force", action="store_true", help="redo every chunk (and accept other settings)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    batch.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    _check_pyarrow()
    from didban.batch.job import Job
    from didban.batch.runner import print_summary, run_batch
    from didban.config import load_settings

    if args.chunk_size < 1:
        raise DidbanError("--chunk-size must be at least 1")
    if not args.out and not args.db:
        raise DidbanError("give --out DIR (Parquet tables), --db URL (the store), or both")
    settings = load_settings(args.config)
    stages = tuple(args.pipeline.split(",")) if args.pipeline else tuple(settings.pipeline.stages)
    config = {k: v for k, v in settings.stage_config().items() if k in stages}
    mapping = {role: getattr(args, f"{role}_field") for role in ("text", "title", "url", "outlet", "published")}
    out = args.out or _default_out(args.db)
    job = Job(
        out=os.path.abspath(out),  # workers elsewhere resolve it as given: make it absolute
        stages=stages,
        stage_config=config,
        mapping={k: v for k, v in mapping.items() if v},
        max_bytes=settings.ingest.max_file_mb * 1024 * 1024,
        batch_size=settings.pipeline.batch_size,
    )
    _check_pipeline(job)
    workers = args.workers or os.cpu_count() or 1
    report = run_batch(
        args.inputs, job, engine=args.engine, workers=workers, chunk_size=args.chunk_size, pattern=args.glob,
        force=args.force, progress=not args.quiet, db=args.db,
        engine_options={"scheduler": args.scheduler, "master": args.master},
        log=lambda m: print(f"didban: {m}", file=sys.stderr),
    )  # fmt: skip
    print_summary(report)
    # Nothing analysed although there were inputs: every record was bad.
    return 0 if report.totals.articles or not report.quarantined else 1


def _check_pyarrow() -> None:
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise DidbanError("didban batch needs pyarrow: pip install 'didban[parquet]'")


def _check_pipeline(job: Any) -> None:
    """Build the pipeline once here, so a bad --pipeline is one line before any worker starts."""
    from didban.pipeline import Pipeline

    Pipeline(list(job.stages), job.stage_config)


def _default_out(db: str) -> str:
    """With --db only, the chunk parts (the resume state) sit beside a SQLite file, or in the working folder."""
    from didban.store.base import check_url_scheme

    if check_url_scheme(db) == "sqlite":
        from didban.store.sqlite import sqlite_path

        return sqlite_path(db) + ".batch"
    return "didban-batch"

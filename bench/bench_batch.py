"""`didban batch` engines compared on one corpus: local 1 process, local 2 processes, Dask LocalCluster(2),
Spark local[2] — wall time, start-up, articles/s (per core), ratios, the per-stage breakdown and peak memory.

The corpus is recombined from ../shared/data/news: each article takes a real title and as many real
paragraphs as a real article has, drawn from other articles (seeded), so sizes are real and texts differ.
It is written as JSONL shards in a temporary folder; every engine reads the same files with the same
per-chunk function, full pipeline. Targets (issue 8): local-2 ≥ 1.8× local-1; Dask and Spark within 15%
of local-2; peak memory per worker ≤ 1 GB.

    .venv/bin/python bench/bench_batch.py                 # 50,000 articles, all four runs
    .venv/bin/python bench/bench_batch.py --quick         # 400 articles: checks the script, noisy figures
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import iter_news

RUNS = [("local", 1), ("local", 2), ("dask", 2), ("spark", 2)]


def make_corpus(data: Path, n: int, folder: Path, seed: int = 8, shard: int = 10_000) -> tuple[int, int]:
    """``n`` recombined articles as JSONL shards under ``folder``; returns (articles, bytes of text)."""
    docs = [t.split("\n") for t in iter_news(data)]
    titles = [d[0] for d in docs if d and d[0].strip()]
    paragraphs = [p for d in docs for p in d[1:] if len(p) > 40]
    lengths = [max(1, len(d) - 1) for d in docs]
    rng = random.Random(seed)
    size, fh = 0, None
    for i in range(n):
        if i % shard == 0:
            if fh:
                fh.close()
            fh = open(folder / f"news-{i // shard:03d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.choice(lengths)))
        record = {"title": rng.choice(titles), "text": body, "outlet": f"outlet{i % 12}", "url": f"https://x/{i}"}
        line = json.dumps(record, ensure_ascii=False)
        size += len(line.encode("utf-8"))
        fh.write(line + "\n")  # type: ignore[union-attr]
    if fh:
        fh.close()
    return n, size


def available(engine: str) -> str | None:
    """Why an engine cannot run here, or None."""
    module = {"dask": "distributed", "spark": "pyspark"}.get(engine)
    if module and importlib.util.find_spec(module) is None:
        return f"{module} not installed"
    if engine == "spark" and shutil.which("java") is None:
        return "java not installed"
    return None


def run_one(engine: str, workers: int, corpus: Path, out: Path, chunk_size: int) -> dict[str, Any]:
    from didban.batch.job import Job
    from didban.batch.runner import run_batch
    from didban.config import load_settings

    settings = load_settings()
    stages = tuple(settings.pipeline.stages)
    job = Job(out=str(out), stages=stages, stage_config=settings.stage_config())
    t0 = time.perf_counter()
    report = run_batch([str(corpus)], job, engine=engine, workers=workers, chunk_size=chunk_size, force=True)
    wall = time.perf_counter() - t0
    return {"engine": engine, "workers": workers, "wall": wall, "report": report}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--articles", type=int, help="corpus size (default 50,000; 400 with --quick)")
    ap.add_argument("--quick", action="store_true", help="a small corpus: check the script, not the targets")
    ap.add_argument("--chunk-size", type=int, help="articles per chunk (default 250; 25 with --quick)")
    ap.add_argument("--engines", default="local1,local2,dask2,spark2", help="which runs (default: all four)")
    ap.add_argument("--workdir", type=Path, help="where the corpus and outputs go (default: a temporary folder)")
    args = ap.parse_args()
    if not (args.data / "news").is_dir():
        print(f"{args.data / 'news'}: not found; skipping (the shared corpora are not part of the repository)")
        return 0
    if importlib.util.find_spec("pyarrow") is None:
        print("pyarrow not installed; skipping (pip install 'didban[parquet]')")
        return 0
    n = args.articles or (400 if args.quick else 50_000)
    chunk_size = args.chunk_size or (25 if args.quick else 250)
    wanted = set(args.engines.split(","))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="didban-bench-batch-"))
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    _, size = make_corpus(args.data, n, corpus)
    print(f"corpus: {n:,} recombined articles, {size / 1e6:.1f} MB of JSONL ({size / n / 1e3:.1f} kB/article), "
          f"made in {time.perf_counter() - t0:.1f} s; chunk size {chunk_size}")  # fmt: skip
    if args.quick:
        print("--quick: a small corpus on a possibly busy machine; the figures check the script, not the targets")
    rows: list[dict[str, Any]] = []
    try:
        for engine, workers in RUNS:
            if f"{engine}{workers}" not in wanted:
                continue
            why = available(engine)
            if why:
                print(f"{engine} ×{workers}: skipped ({why})")
                continue
            print(f"running {engine} ×{workers} …", file=sys.stderr)
            rows.append(run_one(engine, workers, corpus, work / f"out-{engine}{workers}", chunk_size))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print_tables(rows)
    return 0


def print_tables(rows: list[dict[str, Any]]) -> None:
    def rate(r: dict[str, Any]) -> float:  # steady throughput: articles over the time after start-up
        rep = r["report"]
        return rep.totals.articles / max(1e-9, rep.run_seconds - rep.startup_seconds)

    base = {(r["engine"], r["workers"]): rate(r) for r in rows}
    l1, l2 = base.get(("local", 1)), base.get(("local", 2))
    print()
    print("| engine | workers | articles | wall s | start-up s | articles/s | per core | ×local-1 | ×local-2 "
          "| wall articles/s | peak RSS/worker MB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rep, a = r["report"], rate(r)
        peak = max(rep.totals.peak_rss_mb.values(), default=0.0)
        print(f"| {r['engine']} | {r['workers']} | {rep.totals.articles:,} | {r['wall']:.1f} | "
              f"{rep.startup_seconds:.1f} | {a:.1f} | {a / r['workers']:.1f} | "
              f"{a / l1 if l1 else float('nan'):.2f} | {a / l2 if l2 else float('nan'):.2f} | "
              f"{rep.totals.articles / r['wall']:.1f} | {peak:.0f} |")  # fmt: skip
    print("\narticles/s: after start-up (engine and workers up, pipelines built); wall articles/s: whole run, "
          "planning and start-up included. Peak RSS: each worker process's ru_maxrss, the largest shown.")
    if not rows:
        return
    print("\nper-stage time, ms per article (summed over workers; read = parse input, write = rows + Parquet):")
    names: list[str] = []
    for r in rows:
        names += [n for n in r["report"].totals.stage_seconds if n not in names]
    header = " | ".join(f"{r['engine']}×{r['workers']}" for r in rows)
    print(f"| stage | {header} |")
    print("|---|" + "---:|" * len(rows))
    for name in ["read", *names, "write"]:
        cells = []
        for r in rows:
            t = r["report"].totals
            other = {"read": t.read_seconds, "write": t.write_seconds}
            s = other[name] if name in other else t.stage_seconds.get(name, 0.0)
            cells.append(f"{1000 * s / max(1, t.articles):.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    slowest = max(names, key=lambda n: rows[0]["report"].totals.stage_seconds.get(n, 0))
    print(f"\nslowest stage: {slowest}")


if __name__ == "__main__":
    sys.exit(main())

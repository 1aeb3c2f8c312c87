"""Progress on stderr (a tqdm bar with articles/s and ETA) and the run's totals."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from didban.batch.job import ChunkResult


@dataclass(slots=True)
class Totals:
    """Added up over chunk results: counts, per-stage seconds, and each worker's peak memory."""

    chunks: int = 0
    resumed: int = 0
    resumed_articles: int = 0
    articles: int = 0
    quarantined: int = 0
    read_seconds: float = 0.0
    write_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # "host:pid" → MB

    def add(self, result: ChunkResult) -> None:
        self.chunks += 1
        self.articles += result.articles
        self.quarantined += result.quarantined
        if result.resumed:
            self.resumed += 1
            self.resumed_articles += result.articles
            return  # its times belong to the earlier run
        self.read_seconds += result.read_seconds
        self.write_seconds += result.write_seconds
        for name, seconds in result.stage_seconds.items():
            self.stage_seconds[name] += seconds
        worker = f"{result.host}:{result.pid}"
        self.peak_rss_mb[worker] = max(self.peak_rss_mb.get(worker, 0.0), result.peak_rss_mb)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chunks": self.chunks, "resumed": self.resumed, "resumed_articles": self.resumed_articles,
            "articles": self.articles, "quarantined": self.quarantined, "read_seconds": self.read_seconds,
            "write_seconds": self.write_seconds, "stage_seconds": dict(self.stage_seconds),
            "peak_rss_mb": dict(self.peak_rss_mb),
        }  # fmt: skip


class Progress:
    """A bar over the planned article count; silent when disabled."""

    def __init__(self, total: int, enabled: bool, *, done: int = 0) -> None:
        self.bar: Any = None
        self.quarantined = 0
        if enabled:
            from tqdm import tqdm

            # ``initial``: articles of chunks finished by an earlier run, so the rate counts this run's only.
            self.bar = tqdm(total=total, initial=done, unit=" articles", file=sys.stderr, dynamic_ncols=True,
                            smoothing=0.1)  # fmt: skip

    def update(self, result: ChunkResult, estimate: int) -> None:
        self.quarantined += result.quarantined
        if self.bar is not None:
            # The plan only estimates a chunk's size: advance by the estimate so the bar ends at its total.
            self.bar.set_postfix_str(f"quarantined={self.quarantined}", refresh=False)
            self.bar.update(estimate)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

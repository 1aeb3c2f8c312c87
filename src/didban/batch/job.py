"""What travels between the driver and the workers: the job settings, chunk specs and chunk results.

All three are small, picklable and JSON-able: a chunk names *where* its records are (files, a byte
range, a row range), never the records themselves, so the driver holds no article text and a worker
reads its own input (parallel reading, nothing shipped through the scheduler).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

ChunkKind = Literal["files", "file", "jsonl", "csv", "parquet", "warc"]


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs to turn a chunk into table parts; the same for every chunk of a run."""

    out: str  # the output folder (shared storage on a cluster)
    stages: tuple[str, ...]
    stage_config: dict[str, dict[str, Any]] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)  # FieldMapping keyword arguments
    max_bytes: int = 50 * 1024 * 1024
    max_record_bytes: int = 10 * 1024 * 1024
    batch_size: int = 32  # Pipeline.pipe batch size inside a chunk

    def fingerprint(self) -> str:
        """What decides the content of the tables: a run over a folder made with another one is refused."""
        from didban import __version__

        data = {"stages": self.stages, "config": self.stage_config, "mapping": self.mapping, "version": __version__}
        return _digest(json.dumps(data, sort_keys=True, default=str))


@dataclass(frozen=True, slots=True)
class Chunk:
    """Where one unit of work's records are.

    ``files``: whole files (``paths``), each read by the ingest reader its extension calls for.
    ``file``: one file read whole by an ingest reader (UTF-16 JSONL/CSV, JSON arrays).
    ``jsonl``/``csv``/``warc``: the bytes ``[start, end)`` of ``path`` (``line`` numbers the first one;
    ``header`` is the CSV header record's byte length). ``parquet``: rows ``[start, end)``.
    """

    kind: ChunkKind
    path: str = ""
    paths: tuple[str, ...] = ()
    sizes: tuple[int, ...] = ()  # of ``paths``: a file that changed gets a new chunk id
    start: int = 0
    end: int = 0
    line: int = 1
    header: int = 0
    encoding: str = "utf-8"
    estimate: int = 0  # articles expected, for the progress bar's total and ETA

    @property
    def id(self) -> str:
        data = dataclasses.asdict(self)
        data.pop("estimate")
        return _digest(json.dumps(data, sort_keys=True))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        data = dict(data)
        data["paths"] = tuple(data.get("paths", ()))
        data["sizes"] = tuple(data.get("sizes", ()))
        return cls(**data)


@dataclass(slots=True)
class ChunkResult:
    """What a worker reports for one chunk (also its done marker on disk)."""

    chunk_id: str
    articles: int = 0
    quarantined: int = 0
    seconds: float = 0.0  # wall time of the whole chunk in the worker
    read_seconds: float = 0.0
    write_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    pid: int = 0
    host: str = ""
    peak_rss_mb: float = 0.0  # the worker process's peak resident memory so far
    pipelines_built: int = 0  # by the worker process so far: 1 when stages are built once per process
    resumed: bool = False  # done by an earlier run

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChunkResult:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()

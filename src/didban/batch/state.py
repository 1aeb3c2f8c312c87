"""The output folder's layout and what makes a run resumable.

    DIR/_batch.json                  the job's fingerprint (a re-run with other settings is refused)
    DIR/<table>/part-<chunk>.parquet one part per table and chunk
    DIR/_quarantine/<chunk>.jsonl    bad records of one chunk (plan.jsonl: of the planning)
    DIR/_done/<chunk>.json           written last: the chunk is finished (its ChunkResult)
    DIR/_loaded/<chunk>              the chunk's articles are in the --db store
    DIR/quarantine.jsonl             every bad record of the run, merged at the end in input order

A chunk counts as done only when its marker exists, and the marker is written after its parts and
quarantine file, each renamed into place; so after a kill -9 the re-run redoes exactly the unfinished
chunks, and its parts overwrite any the killed run left.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from didban.batch.job import ChunkResult, Job
from didban.errors import InputError

TABLE_DIRS = ("articles", "mentions", "entities", "statements", "events", "framings")


def done_path(out: Path, chunk_id: str) -> Path:
    return out / "_done" / f"{chunk_id}.json"


def quarantine_path(out: Path, chunk_id: str) -> Path:
    return out / "_quarantine" / f"{chunk_id}.jsonl"


def loaded_path(out: Path, chunk_id: str) -> Path:
    return out / "_loaded" / chunk_id


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_done(out: Path, chunk_id: str) -> ChunkResult | None:
    try:
        data = json.loads(done_path(out, chunk_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent, or (cannot happen with rename, but) unreadable: redo it
        return None
    return ChunkResult.from_dict(data)


def quarantine_lines(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def prepare(out: Path, job: Job, *, force: bool) -> None:
    """Create ``out`` or check it holds a run of the same job (``force``: start it afresh)."""
    marker = out / "_batch.json"
    fingerprint = job.fingerprint()
    if marker.exists() and not force:
        try:
            old = json.loads(marker.read_text(encoding="utf-8")).get("fingerprint")
        except ValueError:
            old = None
        if old != fingerprint:
            raise InputError(str(out), "holds a batch run with other settings (pipeline, fields or version); "
                             "use another --out, or --force to redo it")  # fmt: skip
    elif out.exists() and any(out.iterdir()) and not marker.exists() and not force:
        raise InputError(str(out), "is not empty and holds no batch run; use another --out, or --force")
    if force:
        for sub in ("_done", "_loaded"):
            for f in (out / sub).glob("*"):
                f.unlink()
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(marker, json.dumps({"fingerprint": fingerprint, "stages": list(job.stages)}) + "\n")


def finish(out: Path, chunk_ids: list[str], plan_quarantine: list[dict[str, Any]]) -> int:
    """Merge the quarantine files in input order and drop parts of chunks no longer in the plan."""
    keep = set(chunk_ids)
    lines = [quarantine_lines(plan_quarantine)]
    for cid in chunk_ids:
        with contextlib.suppress(FileNotFoundError):  # a chunk with no quarantine file: nothing to add
            lines.append(quarantine_path(out, cid).read_text(encoding="utf-8"))
    text = "".join(lines)
    write_text_atomic(out / "quarantine.jsonl", text)
    # Inputs that changed since an earlier run leave parts of chunks that no longer exist.
    for sub in (*TABLE_DIRS, "_done", "_quarantine", "_loaded"):
        for f in (out / sub).glob("*"):
            cid = f.name.removeprefix("part-").split(".")[0]
            if f.name.endswith(".tmp") or (cid not in keep and not f.name.startswith(".")):
                f.unlink(missing_ok=True)  # a killed run's temporary file, or a stale part
    return text.count("\n")

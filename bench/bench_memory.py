"""Peak memory of streaming normalization over a large file (target: <= 150 MB for a 200 MB file).

Writes a >= 200 MB text file to a temporary folder (real news paragraphs from ../shared/data repeated,
blank-line separated; synthetic Persian sentences when the data is absent), then runs, each in its own
child process:

* didban: ``python -m didban normalize FILE --out /dev/null`` when that CLI answers ``--help``; otherwise
  ``python -c`` streaming ``didban.text.stream.normalize_stream(open(FILE))`` to /dev/null;
* baseline: ``python -c`` that only reads the file line by line (same process model, no normalization).

Peak RSS is the child's VmHWM (from /proc, polled until it exits); throughput is file bytes over wall
time. MB are 10^6 bytes throughout.

    .venv/bin/python bench/bench_memory.py            # 200 MB
    .venv/bin/python bench/bench_memory.py --mb 20    # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
MB = 1_000_000  # decimal megabyte for file sizes and throughput
TARGET_PEAK_MB = 150

STREAM_CODE = """\
import sys
from didban.text.stream import normalize_stream
with open(sys.argv[1], encoding="utf-8") as f, open("/dev/null", "w", encoding="utf-8") as out:
    for para in normalize_stream(f):
        out.write(para)
        out.write("\\n\\n")
"""

BASELINE_CODE = """\
import sys
with open(sys.argv[1], encoding="utf-8") as f, open("/dev/null", "w", encoding="utf-8") as out:
    for line in f:
        out.write(line)
"""


# ------------------------------------------------------------------------------------- the file
def _real_paragraphs(data: Path) -> list[str]:
    """Titles, abstracts and paragraphs of the shared news articles."""
    paras: list[str] = []
    for path in sorted((data / "news").glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item.get("title"), item.get("abstract") or item.get("summary")]
            parts += item.get("paragraphs") or []
            paras += [p.strip() for p in parts if isinstance(p, str) and p.strip()]
    return paras


_SYNTHETIC_WORDS = (
    "وزير امور خارجه كشورمان روز دوشنبه در نشست خبری گفت ايران می شود مي‌شود کتابها "
    "دولت مجلس تهران اقتصاد بازار قیمت دلار ۱۴۰۳ 1402 ٢٠ درصد «گزارش» ، ؛ مردم شهر"
)


def _synthetic_paragraphs(n: int = 5000, seed: int = 7) -> list[str]:
    """Persian-looking paragraphs with Arabic letters, spacing and digit variants for the normalizer."""
    words = _SYNTHETIC_WORDS.split()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sents = [
            " ".join(rng.choices(words, k=rng.randint(6, 25))) + rng.choice([".", " .", "؟", "!"])
            for _ in range(rng.randint(1, 6))
        ]
        out.append(" ".join(sents))
    return out


# How paragraphs are separated in the file: the streaming path cuts at blank lines, so the other two are
# stress cases (one paragraph per line, and no newline at all: a single huge line).
LAYOUTS = {"paragraphs": "\n\n", "lines": "\n", "one-line": " "}


def _blocks(paras: list[str], sep: str) -> Iterator[str]:
    """Paragraphs forever, each followed by ``sep``."""
    while True:
        for p in paras:
            yield p.replace("\n", " ") + sep if sep == " " else p + sep


def write_file(path: Path, size: int, data: Path, layout: str = "paragraphs") -> str:
    """Write at least ``size`` bytes to ``path``; return a description of the source text."""
    paras = _real_paragraphs(data) if (data / "news").is_dir() else []
    source = f"real news paragraphs from {data}, repeated" if paras else "synthetic Persian (no shared data)"
    if not paras:
        paras = _synthetic_paragraphs()
    written = 0
    with path.open("w", encoding="utf-8") as f:
        buf: list[str] = []
        for block in _blocks(paras, LAYOUTS[layout]):
            buf.append(block)
            written += len(block.encode("utf-8"))
            if len(buf) >= 2000 or written >= size:
                f.write("".join(buf))
                buf = []
            if written >= size:
                break
    return source


# ---------------------------------------------------------------------------------- measurements
@dataclass
class Result:
    name: str
    peak_mb: float
    wall_s: float
    cpu_s: float
    rc: int


def _vm_hwm_kib(pid: int) -> int | None:
    """The process's peak resident set (VmHWM, KiB) since its last exec, or None once it has exited."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def measure(name: str, argv: list[str], poll_s: float = 0.02) -> Result:
    """Run ``argv`` as a child and poll its VmHWM until it exits.

    ``ru_maxrss`` from wait4/RUSAGE_CHILDREN is not used as the peak: Linux carries the forking parent's
    RSS into it across exec, so it would report this script's memory, not the child's. VmHWM belongs to
    the child's own address space after exec and never decreases, so the last reading is its peak.
    """
    peak_kib = 0
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty child cannot block on it
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            hwm = _vm_hwm_kib(proc.pid)
            if hwm is not None:
                peak_kib = max(peak_kib, hwm)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(poll_s)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace")
            print(f"{name} failed (rc {proc.returncode}):\n{tail}", file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return Result(name, peak_kib * 1024 / MB, wall, cpu, proc.returncode)


def didban_command(py: str, path: Path) -> tuple[list[str], str]:
    """The CLI when it exists, else the streaming API in ``python -c``."""
    probe = subprocess.run([py, "-m", "didban", "normalize", "--help"], capture_output=True, text=True)
    if probe.returncode == 0:
        return [py, "-m", "didban", "normalize", str(path), "--out", os.devnull], "CLI"
    return [py, "-c", STREAM_CODE, str(path)], "normalize_stream (no `python -m didban normalize` yet)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data (default: %(default)s)")
    ap.add_argument("--mb", type=float, default=200, help="size of the generated file in MB (default: 200)")
    ap.add_argument(
        "--layout",
        choices=list(LAYOUTS),
        default="paragraphs",
        help="paragraph separator: blank line (default), newline, or none (one huge line)",
    )
    ap.add_argument("--file", type=Path, help="use this existing file instead of generating one")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the children")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="didban-mem-") as tmp:
        if args.file:
            path, source = args.file, "given file"
        else:
            path = Path(tmp) / "big.txt"
            t0 = time.perf_counter()
            source = write_file(path, int(args.mb * MB), args.data, args.layout)
            took = time.perf_counter() - t0
            print(f"wrote {path.stat().st_size / MB:.1f} MB in {took:.1f} s ({source}, layout {args.layout})")
        size = path.stat().st_size

        cmd, how = didban_command(args.python, path)
        print(f"didban runs via {how}")
        base = measure("baseline (read lines)", [args.python, "-c", BASELINE_CODE, str(path)])
        did = measure("didban normalize", cmd)

    print()
    print(f"File: {size / MB:.1f} MB. Peak RSS of each child process (MB = 10^6 bytes).")
    print()
    print("| run | peak RSS MB | wall s | CPU s | MB/s (wall) | rc |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in (base, did):
        speed = size / MB / r.wall_s
        print(f"| {r.name} | {r.peak_mb:.1f} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {speed:.2f} | {r.rc} |")
    print()
    print(
        f"peak ratio didban/baseline: {did.peak_mb / base.peak_mb:.2f}; "
        f"didban above baseline: {did.peak_mb - base.peak_mb:.1f} MB"
    )
    verdict = "meets" if did.peak_mb <= TARGET_PEAK_MB else "MISSES"
    print(f"didban peak {did.peak_mb:.1f} MB {verdict} the target of ≤ {TARGET_PEAK_MB} MB")
    return 0 if did.rc == 0 and base.rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

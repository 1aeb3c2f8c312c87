"""What the hand-annotated gold sets (attribution, events) share, whatever their record format.

- the raw text of an article by reference into ``../shared/data/news`` (`news_text`, `record_text`) and
  its `text_sha1`, which detects drift in the shared data;
- JSONL reading and writing with `GoldError` naming the file and line (`read_jsonl`, `write_jsonl`),
  field validation helpers, and the ``dev``/``test`` split by position (`split_records`);
- scoring primitives: character overlap, one-to-one greedy matching, `prf`, and a plain-text table.

Only the standard library is imported here, so ``import didban`` stays light.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from didban.article import Span

T = TypeVar("T")

SPLITS = ("all", "dev", "test")


class GoldError(ValueError):
    """A gold record is malformed or does not fit its article."""


# -- articles ------------------------------------------------------------------------------------


@cache
def _json_records(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        raise GoldError(f"{path}: expected a JSON list of articles")
    return data


def record_text(record: Mapping[str, Any]) -> str:
    """Raw text of one news record: title, abstract (or summary) and paragraphs, one per line."""
    parts = [record.get("title"), record.get("abstract") or record.get("summary"), *(record.get("paragraphs") or [])]
    return "\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def news_text(data_dir: str | Path, ref: str) -> str:
    """The raw text of an article by reference.

    ``"<folder>/<file>.json#<index>"`` is the 0-based ``index``-th record of
    ``<data_dir>/news/<folder>/<file>.json`` (see `record_text`); a reference without ``#`` is a text
    file relative to the shared folder above ``data_dir`` (``"examples/seed-article.txt"``), read as is.
    """
    data_dir = Path(data_dir)
    if "#" in ref:
        name, _, index = ref.rpartition("#")
        if not index.isdigit():
            raise GoldError(f"{ref}: the part after '#' must be a record index")
        path = (data_dir / "news" / name).resolve()
        records = _json_records(path)
        i = int(index)
        if i >= len(records):
            raise GoldError(f"{ref}: {path} has only {len(records)} records")
        return record_text(records[i])
    return (data_dir.parent / ref).read_text(encoding="utf-8")


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _GoldRef(Protocol):
    @property
    def ref(self) -> str: ...

    @property
    def sha1(self) -> str: ...


def gold_text(data_dir: str | Path, gold: _GoldRef, *, check_sha1: bool = True) -> str:
    """The raw text a gold record was annotated on; `GoldError` when it changed since (``check_sha1``)."""
    text = news_text(data_dir, gold.ref)
    if check_sha1 and text_sha1(text) != gold.sha1:
        raise GoldError(f"{gold.ref}: the article's text changed since it was annotated (sha1 differs)")
    return text


# -- the file format -----------------------------------------------------------------------------


def read_jsonl(path: str | Path, parse: Callable[[Any], T]) -> list[T]:
    """Read a gold JSONL file with ``parse``; a malformed line raises `GoldError` naming the file and line, as
    does a file that cannot be read or is not UTF-8 text."""
    out: list[T] = []
    n = 0
    try:
        with Path(path).open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    out.append(parse(json.loads(line)))
                except (ValueError, TypeError, KeyError) as exc:
                    raise GoldError(f"{path}:{n}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}:{n + 1}: not UTF-8 text") from exc
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from exc
    return out


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def split_records(records: Sequence[T], split: str = "all") -> list[T]:
    """A held-out split by position in the file: ``dev`` is the records at even 0-based positions,
    ``test`` those at odd positions, ``all`` every record."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    if split == "all":
        return list(records)
    parity = 0 if split == "dev" else 1
    return [a for i, a in enumerate(records) if i % 2 == parity]


def check_keys(what: str, data: Any, *, required: set[str], optional: set[str]) -> None:
    if not isinstance(data, Mapping):
        raise GoldError(f"{what}: expected an object, got {type(data).__name__}")
    missing = required - set(data)
    unknown = set(data) - required - optional
    if missing:
        raise GoldError(f"{what}: missing field(s) {sorted(missing)}")
    if unknown:
        raise GoldError(f"{what}: unknown field(s) {sorted(unknown)}")


def required_span(value: Any, name: str) -> Span:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise GoldError(f"{name}: expected [start, end], got {value!r}")
    s, e = value
    if not 0 <= s < e:
        raise GoldError(f"{name}: span {value!r} is empty or negative")
    return (s, e)


def list_of(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise GoldError(f"{name}: expected a list")
    return value


def nonempty_str(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(f"{name}: expected a non-empty string")
    return value


def check_sha1_hex(sha1: Any) -> str:
    if not isinstance(sha1, str) or not re.fullmatch(r"[0-9a-f]{40}", sha1):
        raise GoldError(f"sha1 {sha1!r} is not 40 lowercase hex digits")
    return sha1


# -- scoring -------------------------------------------------------------------------------------


def char_overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_match(pairs: Iterable[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one matching ``gold index → system index``, best score first (ties: earlier gold, earlier system)."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g, s in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if g not in matched and s not in used:
            matched[g] = s
            used.add(s)
    return matched


def prf(tp: int, n_system: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1 (None where undefined: nothing predicted, or nothing to find)."""
    p = tp / n_system if n_system else None
    r = tp / n_gold if n_gold else None
    if p is None or r is None:
        return p, r, None
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def text_table(cells: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells as aligned lines: the first column left-aligned, the others right-aligned, a rule
    under the first (header) row."""
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join([r[0].ljust(widths[0]), *(x.rjust(w) for x, w in zip(r[1:], widths[1:], strict=True))]))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines

"""Train the dependency parser the event role model reads (`didban.events.syntax`).

A spaCy tagger + parser (``scripts/parser.cfg``: spaCy's CPU "efficiency" recipe, no pretrained vectors) trained on
the Universal Dependencies Persian treebanks in ``../shared/data/ud`` (CC BY-SA 4.0; iPerUDT CC0): PerDT dev,
Seraji dev and test, iPerUDT train, dev and test. PerDT test (news) is held out: the scores printed are on it.
Multiword tokens («کتابش» = «کتاب» + «ش») become one token, as the segmenter cuts them, heading where the
treebank's head word does; the few sentences where that makes a cycle are left out. The model is written to
``src/didban/models/parser`` (the ``[syntax]`` extra, spaCy, runs it).

    python scripts/train_parser.py --data ../shared/data [--steps 8000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from didban.text.normalize import normalize_text  # noqa: E402

OUT = ROOT / "src" / "didban" / "models" / "parser"
CONFIG = ROOT / "scripts" / "parser.cfg"
TRAIN = [
    "perdt/fa_perdt-ud-dev.conllu",
    "seraji/fa_seraji-ud-dev.conllu",
    "seraji/fa_seraji-ud-test.conllu",
    "iperudt/iPerUDT_train.conllu",
    "iperudt/iPerUDT_dev.conllu",
    "iperudt/iPerUDT_test.conllu",
]
DEV = ["perdt/fa_perdt-ud-test.conllu"]
Token = tuple[str, str, int, str]  # form, UPOS, head (index in the sentence), relation


def sentences(path: Path) -> Iterator[list[list[str]]]:
    """The CoNLL-U rows (fields) of each sentence."""
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if rows:
                yield rows
            rows = []
        elif not line.startswith("#"):
            rows.append(line.split("\t"))
    if rows:
        yield rows


def merged(rows: list[list[str]]) -> list[Token] | None:
    """A sentence's tokens, each multiword token one token; None where the merge leaves a cycle."""
    words = {int(r[0]): r for r in rows if r[0].isdigit()}
    owner = {i: i for i in words}
    surface = {i: words[i][1] for i in words}
    for r in rows:
        if "-" not in r[0]:
            continue
        a, b = (int(x) for x in r[0].split("-"))
        inner = range(a, b + 1)
        root = next((i for i in inner if int(words[i][6]) not in inner), a)
        for i in inner:
            owner[i] = root
        surface[root] = r[1]
    keep = sorted(i for i in words if owner[i] == i)
    index = {i: k for k, i in enumerate(keep)}
    out: list[Token] = []
    for i in keep:
        r = words[i]
        head = int(r[6])
        form = normalize_text(surface[i]).replace(" ", "\u200c") or surface[i]
        out.append((form, r[3], index[owner[head]] if head else index[i], r[7] if head else "ROOT"))
    heads = [t[2] for t in out]
    for k in range(len(out)):
        seen: set[int] = set()
        while heads[k] != k:
            if k in seen:
                return None
            seen.add(k)
            k = heads[k]
    return out


def docbin(data: Path, files: list[str], out: Path) -> tuple[int, int]:
    """Writes the treebank files as a spaCy DocBin: (sentences written, sentences left out)."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("fa").vocab
    db = DocBin()
    n = skipped = 0
    for name in files:
        for rows in sentences(data / "ud" / name):
            toks = merged(rows)
            if toks is None:
                skipped += 1
                continue
            tags = [t[1] for t in toks]
            db.add(
                Doc(vocab, words=[t[0] for t in toks], tags=tags, heads=[t[2] for t in toks], deps=[t[3] for t in toks])
            )
            n += 1
    db.to_disk(out)
    return n, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--steps", type=int, default=8000, help="training steps (batches)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (args.data / "ud" / "perdt").is_dir():
        print(f"train_parser: {args.data}/ud/perdt not found (pass --data ../shared/data)", file=sys.stderr)
        return 2
    from spacy.cli.train import train

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, files in (("train", TRAIN), ("dev", DEV)):
            n, skipped = docbin(args.data, files, work / f"{name}.spacy")
            print(f"{name}: {n} sentences ({skipped} left out: a merged multiword token made a cycle)")
        overrides: dict[str, Any] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "training.max_steps": args.steps,
        }
        train(CONFIG, work / "out", overrides=overrides)
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(work / "out" / "model-best", args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

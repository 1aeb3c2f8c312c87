"""Score the attribution stages against the gold set (``tests/gold/attribution.jsonl``).

Runs ``normalize → segment → ner → link → statements → framing`` on the raw text of every gold article
(read from ``../shared/data``) and prints precision, recall and F1 of statements, speaker, kind, form and
modality accuracy, cue P/R/F1, relay-chain exact match and framing P/R/F1, per outlet and overall.
The matching rules are in `didban.attribution.gold` and ``docs/attribution-guidelines.md``.

    python scripts/eval_attribution.py [--data ../shared/data] [--gold tests/gold/attribution.jsonl] [--json]
    python scripts/eval_attribution.py --split dev    # even 0-based lines of the gold file; --split test: odd
    python scripts/eval_attribution.py --against second-annotator.jsonl   # agreement of two annotations

``--split dev`` scores the records at even 0-based positions of the gold file, ``--split test`` those at
odd positions (``all``, the default, every record): develop rules on ``dev``, report ``test`` once.

With ``--against``, a second annotation of (some of) the gold articles takes the system's place: the
table is then the agreement of the two annotators, with the gold file as reference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from didban.article import Article  # noqa: E402
from didban.attribution.gold import (  # noqa: E402
    DEFAULT_GOLD,
    SPLITS,
    GoldError,
    evaluate,
    format_table,
    gold_as_article,
    load_gold,
    split_gold,
    text_sha1,
)
from didban.errors import DidbanError  # noqa: E402

STAGES = ["normalize", "segment", "ner", "link", "statements", "framing"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="shared data folder")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL file")
    ap.add_argument("--outlet", action="append", help="only these outlets (repeatable)")
    ap.add_argument("--split", choices=SPLITS, default="all", help="dev: even gold lines, test: odd ones (default all)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    ap.add_argument("--against", type=Path, help="score a second annotation (JSONL) instead of the pipeline")
    args = ap.parse_args(argv)

    if not (args.data / "news").is_dir():
        print(f"eval_attribution: {args.data}/news not found (pass --data ../shared/data)", file=sys.stderr)
        return 2
    try:
        gold = split_gold(load_gold(args.gold), args.split)
        second = {g.sha1: g for g in load_gold(args.against)} if args.against else {}
    except GoldError as exc:
        print(f"eval_attribution: {exc}", file=sys.stderr)
        return 1
    if args.outlet:
        gold = [g for g in gold if g.outlet in args.outlet]
    if args.against:
        gold = [g for g in gold if g.sha1 in second]

        def analyse(article: Article) -> Article:
            return gold_as_article(second[text_sha1(article.raw_text)], article.raw_text)

    else:
        from didban.pipeline import Pipeline

        try:
            analyse = Pipeline(STAGES)
        except DidbanError as exc:
            print(f"eval_attribution: cannot build the pipeline {' → '.join(STAGES)}: {exc}", file=sys.stderr)
            return 2
    try:
        report = evaluate(gold, args.data, analyse)
    except GoldError as exc:
        print(f"eval_attribution: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score the event stage against the gold set (``tests/gold/events.jsonl``).

Runs ``normalize → segment → ner → link → statements → framing → events`` on the raw text of every gold
article (read from ``../shared/data``; ``Article.published`` is left unset) and prints event P/R/F1 by
type, type+actor+target P/R/F1 and modality accuracy, per outlet and per PLOVER type. The matching rules
are in `didban.events.gold` and ``docs/events-guidelines.md``.

    python scripts/eval_events.py [--data ../shared/data] [--split dev|test|all] [--json] [--errors]
                                  [--roles default|none|MODEL.json]

    python scripts/eval_events.py --gold GOLD --against SECOND.jsonl [--exact-arguments]

``--against`` scores a second annotation of (some of) the gold articles in the system's place: the table is
then the agreement of two annotators, the gold file as reference (F1 is symmetric). An argument of the
second annotation matches a gold argument it overlaps, as a system's linked mention does; with
``--exact-arguments`` its text must be equal, as a system's literal argument must.

``--errors`` lists each missed, spurious, argument and modality error instead (for development sets).
``--split dev`` scores the records at even 0-based lines of the gold file, ``--split test`` those at odd
lines: develop rules on ``dev``, report ``test`` once.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from didban.article import Article  # noqa: E402
from didban.errors import DidbanError  # noqa: E402
from didban.events.gold import (  # noqa: E402
    DEFAULT_GOLD,
    SPLITS,
    GoldError,
    error_lines,
    evaluate,
    format_table,
    gold_as_article,
    load_gold,
    split_gold,
    text_sha1,
)

STAGES = ["normalize", "segment", "ner", "link", "statements", "framing", "events"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="shared data folder")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL file")
    ap.add_argument("--split", choices=SPLITS, default="all", help="dev: even gold lines, test: odd ones (default all)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON instead of tables")
    ap.add_argument(
        "--errors", action="store_true", help="list missed, spurious, argument and modality errors (dev sets only)"
    )
    ap.add_argument(
        "--roles", default="default", help="role model: default (shipped), none (rules alone) or a model file"
    )
    ap.add_argument("--against", type=Path, help="score a second annotation (JSONL) instead of the pipeline")
    ap.add_argument(
        "--exact-arguments", action="store_true", help="with --against: arguments match by equal text, not overlap"
    )
    args = ap.parse_args(argv)

    if not (args.data / "news").is_dir():
        print(f"eval_events: {args.data}/news not found (pass --data ../shared/data)", file=sys.stderr)
        return 2
    try:
        gold = split_gold(load_gold(args.gold), args.split)
        second = {g.sha1: g for g in load_gold(args.against)} if args.against else {}
    except GoldError as exc:
        print(f"eval_events: {exc}", file=sys.stderr)
        return 1
    analyse: Callable[[Article], Article]
    if args.against:
        gold = [g for g in gold if g.sha1 in second]
        if not gold:
            print(f"eval_events: {args.against} annotates none of the articles of {args.gold}", file=sys.stderr)
            return 1

        def analyse(article: Article) -> Article:
            other = second[text_sha1(article.raw_text)]
            return gold_as_article(other, article.raw_text, arguments_as_mentions=not args.exact_arguments)

    else:
        if importlib.util.find_spec("didban.stages.events") is None:
            print("eval_events: the events stage (didban.stages.events) does not exist yet", file=sys.stderr)
            return 2
        from didban.pipeline import Pipeline

        try:
            analyse = Pipeline(STAGES, {"events": {"roles": args.roles}})
        except DidbanError as exc:
            print(f"eval_events: cannot build the pipeline {' → '.join(STAGES)}: {exc}", file=sys.stderr)
            return 2
    try:
        if args.errors:
            for line in error_lines(gold, args.data, analyse):
                print(line)
            return 0
        report = evaluate(gold, args.data, analyse)
    except GoldError as exc:
        print(f"eval_events: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"split {args.split}: {len(gold)} articles")
        print(format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Annotate event gold without counting offsets by hand.

Spans are written as substrings of the article in a working file (kept outside the repository, since it
quotes article text); this script finds them (with the matcher of ``scripts/annotate_attribution.py``),
converts them to raw-text offsets, checks them and writes ``tests/gold/events.jsonl`` (offsets only,
see ``docs/events-guidelines.md``).

    python scripts/annotate_events.py show farsnews/fars-news-1.json#17         # text with offsets
    python scripts/annotate_events.py find farsnews/fars-news-1.json#17 "دیدار"  # where a snippet occurs
    python scripts/annotate_events.py build /tmp/events.work                    # → tests/gold/events.jsonl
    python scripts/annotate_events.py review [REF ...]                          # gold events as text
    python scripts/annotate_events.py stats                                     # counts per type and outlet

Working file: one block per article, blank lines and ``#`` comment lines ignored; one event per line::

    = examples/seed-article.txt
    ev: ASSAULT | عملیات هوایی | روسیه@1 | گروه های تروریستی | عراق@1 | conditional | در صورت درخواست بغداد

Fields, separated by ``|``: type, trigger, actors, targets, location, modality (default asserted), and an
optional anchor. Several actors (targets) are separated by ``;``; an empty field is none. A snippet
matches up to letter variants, digits, ZWNJ/space and quotation marks, whole words only; ``snippet@k``
takes the k-th (0-based) occurrence, ``head ~~ last`` spans from ``head`` to the next ``last``. With an
anchor, every snippet is searched from the anchor on and the first occurrence taken (unless ``@k``); an
argument written ``^snippet`` is searched in the whole text instead (an antecedent before the anchor).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from annotate_attribution import Finder, SpanError, outlet_of, show  # noqa: E402

from didban.events.gold import (  # noqa: E402
    DEFAULT_GOLD,
    MODALITIES,
    PLOVER,
    GoldArticle,
    GoldEvent,
    dump_gold,
    load_gold,
    news_text,
    text_sha1,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data"
Span = tuple[int, int]


def parse_work(path: Path) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Blocks of (ref, line, [(event line value, line number)])."""
    blocks: list[tuple[str, int, list[tuple[str, int]]]] = []
    for n, raw_line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            blocks.append((line[1:].strip(), n, []))
            continue
        if not blocks:
            raise SpanError(f"{path}:{n}: text before the first '= REF' line")
        key, sep, value = line.partition(":")
        if not sep or key.strip() != "ev":
            raise SpanError(f"{path}:{n}: expected 'ev: …', got {line!r}")
        blocks[-1][2].append((value.strip(), n))
    return blocks


def event_record(finder: Finder, value: str) -> GoldEvent:
    parts = [p.strip() for p in value.split("|")]
    if not 2 <= len(parts) <= 7:
        raise SpanError(f"expected 2 to 7 '|'-separated fields, got {len(parts)}")
    parts += [""] * (7 - len(parts))
    kind, trigger, actors, targets, location, modality, anchor = parts
    if kind not in PLOVER:
        raise SpanError(f"{kind!r} is not a PLOVER type")
    modality = modality or "asserted"
    if modality not in MODALITIES:
        raise SpanError(f"{modality!r} is not a modality")
    start = finder.one(anchor)[0] if anchor else 0

    def find(spec: str) -> Span:
        if spec.startswith("^"):
            return finder.span(spec[1:])
        return finder.span(spec, start, first=bool(anchor))

    def many(field: str) -> tuple[Span, ...]:
        return tuple(find(v.strip()) for v in field.split(";") if v.strip())

    return GoldEvent(
        type=kind,
        trigger=find(trigger),
        actors=many(actors),
        targets=many(targets),
        location=find(location) if location else None,
        modality=modality,
    )


def build(work: Path, data: Path, out: Path) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    errors: list[str] = []
    seen: set[str] = set()
    for ref, line, events in parse_work(work):
        if ref in seen:
            errors.append(f"{work}:{line}: {ref} annotated twice")
            continue
        seen.add(ref)
        text = news_text(data, ref)
        finder = Finder(text)
        gold: list[GoldEvent] = []
        for value, n in events:
            try:
                gold.append(event_record(finder, value))
            except (SpanError, ValueError) as exc:
                errors.append(f"{work}:{n}: {ref}: {exc}")
        art = GoldArticle(ref=ref, sha1=text_sha1(text), outlet=outlet_of(ref), events=tuple(gold))
        errors.extend(art.check(text))
        articles.append(art)
    if errors:
        raise SystemExit("\n".join(errors))
    out.parent.mkdir(parents=True, exist_ok=True)
    dump_gold(articles, out)
    return articles


def find(data: Path, ref: str, snippet: str) -> None:
    finder = Finder(news_text(data, ref))
    for i, (s, e) in enumerate(finder.occurrences(snippet)):
        print(f"@{i} [{s}, {e}] …{finder.context(s, e, 30)}…")


def review(data: Path, gold_path: Path, refs: list[str]) -> None:
    for art in load_gold(gold_path):
        if refs and art.ref not in refs:
            continue
        text = news_text(data, art.ref)

        def t(span: Span | None, text: str = text) -> str:
            return "∅" if span is None else text[span[0] : span[1]].replace("\n", "⏎")

        print(f"= {art.ref} [{art.outlet}]")
        for ev in art.events:
            actors = " ; ".join(t(a) for a in ev.actors) or "∅"
            targets = " ; ".join(t(x) for x in ev.targets) or "∅"
            print(f"  {ev.type:11} «{t(ev.trigger)}»  {actors} → {targets}  @{t(ev.location)}  [{ev.modality}]")


def stats(gold_path: Path) -> None:
    arts = load_gold(gold_path)
    by_outlet: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_modality: Counter[str] = Counter()
    for art in arts:
        articles[art.outlet] += 1
        for ev in art.events:
            by_outlet[art.outlet] += 1
            by_type[ev.type] += 1
            by_modality[ev.modality] += 1
    print(f"{len(arts)} articles, {sum(by_outlet.values())} events")
    for outlet in sorted(articles):
        print(f"  {outlet:11} {articles[outlet]:3} articles {by_outlet[outlet]:4} events")
    print("types:     " + ", ".join(f"{t} {by_type[t]}" for t in PLOVER if by_type[t]))
    print("modality:  " + ", ".join(f"{m} {n}" for m, n in by_modality.most_common()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (default ../shared/data)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show").add_argument("ref")
    p = sub.add_parser("find")
    p.add_argument("ref")
    p.add_argument("snippet")
    sub.add_parser("build").add_argument("work", type=Path)
    sub.add_parser("review").add_argument("refs", nargs="*")
    sub.add_parser("stats")
    args = ap.parse_args(argv)
    if args.cmd == "show":
        show(args.data, args.ref)
    elif args.cmd == "find":
        find(args.data, args.ref, args.snippet)
    elif args.cmd == "build":
        arts = build(args.work, args.data, args.gold)
        print(f"wrote {len(arts)} articles, {sum(len(a.events) for a in arts)} events to {args.gold}")
    elif args.cmd == "review":
        review(args.data, args.gold, args.refs)
    else:
        stats(args.gold)


if __name__ == "__main__":
    main()

"""Count candidate reporting verbs in the news, to grow ``src/didban/fa/cues.tsv`` by hand.

    python scripts/grow_cues.py --data ../shared/data [--top 80] [--min 5] [--unknown]

A candidate is what stands right before «:» or «که» at the end of a clause: a compound verb whose
last word is a light verb («اظهار داشت»، «خاطرنشان کرد»، «یادآور شد») or a simple past verb
(«افزود»، «نوشت»), normalized and counted over every article's sentences. Each line printed gives
the count, whether cues.tsv already knows it (``known``: it is a cue; ``block``: listed as no cue),
the form and the marker it preceded, most frequent first. The good ones are added to cues.tsv by
hand, in the simple past (the lexicon generates the other tenses).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

LIGHT_VERBS = ("کرد", "داشت", "شد", "داد", "نمود", "ساخت", "گشت", "کردند", "داشتند", "شدند", "دادند")
MARKERS = (":", "که")


def read_news(data: Path) -> list[str]:
    texts = []
    for path in sorted((data / "news").glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item.get("title"), item.get("abstract") or item.get("summary"), *(item.get("paragraphs") or [])]
            text = "\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            if text:
                texts.append(text)
    return texts


def candidates(words: list[str]) -> list[tuple[str, str]]:
    """(verb phrase, marker) for every «:» / «که» preceded by a verb-like word.

    A compound verb is given with one and with two words before its light verb («نشان کرد»،
    «خاطر نشان کرد»): the caller keeps the one the lexicon knows, else the shorter.
    """
    out = []
    for k in range(1, len(words)):
        if words[k] not in MARKERS:
            continue
        prev = words[k - 1]
        if prev in LIGHT_VERBS and k >= 2 and words[k - 2][:1].isalpha():
            out.append((f"{words[k - 2]} {prev}", words[k]))
            if k >= 3 and words[k - 3][:1].isalpha():
                out.append((f"{words[k - 3]} {words[k - 2]} {prev}", words[k]))
        elif prev[:1].isalpha() and prev.endswith(("ود", "فت", "شت", "ید", "ست", "اند")):
            out.append((prev, words[k]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--top", type=int, default=80)
    ap.add_argument("--min", type=int, default=5, help="print candidates seen at least this often")
    ap.add_argument("--unknown", action="store_true", help="print only what cues.tsv does not list yet")
    args = ap.parse_args(argv)
    if not (args.data / "news").is_dir():
        print(f"{args.data / 'news'}: not found", file=sys.stderr)
        return 2

    from didban.attribution.cues import default_lexicon
    from didban.attribution.words import phrase_words
    from didban.text.normalize import normalize_text
    from didban.text.segment import tokenize

    lex = default_lexicon()
    counts: Counter[tuple[str, str]] = Counter()
    for raw in read_news(args.data):
        text = normalize_text(raw)
        words = [text[s:e] for s, e in tokenize(text)]
        counts.update(candidates(words))

    def status(verb: str) -> str:
        cue = lex.cues.get(phrase_words(verb))
        return "" if cue is None else ("block" if cue.kind == "block" else "known")

    # A three-word compound counts only when the lexicon knows it, or its two-word tail is rare.
    for (verb, marker), n in list(counts.items()):
        if verb.count(" ") == 2:
            tail = (verb.split(" ", 1)[1], marker)
            if status(verb):
                counts[tail] -= n
            else:
                del counts[(verb, marker)]
    shown = 0
    print(f"{'count':>6}  {'status':6}  cue candidate (marker)")
    for (verb, marker), n in counts.most_common():
        if n < args.min or shown >= args.top:
            break
        if args.unknown and status(verb):
            continue
        print(f"{n:>6}  {status(verb):6}  {verb} ({marker})")
        shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

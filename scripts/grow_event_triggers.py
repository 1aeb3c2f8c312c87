"""Print frequent light-verb constructions of the news that the event trigger lexicon lacks.

    python scripts/grow_event_triggers.py --data ../shared/data [--top 80] [--articles 20000]

Counts «noun + light verb» (کرد/کردند/داد/دادند/شد/شدند/زد/گرفت/… and «می …» forms) and «مورد X قرار
گرفت/داد» in the news texts, drops those already in ``didban/fa/event_triggers.tsv``, and prints the rest,
most frequent first, with an example, for a person to judge and add with a PLOVER type.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from _common import news

from didban.entities.registry import fold
from didban.events.lexicon import default_event_lexicon
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize

LIGHT = {
    "کرد": "کرد",
    "کردند": "کرد",
    "کند": "کرد",
    "کنند": "کرد",
    "داد": "داد",
    "دادند": "داد",
    "دهد": "داد",
    "شد": "شد",
    "شدند": "شد",
    "شود": "شد",
    "زد": "زد",
    "زدند": "زد",
    "گرفت": "گرفت",
    "گرفتند": "گرفت",
}
_STOP = frozenset({"را", "و", "که", "به", "از", "در", "با", "این", "آن", "می", "نمی", "است", "خواهد", "ها", "های"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--top", type=int, default=80)
    args = ap.parse_args(argv)
    known = default_event_lexicon().triggers
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for raw in news(args.data, args.articles):
        text = normalize_text(raw)
        words = [w for s, e in tokenize(text) for w in fold(text[s:e]).split()]
        for i in range(1, len(words)):
            lemma = LIGHT.get(words[i])
            if lemma is None or words[i - 1] in _STOP or not words[i - 1].isalpha():
                continue
            noun = words[i - 1]
            if i >= 2 and words[i - 2] == "مورد":  # «مورد حمله قرار گرفت» is written with «قرار»; catch «مورد X»
                noun = "مورد " + noun
            cand = f"{noun} {lemma}"
            if tuple(cand.split()) in known:
                continue
            counts[cand] += 1
            examples.setdefault(cand, " ".join(words[max(0, i - 6) : i + 1]))
    for cand, n in counts.most_common(args.top):
        print(f"{n:6d}  {cand}\t{examples[cand]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

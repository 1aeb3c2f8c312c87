"""Build src/didban/fa/plural_stems.txt: words seen with a separated plural «‌ها/‌های» in real news.

The normalizer splits a glued plural («کتابها» → «کتاب‌ها») only for stems in this list, so that
«تنها»، «آنها»-like words and names ending in «ها» are left alone. Run:

    python scripts/build_plural_stems.py [--data ../shared/data] [--min-count 3]

Source: Hamshahri Online RSS items, Radio Farda, Varzesh3 and Fars News in ../shared/data/news
(texts belong to their outlets; only a list of common words derived from them is shipped).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from didban.fa.chars import NON_JOINING
from didban.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "didban" / "fa" / "plural_stems.txt"
# Words whose glued form is a word of its own, never split.
EXCLUDE = {"تن", "آن", "این", "ر", "ب", "سر", "ای", "تی", "چی", "جمی", "رمی", "کری", "مسی"}  # «ایها» (Arabic), names


def texts(data: Path) -> list[str]:
    out: list[str] = []
    for path in sorted((data / "news").glob("*/*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            out.append(" ".join([item.get("title", ""), item.get("summary", ""), item.get("abstract", "")]))
            out.extend(item.get("paragraphs") or [])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    plural = re.compile("([آ-ی]+)\u200c(?:ها|های|هایی)(?![آ-ی])")
    counts: Counter[str] = Counter()
    for text in texts(args.data):
        counts.update(plural.findall(normalize_text(text)))
    stems = sorted(
        w for w, n in counts.items()
        if n >= args.min_count and len(w) >= 2 and w[-1] not in NON_JOINING and w not in EXCLUDE
    )
    header = "# Plural stems (see scripts/build_plural_stems.py): one word per line.\n"
    OUT.write_text(header + "\n".join(stems) + "\n", encoding="utf-8")
    print(f"{len(stems)} stems written to {OUT}")


if __name__ == "__main__":
    main()

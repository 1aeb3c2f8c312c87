"""Who and what the news corpus names most: to grow the entity registry (src/didban/fa/entities).

    python scripts/frequent_names.py [--data ../shared/data] [--source varzesh3] [--top 80]

Prints two tables, counted in articles (not occurrences):
1. registry entities the linker's dictionary pass finds, most frequent first (what is covered);
2. candidate names the registry lacks: the two words after a person cue («آقای»، «سرمربی»،
   «وزیر امور خارجه»، «سخنگوی» …; club, country and nationality words right after the cue are
   skipped, as in «مهاجم برزیلی پرسپولیس X Y»), before «، + cue» («یورگن کلوپ، سرمربی …») or before
   a speech verb («… گفت»), with one example context.
3. «first name + next word» pairs the registry lacks, for a list of common first names (how the
   sports figures of varzesh3 were found: «علی علیپور»، «وریا غفوری» …).
Candidates are for a person to read and judge: only names identified with confidence go into the
registry. Nothing from the corpus is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from didban.article import Article
from didban.entities.linker import Linker
from didban.entities.registry import Registry, alias_key, default_registry, fold
from didban.text.normalize import normalize_text
from didban.text.segment import tokenize

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"

# Words after which a person's name usually follows (normalized spelling).
PERSON_CUES = [
    "آقای",
    "خانم",
    "دکتر",
    "مهندس",
    "آیت‌الله",
    "حجت‌الاسلام والمسلمین",
    "حجت‌الاسلام",
    "سردار",
    "سرلشکر",
    "سرتیپ",
    "رئیس‌جمهور",
    "رئیس جمهور",
    "نخست وزیر",
    "نخست‌وزیر",
    "وزیر امور خارجه",
    "وزیر خارجه",
    "سخنگوی وزارت امور خارجه",
    "سخنگوی وزارت خارجه",
    "سخنگوی دولت",
    "دبیرکل",
    "سرمربی",
    "مربی",
    "بازیکن",
    "مهاجم",
    "هافبک",
    "مدافع",
    "دروازه‌بان",
    "کاپیتان",
    "ملی‌پوش",
    "ستاره",
    "مدیرعامل باشگاه",
    "رئیس فدراسیون",
    "قهرمان",
]
# fmt: off
FIRST_NAMES = (
    "علی", "محمد", "حسین", "مهدی", "رضا", "امیر", "حسن", "احمد", "مجید", "سعید", "مسعود", "جواد", "محمدرضا",
    "علیرضا", "حمید", "مصطفی", "مرتضی", "محسن", "ابراهیم", "اسماعیل", "عباس", "کریم", "یحیی", "فرهاد", "جلال",
    "هادی", "وحید", "پیمان", "سردار", "کاوه", "آندرانیک", "فریدون", "منصور", "ناصر", "قاسم", "اکبر", "عبدالله",
    "محمدجواد", "محمدباقر", "محمدعلی", "حمیدرضا", "غلامرضا", "غلامحسین", "داود", "یوسف", "بهزاد", "کامران",
    "کیانوش", "میلاد", "رامین", "سیاوش", "افشین", "امید", "مهرداد", "ایرج", "پرویز", "جعفر", "صادق",
    "ابوالفضل", "سجاد", "میثم", "امین", "آرش", "بابک", "سامان", "فرشید", "شجاع", "وریا",
)
# fmt: on
SPEECH_VERBS = ("گفت", "افزود", "اظهار داشت", "تاکید کرد", "خاطرنشان کرد", "عنوان کرد", "اظهار کرد", "تصریح کرد")
_PERSIAN_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")


def news_texts(data: Path, source: str | None) -> Iterator[tuple[str, str]]:
    """(source folder, title + lead + paragraphs) of every news article."""
    for path in sorted((data / "news").glob("*/*.json")):
        if source and path.parent.name != source:
            continue
        for item in json.loads(path.read_text(encoding="utf-8")):
            parts = [item.get("title"), item.get("abstract") or item.get("summary")]
            parts += item.get("paragraphs") or []
            text = "\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            if text:
                yield path.parent.name, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--source", help="only this news folder (farsnews, varzesh3, rss)")
    parser.add_argument("--top", type=int, default=80)
    parser.add_argument("--min-articles", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "news").is_dir():
        print(f"skipped: no news data at {args.data / 'news'}")
        return 0

    registry = default_registry()
    linker = Linker(registry, surnames=False)
    covered: Counter[str] = Counter()
    candidates: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    first_names = frozenset(fold(normalize_text(w)) for w in FIRST_NAMES)
    example: dict[str, str] = {}
    cue_keys = [tuple(alias_key(c).split()) for c in PERSON_CUES]
    verb_keys = [tuple(alias_key(v).split()) for v in SPEECH_VERBS]
    common = _common_words(args.data, args.source)

    n = 0
    for _, raw in news_texts(args.data, args.source):
        n += 1
        text = normalize_text(raw)
        tokens = tokenize(text)
        article = linker.link(Article(raw_text=raw, text=text, tokens=tokens))
        covered.update(e.id for e in article.entities)
        words = [fold(text[s:e]) for s, e in tokens]
        found: dict[str, str] = {}
        for i in range(len(words)):
            for cue in cue_keys:
                if tuple(words[i : i + len(cue)]) == cue:
                    j = i + len(cue)
                    while j < len(words) and j < i + len(cue) + 3 and _descriptor(words[j], registry):
                        j += 1  # «مهاجم برزیلی پرسپولیس X Y»: skip nationality and club
                    _candidate(words, j, j + 2, common, found, text, tokens)
                    if i >= 3 and words[i - 1] == "،":  # «یورگن کلوپ، سرمربی لیورپول»
                        _candidate(words, i - 3, i - 1, common, found, text, tokens)
            for verb in verb_keys:
                if tuple(words[i : i + len(verb)]) == verb and i >= 2:
                    _candidate(words, i - 2, i, common, found, text, tokens)
        seen_pairs = {
            f"{a} {b}"
            for a, b in pairwise(words)
            if a in first_names and b not in first_names and len(b) > 2 and _PERSIAN_WORD.fullmatch(b.replace(" ", ""))
        }
        pairs.update(p for p in seen_pairs if not registry.lookup_key(p))
        for name, context in found.items():
            if not registry.lookup_key(name) and not registry.lookup_key(name.split()[-1]):
                candidates[name] += 1
                example.setdefault(name, context)

    print(f"{n} articles{' from ' + args.source if args.source else ''}\n")
    print(f"-- registry entities found by the dictionary pass (articles), top {args.top}")
    for eid, c in covered.most_common(args.top):
        rec = registry.get(eid)
        print(f"{c:6d}  {eid:32s} {rec.name if rec else ''}")
    print(f"\n-- candidate names not in the registry (articles ≥ {args.min_articles}), top {args.top}")
    for name, c in candidates.most_common(args.top):
        if c < args.min_articles:
            break
        print(f"{c:6d}  {name:30s} … {example[name]} …")
    print(f"\n-- «first name + word» pairs not in the registry (articles ≥ {args.min_articles}), top {args.top}")
    for name, c in pairs.most_common(args.top):
        if c < args.min_articles:
            break
        print(f"{c:6d}  {name}")
    return 0


def _descriptor(word: str, registry: Registry) -> bool:
    """A known name or a nationality adjective («برزیلی»), which sit between a role and a name."""
    if registry.lookup_key(word):
        return True
    return word.endswith("ی") and len(word) > 3 and bool(registry.lookup_key(word[:-1]))


def _candidate(
    words: list[str],
    start: int,
    end: int,
    common: tuple[frozenset[str], frozenset[str]],
    found: dict[str, str],
    text: str,
    tokens: list[tuple[int, int]],
) -> None:
    """words[start:end] as a name: Persian words, the last not a common word, the first not a very common one."""
    if start < 0 or end > len(words) or start >= end:
        return
    span = words[start:end]
    frequent, very_frequent = common
    if any(not _PERSIAN_WORD.fullmatch(w.replace(" ", "")) for w in span):
        return
    if span[-1] in frequent or span[0] in very_frequent:
        return
    name = " ".join(span)
    if name not in found:
        a = tokens[max(start - 4, 0)][0]
        b = tokens[min(end + 2, len(tokens) - 1)][1]
        found[name] = text[a:b].replace("\n", " ")


def _common_words(data: Path, source: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The corpus's 1,500 and 150 most frequent words: everyday vocabulary, not names."""
    counts: Counter[str] = Counter()
    for _, raw in news_texts(data, source):
        counts.update(fold(w) for w in raw.split())
    by_norm: defaultdict[str, int] = defaultdict(int)
    for w, c in counts.items():
        by_norm[fold(normalize_text(w))] += c
    ranked = [w for w, _ in sorted(by_norm.items(), key=lambda kv: -kv[1])]
    return frozenset(ranked[:1500]), frozenset(ranked[:150])


if __name__ == "__main__":
    sys.exit(main())

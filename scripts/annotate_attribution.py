"""Annotate attribution gold without counting offsets by hand.

Spans are written as substrings of the article in a working file (kept outside the repository, since it
quotes article text); this script finds them, converts them to raw-text offsets, checks them and writes
the gold JSONL (offsets only, see ``docs/attribution-guidelines.md``).

    python scripts/annotate_attribution.py show farsnews/fars-news-1.json#17        # text with offsets
    python scripts/annotate_attribution.py find farsnews/fars-news-1.json#17 "گفت"  # where a snippet occurs
    python scripts/annotate_attribution.py candidates farsnews --limit 30           # articles worth annotating
    python scripts/annotate_attribution.py build /tmp/attribution.work               # → tests/gold/attribution.jsonl
    python scripts/annotate_attribution.py review [REF ...]                          # gold spans as text, to check
    python scripts/annotate_attribution.py uncovered                                 # cue words no gold cue covers
    python scripts/annotate_attribution.py stats                                     # counts per outlet

Working file format: one block per article, blank lines and ``#`` comment lines ignored::

    = farsnews/fars-news-1.json#17
    relay: فارس | روابط عمومی وزارت ارتباطات       (the article's lead chain, publisher first)
    frame: LABEL | TARGET | parenthetical          (one line per framing)
    --                                             (a statement starts)
    sp: وارسته                                      (speaker; omit for an unattributed statement)
    kind: named
    ant: ...                                       (antecedent of a pronoun/anaphoric speaker)
    cue: گفت
    lemma: گفتن
    ct: با خرید ~~ ارائه می شود                      (content: from the first snippet to the end of the second)
    form: indirect
    mod: asserted                                  (default)
    rc: ...                                        (recipient)
    srelay: A | B                                  (in-text relays of this statement only)

A snippet matches the text up to Arabic/Persian letter variants (ي/ی, ك/ک, presentation forms), digits, ZWNJ/space and
quotation-mark variants, whole words only; ``snippet@k`` takes the k-th (0-based) occurrence, and a snippet that occurs
more than once without ``@k`` is an error listing the occurrences. ``at: SNIPPET`` in a statement block
makes every search in that block (but ``ant`` and ``srelay``) start at the snippet and take the first
occurrence after it (unless @k).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from didban.attribution.gold import (  # noqa: E402
    DEFAULT_GOLD,
    GoldArticle,
    GoldFraming,
    GoldStatement,
    dump_gold,
    load_gold,
    news_text,
    record_text,
    text_sha1,
)
from didban.goldfile import _json_records  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"

_BASE_FOLD: dict[str, str | int | None] = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ۀ": "ه",
    "ة": "ه",
    "ە": "ه",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
}
# Arabic presentation forms (ﻓﺮﻣﺎﻧﺪه) fold to the letters they show, where that is one letter
_PRESENTATION = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB50, 0xFF00)}
_FOLD = str.maketrans(
    {
        **{k: v.translate(str.maketrans(_BASE_FOLD)) for k, v in _PRESENTATION.items() if len(v) == 1},
        **_BASE_FOLD,
    }
)


def fold(text: str) -> str:
    """A same-length variant of ``text`` for searching (letter variants, digits, ZWNJ, quotes)."""
    out = text.translate(_FOLD)
    assert len(out) == len(text)
    return out


class SpanError(ValueError):
    pass


class Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)

    def occurrences(self, snippet: str, start: int = 0) -> list[tuple[int, int]]:
        words = [w for w in re.split(r"[\s\u200c]+", fold(snippet)) if w]
        if not words:
            raise SpanError("empty snippet")
        # a space or ZWNJ in the snippet matches any run of them, or none
        pattern = r"[\s\u200c]*".join(re.escape(w) for w in words)
        # whole words only: a snippet that starts (ends) with a letter does not start (end) inside a word
        if re.match(r"\w", words[0]):
            pattern = r"(?<!\w)(?<!\w\u200c)" + pattern
        if re.search(r"\w$", words[-1]):
            pattern += r"(?!\w)(?!\u200c\w)"
        return [(m.start(), m.end()) for m in re.finditer(pattern, self.folded[start:])]

    def one(self, spec: str, start: int = 0, *, first: bool = False) -> tuple[int, int]:
        spec = spec.strip()
        index: int | None = None
        m = re.fullmatch(r"(.*?)@(\d+)", spec, flags=re.S)
        if m:
            spec, index = m.group(1).strip(), int(m.group(2))
        found = self.occurrences(spec, start)
        if not found:
            raise SpanError(f"not found: {spec!r}")
        if index is None and len(found) > 1 and not first:
            where = "; ".join(
                f"@{i} at {s + start}: …{self.context(s + start, e + start)}…" for i, (s, e) in enumerate(found[:8])
            )
            raise SpanError(f"{spec!r} occurs {len(found)} times, add @k: {where}")
        k = index or 0
        if k >= len(found):
            raise SpanError(f"{spec!r} occurs only {len(found)} times (asked @{k})")
        s, e = found[k]
        return s + start, e + start

    def span(self, spec: str, start: int = 0, *, first: bool = False) -> tuple[int, int]:
        """``snippet`` or ``head ~~ last`` (the first occurrence of ``last`` after ``head``, unless @k)."""
        if "~~" in spec:
            head, _, last = spec.partition("~~")
            s, e1 = self.one(head, start, first=first)
            _, e = self.one(last, e1, first=True)
            return self.trim(s, e)
        return self.trim(*self.one(spec, start, first=first))

    def trim(self, s: int, e: int) -> tuple[int, int]:
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        if s >= e:
            raise SpanError("empty span")
        return s, e

    def context(self, s: int, e: int, width: int = 20) -> str:
        return self.text[max(0, s - width) : e + width].replace("\n", "⏎")


def outlet_of(ref: str) -> str:
    if ref.startswith("examples/"):
        return "seed"
    folder, _, name = ref.partition("/")
    return Path(name.partition("#")[0]).stem if folder == "rss" else folder


# -- the working file ----------------------------------------------------------------------------

_KEYS = {"sp", "kind", "ant", "cue", "lemma", "ct", "form", "mod", "rc", "srelay", "at"}


def parse_work(path: Path) -> list[tuple[str, int, list[tuple[str, str, int]], list[dict[str, tuple[str, int]]]]]:
    """Blocks of (ref, line, article-level (key, value, line) items, statement dicts key → (value, line))."""
    blocks: list[tuple[str, int, list[tuple[str, str, int]], list[dict[str, tuple[str, int]]]]] = []
    for n, raw_line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            blocks.append((line[1:].strip(), n, [], []))
            continue
        if not blocks:
            raise SpanError(f"{path}:{n}: text before the first '= REF' line")
        _, _, items, statements = blocks[-1]
        if line == "--":
            statements.append({})
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep:
            raise SpanError(f"{path}:{n}: expected 'key: value', got {line!r}")
        if statements:
            if key not in _KEYS:
                raise SpanError(f"{path}:{n}: unknown statement key {key!r}")
            if key in statements[-1]:
                raise SpanError(f"{path}:{n}: {key!r} given twice in one statement")
            statements[-1][key] = (value, n)
        elif key in {"relay", "frame"}:
            items.append((key, value, n))
        else:
            raise SpanError(f"{path}:{n}: unknown article key {key!r} (statements start with '--')")
    return blocks


def build(work: Path, data: Path, out: Path) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    errors: list[str] = []
    seen: set[str] = set()
    for ref, line, items, statements in parse_work(work):
        if ref in seen:
            errors.append(f"{work}:{line}: {ref} annotated twice")
            continue
        seen.add(ref)
        text = news_text(data, ref)
        finder = Finder(text)
        relay: list[tuple[int, int]] = []
        framings: list[GoldFraming] = []
        gold_sts: list[GoldStatement] = []
        for key, value, n in items:
            try:
                if key == "relay":
                    relay = [finder.span(v) for v in value.split("|") if v.strip()]
                else:
                    label, target, pattern = (v.strip() for v in value.split("|"))
                    framings.append(GoldFraming(finder.span(label), finder.span(target), pattern))
            except (SpanError, ValueError) as exc:
                errors.append(f"{work}:{n}: {ref}: {key}: {exc}")
        for st in statements:
            first = min((n for _, n in st.values()), default=line)
            try:
                gold_sts.append(GoldStatement.from_dict(statement_record(finder, st)))
            except (SpanError, ValueError, KeyError) as exc:
                errors.append(f"{work}:{first}: {ref}: statement: {exc}")
        art = GoldArticle(
            ref=ref,
            sha1=text_sha1(text),
            outlet=outlet_of(ref),
            statements=tuple(sorted(gold_sts, key=lambda s: s.content)),
            relay=tuple(relay),
            framings=tuple(sorted(framings, key=lambda f: f.label)),
        )
        errors.extend(art.check(text))
        articles.append(art)
    if errors:
        raise SystemExit("\n".join(errors))
    out.parent.mkdir(parents=True, exist_ok=True)
    dump_gold(articles, out)
    return articles


def statement_record(finder: Finder, st: dict[str, tuple[str, int]]) -> dict[str, object]:
    """One statement block of the working file as a gold record (spans found in the text)."""
    anchored = "at" in st
    start = finder.one(st["at"][0])[0] if anchored else 0

    def get(key: str) -> list[int] | None:
        value = st.get(key, ("", 0))[0]
        if not value:
            return None
        if key in {"ant", "srelay"}:  # they may lie before the anchor: searched in the whole text
            return list(finder.span(value))
        return list(finder.span(value, start, first=anchored))

    record: dict[str, object] = {
        "speaker": get("sp"),
        "speaker_kind": st.get("kind", ("unattributed" if "sp" not in st else "", 0))[0],
        "antecedent": get("ant"),
        "cue": get("cue"),
        "cue_lemma": st.get("lemma", ("", 0))[0],
        "content": get("ct"),
        "form": st.get("form", ("", 0))[0],
        "modality": st.get("mod", ("asserted", 0))[0],
        "recipient": get("rc"),
    }
    if "srelay" in st:
        record["relay"] = [list(finder.span(v)) for v in st["srelay"][0].split("|") if v.strip()]
    return record


def _list(span: tuple[int, int] | None) -> list[int] | None:
    return None if span is None else list(span)


# -- looking at articles and at the gold ---------------------------------------------------------

_CUE_WORDS = re.compile(
    r"گفت|اظهار داشت|افزود|اعلام کرد|تصریح کرد|خاطرنشان|تاکید کرد|تأکید کرد|یادآور شد|اطلاع داد|عنوان کرد|"
    r"ادامه داد|بیان کرد|نوشت|مدعی شد|به گفته|به نقل از|به گزارش|آمده است|تکذیب|خبر داد"
)


def candidates(data: Path, outlet: str, limit: int, max_len: int) -> None:
    files = {
        "farsnews": sorted((data / "news" / "farsnews").glob("*.json")),
        "varzesh3": sorted((data / "news" / "varzesh3").glob("*.json")),
        "hamshahri": [data / "news" / "rss" / "hamshahri.json"],
        "radiofarda": [data / "news" / "rss" / "radiofarda.json"],
    }[outlet]
    rows = []
    for f in files:
        for i, rec in enumerate(_json_records(f.resolve())):
            text = fold(record_text(rec))
            if not 200 <= len(text) <= max_len:
                continue
            cues = len(_CUE_WORDS.findall(text))
            if cues:
                rows.append((cues / (len(text) / 1000), f"{f.relative_to(data / 'news')}#{i}", len(text), cues))
    rows.sort(reverse=True)
    for density, ref, length, cues in rows[:limit]:
        print(f"{ref:40} {length:5} chars {cues:3} cues ({density:.1f}/kchar)")


def show(data: Path, ref: str) -> None:
    text = news_text(data, ref)
    print(f"# {ref}  sha1 {text_sha1(text)}  {len(text)} chars")
    pos = 0
    for line in text.split("\n"):
        print(f"[{pos:5}] {line}")
        pos += len(line) + 1


def find(data: Path, ref: str, snippet: str) -> None:
    finder = Finder(news_text(data, ref))
    for i, (s, e) in enumerate(finder.occurrences(snippet)):
        print(f"@{i} [{s}, {e}] …{finder.context(s, e, 30)}…")


def review(data: Path, gold_path: Path, refs: list[str]) -> None:
    for art in load_gold(gold_path):
        if refs and art.ref not in refs:
            continue
        text = news_text(data, art.ref)

        def t(span: tuple[int, int] | None, text: str = text) -> str:
            return "∅" if span is None else text[span[0] : span[1]].replace("\n", "⏎")

        print(f"= {art.ref} [{art.outlet}]  relay: {' → '.join(t(r) for r in art.relay) or '∅'}")
        for st in art.statements:
            extra = f" (= {t(st.antecedent)})" if st.antecedent else ""
            rc = f" to {t(st.recipient)}" if st.recipient else ""
            srel = f" via {' → '.join(t(r) for r in st.relay)}" if st.relay else ""
            print(
                f"  - [{st.speaker_kind}] {t(st.speaker)}{extra} | {t(st.cue)} ({st.cue_lemma}){rc}{srel}"
                f" | {st.form}/{st.modality}"
            )
            print(f"      «{t(st.content)}»")
        for fr in art.framings:
            print(f"  ~ {t(fr.label)} → {t(fr.target)} ({fr.pattern})")


def uncovered(data: Path, gold_path: Path) -> None:
    """Cue-like words no gold cue, relay or content-internal first-person verb covers: possible misses to review."""
    for art in load_gold(gold_path):
        text = news_text(data, art.ref)
        folded = fold(text)
        covered = [st.cue for st in art.statements] + list(art.relay) + [r for st in art.statements for r in st.relay]
        for m in _CUE_WORDS.finditer(folded):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            print(f"{art.ref} [{m.start()}] …{text[max(0, m.start() - 40) : m.end() + 40]}…".replace("\n", "⏎"))


def stats(gold_path: Path) -> None:
    arts = load_gold(gold_path)
    per: dict[str, Counter[str]] = {}
    for art in arts:
        c = per.setdefault(art.outlet, Counter())
        c["articles"] += 1
        c["statements"] += len(art.statements)
        c["relay links"] += len(art.relay) + sum(len(s.relay) for s in art.statements)
        c["framings"] += len(art.framings)
        for s in art.statements:
            c[f"kind:{s.speaker_kind}"] += 1
            c[f"form:{s.form}"] += 1
            c[f"mod:{s.modality}"] += 1
    total: Counter[str] = sum(per.values(), Counter())
    for name, c in [*sorted(per.items()), ("total", total)]:
        print(f"{name:11} " + json.dumps(dict(sorted(c.items())), ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (default ../shared/data)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show").add_argument("ref")
    p = sub.add_parser("find")
    p.add_argument("ref")
    p.add_argument("snippet")
    p = sub.add_parser("candidates")
    p.add_argument("outlet", choices=["farsnews", "varzesh3", "hamshahri", "radiofarda"])
    p.add_argument("--limit", type=int, default=30)
    p.add_argument("--max-len", type=int, default=2500)
    sub.add_parser("build").add_argument("work", type=Path)
    sub.add_parser("review").add_argument("refs", nargs="*")
    sub.add_parser("stats")
    sub.add_parser("uncovered")
    args = ap.parse_args(argv)
    if args.cmd == "show":
        show(args.data, args.ref)
    elif args.cmd == "find":
        find(args.data, args.ref, args.snippet)
    elif args.cmd == "candidates":
        candidates(args.data, args.outlet, args.limit, args.max_len)
    elif args.cmd == "build":
        arts = build(args.work, args.data, args.gold)
        print(f"wrote {len(arts)} articles, {sum(len(a.statements) for a in arts)} statements to {args.gold}")
    elif args.cmd == "review":
        review(args.data, args.gold, args.refs)
    elif args.cmd == "uncovered":
        uncovered(args.data, args.gold)
    else:
        stats(args.gold)


if __name__ == "__main__":
    main()

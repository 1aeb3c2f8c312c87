"""Score hazm 0.10 and didban on the table of text test cases (tests/cases/text_cases.jsonl).

Each line is {"id", "kind", "input", "expected", "note"} with kind one of
* normalize: expected is the normalized string;
* sentences: expected is the list of sentences of the normalized input;
* tokens:    expected is the list of tokens of the normalized input.

hazm:   Normalizer().normalize, then sent_tokenize / word_tokenize on its output (hazm's sentences are
        compared stripped of surrounding whitespace, empty ones dropped: the expected lists have none).
didban: Normalizer().text, then split_sentences / tokenize on its output.

    .venv/bin/python scripts/hazm_cases.py [--cases FILE] [--show-failures] [--show-didban-failures]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from didban.text.normalize import Normalizer
from didban.text.segment import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ROOT / "tests" / "cases" / "text_cases.jsonl"
KINDS = ("normalize", "sentences", "tokens")

Answer = str | list[str]
System = Callable[[str, str], Answer]  # (kind, input) -> answer


def didban_system() -> System:
    norm = Normalizer()

    def answer(kind: str, raw: str) -> Answer:
        text = norm.text(raw)
        if kind == "normalize":
            return text
        spans = split_sentences(text) if kind == "sentences" else tokenize(text)
        return [text[s:e] for s, e in spans]

    return answer


def hazm_system(hazm: Any) -> System:
    norm = hazm.Normalizer()

    def answer(kind: str, raw: str) -> Answer:
        text = norm.normalize(raw)
        if kind == "normalize":
            return str(text)
        if kind == "sentences":
            return [s.strip() for s in hazm.sent_tokenize(text) if s.strip()]
        return list(hazm.word_tokenize(text))

    return answer


@dataclass
class Score:
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (case, what it gave)


def score(system: System, cases: list[dict[str, Any]]) -> Score:
    sc = Score()
    for case in cases:
        try:
            got: Answer | str = system(case["kind"], case["input"])
        except Exception as exc:  # a crash is a miss, reported with the rest
            got = f"<{type(exc).__name__}: {exc}>"
        if got == case["expected"]:
            sc.correct[case["kind"]] += 1
        else:
            sc.misses.append((case, json.dumps(got, ensure_ascii=False)))
    return sc


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        if case.get("kind") not in KINDS:
            print(f"{path}:{n}: skipping case {case.get('id')!r} of unknown kind {case.get('kind')!r}")
            continue
        cases.append(case)
    return cases


def show_misses(name: str, sc: Score) -> None:
    print(f"\n## {name} misses ({len(sc.misses)})")
    for case, got in sc.misses:
        note = f"  [{case['note']}]" if case.get("note") else ""
        print(f"\n- {case['id']} ({case['kind']}){note}")
        print(f"  input:    {json.dumps(case['input'], ensure_ascii=False)}")
        print(f"  expected: {json.dumps(case['expected'], ensure_ascii=False)}")
        print(f"  got:      {got}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="JSONL cases (default: %(default)s)")
    ap.add_argument("--show-failures", action="store_true", help="list hazm's misses")
    ap.add_argument("--show-didban-failures", action="store_true", help="list didban's misses")
    args = ap.parse_args(argv)

    if not args.cases.is_file():
        print(f"no cases file at {args.cases}")
        return 1
    cases = load_cases(args.cases)
    totals = {k: sum(c["kind"] == k for c in cases) for k in KINDS}

    try:
        import hazm  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except Exception as exc:
        print(f"hazm is not importable ({type(exc).__name__}: {exc}); install: pip install 'didban[compare]'")
        hazm = None

    scores: dict[str, Score] = {}
    if hazm is not None:
        scores["hazm"] = score(hazm_system(hazm), cases)
    scores["didban"] = score(didban_system(), cases)

    print(f"{len(cases)} cases from {args.cases}\n")
    for name, sc in scores.items():
        for k in KINDS:
            print(f"{name} correct ({k}): {sc.correct[k]} / {totals[k]}")
        print(f"{name} correct: {sum(sc.correct.values())} / {len(cases)}\n")

    print("| kind | cases | " + " | ".join(scores) + " |")
    print("|---|---:|" + "---:|" * len(scores))
    for k in KINDS:
        print(f"| {k} | {totals[k]} | " + " | ".join(str(sc.correct[k]) for sc in scores.values()) + " |")
    total_row = " | ".join(f"**{sum(sc.correct.values())}**" for sc in scores.values())
    print(f"| total | {len(cases)} | {total_row} |")

    if args.show_failures and "hazm" in scores:
        show_misses("hazm", scores["hazm"])
    if args.show_didban_failures:
        show_misses("didban", scores["didban"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

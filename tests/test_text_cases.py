"""The table of real Persian normalization and segmentation cases (tests/cases/text_cases.jsonl).

Many inputs are taken from the news in ../shared/data/news (the ``note`` says which); the same table
scores hazm 0.10 in scripts/hazm_cases.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from didban.text.normalize import normalize, normalize_text
from didban.text.segment import split_sentences, tokenize

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "text_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _ids(kind: str) -> list[Any]:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["kind"] == kind]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert len({c["id"] + c["kind"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", _ids("normalize"))
def test_normalize(case: dict[str, Any]) -> None:
    got = normalize_text(case["input"])
    assert got == case["expected"]
    assert normalize_text(got) == got  # idempotent on every case


@pytest.mark.parametrize("case", _ids("sentences"))
def test_sentences(case: dict[str, Any]) -> None:
    text = normalize(case["input"]).text
    assert [text[s:e] for s, e in split_sentences(text)] == case["expected"]


@pytest.mark.parametrize("case", _ids("tokens"))
def test_tokens(case: dict[str, Any]) -> None:
    text = normalize(case["input"]).text
    assert [text[s:e] for s, e in tokenize(text)] == case["expected"]

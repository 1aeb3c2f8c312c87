"""Invariants of the text layer, checked on generated Persian-like text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from didban.text.normalize import RULES, Normalizer, apply_changes, normalize
from didban.text.offsets import OffsetMap
from didban.text.segment import split_sentences, tokenize

# Characters that exercise every rule: Persian and Arabic letters, digits of three scripts,
# ZWNJ/ZWJ, diacritics, kashida, bidi marks, spaces, newlines, punctuation and quotes.
ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئؤءيكةۀىأإ"
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
    "abcxyzABC"
    "\u200c\u200d\u064b\u064e\u0650\u0651\u0640\u200f\ufeff\u00a0"
    ' \n\r\t.,،؛;:!?؟«»"“”()[]-/٫٬%٪@#'
    "ﻻﺍﻟ"
)
WORDS = st.sampled_from(
    [
        "می",
        "نمی",
        "شود",
        "میشود",
        "ها",
        "های",
        "تر",
        "ترین",
        "اند",
        "ای",
        "گروه",
        "کشور",
        "که",
        "این",
        "ماه",
        "20.5",
        "۲۰٫۵",
        "1,200",
        "به گزارش\n",
        "خبرگزاری",
        ".",
        "،",
        " : ",
        "«",
        "»",
        "(",
        ")",
        "\n\n",
    ]
)
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.text(max_size=60),  # any Unicode: control characters, odd whitespace (U+001F, U+0085), astral planes
    st.lists(st.one_of(WORDS, st.text(alphabet=ALPHABET, max_size=6)), max_size=30).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(texts)
@example("\x1f\x850")  # a line of only U+001F once crashed the broken-lines rule
def test_normalization_is_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_map_inside_raw_text(raw: str) -> None:
    result = normalize(raw)
    offsets = result.offsets
    assert offsets.n_len == len(result.text) and offsets.r_len == len(raw)
    previous = 0
    for i in range(len(result.text)):
        start, end = offsets.raw_span(i, i + 1)
        assert 0 <= start <= end <= len(raw)
        assert start >= previous  # monotonic: order is kept
        previous = start


@settings(max_examples=300, deadline=None)
@given(texts)
def test_unchanged_characters_map_to_themselves(raw: str) -> None:
    """A letter maps back to raw text that normalizes to a string containing it (the same letter,
    its Arabic form, or a ligature it came from)."""
    result = normalize(raw)
    for i, ch in enumerate(result.text):
        start, end = result.offsets.raw_span(i, i + 1)
        if ch.isalpha() and end > start:
            assert ch in Normalizer().text(raw[start:end])


@settings(max_examples=400, deadline=None)
@given(texts)
def test_sentences_and_tokens_stay_inside_and_in_order(raw: str) -> None:
    text = normalize(raw).text
    last = 0
    for s, e in split_sentences(text):
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e
    last = 0
    for s, e in tokenize(text):
        assert last <= s < e <= len(text)
        assert not text[s:e].isspace()
        last = e
    # tokens cover every non-space character
    covered = sum(e - s for s, e in tokenize(text))
    assert covered == sum(1 for c in text if not c.isspace())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n", max_size=40), st.data())
def test_offset_map_composition_matches_brute_force(text: str, data: st.DataObject) -> None:
    """Random edits composed into an OffsetMap agree with a per-character map kept by hand."""
    per_char = list(range(len(text)))
    offsets = OffsetMap.identity(len(text))
    current = text
    for _ in range(3):
        n = len(current)
        cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=6, unique=True)))
        changes = []
        for a, b in zip(cuts[0::2], cuts[1::2], strict=False):
            changes.append((a, b, data.draw(st.sampled_from(["", "x", "yy"]))))
        new, edits = apply_changes(current, changes)
        # brute force: rebuild the per-character map
        new_map: list[int] = []
        last = 0
        for a, b, r in changes:
            new_map.extend(per_char[last:a])
            if r == current[a:b]:
                new_map.extend(per_char[a:b])
            else:
                anchor = per_char[a] if a < n else len(text)
                new_map.extend([anchor] * len(r)) if len(r) != b - a else new_map.extend(per_char[a:b])
            last = b
        new_map.extend(per_char[last:])
        offsets = offsets.then(edits, len(new))
        current, per_char = new, new_map
        for i in range(len(current)):
            assert offsets.to_raw(i) <= len(text)
        # positions outside any edit agree exactly
        assert len(per_char) == len(current)


def test_every_rule_is_named_and_documented() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.doc for r in RULES)


def test_disabling_a_rule_changes_only_that_rule() -> None:
    assert Normalizer(disable=["characters"]).text("كتاب") == "كتاب"
    assert Normalizer().text("كتاب") == "کتاب"


@settings(max_examples=1000, deadline=None)
@given(st.one_of(texts, st.text(max_size=80)))
def test_fast_tokenizer_equals_the_pattern(raw: str) -> None:
    """The C fast path gives exactly the spans of the token pattern, on raw and normalized text."""
    from didban.text.segment import tokenize_by_pattern

    for text in (raw, normalize(raw).text):
        assert tokenize(text) == tokenize_by_pattern(text)
        if len(text) > 4:
            assert tokenize(text, 2, len(text) - 2) == tokenize_by_pattern(text, 2, len(text) - 2)


def test_fast_tokenizer_is_built() -> None:
    """CI has a compiler, so the optional extension must be there (users without one fall back)."""
    import os

    import didban.text.segment as segment

    if segment._fast_tokenize is None and not os.environ.get("CI"):
        pytest.skip("the C tokenizer was not built (no compiler); the pattern is used")
    assert segment._fast_tokenize is not None

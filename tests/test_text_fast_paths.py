"""The C fast paths of the text layer give exactly what the Python specification gives.

`didban.text._normalize` ports each normalization rule, the offset-map composition and the sentence
splitter. Checked here: rule by rule (text and edits), end to end (text, offset map, title) with any set
of rules disabled, and the sentence spans; on generated text (any Unicode, astral characters and lone
surrogates included) and on strings that put every BMP character in the contexts the rules look at.
"""

from __future__ import annotations

import os
import pickle

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from didban.text import normalize as nz
from didban.text import segment
from didban.text.normalize import RULE_NAMES, RULES, Normalizer, Rule, apply_changes
from didban.text.offsets import OffsetMap
from test_text_properties import ALPHABET, WORDS, texts

try:
    from didban.text import _normalize as fast
except ImportError:  # pragma: no cover - CI has a compiler, so there the extension must be built
    if os.environ.get("CI"):
        raise
    pytest.skip("the C fast path was not built (no compiler)", allow_module_level=True)

# Any code point, lone surrogates included (hypothesis leaves them out of st.text() by default).
any_text = st.text(st.characters(exclude_categories=()), max_size=80)
all_texts = st.one_of(texts, st.text(max_size=80), any_text)
# Sentence material: marks, closers, quotes, abbreviations, initials, list numbers.
SENTENCE_WORDS = st.sampled_from(
    ["Mr.", "U.S.", "e.g.", "\u212a.", "No.", "م.", "۱.", "12.", "a.", "گفت:", "«", "»", "…", "؟", "!", "?", ".", "\n"]
)
sentence_pieces = st.one_of(WORDS, SENTENCE_WORDS, st.text(alphabet=ALPHABET + ".!؟?…»\"')]«(", max_size=5))
sentence_texts = st.one_of(all_texts, st.lists(sentence_pieces, max_size=40).map(" ".join))

RULE = {r.name: r for r in RULES}
RULE_IDS = {name: i for i, name in enumerate(fast.RULES)}
DATA = nz._fast_data()
PLAIN = Normalizer(fast=False)
FAST = Normalizer()


def fast_apply(rule: Rule, text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    assert DATA is not None
    return fast.apply_rule(RULE_IDS[rule.name], text, DATA)


def python_apply(rule: Rule, text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    new, edits = rule.apply(text)
    return new, list(edits)


def assert_same_normalization(raw: str, fast_norm: Normalizer, plain: Normalizer) -> None:
    got, want = fast_norm(raw), plain(raw)
    assert got.text == want.text
    assert got.offsets.to_list() == want.offsets.to_list()
    assert got.title_span == want.title_span
    assert fast_norm.text(raw) == want.text


# -- built and complete ---------------------------------------------------------------------------


def test_fast_normalizer_is_built() -> None:
    """The extension is in use (CI has a compiler: there, a missing extension fails this module's import)."""
    assert nz._fast is not None and segment._fast_split_sentences is not None
    assert DATA is not None
    assert FAST._program is not None and PLAIN._program is None


def test_every_rule_has_a_fast_path() -> None:
    """A rule added to the table without a C port would send every text down the Python path."""
    assert set(fast.RULES) == set(RULE_NAMES)
    assert set(fast.CLASSES) == {
        "L",
        "letter",
        "joining",
        "non_joining",
        "number",
        "cleanup",
        "cleanup_special",
        "persian_digit",
    }


def test_the_fast_flag_survives_pickling() -> None:
    for norm in (Normalizer(disable=["quotes"]), Normalizer(disable=["quotes"], fast=False)):
        clone = pickle.loads(pickle.dumps(norm))
        assert clone.fast == norm.fast and clone.rules == norm.rules
        assert (clone._program is None) == (norm._program is None)


def test_malformed_data_is_an_error_not_a_crash() -> None:
    assert DATA is not None
    with pytest.raises(TypeError):
        fast.normalize("متن", b"\x00", b"", True, ())
    with pytest.raises(TypeError):
        fast.normalize("متن", b"\x00", b"", True, (b"",) * 7)
    with pytest.raises(ValueError):
        fast.normalize("متن", bytes([len(fast.RULES)]), b"", True, DATA)
    with pytest.raises(ValueError):
        fast.apply_rule(-1, "متن", DATA)
    with pytest.raises(TypeError):
        fast.split_sentences("متن.", ["mr"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fast.compose([(0, 1, 0)], 1, 1, [(0, 1, 0, 0)], 0)  # type: ignore[list-item]


# -- rule by rule ---------------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(RULES), all_texts)
@example(RULE["line_spaces"], " \n  \n\n x  y \n")
@example(RULE["cleanup"], "\u0640 \u0640\u0640 ـ \r\r\n\ufdf2\ufefb")
@example(RULE["opening_brackets"], "( x")
def test_each_rule_equals_its_python_rule(rule: Rule, raw: str) -> None:
    """Same text and same edits, on raw text and on text the earlier rules already normalized."""
    assert fast_apply(rule, raw) == python_apply(rule, raw)
    before = Normalizer(disable=[r.name for r in RULES[RULES.index(rule) :]], fast=False).text(raw)
    assert fast_apply(rule, before) == python_apply(rule, before)


def _contexts() -> list[str]:
    """Templates putting a character where the rules test a class: around ZWNJ, after «می», before and
    after suffixes, digits, dots, punctuation, brackets and quotes, inside words, at line ends."""
    z = "\u200c"
    return [
        "{c}",
        f"ب{z}{{c}}",
        f"{{c}}{z}ب",
        f"{{c}}{z}{z}ب",
        "می {c}",
        "می{c}{c}",
        "{c}می شود",
        "{c}ها {c}",
        "کتاب{c}ها",
        " {c} ها",
        "{c} های",
        "ه {c}",
        "شده ا{c}",
        "{c}ه اند",
        "{c}0{c}",
        "{c}12",
        "۱۲.{c}",
        "{c}۱.۲",
        "۱{c}.۲",
        "{c}, ",
        "{c} ?",
        '"{c}"',
        "{c} .",
        ".{c}",
        "{c}.{c}",
        "{c}(",
        "«{c}",
        "({c}",
        "{c}\n",
        "\n{c}",
        "ـ{c}ـ",
        "\r{c}",
    ]


BMP = [chr(c) for c in range(0x10000)]
ASTRAL = [chr(c) for c in (0x10000, 0x1F600, 0x1D7CE, 0x20000, 0xE0001, 0x10FFFF)]


@pytest.mark.parametrize("template", _contexts())
def test_every_character_in_every_context(template: str) -> None:
    """Every BMP character (lone surrogates too) and some astral ones, in each context, through each
    rule and through the whole table: the class tables the C code reads are the rules' classes."""
    text = " ".join(template.format(c=c) for c in BMP + ASTRAL)
    for rule in RULES:
        assert fast_apply(rule, text) == python_apply(rule, text), rule.name
    for chunk in range(0, len(text), 50_000):  # the whole table, on pieces of a size news texts have
        piece = text[chunk : chunk + 50_000]
        got, want = FAST(piece), PLAIN(piece)
        assert got.text == want.text and got.offsets.to_list() == want.offsets.to_list()


def test_only_latin_letters_and_the_kelvin_sign_lowercase_to_latin() -> None:
    """The C sentence splitter tests abbreviations on [A-Za-z.] and U+212A only: no other character
    lowercases to a string of [a-z.]."""
    latin = set("abcdefghijklmnopqrstuvwxyz.")
    found = {chr(c) for c in range(0x110000) if set(chr(c).lower()) <= latin}
    assert found == set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.\u212a")


def _words_line(k: int) -> str:
    return " ".join(["کلمه"] * k) + "\nادامه متن"


# Texts at the limits the rules count to: quotes of 500 characters, lines of 12 words, titles of
# 20 words and 200 characters; the Kelvin sign in an abbreviation; ligatures that expand to spaces.
LIMITS = [
    *('"' + "ب" * k + '"' for k in (499, 500, 501)),
    *('"' + "ب" * k + '" و "' + "ب" * (500 - k) + '"' for k in (1, 250)),
    *(_words_line(k) for k in (11, 12, 13)),
    *("متن اول.\n" + _words_line(k) for k in (11, 12, 13)),
    *(" ".join(["عنوان"] * k) + "\nمتن" for k in (19, 20, 21)),
    *("ب" * k + "\nمتن" for k in (199, 200, 201)),
    "U.\u212a. x. u.k. e.g. ok",
    "ﷺ  ﷺ\nﷺ.ﷺ(ﷺ ﷺ ﹰ ﹰ.",
    "ﻻ\u200c\u200cﻻ ها ﻻ.ﻻ (ﻻ)",
]


@pytest.mark.parametrize("raw", LIMITS)
def test_limits(raw: str) -> None:
    for rule in RULES:
        assert fast_apply(rule, raw) == python_apply(rule, raw), rule.name
    assert_same_normalization(raw, FAST, PLAIN)
    for text in (raw, PLAIN.text(raw)):
        assert segment.split_sentences(text) == segment.split_sentences_by_rules(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab", max_size=30), st.data())
def test_offset_composition_equals_offset_map_then(text: str, data: st.DataObject) -> None:
    """The C port of OffsetMap.then, on maps built by random edits (insertions later deleted included,
    which is when neighbouring segments merge)."""
    offsets = OffsetMap.identity(len(text))
    for _ in range(4):
        cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
        ranges = list(zip(cuts[::2], cuts[1::2], strict=False))
        changes = [(a, b, data.draw(st.sampled_from(["", "x", "yy", "zzz"]))) for a, b in ranges]
        points = data.draw(st.lists(st.integers(0, len(text)), max_size=2, unique=True))
        changes += [(p, p, "w") for p in points if not any(a < p < b for a, b in ranges)]
        changes.sort()
        new, edits = apply_changes(text, changes)
        want = offsets.then(edits, len(new))
        got = fast.compose(offsets.segments, offsets.n_len, offsets.r_len, edits, len(new))
        assert got == want.segments
        text, offsets = new, want


# -- end to end -----------------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(all_texts)
@example("")
@example("\ud800\udfff\U0001f600 می شود\n\n")
@example("\x1f\x850")
def test_fast_normalizer_equals_the_rules(raw: str) -> None:
    """Same text, same offset map, same title as the Python rules."""
    assert_same_normalization(raw, FAST, PLAIN)
    once = PLAIN(raw).text
    assert_same_normalization(once, FAST, PLAIN)


@settings(max_examples=500, deadline=None)
@given(st.sets(st.sampled_from(RULE_NAMES)), all_texts)
@example({"broken_lines"}, "به گزارش\nخبرگزاری")
@example({"characters", "spaces"}, "كتاب  ها\n\nو\n")
def test_fast_normalizer_equals_the_rules_with_rules_disabled(disabled: set[str], raw: str) -> None:
    assert_same_normalization(raw, Normalizer(disable=disabled), Normalizer(disable=disabled, fast=False))


@settings(max_examples=1500, deadline=None)
@given(sentence_texts)
@example("Mr. Smith. U.S. policy. \u212a. ۱. اول «گفت. بله.» تمام. K.")
@example("\u2026. ?\u2026\u00bb x")
def test_fast_sentence_splitter_equals_the_rules(raw: str) -> None:
    for text in (raw, PLAIN.text(raw)):
        assert segment.split_sentences(text) == segment.split_sentences_by_rules(text)

"""Reading NER corpora, projecting labels onto the pipeline's tokens, and strict scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from didban.ner.data import align, entities_from_tags, load, predicted_entities, read_conll, spans_from_labels
from didban.ner.evaluate import score, table


@pytest.mark.parametrize(
    ("tags", "entities"),
    [
        (["B-PER", "I-PER", "O"], [(0, 1, "PER")]),
        (["B_ORG", "I_ORG", "B_ORG"], [(0, 1, "ORG"), (2, 2, "ORG")]),  # PEYMA's underscore
        (["I-LOC", "I-LOC", "O", "I-LOC"], [(0, 1, "LOC"), (3, 3, "LOC")]),  # IOB1: I starts an entity
        (["B-pers", "I-org"], [(0, 0, "PER"), (1, 1, "ORG")]),  # Arman's lower case; type change splits
        (["B-EVE", "I-EVE", "B-POG"], [(0, 1, "EVENT")]),  # ParsTwiNER: POG has no Didban type
        (["O", "O"], []),
    ],
)
def test_entities_from_tags(tags: list[str], entities: list[tuple[int, int, str]]) -> None:
    assert entities_from_tags(tags) == entities


def test_spans_from_labels_treats_a_stray_inside_as_a_start() -> None:
    assert spans_from_labels(["O", "I-PER", "I-PER", "B-LOC", "I-ORG"]) == [(1, 2, "PER"), (3, 3, "LOC"), (4, 4, "ORG")]


def test_alignment_projects_labels_through_normalization() -> None:
    # PEYMA-style: ZWNJ written as a space, Arabic ي/ك; «می شود» becomes one token «می‌شود».
    words = ["وزارت", "امور", "خارجه", "آمريكا", "اعلام", "می", "شود"]
    sent = align(words, [(0, 2, "ORG"), (3, 3, "LOC")])
    assert sent.token_texts() == ["وزارت", "امور", "خارجه", "آمریکا", "اعلام", "می\u200cشود"]
    assert sent.labels == ["B-ORG", "I-ORG", "I-ORG", "B-LOC", "O", "O"]
    assert predicted_entities(sent, sent.labels) == sent.gold


def test_a_word_split_into_tokens_begins_once() -> None:
    sent = align(["«تهران»", "امروز"], [(0, 0, "LOC")])
    assert sent.token_texts() == ["«", "تهران", "»", "امروز"]
    assert sent.labels == ["B-LOC", "I-LOC", "I-LOC", "O"]
    assert predicted_entities(sent, ["O", "B-LOC", "O", "O"]) == [(0, 0, "LOC")]


def test_read_conll_sniffs_separators(tmp_path: Path) -> None:
    f = tmp_path / "c.txt"
    f.write_text("-DOCSTART-\tO\n\nثبت نام|O\nتهران|B_LOC\n\nعلی B-pers\nکریمی\tI-pers\nبی‌تگ\n", encoding="utf-8")
    assert list(read_conll(f)) == [(["ثبت نام", "تهران"], ["O", "B_LOC"]), (["علی", "کریمی"], ["B-pers", "I-pers"])]
    assert [s.gold for s in load(f)] == [[(1, 1, "LOC")], [(0, 1, "PER")]]


def test_strict_scores_count_boundaries_and_types() -> None:
    gold = [(0, 1, "PER"), (3, 3, "LOC"), (5, 6, "ORG")]
    pred = [(0, 1, "PER"), (3, 3, "ORG"), (5, 5, "ORG")]  # right, wrong type, wrong boundary
    s = score([(gold, pred)])
    assert (s["ALL"].tp, s["ALL"].fp, s["ALL"].fn) == (1, 2, 2)
    assert s["PER"].f1 == 1.0 and s["LOC"].recall == 0.0
    assert s["ALL"].precision == pytest.approx(1 / 3)
    only_per = score([(gold, pred)], types={"PER"})
    assert set(only_per) == {"PER", "ALL"} and only_per["ALL"].f1 == 1.0
    assert "ALL" in table(s).splitlines()[-1]

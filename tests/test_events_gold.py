"""The event gold set (tests/gold/events.jsonl) and its scorer.

(a) the gold file is valid and fits the shared articles; (b) the scorer on tiny hand-made articles
(no ../shared needed); (c) a quality gate: the pipeline's scores on the gold set stay above floors.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from didban.article import Article, Entity, Event, Mention
from didban.events.gold import (
    DEFAULT_GOLD,
    PLOVER,
    GoldArticle,
    GoldError,
    GoldEvent,
    evaluate,
    format_table,
    gold_as_article,
    load_gold,
    news_text,
    score,
    split_gold,
    text_sha1,
)

GOLD = load_gold(DEFAULT_GOLD)
# A second development set (issue 5): articles annotated before the rules were tuned on them, scored with
# ``scripts/eval_events.py --gold tests/gold/events-dev2.jsonl --split all``.
DEV2_PATH = DEFAULT_GOLD.with_name("events-dev2.jsonl")
DEV2 = load_gold(DEV2_PATH)
# A third development set: annotated before the rules were run on it; the check of changes made on the dev
# half of the gold and on dev2 (docs/events-guidelines.md §8).
DEV3_PATH = DEFAULT_GOLD.with_name("events-dev3.jsonl")
DEV3 = load_gold(DEV3_PATH)
# Sets 4-7 (issue 5, third round), each annotated blind by its own annotator: dev4, dev6 and dev7 were tuned on
# after their first score; dev5 is a check set whose errors were never read (docs/events-guidelines.md §8).
# Sets 8 and 9 (issue 5, fourth round), likewise blind; first scored, then tuned on and used to train the role
# model (`didban.events.roles`).
# Sets 10 to 13 likewise (fifth round). Sets 14 and 15 are check sets like dev5: annotated blind after the
# fifth round's changes, scored once, their errors never read and never trained on.
# Sets 16 to 19: four more, annotated blind after the fifth round and first scored with its final code.
# Sets 20 to 23: four more, annotated blind during the sixth round and first scored with its final code (never
# tuned on): held-out sets like dev14 and dev15.
# Sets 24 to 27: four more, annotated blind at the end of the sixth round and first scored after lexicon pass 6.
# Sets 28 to 31: four more, annotated blind and scored once with the session's final code (never tuned on).
# Sets 32 to 35: four more (texts of at most 8,000 characters), annotated blind during the seventh round and
# scored once with its code after lexicon passes 8 and 9 and the retrained role model (commit 82d0b45).
# Sets 36 to 39: four more, drawn the same way (seed 20261206), scored once with the round's final code (28ee2d7).
# Set 40: 60 articles (the last three world/politics texts of Fars News and of Radio Farda, the rest Hamshahri
# items), annotated blind by four annotators, 15 articles each, and scored once with the eighth round's starting
# code (3e57891) before it joined the development sets.
LATER_PATHS = [DEFAULT_GOLD.with_name(f"events-dev{k}.jsonl") for k in (*range(4, 41), 44, 48)]
DEV4, DEV5, DEV6, DEV7, DEV8, DEV9, DEV10, DEV11, DEV12, DEV13, DEV14, DEV15, DEV16, DEV17, DEV18, DEV19 = (
    load_gold(p) for p in LATER_PATHS[:16]
)
DEV20, DEV21, DEV22, DEV23, DEV24, DEV25, DEV26, DEV27 = (load_gold(p) for p in LATER_PATHS[16:24])
DEV28, DEV29, DEV30, DEV31 = (load_gold(p) for p in LATER_PATHS[24:28])
DEV32, DEV33, DEV34, DEV35 = (load_gold(p) for p in LATER_PATHS[28:32])
DEV36, DEV37, DEV38, DEV39, DEV40 = (load_gold(p) for p in LATER_PATHS[32:37])
# dev44: four blind sets of 15 short Hamshahri items merged (held out: never trained on); dev48: eight blind sets
# of 14-15 articles from every section of the three outlets (economy, society, provinces, opinion), merged.
DEV44, DEV48 = (load_gold(p) for p in LATER_PATHS[37:])

# -- (a) the gold file ---------------------------------------------------------------------------


def test_gold_size_and_coverage() -> None:
    events = [e for g in GOLD for e in g.events]
    assert len(events) >= 150
    assert len(GOLD) >= 30
    assert len({g.ref for g in GOLD}) == len(GOLD), "an article is annotated twice"
    per_outlet = Counter(g.outlet for g in GOLD)
    assert per_outlet["seed"] == 1 and per_outlet["farsnews"] >= 10
    assert per_outlet["hamshahri"] + per_outlet["radiofarda"] >= 10
    types = Counter(e.type for e in events)
    assert len(types) >= 15, types
    assert {e.modality for e in events} >= {"asserted", "conditional", "intended", "denied"}


def test_gold_lines_parse_and_store_no_text() -> None:
    labels = {"ref", "sha1", "outlet", "type", "modality"}

    def strings(value: Any, key: str = "") -> list[tuple[str, str]]:
        if isinstance(value, str):
            return [(key, value)]
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in strings(v, k)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v, key)]
        return []

    lines = DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.strip() for line in lines)
    for line in lines:
        record = json.loads(line)
        assert GoldArticle.from_dict(record).to_dict() == record
        for key, _ in strings(record):
            assert key in labels, f"{record['ref']}: unexpected text field {key!r}"


@pytest.mark.shared
def test_gold_spans_fit_the_shared_articles(shared_data: Path) -> None:
    problems = [p for g in GOLD for p in g.check(news_text(shared_data, g.ref))]
    assert not problems, "\n".join(problems)


# Each development set is new material: not in the gold file nor in an earlier development set.
ALL_DEV = [DEV2, DEV3, DEV4, DEV5, DEV6, DEV7, DEV8, DEV9, DEV10, DEV11, DEV12, DEV13, DEV14, DEV15, DEV16, DEV17]
ALL_DEV += [DEV18, DEV19, DEV20, DEV21, DEV22, DEV23, DEV24, DEV25, DEV26, DEV27, DEV28, DEV29, DEV30, DEV31]
ALL_DEV += [DEV32, DEV33, DEV34, DEV35, DEV36, DEV37, DEV38, DEV39, DEV40, DEV44, DEV48]
DEV_PATHS = [DEV2_PATH, DEV3_PATH, *LATER_PATHS]
DEV_SETS = [
    (path, dev, GOLD + [g for earlier in ALL_DEV[:k] for g in earlier])
    for k, (path, dev) in enumerate(zip(DEV_PATHS, ALL_DEV, strict=True))
]
DEV_IDS = [f"dev{k}" for k in (*range(2, 41), 44, 48)]


@pytest.mark.parametrize(("path", "dev", "earlier"), DEV_SETS, ids=DEV_IDS)
def test_dev_set_is_new_material_in_the_same_format(
    path: Path, dev: list[GoldArticle], earlier: list[GoldArticle]
) -> None:
    # 15 articles a set; a set drawn at random holds 40-200 events (dev33: 45, five articles without one)
    assert len(dev) >= 12 and sum(len(g.events) for g in dev) >= 40
    assert len({g.ref for g in dev}) == len(dev), "an article is annotated twice"
    assert not {g.ref for g in dev} & {g.ref for g in earlier}, "a development set repeats earlier articles"
    per_outlet = Counter(g.outlet for g in dev)
    # dev40 took the last three unused world/politics articles of Fars News and Radio Farda; dev44 is Hamshahri's
    outlets = ["hamshahri"] if dev is DEV44 else ["farsnews", "hamshahri", "radiofarda"]
    assert all(per_outlet[o] >= 3 for o in outlets), per_outlet
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert GoldArticle.from_dict(record).to_dict() == record
        assert set(record) == {"ref", "sha1", "outlet", "events"}


@pytest.mark.shared
@pytest.mark.parametrize("dev", ALL_DEV, ids=DEV_IDS)
def test_dev_set_spans_fit_the_shared_articles(shared_data: Path, dev: list[GoldArticle]) -> None:
    problems = [p for g in dev for p in g.check(news_text(shared_data, g.ref))]
    assert not problems, "\n".join(problems)


# Second annotations (issue 5, sixth round): four sets annotated again, blind, by four more annotators, to
# measure how far two annotators agree (docs/events-guidelines.md §8, "Agreement").
SECOND_DIR = DEFAULT_GOLD.parent / "second"
SECOND = {k: DEFAULT_GOLD.with_name(f"events-dev{k}.jsonl") for k in (3, 7, 11, 18)}


@pytest.mark.parametrize("k", sorted(SECOND), ids=[f"dev{k}" for k in sorted(SECOND)])
def test_second_annotation_covers_its_set_in_the_same_format(k: int) -> None:
    first, second = load_gold(SECOND[k]), load_gold(SECOND_DIR / f"events-dev{k}.jsonl")
    assert [(g.ref, g.sha1) for g in second] == [(g.ref, g.sha1) for g in first]
    assert sum(len(g.events) for g in second) >= 70
    for line in (SECOND_DIR / f"events-dev{k}.jsonl").read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"ref", "sha1", "outlet", "events"}


def test_second_annotation_of_the_gold_file_covers_it() -> None:
    second = load_gold(SECOND_DIR / "events.jsonl")
    assert [(g.ref, g.sha1) for g in second] == [(g.ref, g.sha1) for g in GOLD]
    assert sum(len(g.events) for g in second) >= 300


@pytest.mark.shared
def test_two_annotators_agree_as_measured(shared_data: Path) -> None:
    first = [g for k in sorted(SECOND) for g in load_gold(SECOND[k])]
    second = {g.sha1: g for k in sorted(SECOND) for g in load_gold(SECOND_DIR / f"events-dev{k}.jsonl")}
    texts = [news_text(shared_data, g.ref) for g in first]
    assert not [p for g, t in zip(first, texts, strict=True) for p in second[g.sha1].check(t)]
    m = score(first, texts, [gold_as_article(second[g.sha1], t, arguments_as_mentions=True) for g, t in zip(
        first, texts, strict=True)]).overall.metrics()  # fmt: skip
    # measured: type F1 0.889, type+actor+target F1 0.802, modality 0.990 (542 and 590 events)
    assert round(m["f1"] or 0, 3) == 0.889 and round(m["arg_f1"] or 0, 3) == 0.802
    assert round(m["modality"] or 0, 3) == 0.990


@pytest.mark.shared
def test_seed_article_has_the_design_events(shared_data: Path) -> None:
    (seed,) = [g for g in GOLD if g.ref == "examples/seed-article.txt"]
    text = news_text(shared_data, seed.ref)

    def t(span: tuple[int, int]) -> str:
        return text[span[0] : span[1]]

    found = {(e.type, tuple(t(a) for a in e.actors), e.modality) for e in seed.events}
    assert ("ASSAULT", ("روسیه",), "conditional") in found
    assert ("CONSULT", ("هیئت عراقی",), "asserted") in found
    assert ("DEMAND", ("عراق",), "asserted") in found
    assert ("ASSAULT", ("داعش",), "intended") in found
    assert ("DISAPPROVE", ("آمریکا",), "asserted") in found
    assert ("DISAPPROVE", ("وزارت خارجه ترکیه",), "asserted") in found


@pytest.mark.shared
def test_gold_scores_perfectly_against_itself(shared_data: Path) -> None:
    texts = [news_text(shared_data, g.ref) for g in GOLD]
    report = score(GOLD, texts, [gold_as_article(g, t) for g, t in zip(GOLD, texts, strict=True)])
    m = report.overall.metrics()
    assert m["f1"] == m["arg_f1"] == m["modality"] == 1.0


# -- (b) the scorer on hand-made articles --------------------------------------------------------

TEXT = "روسیه به داعش در عراق حمله کرد. آمریکا از روسیه انتقاد کرد."
#       0     6  9    14 17  21    27  32     39 42    48    54


def span(sub: str, k: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(k + 1):
        i = TEXT.index(sub, i + 1)
    return i, i + len(sub)


def gold_article() -> GoldArticle:
    return GoldArticle(
        ref="test#0",
        sha1=text_sha1(TEXT),
        outlet="test",
        events=(
            GoldEvent("ASSAULT", span("حمله کرد"), (span("روسیه"),), (span("داعش"),), span("عراق")),
            GoldEvent("DISAPPROVE", span("انتقاد کرد"), (span("آمریکا"),), (span("روسیه", 1),), None, "possible"),
        ),
    )


def system(*events: Event, mentions: list[Mention] | None = None) -> Article:
    return Article(
        raw_text=TEXT,
        text=TEXT,
        outlet="test",
        events=list(events),
        mentions=mentions or [],
        entities=[Entity("ru", "روسیه", "GPE"), Entity("us", "آمریکا", "GPE")],
    )


def test_perfect_system_scores_one() -> None:
    g = gold_article()
    report = score([g], [TEXT], [gold_as_article(g, TEXT)])
    assert report.overall.metrics() == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "arg_precision": 1.0,
        "arg_recall": 1.0,
        "arg_f1": 1.0,
        "modality": 1.0,
        "role_precision": 1.0,
        "role_recall": 1.0,
    }
    assert set(report.by_type) == {"ASSAULT", "DISAPPROVE"} and set(report.by_outlet) == {"test"}


def test_second_annotator_arguments_match_by_overlap_or_exact_text() -> None:
    # annotator B takes «روسیه به داعش» as the attacker (a wider span) and agrees on the rest
    other = GoldArticle(
        ref="test#0",
        sha1=text_sha1(TEXT),
        outlet="test",
        events=(
            GoldEvent("ASSAULT", span("حمله"), ((0, 8),), (span("داعش"),)),
            GoldEvent("DISAPPROVE", span("انتقاد کرد"), (span("آمریکا"),), (span("روسیه", 1),), None, "possible"),
        ),
    )
    by_overlap = score([gold_article()], [TEXT], [gold_as_article(other, TEXT, arguments_as_mentions=True)]).overall
    exact = score([gold_article()], [TEXT], [gold_as_article(other, TEXT)]).overall
    assert (by_overlap.matched, by_overlap.full, by_overlap.args_right) == (2, 2, 4)
    assert (exact.matched, exact.full, exact.args_right) == (2, 1, 3)


def test_type_must_agree_and_triggers_overlap() -> None:
    sys_article = system(
        Event("FIGHT", span("حمله"), (0, 32), actors=["روسیه"]),  # overlapping trigger, wrong type
        Event("DISAPPROVE", span("آمریکا"), (33, 60), actors=["آمریکا"]),  # right type, trigger elsewhere
    )
    c = score([gold_article()], [TEXT], [sys_article]).overall
    assert (c.gold, c.system, c.matched) == (2, 2, 0)
    assert c.metrics()["f1"] == 0.0 and c.metrics()["modality"] is None


def test_actors_match_by_entity_id_or_literal_text() -> None:
    mentions = [Mention(*span("روسیه"), "GPE", entity_id="ru"), Mention(*span("روسیه", 1), "GPE", entity_id="ru")]
    sys_article = system(
        Event("ASSAULT", span("حمله"), (0, 32), actors=["ru"], targets=["داعش"]),
        Event("DISAPPROVE", span("انتقاد"), (33, 60), actors=["us"], targets=["ru"]),  # modality asserted ≠ possible
        mentions=mentions,
    )
    c = score([gold_article()], [TEXT], [sys_article]).overall
    # "us" has no mention, so the second event's actor is not found
    assert (c.matched, c.full, c.modality_ok) == (2, 1, 1)
    m = c.metrics()
    assert m["f1"] == 1.0 and m["arg_f1"] == 0.5 and m["modality"] == 0.5


def test_extra_arguments_lower_role_precision_only() -> None:
    mentions = [Mention(*span("روسیه"), "GPE", entity_id="ru"), Mention(*span("آمریکا"), "GPE", entity_id="us")]
    sys_article = system(
        Event("ASSAULT", span("حمله"), (0, 32), actors=["ru", "us"], targets=["داعش", "ru"]),
        mentions=mentions,
    )
    c = score([gold_article()], [TEXT], [sys_article]).overall
    assert (c.matched, c.full) == (1, 1)  # every gold argument is there: full credit
    assert (c.args_system, c.args_right, c.args_gold, c.args_found) == (4, 2, 2, 2)
    assert c.metrics()["role_precision"] == 0.5 and c.metrics()["role_recall"] == 1.0


def test_a_missing_target_fails_only_when_gold_has_one() -> None:
    g = gold_article()
    no_target = GoldEvent("ASSAULT", span("حمله کرد"), (span("روسیه"),))
    g2 = GoldArticle(g.ref, g.sha1, g.outlet, (no_target,))
    sys_article = system(Event("ASSAULT", span("حمله کرد"), (0, 32), actors=["روسیه"]))
    assert score([g2], [TEXT], [sys_article]).overall.full == 1
    assert score([g], [TEXT], [sys_article]).overall.full == 0


def test_matching_is_one_to_one() -> None:
    sys_article = system(
        Event("ASSAULT", span("حمله کرد"), (0, 32), actors=["روسیه"], targets=["داعش"]),
        Event("ASSAULT", span("کرد"), (0, 32), actors=["روسیه"], targets=["داعش"]),
    )
    c = score([gold_article()], [TEXT], [sys_article]).overall
    assert (c.matched, c.system) == (1, 2)
    assert c.metrics()["precision"] == 0.5


def test_system_spans_are_mapped_back_to_the_raw_text() -> None:
    from didban.text.normalize import normalize

    raw = "روسيه به داعش حمله كرد."  # Arabic yeh and kaf: normalization changes letters, not lengths here
    n = normalize(raw)
    art = Article(raw_text=raw, text=n.text, offsets=n.offsets, outlet="test")
    trig = n.text.index("حمله")
    art.events = [Event("ASSAULT", (trig, trig + 4), (0, len(n.text)), actors=["روسیه"])]
    g = GoldArticle(
        "t#1", text_sha1(raw), "test", (GoldEvent("ASSAULT", (raw.index("حمله"), raw.index("حمله") + 4), ((0, 5),)),)
    )
    c = score([g], [raw], [art]).overall
    assert (c.matched, c.full) == (1, 1)  # the literal actor matches the raw «روسيه» once both are normalized


def test_system_from_other_text_is_refused() -> None:
    with pytest.raises(GoldError):
        score([gold_article()], [TEXT], [Article(raw_text="دیگر")])


def test_bad_records_are_refused() -> None:
    ok = {"ref": "a#1", "sha1": "0" * 40, "outlet": "x", "events": [{"type": "ASSAULT", "trigger": [0, 3]}]}
    GoldArticle.from_dict(ok)
    for bad_event in (
        {"type": "ATTACK", "trigger": [0, 3]},
        {"type": "ASSAULT", "trigger": [3, 3]},
        {"type": "ASSAULT", "trigger": [0, 3], "modality": "maybe"},
        {"type": "ASSAULT", "trigger": [0, 3], "text": "x"},
    ):
        with pytest.raises(GoldError):
            GoldArticle.from_dict({**ok, "events": [bad_event]})


def test_splits_alternate() -> None:
    assert [g.ref for g in split_gold(GOLD, "dev")] == [g.ref for g in GOLD[0::2]]
    assert [g.ref for g in split_gold(GOLD, "test")] == [g.ref for g in GOLD[1::2]]
    with pytest.raises(ValueError):
        split_gold(GOLD, "train")


def test_table_lists_outlets_and_types() -> None:
    g = gold_article()
    table = format_table(score([g], [TEXT], [gold_as_article(g, TEXT)]))
    assert "overall" in table and "ASSAULT" in table and "100.0" in table
    assert set(PLOVER) >= {e.type for a in GOLD for e in a.events}


# -- (c) the quality gate ------------------------------------------------------------------------

STAGES = ["normalize", "segment", "ner", "link", "statements", "framing", "events"]
# Floors on the whole gold set; the lead pins them once the events stage is measured.
# Measured on all 32 gold articles (python scripts/eval_events.py --data ../shared/data):
# before issue 5: type P 0.735 R 0.439 F1 0.549; type+actor+target F1 0.253; modality accuracy 0.780.
# after issue 5 (grown lexicon, role rules): type P 0.675 R 0.592 F1 0.631; arg F1 0.332; modality 0.844.
# events need no named participant (chosen on the dev sets: type F1 up on each, type+actor+target F1 down 1-2
# points): type P 0.632 R 0.693 F1 0.661; arg F1 0.305; modality 0.861. The arg floor is lowered with it.
# Third round (group mentions, role rules, 258 corpus-checked trigger rows, dev4-dev7): type P 0.626 R 0.763
# F1 0.688; arg F1 0.372; modality 0.851.
# Fifth round (role model, lexicon passes 3-4, dev8-dev15): type P 0.617 R 0.776 F1 0.687; arg F1 0.431;
# modality 0.847.
# Sixth round (lexicon pass 5, the choice role model): type F1 0.678 (P 0.594 R 0.789), arg F1 0.444, modality
# 0.850. Type F1 fell 0.9 while every other set rose: the second, blind annotation of these 32 articles
# (tests/gold/second/events.jsonl) holds 381 events where the first holds 228, and 95% of the first's are
# among them; the system's new events are mostly ones the first annotator left out (guidelines §8, Agreement).
# End of the sixth round (lexicon pass 6, the role model retrained on twenty sets at C 0.1 instead of 0.3): type
# F1 0.680, arg F1 0.401, modality 0.852. After lexicon pass 7 and the model retrained on twenty-four sets:
# 0.681 / 0.411 / 0.853. The dev half is among the model's training events, and the less
# overfit model fits it less closely (arg F1 on the check sets rose: dev5 0.325 → 0.333, dev15 0.259 → 0.276).
FLOORS = {"f1": 0.70, "arg_f1": 0.46, "modality": 0.86}


# Floors on the second development set (docs/events-guidelines.md §8): before the issue-5 rules type F1 0.456,
# arg F1 0.206, modality 0.935; after them type P 0.885 R 0.663 F1 0.758, arg F1 0.407, modality 0.899.
# events need no named participant: type P 0.889 R 0.769 F1 0.825, arg F1 0.412, modality 0.900.
# Third round: type P 0.861 R 0.837 F1 0.849, arg F1 0.459, modality 0.931.
# Fifth round (the role model is trained on this set): type F1 0.837, arg F1 0.538, modality 0.954.
# Sixth round, end (lexicon passes 6 and 7, the role model retrained on twenty-four sets with less overfit):
# type F1 0.819, arg F1 0.521, modality 0.943.
DEV2_FLOORS = {"f1": 0.87, "arg_f1": 0.56, "modality": 0.87}
# Third development set, annotated before the rules ran on it: type P 0.878 R 0.580 F1 0.699, arg F1 0.333,
# modality 0.877. (A second pass of rules raised dev and dev2 but not this set, 0.703, nor the test half:
# it was not kept.)
# Events need no named participant: type P 0.880 R 0.723 F1 0.794, arg F1 0.324, modality 0.852.
# Third round (its errors read for the first time): type P 0.851 R 0.866 F1 0.858, arg F1 0.425, modality 0.866.
# Fifth round (the role model is trained on this set): type F1 0.847, arg F1 0.541, modality 0.866.
# Sixth round, end: type F1 0.835, arg F1 0.562, modality 0.871.
DEV3_FLOORS = {"f1": 0.87, "arg_f1": 0.62, "modality": 0.89}
# Sets 4-7, first score (blind, before any change made on them) → after the third round:
# dev4: type F1 0.502 → 0.692 (P 0.860 R 0.579), arg F1 0.211 → 0.338, modality 0.789 → 0.859;
# dev5 (check set): type F1 0.571 → 0.664 (P 0.752 R 0.594), arg F1 0.256 → 0.297, modality 0.862 → 0.855;
# dev6: type F1 0.520 → 0.718 (P 0.880 R 0.606), arg F1 0.211 → 0.279, modality 0.828 → 0.893;
# dev7: type F1 0.471 → 0.615 (P 0.781 R 0.508), arg F1 0.198 → 0.252, modality 0.783 → 0.830.
# Sets 8 and 9, first score (blind): dev8 type F1 0.467 (P 0.593 R 0.385), arg F1 0.133, modality 0.857;
# dev9 type F1 0.500 (P 0.680 R 0.395), arg F1 0.221, modality 0.618.
# Sets 10 and 11, first score (blind, rules and role model of that time): dev10 type F1 0.500 (P 0.805 R 0.363),
# arg F1 0.167, modality 0.848; dev11 type F1 0.516 (P 0.825 R 0.375), arg F1 0.266, modality 0.848;
# dev12 type F1 0.374 (P 0.680 R 0.258), arg F1 0.176, modality 0.912; dev13 type F1 0.367 (P 0.692 R 0.250),
# arg F1 0.020, modality 0.833.
# Check sets 14 and 15 (scored once, at the end of the fifth round): dev14 type F1 0.468 (P 0.806 R 0.330), arg
# F1 0.161, modality 0.759; dev15 type F1 0.516 (P 0.775 R 0.387), arg F1 0.254, modality 0.855. The code of the
# session's start scored dev14 0.455 / 0.098 / 0.679 and dev15 0.498 / 0.211 / 0.846 on them.
# Fifth round, dev4-dev15 in order (the role model is trained on dev4, dev6-dev13, not on the check sets dev5,
# dev14, dev15): type F1 / arg F1 / modality 0.706/0.454/0.863, 0.661/0.313/0.855, 0.731/0.400/0.896,
# 0.612/0.370/0.832, 0.595/0.238/0.880, 0.607/0.317/0.682, 0.606/0.282/0.907, 0.614/0.371/0.860,
# 0.676/0.293/0.789 (dev12: «نشست», a meeting, matched 19 more events, most of a summit postponed to a later
# month, intended, that the clause's tense does not show), 0.500/0.130/0.815, 0.468/0.161/0.759,
# 0.516/0.254/0.855. dev16-dev19, first score (blind, final code of the fifth round): 0.409/0.157/0.731,
# 0.414/0.259/0.792, 0.374/0.138/0.895, 0.536/0.295/0.816.
# Sixth round: agreements and talks need no named parties («این توافق», «مذاکرات»: each mention counts). Modality
# is measured among matched events, so it falls where the new matches carry modality errors although the old
# ones keep theirs (dev18 0.895 → 0.804: «رسیدن به توافق», «هیچ توافقی»); type F1 rose (dev14 0.468 → 0.508,
# dev15 0.516 → 0.557, dev18 0.374 → 0.436).
# End of the sixth round (lexicon pass 5, the choice role model): check sets dev5 0.695/0.318/0.855, dev14
# 0.551/0.232/0.789, dev15 0.571/0.268/0.859; fresh sets dev20-dev23, first score (blind, never tuned on):
# 0.630/0.279/0.731, 0.484/0.179/0.696, 0.545/0.293/0.722, 0.453/0.263/0.677 (the session's starting code:
# 0.579/0.239/0.761, 0.383/0.168/0.781, 0.505/0.284/0.750, 0.459/0.252/0.677).
# Fresh sets dev24-dev27, first score after lexicon pass 6 (blind): 0.514/0.114/0.630, 0.484/0.194/0.833,
# 0.537/0.269/0.889, 0.656/0.328/0.975; pooled 0.548/0.231/0.850 against 0.476/0.207/0.880 for the starting code.
# Lexicon pass 7 was then mined on dev24-dev27 (and the older sets), and the role model trained on them too: the
# floors below are the end-of-session figures (check sets dev5 0.704/0.332/0.851, dev14 0.545/0.224/0.821,
# dev15 0.595/0.276/0.870). Fresh sets dev28-dev31, scored once with the final code (blind, never tuned on):
# 0.579/0.328/0.849, 0.429/0.143/0.909, 0.418/0.254/0.821, 0.566/0.219/0.839 (the session's starting code:
# 0.500/0.293/0.829, 0.375/0.083/0.926, 0.339/0.210/0.857, 0.313/0.088/0.824).
# Seventh round: dev28-dev31 and then dev32-dev35 joined the development sets (lexicon pass 8 was mined on
# dev28-dev31, the role model trained on thirty-two sets), and the floors below are its end figures. Whole gold
# 0.678/0.405/0.859; check sets dev5 0.720/0.328/0.856, dev14 0.557/0.243/0.821, dev15 0.621/0.281/0.890.
# Eighth round: the learned trigger tagger (`didban.events.tagger`) is trained on the development sets, and on them
# it recalls what it memorised (type F1 0.80-0.92 in-sample; its events carry the rules' modality or none, so
# in-sample modality fell on some sets). Every floor below was re-pinned at the round's end figures: on the
# development sets they guard against regressions and measure nothing held out. Held out, never trained on (type
# F1 / type+actor+target F1 / modality, start 3e57891 -> end): TEST 0.619/0.287/0.878 -> 0.628/0.285/0.884;
# check sets dev5 0.720/0.328/0.856 -> 0.730/0.333/0.859, dev14 0.557/0.243/0.821 -> 0.577/0.239/0.805,
# dev15 0.621/0.281/0.890 -> 0.622/0.286/0.892; fresh dev36-dev39 pooled 0.545/0.221/0.792 -> 0.575/0.226/0.795.
# Ninth round: dev48 joined the development sets (tagger and role model retrained on thirty-four), the linker
# learnt headline surnames and bare institution heads, modality «به دنبال X (است)», repeated mentions count; every
# floor below is the round's end figure. Held out (start 13ef299 -> end): TEST 0.628/0.285/0.884 ->
# 0.635/0.321/0.897; dev5 0.730/0.333/0.859 -> 0.722/0.329/0.859, dev14 0.577/0.239/0.805 -> 0.569/0.236/0.780,
# dev15 0.622/0.286/0.892 -> 0.634/0.288/0.883; dev36-dev39 pooled 0.575/0.226/0.795 -> 0.575/0.216/0.795; dev44
# 0.435/0.159/0.800 -> 0.443/0.143/0.806. Pooled over all of them (806 events): type F1 0.606 -> 0.608, arg F1
# 0.261 -> 0.262.
# Tenth round: institutions named by their role («دولت», «رئیس جمهور») are literal participants, the role model
# retrained; every floor below is the round's end figure, 0.01 under it where the figure ends in 0 (float margin).
# Lowered: in-sample dev3 arg 0.63 -> 0.62, dev13 arg 0.36 -> 0.33 (0.340), dev22 F1 0.88 -> 0.87, dev31 F1
# 0.85 -> 0.84 (0.850); held out, dev36 arg 0.23 -> 0.19. Held out (start a183e5f, the ninth round's end figures
# -> end): TEST arg 0.321 -> 0.336, dev5 arg 0.329 -> 0.322, dev15 arg 0.288 -> 0.321, dev36-dev39 pooled arg
# 0.216 -> 0.206; type F1 and modality everywhere, and dev14 and dev44, unchanged. Pooled (806 events): type F1
# 0.608 -> 0.608, arg F1 0.262 -> 0.267.
LATER_FLOORS = [
    {"f1": 0.92, "arg_f1": 0.59, "modality": 0.84},
    {"f1": 0.72, "arg_f1": 0.32, "modality": 0.85},
    {"f1": 0.87, "arg_f1": 0.50, "modality": 0.89},
    {"f1": 0.85, "arg_f1": 0.55, "modality": 0.84},
    {"f1": 0.79, "arg_f1": 0.34, "modality": 0.83},
    {"f1": 0.84, "arg_f1": 0.41, "modality": 0.79},
    {"f1": 0.88, "arg_f1": 0.32, "modality": 0.91},
    {"f1": 0.92, "arg_f1": 0.52, "modality": 0.85},
    {"f1": 0.89, "arg_f1": 0.41, "modality": 0.83},
    {"f1": 0.85, "arg_f1": 0.33, "modality": 0.79},
    {"f1": 0.56, "arg_f1": 0.23, "modality": 0.77},
    {"f1": 0.63, "arg_f1": 0.32, "modality": 0.88},
    {"f1": 0.87, "arg_f1": 0.43, "modality": 0.83},
    {"f1": 0.83, "arg_f1": 0.47, "modality": 0.78},
    {"f1": 0.86, "arg_f1": 0.46, "modality": 0.85},
    {"f1": 0.89, "arg_f1": 0.45, "modality": 0.75},
    {"f1": 0.90, "arg_f1": 0.50, "modality": 0.83},
    {"f1": 0.84, "arg_f1": 0.37, "modality": 0.76},
    {"f1": 0.87, "arg_f1": 0.46, "modality": 0.70},
    {"f1": 0.83, "arg_f1": 0.42, "modality": 0.77},
    {"f1": 0.83, "arg_f1": 0.28, "modality": 0.65},
    {"f1": 0.86, "arg_f1": 0.38, "modality": 0.78},
    {"f1": 0.87, "arg_f1": 0.53, "modality": 0.76},
    {"f1": 0.79, "arg_f1": 0.54, "modality": 0.90},
    {"f1": 0.84, "arg_f1": 0.49, "modality": 0.87},
    {"f1": 0.87, "arg_f1": 0.48, "modality": 0.70},
    {"f1": 0.91, "arg_f1": 0.37, "modality": 0.78},
    {"f1": 0.84, "arg_f1": 0.51, "modality": 0.82},
    # dev32-dev35, fresh (first and only score before they join the development sets): type F1 / arg F1 / modality
    # 0.374/0.093/0.650, 0.469/0.123/0.842, 0.643/0.305/0.762, 0.498/0.195/0.686; pooled 0.530/0.212/0.735 against
    # 0.525/0.208/0.737 for the session's starting code (6d5718b). Their floors are this round's end figures.
    {"f1": 0.89, "arg_f1": 0.22, "modality": 0.77},
    {"f1": 0.77, "arg_f1": 0.18, "modality": 0.83},
    {"f1": 0.84, "arg_f1": 0.51, "modality": 0.78},
    {"f1": 0.87, "arg_f1": 0.40, "modality": 0.68},
    # dev36-dev39, fresh, scored once with the final code (blind, never tuned on): 0.579/0.243/0.806,
    # 0.571/0.303/0.794, 0.532/0.051/0.714, 0.476/0.238/0.850; pooled 0.545/0.221/0.792 against 0.530/0.218/0.804
    # for the session's starting code (6d5718b).
    {"f1": 0.61, "arg_f1": 0.19, "modality": 0.85},
    {"f1": 0.60, "arg_f1": 0.28, "modality": 0.78},
    {"f1": 0.57, "arg_f1": 0.04, "modality": 0.66},
    {"f1": 0.48, "arg_f1": 0.25, "modality": 0.85},
    # dev40, fresh (scored once with the eighth round's starting code 3e57891, then a development set):
    # 0.509/0.279/0.810.
    {"f1": 0.88, "arg_f1": 0.51, "modality": 0.76},
    # dev44, fresh and held out (never trained on; scored with the ninth round's starting code 13ef299:
    # 0.435/0.159/0.800).
    {"f1": 0.44, "arg_f1": 0.14, "modality": 0.80},
    # dev48, a development set from its first score on (first score, at 3a40a01: 0.452/0.174/0.819).
    {"f1": 0.82, "arg_f1": 0.32, "modality": 0.76},
]


@pytest.fixture(scope="module")
def events_pipeline() -> Any:
    pytest.importorskip("didban.stages.events")
    from didban.pipeline import Pipeline

    return Pipeline(STAGES)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("gold", "floors"),
    [
        (GOLD, FLOORS),
        (DEV2, DEV2_FLOORS),
        (DEV3, DEV3_FLOORS),
        *zip(ALL_DEV[2:], LATER_FLOORS, strict=True),
    ],
    ids=["gold", *DEV_IDS],
)
def test_event_floors(
    shared_data: Path, events_pipeline: Any, gold: list[GoldArticle], floors: dict[str, float]
) -> None:
    report = evaluate(gold, shared_data, events_pipeline)
    metrics = report.overall.metrics()
    low = {k: metrics[k] for k, floor in floors.items() if (metrics[k] or 0.0) < floor}
    assert not low, f"below floors {floors}: {low}\n{format_table(report)}"


def test_eval_script_scores_a_second_annotation(shared_data: Path, tmp_path: Path) -> None:
    """``eval_events.py --against``: agreement of two annotations, as a user runs it."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "eval_events.py"
    same = [sys.executable, str(script), "--data", str(shared_data), "--gold", str(DEV3_PATH)]
    out = subprocess.run([*same, "--against", str(DEV3_PATH)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    overall = next(line for line in out.stdout.splitlines() if line.startswith("overall"))
    assert overall.split()[3:7] == ["100.0", "100.0", "100.0", "100.0"]
    # one annotator drops an article's last event: recall < 1, precision stays 1
    first = DEV3[0]
    shorter = GoldArticle(first.ref, first.sha1, first.outlet, first.events[:-1])
    (tmp_path / "b.jsonl").write_text(json.dumps(shorter.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    out = subprocess.run([*same, "--against", str(tmp_path / "b.jsonl")], capture_output=True, text=True, timeout=120)
    assert "split all: 1 articles" in out.stdout
    p, r = (float(x) for x in next(x for x in out.stdout.splitlines() if x.startswith("overall")).split()[3:5])
    assert p == 100.0 and r < 100.0
    (tmp_path / "bad.jsonl").write_text('{"ref": "x"\n', encoding="utf-8")
    out = subprocess.run([*same, "--against", str(tmp_path / "bad.jsonl")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "bad.jsonl" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1

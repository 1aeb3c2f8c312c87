"""The learned role model (didban.events.roles): its decisions, its file, and the stage's choice of it."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from didban.article import Article
from didban.errors import ConfigError, DidbanError
from didban.events.roles import RoleModel, default_role_model, load_role_model
from didban.pipeline.pipeline import Pipeline
from didban.stages.events import EventStage

# A toy model: "subj" speaks for the actor role, "obj" for the target role.
TOY = RoleModel(
    weights={"actor": {"bias": -2.0, "subj": 4.0, "weak": 1.5}, "target": {"bias": -2.0, "obj": 4.0}},
    thresholds={"actor": 0.5, "target": 0.5, "actor_more": 0.85, "target_more": 0.85},
)


def test_one_actor_and_one_target_unless_a_second_is_sure() -> None:
    cands = [("a", ["bias", "weak"], -1), ("b", ["bias", "subj"], -1), ("c", ["bias", "obj"], -1)]
    assert TOY.decide(cands) == (["b"], ["c"])  # "a" (p 0.38) is below the threshold
    second = [("a", ["bias", "subj"], -1), ("b", ["bias", "subj", "weak"], -1)]
    assert TOY.decide(second) == (["a", "b"], [])  # both are sure (p 0.88 and 0.97 ≥ 0.85): text order


def test_a_value_takes_its_best_mention_and_one_role() -> None:
    cands = [("x", ["bias"], -1), ("x", ["bias", "subj", "obj"], -1), ("y", ["bias", "obj"], -1)]
    assert TOY.decide(cands) == (["x"], ["y"])  # x: actor 0.97 over target 0.88; y: target 0.88


def test_coordinated_participants_share_a_role() -> None:
    # «دو مامور و یک افسر پلیس را»: the model is sure of the second only
    cands = [("subj", ["bias", "subj"], -1), ("m1", ["bias"], -1), ("m2", ["bias", "obj"], 1)]
    assert TOY.decide(cands) == (["subj"], ["m1", "m2"])


def test_barred_values_are_no_actor() -> None:
    # «فرانسه از اعدام مخالفان انتقاد کرد»: France does not execute
    assert TOY.decide([("fr", ["bias", "subj"], -1)], barred={"fr"}) == ([], [])


def test_a_near_tie_takes_the_rules_role() -> None:
    # x: actor 0.97, target 0.88 (within TIE = 0.1): the rules' marker decides; alone, the higher score
    cands = [("x", ["bias", "subj", "obj"], -1)]
    assert TOY.decide(cands) == (["x"], [])
    assert TOY.decide(cands, rules=((), ["x"])) == ([], ["x"])
    assert TOY.decide(cands, rules=(["x"], ())) == (["x"], [])
    # far apart, the model's role stands whatever the rules said
    assert TOY.decide([("y", ["bias", "subj"], -1)], rules=((), ["y"])) == (["y"], [])


# The same weights as a choice model: per role a softmax over the candidates and "none" (score 0).
CHOICE = RoleModel(TOY.weights, {"actor": 0.3, "target": 0.3, "actor_more": 0.4, "target_more": 0.4}, "choice")


def test_choice_candidates_compete_for_a_role() -> None:
    # alone, "b" takes the actor role (e^2 / (1 + e^2) = 0.88); beside an equal "a" they share it (0.47 each)
    assert CHOICE.decide([("b", ["bias", "subj"], -1)]) == (["b"], [])
    both = [("a", ["bias", "subj"], -1), ("b", ["bias", "subj"], -1)]
    assert CHOICE.probabilities(both)["a"] == pytest.approx((0.468, 0.107), abs=1e-3)
    assert CHOICE.decide(both) == (["a", "b"], [])  # both above the second value's threshold
    # "none" takes most of the mass when no candidate scores well: nobody is the actor (0.12 < 0.3)
    assert CHOICE.decide([("c", ["bias"], -1)]) == ([], [])


def test_choice_value_sums_its_mentions() -> None:
    # two mentions of "x", each 0.32 of the mass, make x the actor (0.64) over "y" (0.32), below the second's bar
    cands = [("x", ["bias", "subj"], -1), ("x", ["bias", "subj"], -1), ("y", ["bias", "subj"], -1)]
    assert CHOICE.probabilities(cands)["x"][0] == pytest.approx(2 * CHOICE.probabilities(cands)["y"][0])
    assert CHOICE.decide(cands)[0] == ["x"]


def test_bad_model_files_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "roles.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"roles\.json: cannot read the role model") as info:
        load_role_model(bad)
    assert "\n" not in str(info.value)
    bad.write_text(json.dumps({"weights": {"actor": {}}, "thresholds": {"actor": 0.5}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not a role model"):
        load_role_model(bad)
    bad.write_text(json.dumps({"weights": {"actor": {}, "target": {}}, "thresholds": {"actor": 0.5, "target": 0.5},
                               "kind": "tree"}), encoding="utf-8")  # fmt: skip
    with pytest.raises(ConfigError, match="kind 'tree'"):
        load_role_model(bad)
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a role model"):
        load_role_model(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_role_model(tmp_path / "missing.json")


def test_shipped_model_loads_and_has_both_roles() -> None:
    model = default_role_model()
    assert model is not None
    assert set(model.weights) == {"actor", "target"} and all(len(w) > 100 for w in model.weights.values())
    assert 0.0 < model.thresholds["actor"] < 1.0


def test_stage_takes_rules_alone_the_shipped_model_or_a_file(tmp_path: Path) -> None:
    assert EventStage("none").extractor.roles is None
    assert EventStage().extractor.roles is default_role_model()
    path = tmp_path / "toy.json"
    path.write_text(json.dumps({"weights": TOY.weights, "thresholds": TOY.thresholds}), encoding="utf-8")
    stage = EventStage(str(path))
    assert stage.extractor.roles == TOY
    assert pickle.loads(pickle.dumps(stage)).extractor.roles == TOY  # a worker builds the same model
    with pytest.raises(DidbanError, match=r"missing\.json"):
        Pipeline(["normalize", "events"], {"events": {"roles": str(tmp_path / "missing.json")}})


def test_rules_alone_and_model_agree_on_a_plain_sentence() -> None:
    stages = ["normalize", "segment", "ner", "link", "statements", "framing", "events"]
    text = "روسیه به مواضع داعش در سوریه حمله کرد."
    found = []
    for roles in ("none", "default"):
        art = Pipeline(stages, {"events": {"roles": roles}})(Article(raw_text=text))
        found.append([(e.type, e.actors, e.targets) for e in art.events])
    assert found[0] == found[1] and found[0][0][0] == "ASSAULT" and found[0][0][1] == ["country:RU"]


def test_a_barred_value_takes_no_actor_role_through_coordination() -> None:
    cands = [("a", ["bias", "subj"], -1), ("b", ["bias"], 0)]  # «a و b», b barred
    assert TOY.decide(cands, barred={"b"}) == (["a"], [])

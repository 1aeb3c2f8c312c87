"""The learned trigger tagger (`didban.events.tagger`): events the trigger lexicon misses, as a user meets them."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from didban.article import Article
from didban.attribution.words import Words
from didban.errors import DidbanError
from didban.events.tagger import default_trigger_tagger, features
from didban.pipeline import Pipeline
from didban.stages.events import EventStage

STAGES = ["normalize", "segment", "ner", "link", "statements", "framing", "events"]
HOSTILE = "آمریکا مواضع خصمانه‌ای علیه ایران اتخاذ کرده است."  # no lexicon row names «مواضع خصمانه»


def events(text: str, tagger: str) -> list[tuple[str, str, list[str], list[str]]]:
    art = Pipeline(STAGES, {"events": {"tagger": tagger}})(Article(raw_text=text))
    return [(e.type, art.text[e.trigger[0] : e.trigger[1]], e.actors, e.targets) for e in art.events]


def test_the_package_ships_a_tagger_with_its_threshold() -> None:
    tagger = default_trigger_tagger()
    assert tagger is not None and 0.5 <= tagger.threshold < 1.0


def test_the_tagger_finds_what_the_lexicon_misses_and_the_rules_read_its_clause() -> None:
    assert events(HOSTILE, "none") == []
    assert events(HOSTILE, "default") == [("DISAPPROVE", "مواضع خصمانه\u200cای", ["country:US"], ["country:IR"])]


def test_the_lexicons_events_stand_where_the_tagger_agrees() -> None:
    text = "معترضان در مقابل سفارت تجمع کردند."
    assert events(text, "default") == events(text, "none") == [("PROTEST", "تجمع کردند", ["معترضان"], [])]


def test_features_carry_the_lexicons_hits() -> None:
    text = "روسیه حمله کرد"
    ws = Words(text, [(0, 5), (6, 10), (11, 14)])
    xseq = features(ws, 0, 3, {1: ("ASSAULT", False), 2: ("ASSAULT", False)}, {"روسیه": ("1", "2", "3")})
    assert "lex=ASSAULT" in xseq[1] and "lex=ASSAULT" not in xseq[0]
    assert "c=2" in xseq[0] and "w+1=حمله" in xseq[0] and "w-1=<s>" in xseq[0]


def test_stage_takes_no_tagger_the_shipped_one_or_a_file(tmp_path: Path) -> None:
    assert EventStage(tagger="none").extractor.tagger is None
    shipped = EventStage().extractor.tagger
    assert shipped is default_trigger_tagger()
    worker = pickle.loads(pickle.dumps(EventStage()))  # a batch worker rebuilds the stage with its tagger
    assert worker.extractor.tagger is not None and worker.extractor.tagger.threshold == shipped.threshold
    with pytest.raises(DidbanError, match=r"missing\.crfsuite"):
        Pipeline(["normalize", "events"], {"events": {"tagger": str(tmp_path / "missing.crfsuite")}})


def test_a_broken_tagger_file_is_one_clear_error(tmp_path: Path) -> None:
    model = tmp_path / "event_tagger.crfsuite"
    model.write_bytes(b"\x00not a crf model")
    (tmp_path / "event_tagger.json").write_text('{"threshold": 0.8}', encoding="utf-8")
    with pytest.raises(DidbanError, match=r"event_tagger\.crfsuite: not a valid event tagger model file"):
        EventStage(tagger=str(model))
    (tmp_path / "event_tagger.json").write_text("{", encoding="utf-8")
    with pytest.raises(DidbanError, match=r"event_tagger\.json: cannot read the event tagger's settings"):
        EventStage(tagger=str(model))


def test_settings_choose_the_tagger(tmp_path: Path) -> None:
    from didban.config import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('[events]\ntagger = "none"\n', encoding="utf-8")
    settings = load_settings(cfg)
    assert settings.stage_config() == {"events": {"tagger": "none"}}
    stage = dict(Pipeline(settings.pipeline.stages, settings.stage_config())._stages)["events"]
    assert stage.extractor.tagger is None  # type: ignore[attr-defined]

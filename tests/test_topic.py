"""Topic stage: small Persian fixtures, model-file errors, and a quality gate on ../shared/data."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from didban.article import Article
from didban.errors import ConfigError
from didban.pipeline.pipeline import Pipeline
from didban.topics.classifier import META_FILE, WEIGHTS_FILE, TopicModel, default_model_dir
from didban.topics.data import TOPICS

PIPE = Pipeline(["normalize", "segment", "topic"])

CASES = [
    ("sports", "پرسپولیس با گل دقیقه ۹۰ مهاجم خود استقلال را در دربی شکست داد و صدرنشین لیگ برتر فوتبال شد. "
     "سرمربی تیم پس از بازی از بازیکنان و هواداران تشکر کرد."),
    ("economy", "بانک مرکزی اعلام کرد نرخ تورم در ماه گذشته کاهش یافت و قیمت دلار در بازار ارز ثابت ماند. "
     "شاخص بورس تهران نیز امروز رشد کرد."),
    ("world", "در انتخابات ریاست جمهوری فرانسه، ماکرون رقیب خود را شکست داد. رهبران اتحادیه اروپا و آلمان "
     "به او تبریک گفتند و نخست وزیر انگلیس نیز پیام فرستاد."),
    ("health", "وزارت بهداشت اعلام کرد شمار بیماران مبتلا به کرونا در بیمارستان‌ها کاهش یافته "
     "و واکسیناسیون ادامه دارد."),
]  # fmt: skip


@pytest.mark.parametrize(("topic", "text"), CASES, ids=[c[0] for c in CASES])
def test_topic_of_small_articles(topic: str, text: str) -> None:
    a = PIPE(Article(text))
    assert a.topic == topic
    assert set(a.topic_scores) == set(TOPICS)
    assert sum(a.topic_scores.values()) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("text", ["", "   \n", "The quick brown fox jumps over the lazy dog. 12345", "۱۲۳ ، ؟"])
def test_empty_or_foreign_text_does_not_crash(text: str) -> None:
    a = PIPE(Article(text))
    assert a.topic is None or a.topic in TOPICS


def test_stage_pickles() -> None:
    from didban.stages.topic import TopicStage

    stage = pickle.loads(pickle.dumps(TopicStage()))
    assert stage.model.topics == TOPICS


@pytest.mark.parametrize("name", [META_FILE, WEIGHTS_FILE])
def test_missing_model_file_names_it(tmp_path: Path, name: str) -> None:
    for f in (META_FILE, WEIGHTS_FILE):
        shutil.copy(default_model_dir() / f, tmp_path / f)
    (tmp_path / name).unlink()
    with pytest.raises(ConfigError, match=name.replace(".", r"\.")):
        TopicModel(tmp_path)


@pytest.mark.parametrize("name", [META_FILE, WEIGHTS_FILE])
def test_corrupt_model_file_names_it(tmp_path: Path, name: str) -> None:
    for f in (META_FILE, WEIGHTS_FILE):
        shutil.copy(default_model_dir() / f, tmp_path / f)
    (tmp_path / name).write_text("{not json\tx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=name.replace(".", r"\.")):
        TopicModel(tmp_path)


def _gate(items: list[object], all_labels: bool) -> tuple[float, float]:
    from didban.topics.data import NewsItem, topic_of

    gold, pred = [], []
    for item in items:
        assert isinstance(item, NewsItem)
        topic = topic_of(item, all_labels)
        if topic is not None:
            gold.append(topic)
            pred.append(PIPE(Article(item.text())).topic)
    classes = sorted(set(gold))
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == c != g)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return accuracy, sum(f1s) / len(f1s)


def test_quality_gate_held_out(shared_data: Path) -> None:
    """Held-out split (seed 13), Varzesh3 aside, trusted labels: macro-F1 measured 0.748, accuracy 0.764
    (scripts/eval_topics.py, which adds the Varzesh3 sample: 0.751 / 0.795, plain TF-IDF + LR 0.712 / 0.779)."""
    from didban.topics.data import is_test, load_news

    items = [i for i in load_news(shared_data) if is_test(i) and i.outlet != "varzesh3"]
    accuracy, macro = _gate(items, all_labels=False)
    assert accuracy >= 0.74
    assert macro >= 0.72


def test_quality_gate_held_out_all_labels(shared_data: Path) -> None:
    """The same split with every label, legacy-id Fars included (mostly wrong gold, see `labels_trusted`): the
    floors of before they were set aside still hold (measured 0.683 / 0.701; before, 0.659 / 0.723)."""
    from didban.topics.data import is_test, load_news

    items = [i for i in load_news(shared_data) if is_test(i) and i.outlet != "varzesh3"]
    accuracy, macro = _gate(items, all_labels=True)
    assert accuracy >= 0.68
    assert macro >= 0.66


def test_runtime_matches_shipped_metadata() -> None:
    model = TopicModel()
    assert model.meta["format"] == 2 and 0.0 < model.temperature < 10.0
    size = sum((default_model_dir() / f).stat().st_size for f in (META_FILE, WEIGHTS_FILE))
    assert size <= 10_000_000


def test_legacy_fars_labels_set_aside() -> None:
    from didban.topics.data import NewsItem, labels_trusted, topic_of

    old = NewsItem("fars", "t", "a", labels=["economy"], key="https://www.farsnews.ir/news/8506280376")
    new = NewsItem("fars", "t", "a", labels=["economy"], key="https://www.farsnews.ir/news/13911121001152/x")
    assert not labels_trusted(old) and topic_of(old) is None and topic_of(old, all_labels=True) == "economy"
    assert labels_trusted(new) and topic_of(new) == "economy"


CHECKED = Path(__file__).resolve().parent / "gold" / "topics-checked.jsonl"


def _checked_rows() -> list[dict[str, object]]:
    import json

    return [json.loads(line) for line in CHECKED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_checked_topics_format() -> None:
    """tests/gold/topics-checked.jsonl (hand labels, docs/topics-guidelines.md): refs and topics only."""
    rows = _checked_rows()
    assert len(rows) >= 200
    for row in rows:
        assert set(row) == {"ref", "topic"}, row
        assert row["topic"] in TOPICS, row
        ref = row["ref"]
        assert isinstance(ref, str) and ref.split(":", 1)[0] in {"fars", "hamshahri", "radiofarda", "varzesh3"}
    refs = [row["ref"] for row in rows]
    assert len(set(refs)) == len(refs)
    assert {row["topic"] for row in rows} == set(TOPICS)


def test_checked_topics_refs_are_held_out(shared_data: Path) -> None:
    """Every ref names an item of the held-out split with a trusted source label: the items eval_topics scores
    (scripts/train_topics.py's `labelled`, which includes the seeded Varzesh3 sample)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from train_topics import labelled

    from didban.topics.data import is_test, load_news, ref_of

    held_out = {ref_of(i) for i, _ in labelled(load_news(shared_data)) if is_test(i)}
    missing = [row["ref"] for row in _checked_rows() if row["ref"] not in held_out]
    assert not missing, missing[:5]

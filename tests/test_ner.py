"""The NER stage as a user meets it: the shipped model on Persian text, bad input, broken model files."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from didban.article import Article
from didban.errors import ConfigError
from didban.ner.model import NerModel, default_model_dir
from didban.pipeline import Pipeline

SEED = Path(__file__).parent / "fixtures" / "seed-article.txt"


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline(["normalize", "segment", "ner", "link"])


def analyze(nlp: Pipeline, text: str) -> Article:
    return nlp(Article(raw_text=text))


def test_the_model_gives_only_mention_types() -> None:
    from typing import get_args

    from didban.article import MentionType

    assert set(NerModel().types) <= set(get_args(MentionType))
    assert {"PER", "ORG", "LOC", "DAT", "FAC", "EVENT"} <= set(NerModel().types)


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        ("حسن روحانی رئیس جمهور ایران امروز به نیویورک سفر کرد.", "حسن روحانی", "PER"),
        ("وزارت امور خارجه ایران این اقدام را محکوم کرد.", "وزارت امور خارجه ایران", "ORG"),
        ("سازمان ملل متحد خواستار آتش بس شد.", "سازمان ملل متحد", "ORG"),
        ("قیمت نفت در بازار لندن به ۷۰ دلار رسید.", "۷۰ دلار", "MON"),
        ("نرخ تورم به ۱۲ درصد رسید.", "۱۲ درصد", "PCT"),
    ],
)
def test_finds_typical_news_mentions(nlp: Pipeline, text: str, mention: str, kind: str) -> None:
    found = {(m.text, m.type) for m in analyze(nlp, text).mentions}
    assert (mention, kind) in found or any(m == mention for m, _ in found), found


def test_the_seed_article(nlp: Pipeline) -> None:
    """Issue 3's acceptance list: these are found, and the metonyms merge with their countries."""
    article = analyze(nlp, SEED.read_text(encoding="utf-8"))
    texts = {m.text for m in article.mentions}
    for name in ["روسیه", "عراق", "بغداد", "مسکو", "داعش", "المیادین", "خبرگزاری صدا و سیما", "حیدر العبادی",
                 "آمریکا", "واشنگتن", "ترکیه", "آنکارا", "سوریه", "ایران", "وزارت خارجه ترکیه"]:  # fmt: skip
        assert name in texts, name
    by_id = {e.id: set(e.aliases) for e in article.entities}
    groups = [{"روسیه", "مسکو"}, {"عراق", "بغداد"}, {"آمریکا", "واشنگتن"}, {"ترکیه", "آنکارا"}]
    for group in groups:
        assert any(group <= aliases for aliases in by_id.values()), group


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog. Reuters reported from London.",  # no Persian
        "دیدار Emmanuel Macron و ولادیمیر پوتین در Paris 🇫🇷🤝 برگزار شد 😀😀",  # mixed scripts, emoji
        "",
        "\u200c\u200c\u200c",
        "۱۲۳۴ ۵۶۷۸ ۹۰",
    ],
)
def test_odd_text_gives_a_result(nlp: Pipeline, text: str) -> None:
    article = analyze(nlp, text)
    for m in article.mentions:
        assert article.text[m.start : m.end] == m.text and m.start < m.end


def test_a_sentence_of_ten_thousand_tokens(nlp: Pipeline) -> None:
    text = " ".join(["علی", "کریمی", "در", "تهران", "و"] * 2000)  # no punctuation: one huge sentence
    article = analyze(nlp, text)
    assert len(article.tokens) == 10_000
    assert any(m.text == "تهران" for m in article.mentions)


def test_the_stage_pickles(nlp: Pipeline) -> None:
    again = pickle.loads(pickle.dumps(nlp))
    text = "حسن روحانی به نیویورک رفت."
    assert [m.text for m in again(Article(raw_text=text)).mentions] == [m.text for m in analyze(nlp, text).mentions]


def copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(default_model_dir(), target)
    return target


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    model = copy_model(tmp_path)
    (model / "ner.crfsuite").unlink()
    with pytest.raises(ConfigError, match=r"ner\.crfsuite: NER model file not found"):
        NerModel(model)


def test_a_corrupt_model_file_is_named(tmp_path: Path) -> None:
    model = copy_model(tmp_path)
    (model / "ner.crfsuite").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(ConfigError, match=r"ner\.crfsuite: not a valid NER model file"):
        NerModel(model)


def test_corrupt_metadata_and_clusters_are_named(tmp_path: Path) -> None:
    model = copy_model(tmp_path)
    (model / "ner.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"ner\.json: cannot read"):
        NerModel(model)
    model = copy_model(tmp_path / "b")
    (model / "ner-clusters.tsv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError, match=r"ner-clusters\.tsv"):
        NerModel(model)


def test_cli_analyze_with_ner(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    src = tmp_path / "a.txt"
    src.write_text("وزیر امور خارجه روسیه با همتای ترک خود در آنکارا دیدار کرد.", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "didban", "analyze", str(src), "--pipeline", "normalize,segment,ner,link"],
        capture_output=True, text=True, check=True,
    ).stdout
    article = json.loads(out.splitlines()[0])
    assert any(m["text"] == "آنکارا" for m in article["mentions"])
    ids = {e["id"] for e in article["entities"]}
    assert {"org:RU-MFA", "country:TR"} <= ids  # «امور خارجه روسیه» is Russia's ministry; Ankara stands for Turkey

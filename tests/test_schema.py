"""The article JSON Schema: derived from article.py, committed, documented, and true of to_dict()."""

from __future__ import annotations

import copy
import dataclasses
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from hypothesis import given, settings

from didban.article import Article, MentionType
from didban.schema import DESCRIPTIONS, article_schema, described_names, schema_json
from test_article import articles, populated_article  # pytest puts tests/ on sys.path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "src" / "didban" / "schema" / "article.schema.json"
DOCS = ROOT / "docs" / "schema.md"
REGENERATE = "python -m didban.schema > src/didban/schema/article.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = article_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), f"schema is stale; run: {REGENERATE}"


def test_module_prints_the_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "didban.schema"], capture_output=True, check=True, encoding="utf-8"
    ).stdout
    assert out == schema_json()


def test_populated_and_empty_articles_validate(validator: jsonschema.Draft202012Validator) -> None:
    for article in (populated_article(), Article(""), Article("متن", published=None)):
        errors = [e.message for e in validator.iter_errors(article.to_dict())]
        assert errors == []


@settings(max_examples=60, deadline=None)
@given(articles())
def test_any_article_validates(article: Article) -> None:
    jsonschema.Draft202012Validator(article_schema()).validate(article.to_dict())


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(colour="red"), "colour"),  # unknown field
        (lambda d: d["mentions"][0].update(type="PERSON"), "type"),  # not in the enum
        (lambda d: d.update(title_span=[1, 2, 3]), "title_span"),  # a span has two ends
        (lambda d: d["sentences"].append(["0", 1]), "sentences"),
        (lambda d: d["statements"][0]["speaker"].update(kind="ghost"), "kind"),
        (lambda d: d["events"][0].update(modality="maybe"), "modality"),
        (lambda d: d.update(offsets=[1]), "offsets"),
        (lambda d: d.update(published=12), "published"),
        (lambda d: d.update(topic_scores={"a": "high"}), "topic_scores"),
        (lambda d: d.pop("raw_text"), "raw_text"),  # required
    ],
)
def test_invalid_articles_are_rejected(
    validator: jsonschema.Draft202012Validator, change: Any, path: str
) -> None:
    data = copy.deepcopy(populated_article().to_dict())
    change(data)
    errors = list(validator.iter_errors(data))
    assert errors, f"accepted an invalid {path}"


def test_schema_properties_match_to_dict_keys() -> None:
    schema = article_schema()
    assert list(schema["properties"]) == list(Article("").to_dict())
    assert schema["required"] == ["raw_text"]
    for name in ("Mention", "Entity", "Relay", "Speaker", "Statement", "Event", "Framing"):
        assert name in schema["$defs"], name


def test_named_types_become_defs() -> None:
    defs = article_schema()["$defs"]
    assert defs["Span"]["prefixItems"] == [{"type": "integer"}, {"type": "integer"}]
    assert defs["Span"]["items"] is False
    assert defs["MentionType"]["enum"] == list(get_args(MentionType))
    assert defs["OffsetMap"]["items"] == {"type": "integer", "minimum": 0}
    published = article_schema()["properties"]["published"]
    assert {"type": "string", "format": "date-time"} in published["anyOf"]


def test_every_field_is_described_and_no_description_is_stale() -> None:
    names = set(described_names())
    assert sorted(names - set(DESCRIPTIONS)) == [], "add these to didban.schema.DESCRIPTIONS"
    assert sorted(set(DESCRIPTIONS) - names) == [], "remove these from didban.schema.DESCRIPTIONS"


def test_docs_cover_every_field() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `?(\w+)`?\n(.*?)(?=^## |\Z)", docs, flags=re.S | re.M))
    records: dict[str, type] = {"Article": Article, **_record_types()}
    for name, cls in records.items():
        assert name in sections, f"docs/schema.md has no '## {name}' section"
        missing = [f.name for f in dataclasses.fields(cls) if f"`{f.name}`" not in sections[name]]
        assert missing == [], f"docs/schema.md, section {name}, does not document {missing}"


def _record_types() -> dict[str, type]:
    import didban.article as article

    return {
        name: obj
        for name, obj in vars(article).items()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj is not Article
    }

"""Settings: defaults → TOML file → environment → arguments, with one-line errors."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from didban.config import (
    ApiSettings,
    IngestSettings,
    NormalizerSettings,
    PipelineSettings,
    Settings,
    StoreSettings,
    config_path,
    default_config_toml,
    load_settings,
    settings_toml,
)
from didban.errors import ConfigError


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home directory, so the developer's own ~/.config/didban never leaks into a test."""
    path = tmp_path / "home"
    path.mkdir()
    return path


def env_of(home: Path, **variables: str) -> dict[str, str]:
    return {"HOME": str(home), **variables}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- layering -------------------------------------------------------------------------------------------


def test_defaults_without_file_or_environment(home: Path) -> None:
    assert config_path(env=env_of(home)) is None
    s = load_settings(env=env_of(home))
    assert s == Settings()
    assert s.ingest.max_file_mb == 50
    assert s.store.url == "didban.sqlite"
    assert s.api.api_key is None and s.api.read_only is False


def test_file_then_environment_then_arguments(home: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path / "didban.toml",
        """
        [ingest]
        max_file_mb = 20
        fallback_encodings = ["windows-1256", "utf-16"]
        [store]
        url = "from-file.sqlite"
        [api]
        port = 9000
        [normalizer.rules]
        zwnj = false
        digits = true
        """.replace("        ", ""),
    )
    env = env_of(home, DIDBAN_INGEST__MAX_FILE_MB="10", DIDBAN_NORMALIZER__RULES__DIGITS="off")
    s = load_settings(file, env=env, overrides={"api": {"port": 8080}})
    assert s.ingest.max_file_mb == 10  # environment beats the file
    assert s.ingest.fallback_encodings == ("windows-1256", "utf-16")  # the file beats the defaults
    assert s.store.url == "from-file.sqlite"
    assert s.api.port == 8080  # arguments beat everything
    assert s.normalizer.rules == {"zwnj": False, "digits": False}  # tables merge key by key


def test_file_from_environment_variable(home: Path, tmp_path: Path) -> None:
    file = write(tmp_path / "a.toml", '[store]\nurl = "a.sqlite"\n')
    other = write(tmp_path / "b.toml", '[store]\nurl = "b.sqlite"\n')
    env = env_of(home, DIDBAN_CONFIG=str(file))
    assert config_path(env=env) == file
    assert load_settings(env=env).store.url == "a.sqlite"
    assert load_settings(other, env=env).store.url == "b.sqlite"  # --config beats DIDBAN_CONFIG


def test_user_file_is_read_when_it_exists(home: Path, tmp_path: Path) -> None:
    write(home / ".config" / "didban" / "config.toml", "[api]\nread_only = true\n")
    assert load_settings(env=env_of(home)).api.read_only is True
    xdg = tmp_path / "xdg"
    write(xdg / "didban" / "config.toml", "[api]\nmax_body_mb = 3\n")
    s = load_settings(env=env_of(home, XDG_CONFIG_HOME=str(xdg)))
    assert s.api.max_body_mb == 3 and s.api.read_only is False


def test_missing_named_file_is_an_error(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found \(from --config\)"):
        load_settings(missing, env=env_of(home))
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found \(from DIDBAN_CONFIG\)"):
        load_settings(env=env_of(home, DIDBAN_CONFIG=str(missing)))


# -- environment values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "section", "key", "expected"),
    [
        ("DIDBAN_API__READ_ONLY", "false", "api", "read_only", False),
        ("DIDBAN_API__READ_ONLY", " No ", "api", "read_only", False),
        ("DIDBAN_API__READ_ONLY", "1", "api", "read_only", True),
        ("DIDBAN_API__READ_ONLY", "on", "api", "read_only", True),
        ("DIDBAN_API__API_KEY", "s3cret", "api", "api_key", "s3cret"),
        ("DIDBAN_API__API_KEY", "", "api", "api_key", None),
        ("DIDBAN_API__PORT", " 8001 ", "api", "port", 8001),
        (
            "DIDBAN_PIPELINE__STAGES",
            "normalize, segment,ner",
            "pipeline",
            "stages",
            ("normalize", "segment", "ner"),
        ),
        ("DIDBAN_PIPELINE__STAGES", '["normalize"]', "pipeline", "stages", ("normalize",)),
        ("DIDBAN_PIPELINE__ON_ERROR", "skip", "pipeline", "on_error", "skip"),
        ("DIDBAN_NORMALIZER__RULES", '{"zwnj": false}', "normalizer", "rules", {"zwnj": False}),
        ("DIDBAN_NORMALIZER__RULES__KAF_YE", "true", "normalizer", "rules", {"kaf_ye": True}),
        ("DIDBAN_STORE__URL", "postgresql://db/didban", "store", "url", "postgresql://db/didban"),
    ],
)
def test_environment_values_are_converted(
    home: Path, variable: str, value: str, section: str, key: str, expected: object
) -> None:
    s = load_settings(env=env_of(home, **{variable: value}))
    assert getattr(getattr(s, section), key) == expected


def test_other_didban_variables_are_left_alone(home: Path) -> None:
    assert load_settings(env=env_of(home, DIDBAN_DATA="/x", DIDBAN_LOG_LEVEL="debug")) == Settings()


# -- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"DIDBAN_INGEST__MAX_FILE_MB": "ten"},
            "DIDBAN_INGEST__MAX_FILE_MB: expected an integer, got 'ten'",
        ),
        ({"DIDBAN_INGEST__MAX_FILE_MB": "0"}, "DIDBAN_INGEST__MAX_FILE_MB: must be at least 1, got 0"),
        ({"DIDBAN_API__READ_ONLY": "maybe"}, "DIDBAN_API__READ_ONLY: expected true or false, got 'maybe'"),
        (
            {"DIDBAN_PIPELINE__ON_ERROR": "ignore"},
            "DIDBAN_PIPELINE__ON_ERROR: expected one of 'raise', 'skip', got 'ignore'",
        ),
        (
            {"DIDBAN_INGEST__MAX_FILE_SIZE": "5"},
            "DIDBAN_INGEST__MAX_FILE_SIZE: unknown key ingest.max_file_size (did you mean 'max_file_mb'?)",
        ),
        (
            {"DIDBAN_INJEST__MAX_FILE_MB": "5"},
            "DIDBAN_INJEST__MAX_FILE_MB: unknown section [injest] (did you mean 'ingest'?)",
        ),
        (
            {"DIDBAN_STORE__URL__HOST": "x"},
            "DIDBAN_STORE__URL__HOST: store.url is not a table of named entries; set DIDBAN_STORE__URL",
        ),
        (
            {"DIDBAN_NORMALIZER__RULES__ZWNJ": "nah"},
            "DIDBAN_NORMALIZER__RULES__ZWNJ: expected true or false, got 'nah'",
        ),
        ({"DIDBAN_NORMALIZER__RULES": "{zwnj}"}, "DIDBAN_NORMALIZER__RULES: invalid JSON: "),
    ],
)
def test_environment_errors_name_the_variable(home: Path, variables: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env=env_of(home, **variables))
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[ingest]\nmax_file_mb = 'ten'\n", "ingest.max_file_mb: expected an integer, got 'ten'"),
        ("[ingest]\nmax_file_mb = true\n", "ingest.max_file_mb: expected an integer, got True"),
        ("[api]\nread_only = 1\n", "api.read_only: expected true or false, got 1"),
        (
            "[ingest]\nfallback_encodings = 'cp1256'\n",
            "ingest.fallback_encodings: expected a list of strings",
        ),
        ("[ingest]\nfallback_encodings = [1]\n", "ingest.fallback_encodings: expected a string, got 1"),
        ("[normalizer.rules]\nzwnj = 'no'\n", "normalizer.rules.zwnj: expected true or false, got 'no'"),
        ("[ingest]\nmax_fle_mb = 3\n", "unknown key ingest.max_fle_mb (did you mean 'max_file_mb'?)"),
        ("[storage]\nurl = 'x'\n", "unknown section [storage] (did you mean 'store'?)"),
        ("[zzz]\n", "unknown section [zzz] (known: pipeline, normalizer, events, ingest, store, api)"),
        ("pipeline = ['normalize']\n", "'pipeline' must be a [pipeline] table"),
        ("[store\nurl = 1\n", "invalid TOML: "),
    ],
)
def test_file_errors_name_the_file_and_key(home: Path, tmp_path: Path, toml: str, message: str) -> None:
    file = write(tmp_path / "bad.toml", toml)
    with pytest.raises(ConfigError) as err:
        load_settings(file, env=env_of(home))
    assert str(err.value).startswith(f"{file}: {message}")
    assert "\n" not in str(err.value)


def test_argument_errors_say_arguments(home: Path) -> None:
    with pytest.raises(ConfigError, match=r"^arguments: store\.url: expected a string, got 3$"):
        load_settings(env=env_of(home), overrides={"store": {"url": 3}})


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().store.url = "x"  # type: ignore[misc]


# -- the default file -----------------------------------------------------------------------------------


def test_default_config_round_trips(home: Path, tmp_path: Path) -> None:
    text = default_config_toml()
    tomllib.loads(text)  # valid TOML
    assert load_settings(write(tmp_path / "c.toml", text), env=env_of(home)) == Settings()


def test_default_config_documents_every_key() -> None:
    text = default_config_toml()
    for section in (PipelineSettings, NormalizerSettings, IngestSettings, StoreSettings, ApiSettings):
        for f in dataclasses.fields(section):
            assert f.metadata.get("doc"), f"{section.__name__}.{f.name} has no doc"
            assert f"__{f.name.upper()}]" in text  # its environment variable is named
    assert "[pipeline]" in text and "[api]" in text
    assert "# api_key = " in text  # unset values are shown, commented out


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@settings(max_examples=50, deadline=None)
@given(
    url=_text,
    key=st.none() | _text,
    encodings=st.lists(_text, max_size=3),
    rules=st.dictionaries(_text, st.booleans(), max_size=3),
    port=st.integers(1, 65535),
    read_only=st.booleans(),
)
def test_any_settings_round_trip_through_toml(
    url: str, key: str | None, encodings: list[str], rules: dict[str, bool], port: int, read_only: bool
) -> None:
    original = Settings(
        normalizer=NormalizerSettings(rules=rules),
        ingest=IngestSettings(fallback_encodings=tuple(encodings)),
        store=StoreSettings(url=url),
        api=ApiSettings(api_key=key, port=port, read_only=read_only),
    )
    text = settings_toml(original)
    data = tomllib.loads(text)
    assert data.get("api", {}).get("api_key") == key
    assert data["store"]["url"] == url
    assert data["normalizer"].get("rules", {}) == rules
    assert data["ingest"]["fallback_encodings"] == encodings
    assert load_settings(env={"HOME": "/nonexistent"}, overrides=data) == original


def test_stage_config_passes_normalizer_rules_to_the_normalize_stage() -> None:
    assert Settings().stage_config() == {}
    s = Settings(normalizer=NormalizerSettings(rules={"zwnj": False}))
    assert s.stage_config() == {"normalize": {"rules": {"zwnj": False}}}
    off = Settings(pipeline=PipelineSettings(stages=("segment",)), normalizer=s.normalizer)
    assert off.stage_config() == {}


def test_events_roles_setting_reaches_the_stage(tmp_path: Path) -> None:
    from didban.config import load_settings
    from didban.pipeline import Pipeline

    cfg = tmp_path / "c.toml"
    stages = '["normalize", "segment", "ner", "link", "statements", "events"]'
    cfg.write_text(f'[pipeline]\nstages = {stages}\n[events]\nroles = "none"\n', encoding="utf-8")
    settings = load_settings(cfg)
    assert settings.stage_config() == {"events": {"roles": "none"}}
    stage = dict(Pipeline(settings.pipeline.stages, settings.stage_config())._stages)["events"]
    assert stage.extractor.roles is None  # type: ignore[attr-defined]

"""Typed settings, layered: defaults → a TOML file → ``DIDBAN_<SECTION>__<KEY>`` environment variables.

The file is the one given (``--config``), else ``$DIDBAN_CONFIG``, else
``~/.config/didban/config.toml`` (``$XDG_CONFIG_HOME`` respected) when it exists.
Values are converted and checked against the dataclass annotations below, so a typo or a wrong
type fails at start-up with one line naming the file or variable and the key, not later deep inside.

``default_config_toml()`` renders the defaults as a commented TOML file (``didban config``).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from didban.errors import ConfigError

ENV_PREFIX = "DIDBAN_"
CONFIG_ENV = "DIDBAN_CONFIG"

DEFAULT_PIPELINE: tuple[str, ...] = (
    "normalize",
    "segment",
    "ner",
    "link",
    "statements",
    "framing",
    "events",
    "topic",
    "keywords",
    "summary",
)
"""Stages run when the user names none."""


def _doc(text: str, *, minimum: int | None = None) -> dict[str, Any]:
    """Field metadata: its documentation (rendered into the default file) and an optional minimum."""
    return {"doc": text, "min": minimum}


# -- the settings ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """Which stages run over each article."""

    stages: tuple[str, ...] = field(default=DEFAULT_PIPELINE, metadata=_doc("stage names, run in this order"))
    batch_size: int = field(
        default=32, metadata=_doc("articles read ahead and processed together", minimum=1)
    )
    on_error: Literal["raise", "skip"] = field(
        default="raise", metadata=_doc('an article a stage fails on: "raise" stops, "skip" warns and goes on')
    )


@dataclass(frozen=True, slots=True)
class NormalizerSettings:
    """Persian text normalization."""

    rules: dict[str, bool] = field(
        default_factory=dict,
        metadata=_doc("rules switched on (true) or off (false) by name; unlisted rules keep their default"),
    )


@dataclass(frozen=True, slots=True)
class EventSettings:
    """The events stage."""

    roles: str = field(
        default="default",
        metadata=_doc(
            'who is actor and who target: "default" (the rules, then the shipped role model), "none" (the '
            "rules alone), or the path of a role model trained by scripts/train_event_roles.py"
        ),
    )
    tagger: str = field(
        default="default",
        metadata=_doc(
            'which words name events: "default" (the trigger lexicon, then the shipped trigger tagger for what it '
            'misses), "none" (the lexicon alone), or the path of a tagger trained by scripts/train_event_tagger.py'
        ),
    )


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Reading files, directories and feeds."""

    max_file_mb: int = field(
        default=50, metadata=_doc("files larger than this many megabytes are refused", minimum=1)
    )
    fallback_encodings: tuple[str, ...] = field(
        default=("windows-1256",),
        metadata=_doc("tried in order when a file is not UTF-8 and encoding detection is unsure"),
    )


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where analysed articles are kept."""

    url: str = field(default="didban.sqlite", metadata=_doc("a SQLite file path, or a postgresql:// URL"))
    search_index: str = field(
        default="auto",
        metadata=_doc(
            "the search index folder (tantivy, ranks every match): auto (beside a SQLite file; none for "
            "PostgreSQL), a folder, or off (the database's own full-text index alone)"
        ),
    )


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """The HTTP API and dashboard (``didban serve``; docs/api.md)."""

    db: str = field(
        default="", metadata=_doc("the store to serve (a SQLite path or postgresql:// URL); empty: [store] url")
    )
    host: str = field(default="127.0.0.1", metadata=_doc("address to listen on"))
    port: int = field(default=8000, metadata=_doc("port to listen on", minimum=1))
    api_key: str | None = field(
        default=None,
        metadata=_doc(
            "writes (POST /articles) are refused unless this is set, and then need it as a Bearer token or "
            "X-API-Key; better set by the environment (DIDBAN_API_KEY)"
        ),
    )
    read_only: bool = field(
        default=False,
        metadata=_doc("refuse writes even when an api_key is set (a public mirror); without a key it is read-only"),
    )
    max_body_mb: int = field(default=5, metadata=_doc("larger request bodies are refused (413)", minimum=1))
    max_upload_mb: int = field(
        default=20, metadata=_doc("larger multipart uploads (files sent as a form) are refused (413)", minimum=1)
    )
    fetch_urls: bool = field(
        default=False,
        metadata=_doc("let POST /analyze and POST /articles fetch a URL given in the body (the server goes online)"),
    )
    workers: int = field(default=1, metadata=_doc("server processes", minimum=1))
    connections: int = field(
        default=4, metadata=_doc("database connections per server process (requests beyond wait)", minimum=1)
    )
    cache_seconds: int = field(
        default=30,
        metadata=_doc(
            "keep answers to repeated GET queries this long (0: off); on SQLite any write empties the cache "
            "at once, on PostgreSQL other processes' writes show within this time",
            minimum=0,
        ),
    )
    cache_mb: int = field(default=64, metadata=_doc("memory for cached answers, per server process", minimum=1))


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings; one attribute per section of the TOML file."""

    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    normalizer: NormalizerSettings = field(default_factory=NormalizerSettings)
    events: EventSettings = field(default_factory=EventSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    api: ApiSettings = field(default_factory=ApiSettings)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dataclasses.asdict(getattr(self, name)) for name in _sections()}

    def stage_config(self) -> dict[str, dict[str, Any]]:
        """Per-stage keyword configuration for `didban.pipeline.Pipeline`, from the sections above."""
        config: dict[str, dict[str, Any]] = {}
        if self.normalizer.rules:
            config["normalize"] = {"rules": dict(self.normalizer.rules)}
        events = {k: v for k, v in (("roles", self.events.roles), ("tagger", self.events.tagger)) if v != "default"}
        if events:
            config["events"] = events
        return {name: kw for name, kw in config.items() if name in self.pipeline.stages}


# -- loading -----------------------------------------------------------------------------------------


def config_path(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path | None:
    """The settings file to read: ``path``, else ``$DIDBAN_CONFIG``, else the user file if it exists."""
    env = os.environ if env is None else env
    for given, origin in ((path, "--config"), (env.get(CONFIG_ENV) or None, CONFIG_ENV)):
        if given is not None:
            file = Path(given).expanduser()
            if not file.is_file():
                raise ConfigError(f"{file}: config file not found (from {origin})")
            return file
    base = env.get("XDG_CONFIG_HOME") or os.path.join(env.get("HOME") or str(Path.home()), ".config")
    user = Path(base) / "didban" / "config.toml"
    return user if user.is_file() else None


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Defaults, then the settings file (see `config_path`), then environment, then ``overrides``.

    ``overrides`` (``{"store": {"url": ...}}``) is for command-line arguments; it is checked
    like the file. Later layers replace single keys, and merge into tables such as normalizer.rules.
    """
    env = os.environ if env is None else env
    values: dict[str, dict[str, Any]] = {}
    file = config_path(path, env)
    if file is not None:
        _merge(values, _parse_file(file))
    _merge(values, _parse_env(env))
    if overrides:
        _merge(values, _parse_tables(overrides, "arguments"))
    return Settings(**{name: cls(**values.get(name, {})) for name, cls in _sections().items()})


def _parse_file(file: Path) -> dict[str, dict[str, Any]]:
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from exc
    return _parse_tables(data, str(file))


def _parse_tables(data: Mapping[str, Any], source: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for section, table in data.items():
        cls = _section(section, f"{source}: ")
        if not isinstance(table, Mapping):
            raise ConfigError(f"{source}: {section!r} must be a [{section}] table, not {table!r}")
        for key, value in table.items():
            hint = _field_type(cls, section, key, f"{source}: ")
            where = f"{source}: {section}.{key}"
            out.setdefault(section, {})[key] = _check(
                cls, key, _convert(value, hint, where, text=False), where
            )
    return out


def _parse_env(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(env):
        # Only DIDBAN_<SECTION>__<KEY> are settings; DIDBAN_CONFIG and others are left alone.
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, key, *sub = (p.lower() for p in name[len(ENV_PREFIX) :].split("__"))
        cls = _section(section, f"{name}: ")
        hint = _field_type(cls, section, key, f"{name}: ")
        if sub:  # DIDBAN_NORMALIZER__RULES__ZWNJ=false sets one entry of a table
            if get_origin(hint) is not dict or len(sub) != 1:
                whole = f"{ENV_PREFIX}{section}__{key}".upper()
                raise ConfigError(f"{name}: {section}.{key} is not a table of named entries; set {whole}")
            value = {sub[0]: _convert(env[name], get_args(hint)[1], name, text=True)}
        else:
            value = _convert(env[name], hint, name, text=True)
        out.setdefault(section, {})[key] = _check(cls, key, value, name)
    return out


def _merge(into: dict[str, dict[str, Any]], layer: dict[str, dict[str, Any]]) -> None:
    for section, table in layer.items():
        target = into.setdefault(section, {})
        for key, value in table.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                target[key] = {**target[key], **value}
            else:
                target[key] = value


# -- conversion driven by the annotations ------------------------------------------------------------

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _convert(value: Any, tp: Any, where: str, *, text: bool) -> Any:
    """``value`` as type ``tp``; ``text`` values come from the environment and are parsed."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if value is None or (text and value == ""):
            return None
        return _convert(value, args[0], where, text=text)
    if text and isinstance(value, str):
        value = _parse_text(value, tp, where)
    if origin is Literal:
        if value in get_args(tp):
            return value
    elif tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif tp is str:
        if isinstance(value, str):
            return value
    elif origin is tuple:
        if isinstance(value, list | tuple):
            return tuple(_convert(v, get_args(tp)[0], where, text=False) for v in value)
    elif origin is dict:
        if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
            return {k: _convert(v, get_args(tp)[1], f"{where}.{k}", text=False) for k, v in value.items()}
    else:  # a type this module does not know how to read: a bug here, not a user error
        raise TypeError(f"unsupported setting type {tp!r}")
    raise ConfigError(f"{where}: expected {_describe(tp)}, got {value!r}")


def _parse_text(value: str, tp: Any, where: str) -> Any:
    """An environment string in the shape ``tp`` expects; left as is when it does not parse."""
    origin = get_origin(tp)
    stripped = value.strip()
    if tp is bool:
        low = stripped.lower()
        return True if low in _TRUE else False if low in _FALSE else value
    if tp in (int, float):
        try:
            return tp(stripped)
        except ValueError:
            return value
    if origin is tuple:
        if stripped.startswith("["):
            return _json(stripped, where)
        return [p.strip() for p in value.split(",") if p.strip()]
    if origin is dict:
        return _json(stripped, where)
    return value


def _json(value: str, where: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}: invalid JSON: {exc}") from exc


def _check(cls: type, key: str, value: Any, where: str) -> Any:
    minimum = _fields(cls)[key].metadata.get("min")
    if minimum is not None and value is not None and value < minimum:
        raise ConfigError(f"{where}: must be at least {minimum}, got {value!r}")
    return value


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _describe(args[0])
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin is tuple:
        return "a list of strings"
    if origin is dict:
        return "a table of name = true/false"
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}.get(tp, str(tp))


# -- introspection -----------------------------------------------------------------------------------


@cache
def _sections() -> dict[str, type]:
    return {name: tp for name, tp in get_type_hints(Settings).items()}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


@cache
def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls)}


def _section(name: str, prefix: str) -> type:
    sections = _sections()
    if name not in sections:
        raise ConfigError(f"{prefix}unknown section [{name}]{_did_you_mean(name, sections)}")
    return sections[name]


def _field_type(cls: type, section: str, key: str, prefix: str) -> Any:
    hints = _hints(cls)
    if key not in hints:
        raise ConfigError(f"{prefix}unknown key {section}.{key}{_did_you_mean(key, hints)}")
    return hints[key]


def _did_you_mean(name: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known: {', '.join(known)})"


# -- rendering ---------------------------------------------------------------------------------------


def default_config_toml() -> str:
    """The defaults as a commented TOML settings file."""
    return settings_toml(Settings())


def settings_toml(settings: Settings) -> str:
    """``settings`` as a commented TOML file that `load_settings` reads back to equal settings."""
    lines = [
        "# Didban settings.",
        "# Read from --config, else $DIDBAN_CONFIG, else ~/.config/didban/config.toml.",
        "# Every key can also be set by an environment variable DIDBAN_<SECTION>__<KEY>,",
        "# e.g. DIDBAN_INGEST__MAX_FILE_MB=10; the environment wins over this file.",
    ]
    for section, cls in _sections().items():
        current = getattr(settings, section)
        lines += ["", f"[{section}]", f"# {(cls.__doc__ or '').strip()}"]
        tables: list[str] = []
        for f in dataclasses.fields(cls):
            value = getattr(current, f.name)
            env = f"{ENV_PREFIX}{section}__{f.name}".upper()
            text = str(f.metadata.get("doc", ""))
            doc = f"# {text[:1].upper()}{text[1:]}. [{env}]"
            if isinstance(value, dict):
                tables += ["", doc, f"[{section}.{f.name}]"]
                tables += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()]
            elif value is None:
                lines += [doc, f"# {f.name} = ..."]  # TOML has no null: unset means absent
            else:
                lines += [doc, f"{f.name} = {_toml_value(value)}"]
        lines += tables
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot render {value!r} as TOML")


def _toml_key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else _toml_str(key)


def _toml_str(value: str) -> str:
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


__all__ = [
    "CONFIG_ENV",
    "DEFAULT_PIPELINE",
    "ApiSettings",
    "IngestSettings",
    "NormalizerSettings",
    "PipelineSettings",
    "Settings",
    "StoreSettings",
    "config_path",
    "default_config_toml",
    "load_settings",
    "settings_toml",
]

"""Stages by name.

A factory is a class or function that takes keyword configuration and returns a `Stage`.
Built-in stages are listed in `BUILTIN_STAGES` as ``"module:attr"`` strings and imported only when
first asked for, so ``import didban`` stays light and a broken stage cannot break unrelated ones.
Third-party packages can add stages through the ``didban.stages`` entry-point group.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, TypeVar

from didban.errors import PipelineError
from didban.pipeline.stage import Stage

StageFactory = Callable[..., Stage]
F = TypeVar("F", bound=Callable[..., Any])

BUILTIN_STAGES: dict[str, str] = {
    "normalize": "didban.stages.normalize:NormalizeStage",
    "segment": "didban.stages.segment:SegmentStage",
    "ner": "didban.stages.ner:NerStage",
    "link": "didban.stages.link:LinkStage",
    "statements": "didban.stages.statements:StatementStage",
    "framing": "didban.stages.framing:FramingStage",
    "events": "didban.stages.events:EventStage",
    "topic": "didban.stages.topic:TopicStage",
    "keywords": "didban.stages.keywords:KeywordStage",
    "summary": "didban.stages.summary:SummaryStage",
}
"""Built-in stage name → ``"module:attr"`` of its factory, imported lazily."""

ENTRY_POINT_GROUP = "didban.stages"

_REGISTRY: dict[str, StageFactory] = {}


def register_stage(name: str) -> Callable[[F], F]:
    """Decorator: register a stage factory under ``name``.

    Registering the same factory twice is allowed (a module imported again); a different factory
    under a taken name is an error, so two plugins cannot silently shadow each other.
    """

    def decorate(factory: F) -> F:
        current = _REGISTRY.get(name)
        if current is not None and not _same_factory(current, factory):
            raise PipelineError(
                f"stage name {name!r} is already registered to {_qualname(current)}; "
                f"cannot register {_qualname(factory)}"
            )
        _REGISTRY[name] = factory
        return factory

    return decorate


def get_stage_factory(name: str) -> StageFactory:
    """The factory registered under ``name``; built-in and plug-in stages are imported on demand."""
    factory = _REGISTRY.get(name)
    if factory is not None:
        return factory
    target = BUILTIN_STAGES.get(name)
    if target is None:
        target = _entry_points().get(name)
    if target is None:
        raise PipelineError(_unknown_message(name))
    factory = _import(name, target)
    _REGISTRY.setdefault(name, factory)
    return _REGISTRY[name]


def available_stages() -> list[str]:
    """Names of every stage that `get_stage_factory` can find, sorted."""
    return sorted(set(_REGISTRY) | set(BUILTIN_STAGES) | set(_entry_points()))


def _import(name: str, target: str) -> StageFactory:
    module_name, _, attr = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split(".") if attr else ():
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"stage {name!r} could not be loaded from {target!r}: {exc}") from exc
    if not callable(obj):
        raise PipelineError(f"stage {name!r}: {target!r} is not a class or function")
    return obj


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _unknown_message(name: str) -> str:
    names = available_stages()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listed = ", ".join(names) if names else "none registered"
    return f"unknown stage {name!r}{hint}; available stages: {listed}"


def _same_factory(a: Callable[..., Any], b: Callable[..., Any]) -> bool:
    # A re-imported module gives a new object with the same qualified name.
    return a is b or _qualname(a) == _qualname(b)


def _qualname(obj: Callable[..., Any]) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"

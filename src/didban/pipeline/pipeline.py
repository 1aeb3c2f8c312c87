"""`Pipeline`: an ordered list of stages, checked when it is built and streamed when it runs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, Literal, NamedTuple

from didban.article import Article
from didban.errors import DidbanError, PipelineError, StageError
from didban.pipeline.registry import available_stages, get_stage_factory
from didban.pipeline.stage import ARTICLE_FIELDS, INITIAL_FIELDS, Stage

OnError = Literal["raise", "skip"]
Warn = Callable[[str], None]

_log = logging.getLogger("didban.pipeline")


class StageInfo(NamedTuple):
    """One row of `Pipeline.describe()`."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]


class Pipeline:
    """Stages run in order over each article.

    ``stages`` are registered names (built with ``config[name]`` as keyword arguments) or stages
    already built. Every stage's ``requires`` must be among ``initial`` (the fields a raw article
    from ingest has) or provided by an earlier stage; otherwise building fails with a message
    that says which stage to add or move.

    A pipeline holds only its stages, so it pickles whenever they do (for process pools, Dask, Spark).
    """

    def __init__(
        self,
        stages: Sequence[str | Stage] | None = None,
        config: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        initial: Iterable[str] = INITIAL_FIELDS,
    ) -> None:
        if stages is None:  # the default analysis (`didban.config.DEFAULT_PIPELINE`)
            from didban.config import DEFAULT_PIPELINE

            stages = DEFAULT_PIPELINE
        if isinstance(stages, str):  # Pipeline("normalize") would otherwise iterate letters
            stages = [stages]
        config = dict(config or {})
        self._initial: tuple[str, ...] = tuple(initial)
        self._stages: list[tuple[str, Stage]] = []
        seen: set[str] = set()
        for item in stages:
            name, stage = self._build(item, config)
            if name in seen:
                raise PipelineError(f"stage {name!r} appears twice in the pipeline")
            seen.add(name)
            self._stages.append((name, stage))
        if config:
            raise PipelineError(
                f"configuration given for {sorted(config)}, which "
                f"{'is' if len(config) == 1 else 'are'} not in the pipeline (stages: {self.names})"
            )
        self._check_order()

    # -- building ----------------------------------------------------------------------------------
    @staticmethod
    def _build(item: str | Stage, config: dict[str, Mapping[str, Any]]) -> tuple[str, Stage]:
        if isinstance(item, str):
            name = item
            kwargs = dict(config.pop(name, {}))
            factory = get_stage_factory(name)
            try:
                stage = factory(**kwargs)
            except DidbanError:
                raise
            except Exception as exc:  # a factory's own errors become one build error
                raise PipelineError(
                    f"stage {name!r} could not be built with {kwargs}: {_one_line(exc)}"
                ) from exc
        else:
            stage = item
            name = getattr(stage, "name", "")
            if name in config:
                raise PipelineError(f"stage {name!r} was passed already built; configure it when building it")
        _check_stage(name or repr(stage), stage)
        return name or stage.name, stage

    def _check_order(self) -> None:
        unknown = [f for f in self._initial if f not in ARTICLE_FIELDS]
        if unknown:
            raise PipelineError(f"initial fields {unknown} are not Article fields")
        available = set(self._initial)
        for i, (name, stage) in enumerate(self._stages):
            for need in stage.requires:
                if need not in available:
                    raise PipelineError(
                        f"stage {name!r} requires {need!r}, which no earlier stage provides"
                        + self._hint(need, i)
                    )
            available.update(stage.provides)

    def _hint(self, field: str, index: int) -> str:
        later = [n for n, s in self._stages[index + 1 :] if field in s.provides]
        if later:
            return f" (move {later[0]!r} before it)"
        known = _factories_providing(field)
        if known:
            return f" (add {' or '.join(repr(k) for k in known)} before it)"
        return ""

    # -- running -----------------------------------------------------------------------------------
    def __call__(self, article: Article) -> Article:
        for name, stage in self._stages:
            article = _run(name, stage, article)
        return article

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 32,
        on_error: OnError = "raise",
        warn: Warn | None = None,
    ) -> Iterator[Article]:
        """Process a stream lazily: at most ``batch_size`` articles are read ahead of the consumer.

        A failing article raises `StageError` (``on_error="raise"``), or is reported to ``warn``
        in one line and left out (``on_error="skip"``); ``warn`` defaults to a logging warning.
        """
        if on_error not in ("raise", "skip"):
            raise PipelineError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
        if batch_size < 1:
            raise PipelineError(f"batch_size must be at least 1, not {batch_size}")
        # Arguments are checked above, now; the work happens when the caller iterates.
        return self._stream(iter(articles), batch_size, on_error == "skip", warn or _log.warning)

    def _stream(
        self, articles: Iterator[Article], batch_size: int, skip: bool, warn: Warn
    ) -> Iterator[Article]:
        while batch := list(islice(articles, batch_size)):
            for name, stage in self._stages:
                batch = _run_batch(name, stage, batch, skip, warn)
                if not batch:
                    break
            yield from batch

    # -- introspection -----------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._stages]

    @property
    def stages(self) -> list[Stage]:
        return [stage for _, stage in self._stages]

    @property
    def initial(self) -> tuple[str, ...]:
        return self._initial

    @property
    def provides(self) -> frozenset[str]:
        """Every field an article has after this pipeline ran."""
        out = set(self._initial)
        for _, stage in self._stages:
            out.update(stage.provides)
        return frozenset(out)

    def get_stage(self, name: str) -> Stage:
        for n, stage in self._stages:
            if n == name:
                return stage
        raise PipelineError(f"no stage {name!r} in the pipeline (stages: {self.names})")

    def describe(self) -> list[StageInfo]:
        """Rows ``(name, requires, provides)`` for documentation and the CLI."""
        return [StageInfo(n, tuple(s.requires), tuple(s.provides)) for n, s in self._stages]

    def __len__(self) -> int:
        return len(self._stages)

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"


# -- helpers -----------------------------------------------------------------------------------------


def _check_stage(label: str, stage: Any) -> None:
    if not isinstance(stage, Stage):  # checks the attributes exist and __call__ is defined
        raise PipelineError(
            f"{label} is not a stage: it needs name, requires, provides and __call__(article)"
        )
    if not isinstance(stage.name, str) or not stage.name:
        raise PipelineError(f"{label}: a stage's name must be a non-empty string")
    for attr in ("requires", "provides"):
        value = getattr(stage, attr)
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise PipelineError(f"stage {stage.name!r}: {attr} must be a tuple of field names, not {value!r}")
        unknown = [v for v in value if v not in ARTICLE_FIELDS]
        if unknown:
            raise PipelineError(f"stage {stage.name!r}: {attr} names {unknown}, which are not Article fields")


def _run(name: str, stage: Stage, article: Article) -> Article:
    try:
        out = stage(article)
    except StageError:
        raise
    except Exception as exc:  # any failure inside a stage is that article's failure
        raise StageError(name, article.id, _one_line(exc)) from exc
    if not isinstance(out, Article):
        raise StageError(name, article.id, f"returned {type(out).__name__}, not an Article")
    return out


def _run_batch(name: str, stage: Stage, batch: list[Article], skip: bool, warn: Warn) -> list[Article]:
    batch_fn = getattr(stage, "pipe", None)
    if callable(batch_fn) and len(batch) > 1:
        try:
            out = list(batch_fn(batch))
        except Exception as exc:
            # Retry one by one below, so the error (or the skip) names the article that failed.
            _log.debug("stage %r failed on a batch, retrying one by one: %s", name, _one_line(exc))
        else:
            if len(out) == len(batch) and all(isinstance(a, Article) for a in out):
                return out
            raise StageError(name, batch[0].id, f"pipe() returned {len(out)} articles for {len(batch)}")
    kept: list[Article] = []
    for article in batch:
        try:
            kept.append(_run(name, stage, article))
        except StageError as err:
            if not skip:
                raise
            warn(f"{err}; article skipped")
    return kept


def _factories_providing(field: str) -> list[str]:
    """Registered or built-in stage names whose factory declares it provides ``field`` (for hints)."""
    out = []
    for name in available_stages():
        try:
            factory = get_stage_factory(name)
        except PipelineError:  # a broken built-in must not hide the original error
            continue
        if field in (getattr(factory, "provides", None) or ()):
            out.append(name)
    return out


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

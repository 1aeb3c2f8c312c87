"""One error hierarchy. Every message is one line a user can act on: what, where, and the problem."""

from __future__ import annotations


class DidbanError(Exception):
    """Base class of every error Didban raises on purpose."""


class InputError(DidbanError):
    """An input (file, URL, record) could not be read; names the input and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # picklable across worker processes
        return (type(self), (self.source, self.problem))


class ConfigError(DidbanError):
    """Invalid settings (file, environment or arguments)."""


class PipelineError(DidbanError):
    """A pipeline cannot be built (unknown stage, missing requirement) or a stage failed."""


class StageError(PipelineError):
    """A stage failed on one article."""

    def __init__(self, stage: str, article_id: str, problem: str) -> None:
        self.stage = stage
        self.article_id = article_id
        self.problem = problem
        super().__init__(f"stage {stage!r} failed on article {article_id}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        return (type(self), (self.stage, self.article_id, self.problem))

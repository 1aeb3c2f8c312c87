"""The pipeline mechanism: the `Stage` contract, a registry of stages by name, and `Pipeline`.

No analysis lives here; the stages themselves are in `didban.stages`.
"""

from didban.pipeline.pipeline import Pipeline, StageInfo
from didban.pipeline.registry import BUILTIN_STAGES, available_stages, get_stage_factory, register_stage
from didban.pipeline.stage import INITIAL_FIELDS, Stage

__all__ = [
    "BUILTIN_STAGES",
    "INITIAL_FIELDS",
    "Pipeline",
    "Stage",
    "StageInfo",
    "available_stages",
    "get_stage_factory",
    "register_stage",
]

"""Entities: the canonical registry (data in ``didban/fa/entities``) and the linker.

Nothing is read at import time: `default_registry()` loads the packaged registry on first use.
"""

from __future__ import annotations

from didban.entities.linker import Linker, Target
from didban.entities.registry import EntityRecord, Registry, alias_key, default_registry, match_key

__all__ = ["EntityRecord", "Linker", "Registry", "Target", "alias_key", "default_registry", "match_key"]

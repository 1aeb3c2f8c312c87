"""Shared test set-up: hypothesis runs derandomized in CI so a run is reproducible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))


# ../shared/data beside the repository (or $DIDBAN_SHARED_DATA): the real corpora. Tests that read it
# skip cleanly on a user's fresh clone, where it is absent.
SHARED_DATA = Path(os.environ.get("DIDBAN_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not found (the shared corpora are not part of the repository)")
    return SHARED_DATA

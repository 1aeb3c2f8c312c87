"""Shared test set-up: hypothesis runs derandomized in CI so a run is reproducible; the shared corpora;
one throwaway PostgreSQL server for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


# PostgreSQL: an existing server ($DIDBAN_TEST_POSTGRES_URL) or a throwaway one (tests/pg.py), shared by every
# test module that needs one. Skipped when PostgreSQL is absent, unless DIDBAN_REQUIRE_POSTGRES=1 (CI).
@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    given = os.environ.get("DIDBAN_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    from pg import PgServer, find_bindir

    required = os.environ.get("DIDBAN_REQUIRE_POSTGRES") == "1"
    reason = ""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install -e '.[postgres]')"
    bindir = find_bindir()
    if bindir is None and not reason:
        reason = "PostgreSQL server binaries not found (initdb/pg_ctl on PATH, pg_config --bindir, /usr/lib/postgresql)"
    if reason:
        if required:
            pytest.fail(f"DIDBAN_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    assert bindir is not None
    server = PgServer(bindir).start()
    try:
        yield server.url
    finally:
        server.stop()

"""schemathesis over the served OpenAPI schema: no request the schema allows (or nearly allows) makes the
server answer 5xx, and every error is the documented JSON shape with the security headers.

Bounded: a fixed number of examples per operation (derandomized when CI is set, as all hypothesis tests).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serve import seed_store, serve

EXAMPLES = int(os.environ.get("DIDBAN_API_FUZZ_EXAMPLES", "15"))
KEY = "fuzz-key"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("api-fuzz") / "news.sqlite"
    seed_store(db)
    # With a key, so POST /articles is exercised past the auth check when the fuzzer sends it.
    with serve(db, env={"DIDBAN_API_KEY": KEY}) as url:
        yield url


def test_no_server_errors(base: str) -> None:
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for operation in operations:
            strategy = operation.as_strategy()

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=bool(os.environ.get("CI")),
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            @given(case=strategy, with_key=st.booleans())
            def run(case: schemathesis.Case, with_key: bool) -> None:
                headers = {"X-API-Key": KEY} if with_key else {}
                response = case.call(base_url=base, headers=headers, timeout=60)
                label = f"{case.method} {case.formatted_path} {case.query!r}"
                if response.status_code >= 500:
                    failures.append(f"{label}: {response.status_code} {response.text[:200]}")
                assert response.headers.get("x-content-type-options") == ["nosniff"], label
                if response.status_code >= 400:
                    error = response.json()["error"]
                    assert error["status"] == response.status_code and error["message"], label

            run()
        assert client.get("/healthz").status_code == 200
    assert not failures, "\n".join(failures[:20])


def test_schema_documents_errors(base: str) -> None:
    schema = httpx.get(f"{base}/openapi.json").json()
    search = schema["paths"]["/search"]["get"]
    assert {"200", "400", "422"} <= set(search["responses"])
    # Swagger UI and ReDoc are not served: they load from a CDN.
    assert httpx.get(f"{base}/redoc").status_code == 404

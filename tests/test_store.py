"""The Chroma index: built by command, incremental by content hash, safe on failure, tied to its embedder."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.embed.hashing import HashEmbedder
from assistant.settings import Settings
from assistant.store import ChromaServerStore, ChromaStore, IndexMismatch, IndexNotFound, StoreError, index_store
from assistant.store.build import build_index
from assistant.types import Chunk


def test_open_without_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="wijkwijzer index"):
        ChromaStore(tmp_path / "index").open("hash:256")


def test_build_then_open_holds_every_chunk_with_metadata(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    report = store.build(chunks, HashEmbedder())
    assert report.status == "built" and report.embedded == len({c.content_hash for c in chunks})
    index = store.open("hash:256")
    assert sorted(c.id for c in index.chunks) == sorted(c.id for c in chunks)
    assert index.by_id["overview:buurtcirkel"] == next(c for c in chunks if c.id == "overview:buurtcirkel")
    assert index.collection.metadata["model_id"] == "hash:256"
    assert index.manifest["chunks"] == {c.id: c.content_hash for c in chunks}


def test_query_returns_nearest_chunk_first(tmp_path: Path, chunks: list[Chunk]) -> None:
    emb = HashEmbedder()
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, emb)
    index = store.open(emb.model_id)
    target = next(c for c in chunks if c.id == "overview:buurtbemiddeling:doelgroep")
    hits = index.query(emb.embed_queries([target.text])[0], 5)
    assert hits[0].chunk.id == target.id
    assert hits[0].score == pytest.approx(1.0, abs=1e-3)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_unchanged_rebuild_embeds_nothing_and_keeps_build(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    first = store.build(chunks, HashEmbedder())
    emb = HashEmbedder()
    again = store.build(chunks, emb)
    assert again.status == "up-to-date" and again.build == first.build
    assert emb.calls == 0


def test_changed_chunk_is_the_only_one_embedded(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder())
    changed = [replace(c, text=c.text + " Nieuw.") if c.id == "overview:wijktheater" else c for c in chunks]
    emb = HashEmbedder()
    report = store.build(changed, emb)
    assert report.status == "built" and report.embedded == 1 and emb.calls == 1
    index = store.open(emb.model_id)
    assert index.by_id["overview:wijktheater"].text.endswith("Nieuw.")
    # reused vectors are the same as freshly computed ones
    got = index.collection.get(ids=["overview:buurtcirkel"], include=["embeddings"])
    fresh = HashEmbedder().embed_passages([index.by_id["overview:buurtcirkel"].text])[0]
    assert np.allclose(got["embeddings"][0], fresh, atol=1e-6)


def test_removed_chunk_disappears(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder())
    store.build([c for c in chunks if c.target != "Wijktheater"], HashEmbedder())
    assert "Wijktheater" not in {c.target for c in store.open("hash:256").chunks}


def test_other_embedder_is_a_clear_error(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder(dim=64))
    with pytest.raises(IndexMismatch, match=r"hash:64.*hash:256.*wijkwijzer index"):
        store.open("hash:256")


def test_rebuild_with_other_embedder_embeds_everything(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder(dim=64))
    emb = HashEmbedder(dim=128)
    report = store.build(chunks, emb)
    assert report.reused == 0 and emb.calls == len({c.content_hash for c in chunks})
    assert store.open("hash:128").manifest["dim"] == 128


class ExplodingEmbedder(HashEmbedder):
    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        if self.calls > 20:
            raise RuntimeError("stroom weg")
        return super().embed_passages(texts)


def test_failed_build_leaves_previous_index_serving(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    first = store.build(chunks, HashEmbedder())
    changed = [replace(c, text=c.text + " v2") for c in chunks]
    with pytest.raises(RuntimeError, match="stroom weg"):
        store.build(changed, ExplodingEmbedder())
    index = store.open("hash:256")
    assert index.manifest["build"] == first.build
    assert not any(c.text.endswith(" v2") for c in index.chunks)
    builds = [d.name for d in (tmp_path / "index" / "builds").iterdir()]
    assert builds == [first.build]  # the half-written build was removed


def test_interrupted_build_folder_is_never_served(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    first = store.build(chunks, HashEmbedder())
    half = tmp_path / "index" / "builds" / "99999999T000000000000Z"
    half.mkdir()  # e.g. a build killed before its manifest was written
    assert store.open("hash:256").manifest["build"] == first.build
    store.build([replace(chunks[0], text="x"), *chunks[1:]], HashEmbedder())
    assert not half.exists()


def test_old_builds_are_pruned_but_previous_kept(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    names = [store.build([replace(chunks[0], text=f"v{i}"), *chunks[1:]], HashEmbedder()).build for i in range(3)]
    left = sorted(d.name for d in (tmp_path / "index" / "builds").iterdir())
    assert left == sorted(names[1:])


def test_corrupt_manifest_is_a_clear_error(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder())
    path = store.current_path()
    assert path is not None
    (path / "manifest.json").write_text("{kapot")
    with pytest.raises(StoreError, match="beschadigd"):
        store.open("hash:256")


def test_manifest_is_json_with_model_and_hashes(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    store.build(chunks, HashEmbedder())
    path = store.current_path()
    assert path is not None
    data = json.loads((path / "manifest.json").read_text())
    assert data["model_id"] == "hash:256" and len(data["chunks"]) == len(chunks)


def test_folder_store_names_its_build_folder(tmp_path: Path, chunks: list[Chunk]) -> None:
    store = ChromaStore(tmp_path / "index")
    assert store.current_build() is None
    report = store.build(chunks, HashEmbedder())
    assert store.current_build() == report.build == store.open("hash:256").build
    folder = tmp_path / "index" / "builds" / report.build
    assert store.location(report.build) == str(folder) and store.current_path() == folder


def test_settings_choose_the_store_and_the_server_store_has_no_paths(tmp_path: Path) -> None:
    local = index_store(Settings(index_dir=tmp_path / "index"))
    assert isinstance(local, ChromaStore) and local.index_dir == tmp_path / "index"
    server = index_store(Settings(index_dir=tmp_path / "index", chroma_url="http://127.0.0.1:1", collection="wijk"))
    assert isinstance(server, ChromaServerStore) and not hasattr(server, "index_dir")
    # where a build lives is told without contacting the server (port 1 answers nothing)
    assert server.location("20250101T000000000000Z") == "http://127.0.0.1:1 (collectie wijk.20250101T000000000000Z)"
    assert not (tmp_path / "index").exists()


# -- the one build algorithm, on a backend that keeps builds in memory ----------------------------------
class MemoryBackend:
    """The Backend steps over dicts, recording the order in which the algorithm calls them."""

    def __init__(self, fail_write: bool = False) -> None:
        self.collection = "mem"
        self.builds: dict[str, tuple[dict[str, Any], dict[str, list[float]]]] = {}
        self.current: str | None = None
        self.calls: list[str] = []
        self.fail_write = fail_write

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.calls.append("lock")
        try:
            yield
        finally:
            self.calls.append("unlock")

    def manifest(self) -> dict[str, Any] | None:
        self.calls.append("manifest")
        return self.builds[self.current][0] if self.current else None

    def remove_unfinished(self) -> None:
        self.calls.append("remove_unfinished")

    def vectors(self, build: str) -> dict[str, list[float]]:
        self.calls.append(f"vectors {build}")
        return dict(self.builds[build][1])

    def write(
        self, build: str, manifest: dict[str, Any], chunks: Sequence[Chunk], vectors: dict[str, list[float]]
    ) -> None:
        self.calls.append("write")
        self.builds[build] = (manifest, {c.content_hash: vectors[c.content_hash] for c in chunks})
        if self.fail_write:
            raise RuntimeError("schijf vol")

    def switch(self, build: str) -> None:
        self.calls.append("switch")
        self.current = build

    def discard(self, build: str) -> None:
        self.calls.append("discard")
        del self.builds[build]

    def prune(self, keep: set[str]) -> None:
        self.calls.append("prune")
        self.builds = {name: b for name, b in self.builds.items() if name in keep}


def test_build_algorithm_reuses_by_hash_switches_then_prunes(chunks: list[Chunk]) -> None:
    backend = MemoryBackend()
    first = build_index(backend, chunks, HashEmbedder())
    assert backend.calls == ["lock", "manifest", "remove_unfinished", "write", "switch", "prune", "unlock"]
    manifest = backend.builds[first.build][0]
    assert manifest["build"] == first.build and manifest["collection"] == "mem" and manifest["dim"] == 256
    assert manifest["chunks"] == {c.id: c.content_hash for c in chunks}

    backend.calls.clear()
    emb = HashEmbedder()
    assert build_index(backend, chunks, emb).status == "up-to-date" and emb.calls == 0
    assert backend.calls == ["lock", "manifest", "unlock"]

    backend.calls.clear()
    second = build_index(backend, [replace(chunks[0], text="nieuw"), *chunks[1:]], emb)
    assert (second.embedded, second.reused, emb.calls) == (1, len(chunks) - 1, 1)
    assert f"vectors {first.build}" in backend.calls and backend.current == second.build
    third = build_index(backend, [replace(chunks[0], text="nieuwer"), *chunks[1:]], HashEmbedder())
    assert set(backend.builds) == {second.build, third.build}  # the previous build is kept, older ones go


def test_build_algorithm_reuses_nothing_when_forced_or_for_another_model(chunks: list[Chunk]) -> None:
    backend = MemoryBackend()
    build_index(backend, chunks, HashEmbedder())
    for emb, force in ((HashEmbedder(), True), (HashEmbedder(dim=64), False)):
        backend.calls.clear()
        report = build_index(backend, chunks, emb, force=force)
        assert report.status == "built" and report.reused == 0
        assert not any(c.startswith("vectors") for c in backend.calls)


def test_build_algorithm_discards_a_failed_write_and_keeps_serving(chunks: list[Chunk]) -> None:
    backend = MemoryBackend()
    first = build_index(backend, chunks, HashEmbedder())
    backend.fail_write, backend.calls = True, []
    with pytest.raises(RuntimeError, match="schijf vol"):
        build_index(backend, [replace(chunks[0], text="nieuw"), *chunks[1:]], HashEmbedder())
    assert backend.calls[-3:] == ["write", "discard", "unlock"]
    assert backend.current == first.build and set(backend.builds) == {first.build}

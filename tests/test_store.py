"""The Chroma index: built by command, incremental by content hash, safe on failure, tied to its embedder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.embed.hashing import HashEmbedder
from assistant.store import ChromaStore, IndexMismatch, IndexNotFound, StoreError
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

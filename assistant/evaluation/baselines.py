"""Baselines run beside the shipped design, so the report shows what the design buys.

- ``bm25`` / ``dense``: the existing retriever modes (`assistant/retrieve/retriever.py`) — retrieval only.
- ``naive-rag``: the textbook LangChain RAG. `RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`
  over the raw overview text (as published, no parsing), embedded with the project's embedder through
  `LangChainEmbeddings` into an in-memory `langchain_chroma.Chroma`, and `similarity_search(question, k=4)`.
  The question alone is the query (no history, no safety check, no refusal).

  Its "answer" is defined without an LLM, and generously: the four retrieved chunks, verbatim, as its numbered
  sources and its text. An approach counts as *retrieved and cited* when a chunk overlaps that approach's entry
  in the document (from its heading to the next heading; a name merely mentioned in the table of contents or
  the reflection does not count), ranked by the best chunk and, within a chunk, by how much of it the entry
  fills. A fact or `must_contain` string counts as found
  when any chunk holds it — what an LLM reading these chunks *could* say at best. It never refuses and never
  routes a crisis. Grounding and hallucination are not scored for it: a verbatim context dump passes them
  trivially, so the numbers would say nothing.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answer.intent import detect_language
from assistant.embed.base import Embedder
from assistant.embed.langchain import LangChainEmbeddings
from assistant.types import Answer, Overview, Source, SourceKind

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


class MemoEmbedder:
    """Wraps an embedder and remembers query vectors, so the baselines embed each question once."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self._queries: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def warm_up(self) -> None:
        self.inner.warm_up()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._queries]
            if todo:
                self._queries.update(zip(todo, self.inner.embed_queries(todo)))
            return np.stack([self._queries[t] for t in texts]) if texts else self.inner.embed_queries([])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


def approach_spans(text: str, overview: Overview) -> dict[str, tuple[int, int]]:
    """Character span of every approach's entry in the raw text: its heading line up to the next heading."""
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    starts = sorted({a.line for a in overview.approaches} | {s.line for s in overview.sections if s.line > 0})
    spans = {}
    for a in overview.approaches:
        if a.line <= 0 or a.line > len(offsets) - 1:
            continue
        after = [n for n in starts if n > a.line]
        end = offsets[after[0] - 1] if after else len(text)
        spans[a.name] = (offsets[a.line - 1], end)
    return spans


@dataclass(frozen=True)
class NaiveResult:
    answer: Answer
    ranked: tuple[str, ...]  # approaches whose entries the retrieved chunks overlap, best chunk first


class NaiveRAG:
    """The naive LangChain RAG baseline (see the module docstring). `close()` drops its in-memory collection."""

    def __init__(self, text: str, overview: Overview, embedder: Embedder, k: int = TOP_K) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        self.documents = splitter.create_documents([text])
        spans = approach_spans(text, overview)
        for i, doc in enumerate(self.documents):
            start = int(doc.metadata["start_index"])
            end = start + len(doc.page_content)
            shared = {name: min(end, b) - max(start, a) for name, (a, b) in spans.items()}
            names = sorted((n for n, size in shared.items() if size > 0), key=lambda n: -shared[n])
            doc.metadata.update(chunk=i, approaches="|".join(names))  # most of the chunk first
        self.k = k
        client = chromadb.EphemeralClient(settings=chromadb.Settings(anonymized_telemetry=False))
        self.store: Any = Chroma(
            collection_name=f"naive-rag-{uuid.uuid4().hex[:12]}",
            embedding_function=LangChainEmbeddings(embedder),
            client=client,
        )
        self.store.add_documents(self.documents, ids=[f"chunk-{i}" for i in range(len(self.documents))])

    def ask(self, question: str) -> NaiveResult:
        docs = self.store.similarity_search(question, k=self.k)
        sources, ranked = [], []
        for n, doc in enumerate(docs, start=1):
            names = [x for x in str(doc.metadata.get("approaches", "")).split("|") if x]
            ranked += [x for x in names if x not in ranked]
            approach = names[0] if names else "(algemene tekst)"
            kind: SourceKind = "approach" if names else "general"
            sources.append(Source(n, approach, f"chunk {doc.metadata.get('chunk')}", None, doc.page_content, 0.0, kind))
        text = "\n\n".join(f"“{s.snippet}” [{s.n}]" for s in sources)
        answer = Answer(text, tuple(sources), False, detect_language(question))  # no intent: it only retrieves
        return NaiveResult(answer, tuple(ranked))

    def close(self) -> None:
        self.store.delete_collection()

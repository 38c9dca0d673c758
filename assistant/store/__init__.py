"""The vector index (Chroma)."""

from assistant.store.chroma_store import (
    BuildReport,
    ChromaStore,
    IndexBusy,
    IndexMismatch,
    IndexNotFound,
    OpenIndex,
    StoreError,
)

__all__ = ["BuildReport", "ChromaStore", "IndexBusy", "IndexMismatch", "IndexNotFound", "OpenIndex", "StoreError"]

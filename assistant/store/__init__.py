"""The vector index (Chroma): builds in a local folder, or on Chroma's own server, behind one :class:`IndexStore`."""

from assistant.settings import Settings
from assistant.store.base import (
    BuildReport,
    IndexBusy,
    IndexMismatch,
    IndexNotFound,
    IndexStore,
    IndexUnavailable,
    OpenIndex,
    Progress,
    StoreError,
)
from assistant.store.chroma_server import ChromaServerStore
from assistant.store.chroma_store import ChromaStore


def index_store(settings: Settings) -> IndexStore:
    """The Chroma server when `chroma_url` is set, else the folder `index_dir`."""
    if settings.chroma_url:
        return ChromaServerStore(settings.chroma_url, settings.collection)
    return ChromaStore(settings.index_dir, settings.collection)


__all__ = [
    "BuildReport",
    "ChromaServerStore",
    "ChromaStore",
    "IndexBusy",
    "IndexMismatch",
    "IndexNotFound",
    "IndexStore",
    "IndexUnavailable",
    "OpenIndex",
    "Progress",
    "StoreError",
    "index_store",
]

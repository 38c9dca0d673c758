"""The index on Chroma's own server (`chroma run`), for several app processes behind a load balancer.

Same contract as the folder store, through the same build algorithm (:func:`assistant.store.build.build_index`):
a build is written as its own collection `<collection>.<build>` and only then made current by changing the
metadata of the pointer collection `<collection>.current`; unchanged chunks reuse their embeddings; the previous
build is kept for processes that still read it. There is no local folder: builds are named by the server's
address and their collection. An unreachable server is :class:`IndexUnavailable` (the web app answers 503 and
recovers by itself when the server is back).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext, suppress
from typing import Any
from urllib.parse import urlparse

from assistant.errors import ConfigError
from assistant.store.base import (
    IndexNotFound,
    IndexUnavailable,
    OpenIndex,
    add_chunks,
    check_model,
    new_collection,
    vectors_by_hash,
)
from assistant.store.build import BuildsWithSteps
from assistant.types import Chunk


class ChromaServerStore(BuildsWithSteps):
    """Construction is cheap: the server is first contacted when the index is opened or built."""

    def __init__(self, url: str, collection: str = "wijkwijzer") -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(
                f"WIJKWIJZER_CHROMA_URL moet een http(s)-adres zijn, bijv. http://127.0.0.1:8000 (niet {url!r})"
            )
        self.url = url
        self.host = parsed.hostname
        self.port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        self.ssl = parsed.scheme == "https"
        self.collection = collection
        self._client: Any = None

    def _connect(self) -> Any:
        import chromadb

        try:
            if self._client is None:
                self._client = chromadb.HttpClient(
                    host=self.host,
                    port=self.port,
                    ssl=self.ssl,
                    settings=chromadb.Settings(anonymized_telemetry=False),
                )
            self._client.heartbeat()
        except Exception as exc:
            self._client = None
            raise IndexUnavailable(f"de Chroma-server op {self.url} is niet bereikbaar ({type(exc).__name__})") from exc
        return self._client

    @property
    def _pointer(self) -> str:
        return f"{self.collection}.current"

    def _build_name(self, build: str) -> str:
        return f"{self.collection}.{build}"

    def _current(self, client: Any) -> tuple[str, dict[str, Any]] | None:
        names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
        if self._pointer not in names:
            return None
        build = str((client.get_collection(self._pointer).metadata or {}).get("build", ""))
        if not build or self._build_name(build) not in names:
            return None
        meta = client.get_collection(self._build_name(build)).metadata or {}
        return build, dict(json.loads(str(meta["manifest"])))

    # -- the IndexStore interface --------------------------------------------------------------------
    def current_build(self) -> str | None:
        current = self._current(self._connect())
        return current[0] if current else None

    def manifest(self) -> dict[str, Any] | None:
        current = self._current(self._connect())
        return current[1] if current else None

    def location(self, build: str) -> str:
        return f"{self.url} (collectie {self._build_name(build)})"

    def open(self, model_id: str) -> OpenIndex:
        client = self._connect()
        current = self._current(client)
        if current is None:
            raise IndexNotFound(f"er is nog geen index op {self.url}; bouw hem met: wijkwijzer index")
        build, manifest = current
        check_model(manifest, model_id)
        try:
            return OpenIndex(manifest, client.get_collection(self._build_name(build)))
        except Exception as exc:
            raise IndexUnavailable(f"de index op {self.url} kon niet gelezen worden ({type(exc).__name__})") from exc

    # -- building: the server's steps of assistant.store.build ---------------------------------------
    def lock(self) -> AbstractContextManager[None]:
        # no lock across machines; two builds at once each switch to a complete build, the later one wins
        return nullcontext()

    def remove_unfinished(self) -> None:
        """Nothing to do first: a build that never finished is a collection that `prune` removes afterwards."""

    def vectors(self, build: str) -> dict[str, list[float]]:
        got = self._connect().get_collection(self._build_name(build)).get(include=["embeddings", "metadatas"])
        return vectors_by_hash(got)

    def write(
        self, build: str, manifest: dict[str, Any], chunks: Sequence[Chunk], vectors: dict[str, list[float]]
    ) -> None:
        # the manifest travels in the collection's metadata: a build and its manifest appear together
        meta = {"model_id": manifest["model_id"], "manifest": json.dumps(manifest, ensure_ascii=False)}
        add_chunks(new_collection(self._connect(), self._build_name(build), meta), chunks, vectors)

    def switch(self, build: str) -> None:
        pointer = self._connect().get_or_create_collection(self._pointer, embedding_function=None)
        pointer.modify(metadata={"build": build})

    def discard(self, build: str) -> None:
        # best effort (it may never have been created): the build's own error is the one to report
        with suppress(Exception):
            self._connect().delete_collection(self._build_name(build))

    def prune(self, keep: set[str]) -> None:
        client = self._connect()
        names = {self._build_name(b) for b in keep}
        for c in client.list_collections():
            cname = c if isinstance(c, str) else c.name
            if cname.startswith(f"{self.collection}.") and cname != self._pointer and cname not in names:
                client.delete_collection(cname)

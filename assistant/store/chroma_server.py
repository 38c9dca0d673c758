"""The index on Chroma's own server (`chroma run`), for several app processes behind a load balancer.

Same contract as :class:`ChromaStore`: a build is written as its own collection `<collection>.<build>` and only
then made current by changing the metadata of the pointer collection `<collection>.current`; unchanged chunks
reuse their embeddings; the previous build is kept for processes that still read it. An unreachable server is
:class:`IndexUnavailable` (the web app answers 503 and recovers by itself when the server is back).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.embed.base import Embedder
from assistant.store.chroma_store import (
    BuildReport,
    IndexNotFound,
    IndexUnavailable,
    OpenIndex,
    Progress,
    add_chunks,
    check_model,
    embed_missing,
    make_manifest,
    new_collection,
    up_to_date,
    vectors_by_hash,
)
from assistant.types import Chunk


class ChromaServerStore:
    """Construction is cheap: the server is first contacted when the index is opened or built."""

    def __init__(self, url: str, collection: str = "wijkwijzer") -> None:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(
                f"WIJKWIJZER_CHROMA_URL moet een http(s)-adres zijn, bijv. http://127.0.0.1:8000 (niet {url!r})"
            )
        self.url = url
        self.host = parsed.hostname
        self.port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        self.ssl = parsed.scheme == "https"
        self.collection = collection
        self.index_dir = Path(url)  # shown in messages; there is no local folder
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

    # -- the ChromaStore interface used by the service ---------------------------------------------
    def current_path(self) -> Path | None:
        current = self._current(self._connect())
        return Path(current[0]) if current else None

    def manifest(self) -> dict[str, Any] | None:
        current = self._current(self._connect())
        return current[1] if current else None

    def open(self, model_id: str) -> OpenIndex:
        client = self._connect()
        current = self._current(client)
        if current is None:
            raise IndexNotFound(f"er is nog geen index op {self.url}; bouw hem met: wijkwijzer index")
        build, manifest = current
        check_model(manifest, model_id)
        try:
            return OpenIndex(Path(build), manifest, client.get_collection(self._build_name(build)))
        except Exception as exc:
            raise IndexUnavailable(f"de index op {self.url} kon niet gelezen worden ({type(exc).__name__})") from exc

    def build(
        self,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        progress: Progress | None = None,
        force: bool = False,
    ) -> BuildReport:
        start = time.perf_counter()
        client = self._connect()
        current = self._current(client)
        old = current[1] if current else None
        if not force and old is not None and up_to_date(old, embedder.model_id, chunks):
            return BuildReport("up-to-date", str(old["build"]), len(chunks), 0, len(chunks), 0.0)
        cache: dict[str, list[float]] = {}
        if current and not force and current[1].get("model_id") == embedder.model_id:
            got = client.get_collection(self._build_name(current[0])).get(include=["embeddings", "metadatas"])
            cache = vectors_by_hash(got)
        embedded = embed_missing(chunks, embedder, cache, progress)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        manifest = make_manifest(name, embedder, cache, self.collection, chunks)
        meta = {"model_id": embedder.model_id, "manifest": json.dumps(manifest, ensure_ascii=False)}
        col = new_collection(client, self._build_name(name), meta)
        try:
            add_chunks(col, chunks, cache)
            pointer = client.get_or_create_collection(self._pointer, embedding_function=None)
            pointer.modify(metadata={"build": name})
        except BaseException:
            client.delete_collection(self._build_name(name))
            raise
        keep = {self._build_name(name), self._build_name(current[0]) if current else ""}
        for c in client.list_collections():
            cname = c if isinstance(c, str) else c.name
            if cname.startswith(f"{self.collection}.") and cname != self._pointer and cname not in keep:
                client.delete_collection(cname)
        return BuildReport("built", name, len(chunks), embedded, len(chunks) - embedded, time.perf_counter() - start)

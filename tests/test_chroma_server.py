"""Scale-out: the index on a real Chroma server (`chroma run`), two app processes serving from it, and recovery
when the Chroma server goes away and comes back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import chromadb
import httpx
import pytest
from chromadb.errors import DuplicateIDError
from conftest import SECRET_NAME, free_port

from assistant.embed.hashing import HashEmbedder
from assistant.store import ChromaServerStore
from assistant.types import Chunk

CHROMA = Path(sys.executable).parent / "chroma"


class Process:
    def __init__(self, cmd: list[str], env: dict[str, str], log: Path) -> None:
        self.cmd, self.env, self.log = cmd, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wait_for(url: str, ok: int = 200, seconds: float = 90) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            r = httpx.get(url, timeout=5)
            if r.status_code == ok:
                return r
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer {ok} in {seconds} s")
        time.sleep(0.2)


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[tuple[Process, str]]:
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.fail("the chroma command (from chromadb) is missing")
    port = free_port()
    cmd = [str(CHROMA if CHROMA.exists() else "chroma"), "run", "--path", str(tmp_path / "chroma"), "--port", str(port)]
    server = Process(cmd, {**os.environ, "ANONYMIZED_TELEMETRY": "False"}, tmp_path / "chroma.log").start()
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/api/v2/heartbeat", seconds=60)
    yield server, url
    server.stop()


def test_two_app_processes_share_one_chroma_server_and_survive_its_restart(
    chroma: tuple[Process, str], tmp_path: Path
) -> None:
    server, chroma_url = chroma
    env = {
        **os.environ,
        "WIJKWIJZER_CHROMA_URL": chroma_url,
        "WIJKWIJZER_EMBEDDER": "hash",
        "WIJKWIJZER_RATE_LIMIT": "0",
        "WIJKWIJZER_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
        "WIJKWIJZER_INDEX_DIR": str(tmp_path / "unused-local-index"),
    }
    built = subprocess.run([sys.executable, "-m", "assistant", "index", "--quiet"], env=env, capture_output=True)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "unused-local-index").exists()  # the index lives on the server only
    shown = subprocess.run([sys.executable, "-m", "assistant", "info", "--json"], env=env, capture_output=True)
    assert shown.returncode == 0, shown.stderr
    info = json.loads(shown.stdout)
    assert info["path"] == f"{chroma_url} (collectie wijkwijzer.{info['build']})"  # the server, not a fake path

    apps, urls = [], []
    for i in range(2):
        port = free_port()
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(port)]
        apps.append(Process(cmd, env, tmp_path / f"app{i}.log").start())
        urls.append(f"http://127.0.0.1:{port}")
    try:
        builds = {wait_for(f"{u}/api/health").json()["index"]["build"] for u in urls}
        assert len(builds) == 1  # both serve the same build
        question = {"question": "Wie voert Buurtbemiddeling uit?"}
        answers = [httpx.post(f"{u}/api/ask", json=question, timeout=30).json() for u in urls]
        assert answers[0] == answers[1]
        assert answers[0]["sources"][0]["approach"] == "Buurtbemiddeling"
        personal = {"question": f"Ik ben {SECRET_NAME}, bel me op 06-12345678 over ruzie met de buren"}
        for u in urls:
            assert httpx.post(f"{u}/api/ask", json=personal, timeout=30).status_code == 200

        server.stop()  # Chroma goes away: a clear 503, no crash
        r = httpx.post(f"{urls[0]}/api/ask", json=question, timeout=30)
        assert r.status_code == 503, r.text
        assert httpx.post(f"{urls[1]}/api/ask", json=personal, timeout=30).status_code == 503
        assert "Chroma" in r.json()["error"] or "index" in r.json()["error"]
        s = httpx.post(f"{urls[1]}/api/ask/stream", json=question, timeout=30)
        assert s.status_code == 503 and "error" in s.json()

        server.start()  # … and back: both apps recover by themselves
        wait_for(f"{chroma_url}/api/v2/heartbeat", seconds=60)
        for u in urls:
            deadline = time.monotonic() + 30
            while (r := httpx.post(f"{u}/api/ask", json=question, timeout=30)).status_code != 200:
                assert time.monotonic() < deadline, r.text
                time.sleep(0.5)
            assert r.json() == answers[0]
    finally:
        for app in apps:
            app.stop()
    # what both apps and the Chroma server logged, through the outage too, holds no question text
    logs = "".join(p.read_text(errors="replace") for p in [*(tmp_path / f"app{i}.log" for i in range(2)), server.log])
    assert "POST /api/ask 200" in logs and "POST /api/ask 503" in logs
    for secret in (*SECRET_NAME.split(), "12345678", "ruzie", "Buurtbemiddeling uit"):
        assert secret not in logs


def test_server_store_builds_incrementally_and_keeps_the_previous_build(
    chroma: tuple[Process, str], chunks: list[Chunk]
) -> None:
    """The build algorithm on the server backend: reuse by hash, the switch, the prune, a failed write undone."""
    _, url = chroma
    store = ChromaServerStore(url, "wijk")
    assert store.current_build() is None and store.manifest() is None
    first = store.build(chunks, HashEmbedder())
    assert first.status == "built" and store.current_build() == first.build
    emb = HashEmbedder()
    assert store.build(chunks, emb).status == "up-to-date" and emb.calls == 0
    second = store.build([replace(chunks[0], text="nieuw"), *chunks[1:]], emb)
    assert (second.embedded, second.reused, emb.calls) == (1, len(chunks) - 1, 1)
    changed = [replace(chunks[0], text="nieuwer"), *chunks[1:]]
    third = store.build(changed, HashEmbedder())

    client = chromadb.HttpClient(host="127.0.0.1", port=int(url.rsplit(":", 1)[1]))

    def collections() -> set[str]:
        return {c if isinstance(c, str) else c.name for c in client.list_collections()}

    assert collections() == {"wijk.current", f"wijk.{second.build}", f"wijk.{third.build}"}  # first one pruned
    with pytest.raises(DuplicateIDError):  # chromadb refuses them once the new build's collection exists
        store.build([*changed, changed[1]], HashEmbedder(), force=True)
    assert collections() == {"wijk.current", f"wijk.{second.build}", f"wijk.{third.build}"}
    index = store.open("hash:256")
    assert store.current_build() == index.build == third.build
    assert index.by_id[chunks[0].id].text == "nieuwer" and len(index.chunks) == len(chunks)
    assert store.location(third.build) == f"{url} (collectie wijk.{third.build})"

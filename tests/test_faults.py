"""Faults while serving: a rebuild by another process, a damaged index."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from conftest import LiveServer

from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.web import Runtime, create_app


def _settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", embedder="hash", feedback_db=tmp_path / "fb.sqlite3", rate_limit=0)


def test_rebuild_while_serving_fails_no_request_and_is_picked_up(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    runtime = Runtime(settings, service=WijkWijzer(settings))
    with LiveServer(create_app(runtime=runtime, chat=False)) as server:
        assert runtime.wait_ready(60)
        before = httpx.get(f"{server.url}/api/health").json()["index"]["build"]
        statuses: list[int] = []
        stop = threading.Event()

        def load() -> None:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                while not stop.is_set():
                    for path in ("/api/ask", "/api/ask/stream"):
                        try:
                            statuses.append(client.post(path, json={"question": "ruzie met de buren"}).status_code)
                        except httpx.HTTPError:
                            statuses.append(0)

        workers = [threading.Thread(target=load) for _ in range(3)]
        for w in workers:
            w.start()
        env = {**os.environ, "WIJKWIJZER_INDEX_DIR": str(settings.index_dir), "WIJKWIJZER_EMBEDDER": "hash"}
        for _ in range(2):  # `wijkwijzer index --force` in its own process, twice
            done = subprocess.run(
                [sys.executable, "-m", "assistant", "index", "--force", "--quiet"], env=env, capture_output=True
            )
            assert done.returncode == 0, done.stderr
            time.sleep(2.5)  # the server checks for a new build at most every 2 s
        stop.set()
        for w in workers:
            w.join(30)
        after = httpx.get(f"{server.url}/api/health").json()["index"]["build"]
    assert len(statuses) > 20
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    assert after != before and after == runtime.service.store.current_path().name  # type: ignore[union-attr]


def test_a_damaged_index_is_a_clear_503_naming_the_fix(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    WijkWijzer(settings).build_index()
    build = WijkWijzer(settings).store.current_path()
    assert build is not None
    (build / "manifest.json").write_text("{niet: json")
    runtime = Runtime(settings, service=WijkWijzer(settings))
    runtime.start(background=False)
    assert runtime.state == "error"
    assert runtime.message is not None and "wijkwijzer index" in runtime.message
    with LiveServer(create_app(runtime=runtime, chat=False)) as server:
        r = httpx.post(f"{server.url}/api/ask", json={"question": "buurt"})
        assert r.status_code == 503 and "wijkwijzer index" in r.json()["error"]
        health = httpx.get(f"{server.url}/api/health")
        assert health.status_code == 503 and health.json()["status"] == "error"

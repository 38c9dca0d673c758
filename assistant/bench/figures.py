"""Speed figures on this machine (a benchmark, not a test): index build, unchanged rebuild, search, ask, and the
web server (start-up and /api/ask over loopback)."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from assistant.bench.load import LoadResult, peak_rss_mb, percentile, run_load
from assistant.evaluation.dataset import load_items
from assistant.service import WijkWijzer
from assistant.settings import PROJECT_ROOT, Settings


def _latencies_ms(call: Callable[[str], object], questions: list[str]) -> list[float]:
    """Milliseconds per question, after one warm-up call."""
    call("warm-up vraag over de buurt")
    out = []
    for q in questions:
        t = time.perf_counter()
        call(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(index_dir: Path, **env: str) -> Iterator[tuple[subprocess.Popen[bytes], str, float]]:
    """`wijkwijzer serve` as its own process on the built index (no rate limit), once /api/health says ready:
    (process, base URL, `time.perf_counter()` when it was started)."""
    port = _free_port()
    full_env = {**os.environ, "WIJKWIJZER_INDEX_DIR": str(index_dir), "WIJKWIJZER_RATE_LIMIT": "0", **env}
    full_env["WIJKWIJZER_FEEDBACK_DB"] = str(index_dir.parent / "feedback.sqlite3")
    cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(port)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                if proc.poll() is not None or time.perf_counter() - t0 > 120:
                    raise RuntimeError("de server startte niet")
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        yield proc, base, t0
    finally:
        proc.terminate()
        proc.wait(10)


def web_figures(
    index_dir: Path, questions: list[str], load_questions: list[str], load_seconds: float = 0
) -> dict[str, float]:
    """Two server processes on the built index. The first keeps no question embeddings
    (WIJKWIJZER_QUERY_CACHE=0), so every question costs model time as a new one does: seconds until ready and
    until the first answer, /api/ask latency for one client, then (with `load_seconds`) throughput with 1, 8 and
    32 concurrent clients over `load_questions`. The second has the default cache and gets the same questions
    over and over, as popular and example questions come back. Peak memory is the higher of the two."""
    figures: dict[str, float] = {}
    loads: list[LoadResult] = []
    rss: list[float] = []
    with _server(index_dir, WIJKWIJZER_QUERY_CACHE="0") as (proc, base, started):
        ready = time.perf_counter() - started
        with httpx.Client(base_url=base, timeout=30) as client:
            client.post("/api/ask", json={"question": questions[0]}).raise_for_status()
            first = time.perf_counter() - started

            def ask(q: str) -> None:
                client.post("/api/ask", json={"question": q}).raise_for_status()

            times = _latencies_ms(ask, questions)
        figures["server_ready_s"] = round(ready, 2)
        figures["server_first_answer_s"] = round(first, 2)
        figures["api_ask_p50_ms"] = round(statistics.median(times), 1)
        figures["api_ask_p95_ms"] = round(percentile(times, 0.95), 1)
        if load_seconds > 0:
            loads = [run_load(base, load_questions, n, load_seconds) for n in (1, 8, 32)]
        rss.append(peak_rss_mb(proc.pid) or 0.0)
    for load in loads:
        for key, value in load.as_dict().items():
            if key != "clients":
                figures[f"load_{load.clients}_{key}"] = value
    repeated = None
    if load_seconds > 0:
        with _server(index_dir) as (proc, base, _):
            repeated = run_load(base, questions, 32, load_seconds)
            rss.append(peak_rss_mb(proc.pid) or 0.0)
        figures["load_32_repeated_per_second"] = repeated.per_second
        figures["load_32_repeated_errors"] = repeated.errors
        figures["load_32_repeated_p95_ms"] = repeated.p95_ms
    if max(rss) > 0:
        figures["server_peak_rss_mb"] = max(rss)
    kinds = "; ".join(f"{r.clients} clients: {r.error_kinds}" for r in [*loads, repeated] if r and r.error_kinds)
    if kinds:
        print(f"fouten: {kinds}")
    return figures


def main(n: int = 50, load_seconds: float = 30) -> int:
    every = [i.question for i in load_items(PROJECT_ROOT / "eval" / "questions.yaml")]
    questions = every[:n]
    with tempfile.TemporaryDirectory() as tmp:
        ww = WijkWijzer(Settings(index_dir=Path(tmp) / "index"))
        t0 = time.perf_counter()
        ww.embedder.warm_up()
        load = time.perf_counter() - t0
        full = ww.build_index()
        t1 = time.perf_counter()
        again = ww.build_index()
        unchanged = time.perf_counter() - t1
        t2 = time.perf_counter()
        ww.warm_up()
        warm = time.perf_counter() - t2
        times = _latencies_ms(ww.search, questions)
        ww.retriever.clear_cache()  # the same questions again: measure answers without cached question vectors
        ask_times = _latencies_ms(ww.ask, questions)
        web = web_figures(Path(tmp) / "index", questions, every, load_seconds)
    figures = {
        "model_load_s": round(load, 3),
        "full_build_s": round(full.seconds, 2),
        "full_build_chunks": full.chunks,
        "unchanged_rebuild_s": round(unchanged, 3),
        "unchanged_rebuild_status": again.status,
        "open_index_s": round(warm, 3),
        "search_n": len(times),
        "search_p50_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(percentile(times, 0.95), 1),
        "ask_p50_ms": round(statistics.median(ask_times), 1),
        "ask_p95_ms": round(percentile(ask_times, 0.95), 1),
        **web,
    }
    print(f"model laden            {figures['model_load_s']:.2f} s")
    print(f"volledige opbouw       {figures['full_build_s']:.2f} s ({full.chunks} chunks)   doel ≤ 15 s")
    print(f"herbouw, niets anders  {figures['unchanged_rebuild_s']:.3f} s ({again.status})   doel ≤ 2 s")
    print(f"index openen           {figures['open_index_s']:.2f} s")
    p50, p95 = figures["search_p50_ms"], figures["search_p95_ms"]
    print(f"zoeken ({len(times)} vragen)    p50 {p50:.1f} ms, p95 {p95:.1f} ms   doel p50 ≤ 40 ms")
    a50, a95 = figures["ask_p50_ms"], figures["ask_p95_ms"]
    print(f"antwoorden (ask)       p50 {a50:.1f} ms, p95 {a95:.1f} ms   doel p50 ≤ 60 ms")
    ready, first = web["server_ready_s"], web["server_first_answer_s"]
    print(f"server klaar na start  {ready:.2f} s (eerste antwoord na {first:.2f} s)   doel ≤ 10 s")
    w50, w95 = web["api_ask_p50_ms"], web["api_ask_p95_ms"]
    print(f"/api/ask, 1 client     p50 {w50:.1f} ms, p95 {w95:.1f} ms   doel p95 ≤ 120 ms")
    for clients in (1, 8, 32):
        if f"load_{clients}_answers" in web:
            rate, errs = web[f"load_{clients}_per_second"], int(web[f"load_{clients}_errors"])
            l50, l95 = web[f"load_{clients}_p50_ms"], web[f"load_{clients}_p95_ms"]
            goal = "   doel ≥ 40/s, 0 fouten" if clients == 32 else ""
            line = f"belasting {clients:>2} clients   {rate:.1f} antwoorden/s (nieuwe vragen), {errs} fouten"
            print(f"{line}, p50 {l50:.0f} ms, p95 {l95:.0f} ms{goal}")
    if "load_32_repeated_per_second" in web:
        rate, errs = web["load_32_repeated_per_second"], int(web["load_32_repeated_errors"])
        r95 = web["load_32_repeated_p95_ms"]
        print(f"  idem, herhaalde vragen {rate:.1f} antwoorden/s (uit de cache), {errs} fouten, p95 {r95:.0f} ms")
    if "server_peak_rss_mb" in web:
        print(f"geheugen server (piek) {web['server_peak_rss_mb']:.0f} MB   doel ≤ 600 MB")
    out = PROJECT_ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(figures, indent=1))
    print(f"cijfers: {out / 'bench.json'}")
    return 0

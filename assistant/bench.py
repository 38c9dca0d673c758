"""Speed figures on this machine (a benchmark, not a test): index build, unchanged rebuild, search and ask."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.evaluation.dataset import load_items
from assistant.service import WijkWijzer
from assistant.settings import PROJECT_ROOT, Settings


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _latencies_ms(call: Callable[[str], object], questions: list[str]) -> list[float]:
    """Milliseconds per question, after one warm-up call."""
    call("warm-up vraag over de buurt")
    out = []
    for q in questions:
        t = time.perf_counter()
        call(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(n: int = 50) -> int:
    questions = [i.question for i in load_items(PROJECT_ROOT / "eval" / "questions.yaml")][:n]
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
        ask_times = _latencies_ms(ww.ask, questions)
    figures = {
        "model_load_s": round(load, 3),
        "full_build_s": round(full.seconds, 2),
        "full_build_chunks": full.chunks,
        "unchanged_rebuild_s": round(unchanged, 3),
        "unchanged_rebuild_status": again.status,
        "open_index_s": round(warm, 3),
        "search_n": len(times),
        "search_p50_ms": round(statistics.median(times), 1),
        "search_p95_ms": round(_pct(times, 0.95), 1),
        "ask_p50_ms": round(statistics.median(ask_times), 1),
        "ask_p95_ms": round(_pct(ask_times, 0.95), 1),
    }
    print(f"model laden            {figures['model_load_s']:.2f} s")
    print(f"volledige opbouw       {figures['full_build_s']:.2f} s ({full.chunks} chunks)   doel ≤ 15 s")
    print(f"herbouw, niets anders  {figures['unchanged_rebuild_s']:.3f} s ({again.status})   doel ≤ 2 s")
    print(f"index openen           {figures['open_index_s']:.2f} s")
    p50, p95 = figures["search_p50_ms"], figures["search_p95_ms"]
    print(f"zoeken ({len(times)} vragen)    p50 {p50:.1f} ms, p95 {p95:.1f} ms   doel p50 ≤ 40 ms")
    a50, a95 = figures["ask_p50_ms"], figures["ask_p95_ms"]
    print(f"antwoorden (ask)       p50 {a50:.1f} ms, p95 {a95:.1f} ms   doel p50 ≤ 60 ms")
    out = PROJECT_ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(figures, indent=1))
    print(f"cijfers: {out / 'bench.json'}")
    return 0

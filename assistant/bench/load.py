"""Load on a running server over loopback: N concurrent clients asking for a fixed time (async httpx, bounded)."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx


@dataclass(frozen=True)
class LoadResult:
    clients: int
    seconds: float
    answers: int
    errors: int
    error_kinds: str  # e.g. "503×2, ReadTimeout×1"
    per_second: float
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items() if k != "error_kinds"}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _load(base_url: str, questions: list[str], clients: int, seconds: float) -> LoadResult:
    cycle = itertools.cycle(questions)
    latencies: list[float] = []
    errors = 0
    kinds: Counter[str] = Counter()
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    r = await client.post("/api/ask", json={"question": next(cycle)})
                    kind = "" if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                if not kind:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors += 1
                    kinds[kind] += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        took = time.perf_counter() - began
    return LoadResult(
        clients=clients,
        seconds=round(took, 1),
        answers=len(latencies),
        errors=errors,
        error_kinds=", ".join(f"{k}×{n}" for k, n in kinds.most_common()),
        per_second=round(len(latencies) / took, 1),
        p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
        p95_ms=round(percentile(latencies, 0.95), 1),
    )


def run_load(base_url: str, questions: list[str], clients: int, seconds: float) -> LoadResult:
    """Ask `questions` round and round for `seconds` with `clients` concurrent clients; stops by itself."""
    return asyncio.run(_load(base_url, questions, clients, seconds))


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of a process (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None

"""Per-client rate limit (token bucket, in memory) and who the client is behind trusted proxies.

Client addresses are only held in memory, as salted hashes, for as long as their bucket is not full.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from assistant.errors import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Sequence[str]) -> list[Network]:
    """'10.0.0.0/8', '127.0.0.1' … → networks; a bad entry is a clear error at start-up."""
    networks: list[Network] = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ConfigError(f"WIJKWIJZER_TRUSTED_PROXIES: '{value}' is geen IP-adres of netwerk") from exc
    return networks


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(peer: str | None, headers: Mapping[str, str], trusted: Sequence[Network]) -> str:
    """The peer address, or — only when the peer is a trusted proxy — the right-most untrusted address in
    X-Forwarded-For (left-most entries can be forged by the client)."""
    address = peer or "unknown"
    if not trusted or not _trusted(address, trusted):
        return address
    forwarded = [part.strip() for part in headers.get("x-forwarded-for", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        if not _trusted(hop, trusted):
            return hop
    return forwarded[0] if forwarded else address


class RateLimiter:
    """`per_minute` requests per client, refilled evenly; `check()` returns seconds to wait or None."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_clients: int = 100_000):
        self.per_minute = per_minute
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, last update)
        self._salt = os.urandom(16)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def _key(self, client: str) -> str:
        return hashlib.blake2b(client.encode(), key=self._salt, digest_size=12).hexdigest()

    def check(self, client: str) -> float | None:
        if not self.enabled:
            return None
        rate = self.per_minute / 60.0
        now = self._clock()
        key = self._key(client)
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self._max_clients:
                self._forget_full(now, rate)
            return None

    def _forget_full(self, now: float, rate: float) -> None:
        full = [k for k, (t, last) in self._buckets.items() if t + (now - last) * rate >= self.per_minute]
        for k in full:
            del self._buckets[k]

    @staticmethod
    def retry_after(seconds: float) -> int:
        return max(1, math.ceil(seconds))

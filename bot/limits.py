"""How often one conversation, and one client address, may send messages to the REST channel.

Each limit is a token bucket: ``LIMIT`` messages per ``SECONDS``, refilled evenly, so a
student can click a few buttons quickly but nobody can flood the server. The limits are
set by environment variables as ``LIMIT/SECONDS`` (``0`` turns one off):

* ``RATE_LIMIT_PER_SENDER`` (default ``30/60``): one conversation;
* ``RATE_LIMIT_PER_ADDRESS`` (default ``300/60``): one client address, high enough for a
  classroom behind one school address. Behind a reverse proxy, the address is the one the
  proxy forwards (Sanic's ``SANIC_PROXIES_COUNT`` / ``SANIC_REAL_IP_HEADER``), else the
  proxy's own.

Limits are kept in each Rasa server's memory: with several replicas, each enforces them
on the messages it receives.
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

PER_SENDER = "RATE_LIMIT_PER_SENDER"
PER_ADDRESS = "RATE_LIMIT_PER_ADDRESS"
DEFAULTS = {PER_SENDER: "30/60", PER_ADDRESS: "300/60"}
MAX_KEYS = 100_000  # beyond this many buckets, the full (idle) ones are forgotten


@dataclass(frozen=True)
class Rate:
    """``limit`` messages per ``seconds``."""

    limit: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Optional["Rate"]:
        """``"30/60"`` → 30 per 60 s; ``"0"`` → None (no limit). Raises ``ValueError``."""
        text = text.strip()
        if text in ("0", "off", "none", ""):
            return None
        limit, _, seconds = text.partition("/")
        rate = cls(int(limit), float(seconds or 60))
        if rate.limit < 0 or not rate.seconds > 0 or not math.isfinite(rate.seconds):
            raise ValueError(f"{text!r} is not LIMIT/SECONDS with positive numbers")
        return rate if rate.limit else None

    def describe(self) -> str:
        if self.seconds == 60:
            return f"{self.limit} a minute"
        return f"{self.limit} every {self.seconds:g} s"


def configured(variable: str) -> Optional[Rate]:
    """The rate ``variable`` sets, or its default."""
    value = os.environ.get(variable)
    try:
        return Rate.parse(value if value is not None else DEFAULTS[variable])
    except ValueError as error:
        raise ValueError(f"{variable}: {error}") from None


class RateLimiter:
    """Token buckets by key; thread-safe."""

    def __init__(self, rate: Rate, clock=time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._buckets: Dict[str, Tuple[float, float]] = {}  # key -> (tokens, updated at)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when ``key`` may send now (one token is used); else the seconds to wait."""
        now = self._clock()
        per_second = self.rate.limit / self.rate.seconds
        with self._lock:
            tokens, updated = self._buckets.get(key, (float(self.rate.limit), now))
            tokens = min(float(self.rate.limit), tokens + (now - updated) * per_second)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                if len(self._buckets) > MAX_KEYS:
                    self._forget_idle(now, per_second)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / per_second

    def _forget_idle(self, now: float, per_second: float) -> None:
        full = [key for key, (tokens, updated) in self._buckets.items()
                if tokens + (now - updated) * per_second >= self.rate.limit]
        for key in full:
            del self._buckets[key]

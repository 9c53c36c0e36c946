"""How often one conversation, and one client address, may send messages to the REST channel.

Each limit is a token bucket: ``LIMIT`` messages per ``SECONDS``, refilled evenly, so a
student can click a few buttons quickly but nobody can flood the server. The limits are
set by environment variables as ``LIMIT/SECONDS`` (``0`` turns one off):

* ``RATE_LIMIT_PER_SENDER`` (default ``30/60``): one conversation;
* ``RATE_LIMIT_PER_ADDRESS`` (default ``300/60``): one client address, high enough for a
  classroom behind one school address. Behind a reverse proxy, the address is the one the
  proxy forwards (Sanic's ``SANIC_PROXIES_COUNT`` / ``SANIC_REAL_IP_HEADER``), else the
  proxy's own.

Limits are kept in the Rasa server's memory. When several Rasa servers share the
conversations (``LOCK_STORE_URL`` names a Redis server, as ``make run-scaled`` sets), they
share the limits too, in that Redis (``SharedRateLimiter``), so a sender spreading messages
over the replicas is held to the same limit. If that Redis does not answer, messages are let
through (the lock store then gives the student its own clear reply) and the log says so once.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple, Union
from urllib.parse import urlparse

import redis
import redis.asyncio

from bot.locks import KEY_PREFIX, LOCK_STORE_URL

logger = logging.getLogger(__name__)

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

    async def wait(self, key: str) -> float:
        """``take``, for the REST channel (which also awaits ``SharedRateLimiter``)."""
        return self.take(key)

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


# One token bucket in Redis, read and updated atomically, on Redis's clock (the replicas'
# clocks may differ). Returns the seconds to wait as text (Redis would truncate a number).
_TAKE = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local limit, per_second = tonumber(ARGV[1]), tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or limit
local at = tonumber(bucket[2]) or now
tokens = math.min(limit, tokens + math.max(0, now - at) * per_second)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / per_second end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return tostring(wait)
"""


class SharedRateLimiter:
    """Token buckets by key, kept in Redis and shared by every Rasa server that uses it."""

    def __init__(self, rate: Rate, name: str, url: str) -> None:
        self.rate = rate
        self._prefix = f"{KEY_PREFIX}:rate:{name}:"
        self._client = redis.asyncio.Redis.from_url(url, socket_timeout=2,
                                                    socket_connect_timeout=2)
        self._take = self._client.register_script(_TAKE)
        self._unavailable = False
        # a full bucket is forgotten: it holds nothing a new one would not
        self._expire_ms = max(1, math.ceil(rate.seconds * 1000))

    async def wait(self, key: str) -> float:
        """0 when ``key`` may send now (one token is used); else the seconds to wait."""
        try:
            wait = float(await self._take(keys=[self._prefix + key], args=[
                self.rate.limit, self.rate.limit / self.rate.seconds, self._expire_ms]))
        except (redis.RedisError, OSError) as error:
            if not self._unavailable:
                logger.warning("The rate limits' Redis does not answer (%s); messages are "
                               "let through unlimited until it does", error)
            self._unavailable = True
            return 0.0
        if self._unavailable:
            logger.info("The rate limits' Redis answers again; limits apply")
            self._unavailable = False
        return wait


Limiter = Union[RateLimiter, SharedRateLimiter]


def limiters() -> List[Tuple[Limiter, str, int]]:
    """The REST channel's limiters: ``(limiter, who it limits, 0 for sender / 1 for address)``.

    Shared in the lock store's Redis when ``LOCK_STORE_URL`` names one, else in memory.
    """
    shared = os.environ.get(LOCK_STORE_URL, "").strip()
    if shared and urlparse(shared).scheme not in ("redis", "rediss"):
        shared = ""  # bot.locks refuses it, with the reason, when Rasa starts
    found: List[Tuple[Limiter, str, int]] = []
    for variable, who, key, name in ((PER_ADDRESS, "one address", 1, "address"),
                                     (PER_SENDER, "one conversation", 0, "sender")):
        rate = configured(variable)
        if rate:
            found.append((SharedRateLimiter(rate, name, shared) if shared else RateLimiter(rate),
                          who, key))
    return found

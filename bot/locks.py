"""The lock store: in memory for one Rasa server, Redis when several share the conversations.

Rasa processes a conversation's messages one at a time by holding a lock on it. With one
server the lock can live in its memory; with several (replicas behind a load balancer),
they must share it, or two replicas could process two messages of the same conversation at
once and interleave their events. ``endpoints.yml`` names this class as its lock store; it
reads ``LOCK_STORE_URL`` (``redis://[:password@]host[:port][/db]``) and gives Rasa its
``RedisLockStore`` for that server, or its ``InMemoryLockStore`` when the variable is empty.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

LOCK_STORE_URL = "LOCK_STORE_URL"
KEY_PREFIX = "imagingassistant"  # Rasa takes letters and digits only


def lock_store_from_url(url: str) -> LockStore:
    """Rasa's lock store for ``url`` (empty: in memory). Raises ``ValueError`` if invalid."""
    url = url.strip()
    if not url:
        return InMemoryLockStore()
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
        raise ValueError(f"{LOCK_STORE_URL} must look like redis://host:6379/1, not {url!r}")
    database = parsed.path.strip("/") or "1"
    if not database.isdigit():
        raise ValueError(f"{LOCK_STORE_URL}: the Redis database must be a number, not {database!r}")
    return RedisLockStore(host=parsed.hostname, port=parsed.port or 6379, db=int(database),
                          username=parsed.username or None, password=parsed.password or None,
                          use_ssl=parsed.scheme == "rediss", key_prefix=KEY_PREFIX)


class EnvironmentLockStore:
    """What ``endpoints.yml``'s ``lock_store: type: bot.locks.EnvironmentLockStore`` builds."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        return lock_store_from_url(os.environ.get(LOCK_STORE_URL, ""))

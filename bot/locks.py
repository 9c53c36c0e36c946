"""The lock store: in memory for one Rasa server, Redis when several share the conversations.

Rasa processes a conversation's messages one at a time by holding a lock on it. With one
server the lock can live in its memory; with several (replicas behind a load balancer),
they must share it, or two replicas could process two messages of the same conversation at
once and interleave their events. ``endpoints.yml`` names this class as its lock store; it
reads ``LOCK_STORE_URL`` (``redis://[:password@]host[:port][/db]``) and gives Rasa an
``AtomicRedisLockStore`` for that server, or its ``InMemoryLockStore`` when the variable is
empty.

Rasa's own ``RedisLockStore`` is not safe across replicas (RasaHQ/rasa#9213): it reads a
conversation's lock, changes it in Python and writes it back, so two servers taking a ticket
at the same moment can both get the same number and process two messages of one
conversation at once; the later save then drops the other's events (its tracker is shorter
than what is stored). ``tests/e2e/test_replicas.py`` lost one message of eight that way.
``AtomicRedisLockStore`` makes each of those changes one Redis transaction (``WATCH`` the
key, retried if another server changed it meanwhile).
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Optional, Tuple, TypeVar
from urllib.parse import urlparse

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
)

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
    return AtomicRedisLockStore(host=parsed.hostname, port=parsed.port or 6379, db=int(database),
                          username=parsed.username or None, password=parsed.password or None,
                          use_ssl=parsed.scheme == "rediss", key_prefix=KEY_PREFIX)


Result = TypeVar("Result")
_UNCHANGED = object()


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, with every read-change-write of a lock done atomically."""

    def _change(self, conversation_id: str,
                change: Callable[[Optional[TicketLock]], Tuple[Any, Result]]) -> Result:
        """Applies ``change`` to the stored lock in one transaction; returns its result.

        ``change`` gets the lock (or None) and returns ``(new lock, result)``, where the new
        lock may be None (delete it) or ``_UNCHANGED``. It may run more than once.
        """
        key = self.key_prefix + conversation_id

        def attempt(pipe: Any) -> Result:
            stored = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(stored)) if stored else None
            new, result = change(lock)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            elif new is not _UNCHANGED:
                pipe.set(key, new.dumps())
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # as Rasa's own: the message fails with a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def remove_expired(lock: Optional[TicketLock]) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, remove_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._remove_ticket(conversation_id, ticket_number, remove_unused_lock=False)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Removes the ticket, and the lock with it if nobody else holds one."""
        self._remove_ticket(conversation_id, ticket_number, remove_unused_lock=True)

    def _remove_ticket(self, conversation_id: str, ticket_number: int,
                       remove_unused_lock: bool) -> None:
        def remove(lock: Optional[TicketLock]) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_ticket_for(ticket_number)
            if remove_unused_lock and not lock.is_someone_waiting():
                return None, None
            return lock, None

        self._change(conversation_id, remove)


class EnvironmentLockStore:
    """What ``endpoints.yml``'s ``lock_store: type: bot.locks.EnvironmentLockStore`` builds."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        return lock_store_from_url(os.environ.get(LOCK_STORE_URL, ""))

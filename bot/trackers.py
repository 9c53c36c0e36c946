"""The tracker store: Rasa's SQL store, which says so when its database is down.

Rasa wraps every tracker store in its ``FailSafeTrackerStore``. When the database fails, that
wrapper answers from an empty conversation and keeps the save in memory, where the SQL store
never sees it again (RasaHQ/rasa#3243). The student then gets an answer without the
conversation's context, and the turn is lost without a word.

Here a database error fails the turn instead:

* ``ConversationStore`` (``endpoints.yml``'s ``tracker_store: type``) is Rasa's
  ``SQLTrackerStore``. Its connections are checked before use (``pool_pre_ping``), so the
  first message after the database restarts does not fail on a connection the restart broke.
  A database error while reading or saving raises ``TrackerStoreUnavailableError``.
* ``refuse_fallback(agent)`` makes the agent's fail-safe wrapper re-raise errors instead of
  answering from memory. The REST channel calls it on every request, so it also covers an
  agent loaded later (``make reload``). The channel then replies "something went wrong, try
  again" and stores nothing.

The stored conversation is untouched, and the next message after the database returns is
answered in context.
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, NoReturn, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

logger = logging.getLogger(__name__)


class TrackerStoreUnavailableError(Exception):
    """The conversations' database could not be read or written."""


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store, with connections checked before use and errors that say so."""

    def __init__(self, domain: Any = None, host: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except SQLAlchemyError as error:
            raise _unavailable("read", error) from error

    async def retrieve_full_tracker(self, conversation_id: str
                                    ) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except SQLAlchemyError as error:
            raise _unavailable("read", error) from error

    async def keys(self) -> Iterable[str]:
        try:
            return await super().keys()
        except SQLAlchemyError as error:
            raise _unavailable("read", error) from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except SQLAlchemyError as error:
            raise _unavailable("save", error) from error


def _unavailable(doing: str, error: SQLAlchemyError) -> TrackerStoreUnavailableError:
    # The driver's first line says what happened ("connection refused", "server closed the
    # connection unexpectedly"); the rest is SQLAlchemy's statement and a link.
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return TrackerStoreUnavailableError(
        f"Could not {doing} the conversation: its database is unavailable "
        f"({reason[0] if reason else type(error).__name__}).")


def _reraise(error: Exception) -> NoReturn:
    raise error


def refuse_fallback(agent: Any) -> None:
    """Make ``agent``'s tracker store raise its errors instead of answering from memory.

    Uses the error callback that ``FailSafeTrackerStore`` takes for this purpose; Rasa's
    ``Agent`` builds the wrapper without one. Harmless to call again, and on an agent without
    a fail-safe store.
    """
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore) and store._on_tracker_store_error is not _reraise:
        store._on_tracker_store_error = _reraise

"""The tracker store: Rasa's SQL store, which says so when its database is down.

Rasa wraps every tracker store in its ``FailSafeTrackerStore``. When the database fails, that
wrapper answers from an empty conversation and keeps the save in memory, where the SQL store
never sees it again (RasaHQ/rasa#3243). The student then gets an answer without the
conversation's context, and the turn is lost without a word.

Here a database error fails the turn instead:

* ``ConversationStore`` (``endpoints.yml``'s ``tracker_store: type``) is Rasa's
  ``SQLTrackerStore``, on the same table. Its connections to a database server are checked
  before use (``pool_pre_ping``), so the first message after the database restarts does not
  fail on a connection the restart broke. A database error while reading or saving raises
  ``TrackerStoreUnavailableError``.
* ``refuse_fallback(agent)`` makes the agent's fail-safe wrapper re-raise errors instead of
  answering from memory. The REST channel calls it on every request, so it also covers an
  agent loaded later (``make reload``). The channel then replies "something went wrong, try
  again" and stores nothing.

The stored conversation is untouched, and the next message after the database returns is
answered in context.

It is also faster than Rasa's store, which was about a sixth of the Rasa server's time under
load (``make profile``; README, "Speed and memory"), with the same rows in the same table:

* a conversation is read as its events' JSON alone, not as ORM objects, and new events are
  written in one multi-row insert, with statements prepared once on plain connections;
* a SQLite file keeps its connections open (Rasa's opens a new one for every read and every
  save) and writes ahead (``journal_mode=WAL``, ``synchronous=NORMAL``): readers such as
  ``make review`` do not block the bot, and a commit waits for the disk only at checkpoints.
  A turn is never lost when a process crashes; one committed in the last moments before a
  power cut can be.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Dict, Iterable, NoReturn, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

logger = logging.getLogger(__name__)
SENDER = sa.bindparam("sender_id")  # the conversation a prepared statement reads


class TrackerStoreUnavailableError(Exception):
    """The conversations' database could not be read or written."""


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store, with connections checked before use and errors that say so."""

    def __init__(self, domain: Any = None, host: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = _engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine)
        self.events_table = events = self.SQLEvent.__table__
        # Built once, with the conversation as a parameter: SQLAlchemy then computes each
        # statement's cache key once, not on every read and save (about 0.2 ms each).
        self._read = {all_sessions: self._events_query(SENDER, events.c.data, all_sessions)
                      .order_by(events.c.id) for all_sessions in (False, True)}
        self._count_stored = sa.select(sa.func.count()).select_from(
            self._events_query(SENDER, events.c.id, False).subquery())
        self._insert = events.insert()

    def _events_query(self, sender_id: Any, column: Any, all_sessions: bool) -> Any:
        """``column`` of the conversation's events, of its latest session unless ``all_sessions``.

        The same selection as Rasa's ``_event_query``: the events from the latest
        ``session_started`` on, or all of them when there is none.
        """
        events = self.events_table
        query = sa.select(column).where(events.c.sender_id == sender_id)
        if not all_sessions:
            session_start = (
                sa.select(sa.func.max(events.c.timestamp))
                .where(events.c.sender_id == sender_id,
                       events.c.type_name == SessionStarted.type_name)
                .scalar_subquery())
            query = query.where(sa.or_(events.c.timestamp >= session_start,
                                       session_start.is_(None)))
        return query

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        with self.engine.connect() as connection:
            rows = connection.execute(self._read[bool(fetch_events_from_all_sessions)],
                                      {SENDER.key: sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(row) for row in rows],
                                              self.domain.slots)

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
        """Stores the events of ``tracker`` that are not stored yet, as Rasa's store does."""
        try:
            await self.stream_events(tracker)
            with self.engine.begin() as connection:  # one transaction, committed on exit
                stored = connection.execute(self._count_stored,
                                            {SENDER.key: tracker.sender_id}).scalar_one()
                rows = [_row(tracker.sender_id, event)
                        for event in itertools.islice(tracker.events, stored, None)]
                if rows:
                    connection.execute(self._insert, rows)
        except SQLAlchemyError as error:
            raise _unavailable("save", error) from error


def _row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The ``events`` row of ``event``, with the columns Rasa's store fills."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"), "data": json.dumps(data)}


def _engine(url: sa.engine.URL) -> sa.engine.Engine:
    """The engine for ``url``: a pool of open connections, checked before use on a server."""
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
    if url.database in (None, "", ":memory:"):
        return sa.create_engine(url)  # one connection per thread: each is its own database
    # SQLAlchemy 1.4 opens a new connection to a SQLite file for every session (NullPool);
    # 2.0 keeps them in a pool, as here. The event loop and its executor may share one.
    engine = sa.create_engine(url, poolclass=QueuePool,
                              connect_args={"check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _write_ahead(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


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

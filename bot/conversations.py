"""The conversations Rasa keeps in its SQL tracker store, read and pruned for operators.

Rasa writes every event of every conversation as a row of the ``events`` table of its SQL
tracker store (a SQLite file by default here, PostgreSQL when ``TRACKER_STORE_URL`` says
so). The operators' commands (``handoffs``, ``review``, ``story``, ``purge``) read that table
here with plain SQL rather than through Rasa's tracker store: a row that cannot be read is
skipped and counted instead of making its whole conversation unreadable, and reading
never writes (a SQLite path that does not exist is an empty store, not a new file).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

EVENTS_TABLE = "events"
DAY = 24 * 60 * 60

USER = "user"
BOT = "bot"
ACTION = "action"
REWIND = "rewind"  # Rasa's UserUtteranceReverted


class TrackerStoreError(Exception):
    """The tracker store could not be read or changed; the message says which and why."""


@dataclass(frozen=True)
class Event:
    """One stored event: who, when, what kind, and Rasa's serialised event."""

    sender_id: str
    timestamp: float
    type_name: str
    data: Dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.data.get("text") or "")

    @property
    def parse(self) -> Dict[str, Any]:
        return self.data.get("parse_data") or {}

    @property
    def intent(self) -> Optional[str]:
        return (self.parse.get("intent") or {}).get("name")

    @property
    def action(self) -> Optional[str]:
        return self.data.get("name") if self.type_name == ACTION else None

    @property
    def response(self) -> Optional[str]:
        """The domain response a bot message came from (``utter_...``), when known."""
        return (self.data.get("metadata") or {}).get("utter_action")

    def entities(self) -> List[Tuple[str, str]]:
        """The (entity, value) pairs the NLU found in a student's message."""
        return [(str(found.get("entity")), str(found.get("value")))
                for found in self.parse.get("entities") or [] if found.get("entity")]

    @property
    def is_payload(self) -> bool:
        """Whether a student's message is a button's payload (``/intent{...}``), not words."""
        return self.text.startswith("/")


@dataclass
class Turn:
    """A student's message and everything the assistant did until the next one."""

    message: Event
    actions: List[Event] = field(default_factory=list)
    replies: List[Event] = field(default_factory=list)

    @property
    def action_names(self) -> List[str]:
        return [event.action for event in self.actions if event.action]

    @property
    def reply_text(self) -> str:
        return "\n".join(event.text for event in self.replies if event.text)


@dataclass
class Conversation:
    """The events of one sender, oldest first."""

    sender_id: str
    events: List[Event]

    @property
    def last_at(self) -> float:
        return self.events[-1].timestamp if self.events else 0.0

    def turns(self) -> List[Turn]:
        """The student's messages, each with the actions and replies that followed it."""
        found: List[Turn] = []
        for event in self.events:
            if event.type_name == REWIND:
                # Rasa reverts the latest message and processes it again (the two-stage
                # fallback does, when a new question comes instead of an answer to it).
                if found:
                    found.pop()
            elif event.type_name == USER:
                found.append(Turn(event))
            elif found and event.type_name == ACTION:
                found[-1].actions.append(event)
            elif found and event.type_name == BOT:
                found[-1].replies.append(event)
        return found


@dataclass
class Reading:
    """Conversations read from the store, and how many rows could not be read."""

    conversations: List[Conversation]
    skipped_rows: int = 0


def describe_url(url: str) -> str:
    """``url`` without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is described as it was given
        return url


def _sqlite_file(url: str) -> Optional[Path]:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _engine(url: str) -> Optional[Engine]:
    """An engine on the store, or None when it is a SQLite file that does not exist."""
    try:
        path = _sqlite_file(url)
    except Exception as error:  # noqa: BLE001 - SQLAlchemy raises several kinds here
        raise TrackerStoreError(f"The tracker store URL {url!r} is not valid: {error}") from None
    if path is not None and not path.exists():
        return None
    try:
        return create_engine(url, future=True, pool_pre_ping=True)
    except Exception as error:  # noqa: BLE001 - unknown dialect, missing driver
        raise TrackerStoreError(
            f"Could not open the tracker store at {describe_url(url)}: {error}") from None


def _failure(url: str, error: SQLAlchemyError) -> TrackerStoreError:
    reason = getattr(error, "orig", None) or error
    return TrackerStoreError(
        f"Could not read the tracker store at {describe_url(url)}: "
        f"{str(reason).strip().splitlines()[0] if str(reason).strip() else type(error).__name__}")


def _has_events(connection: Connection) -> bool:
    return inspect(connection).has_table(EVENTS_TABLE)


def read_conversations(url: str, since: Optional[float] = None, until: Optional[float] = None,
                       senders: Optional[Sequence[str]] = None) -> Reading:
    """The conversations with events between ``since`` and ``until`` (epoch seconds).

    Each conversation holds its events in that period, oldest first; ``senders`` limits the
    reading to those conversations. Rows whose data is not a JSON object are skipped and
    counted.
    """
    engine = _engine(url)
    if engine is None:
        return Reading([])
    conditions, parameters = [], {}
    if since is not None:
        conditions.append("timestamp >= :since")
        parameters["since"] = since
    if until is not None:
        conditions.append("timestamp <= :until")
        parameters["until"] = until
    if senders is not None:
        if not senders:
            return Reading([])
        names = {f"sender_{number}": sender for number, sender in enumerate(senders)}
        conditions.append(f"sender_id IN ({', '.join(':' + name for name in names)})")
        parameters.update(names)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    query = text(f"SELECT sender_id, timestamp, type_name, data FROM {EVENTS_TABLE}{where} "
                 "ORDER BY sender_id, id")
    try:
        with engine.connect() as connection:
            if not _has_events(connection):
                return Reading([])
            rows = connection.execute(query, parameters).all()
    except SQLAlchemyError as error:
        raise _failure(url, error) from None
    finally:
        engine.dispose()

    by_sender: Dict[str, List[Event]] = {}
    skipped = 0
    for sender_id, timestamp, type_name, data in rows:
        try:
            event = json.loads(data or "")
        except (TypeError, ValueError):
            event = None
        if not isinstance(event, dict) or timestamp is None:
            skipped += 1
            continue
        by_sender.setdefault(sender_id, []).append(
            Event(sender_id, float(timestamp), type_name, event))
    conversations = [Conversation(sender, events) for sender, events in by_sender.items()]
    conversations.sort(key=lambda conversation: conversation.last_at, reverse=True)
    return Reading(conversations, skipped)


@dataclass(frozen=True)
class Purge:
    """What a purge removed (or, in a dry run, would remove)."""

    conversations: int
    events: int


def purge(url: str, older_than_days: float, dry_run: bool = False,
          now: Optional[float] = None) -> Purge:
    """Delete every conversation whose latest event is more than ``older_than_days`` old.

    A conversation still going on keeps all its events; one that ended before the cut-off
    goes entirely, in one transaction.
    """
    if older_than_days < 0:
        raise ValueError("The number of days cannot be negative.")
    cutoff = (time.time() if now is None else now) - older_than_days * DAY
    engine = _engine(url)
    if engine is None:
        return Purge(0, 0)
    old = (f"SELECT sender_id FROM {EVENTS_TABLE} GROUP BY sender_id "
           "HAVING MAX(timestamp) < :cutoff")
    try:
        with engine.begin() as connection:
            if not _has_events(connection):
                return Purge(0, 0)
            senders = connection.execute(text(f"SELECT COUNT(*) FROM ({old}) AS old"),
                                         {"cutoff": cutoff}).scalar_one()
            events = connection.execute(
                text(f"SELECT COUNT(*) FROM {EVENTS_TABLE} WHERE sender_id IN ({old})"),
                {"cutoff": cutoff}).scalar_one()
            if not dry_run and events:
                connection.execute(
                    text(f"DELETE FROM {EVENTS_TABLE} WHERE sender_id IN ({old})"),
                    {"cutoff": cutoff})
    except SQLAlchemyError as error:
        raise _failure(url, error) from None
    finally:
        engine.dispose()
    return Purge(senders, events)

"""The conversations in which a student asked for a person, read from the tracker store.

``action_handoff`` sets the ``handoff_requested`` slot; the tracker store keeps that event
with the rest of the conversation. ``python -m bot handoffs`` (``make handoffs``) lists
them for the advisors, newest first, with what the student wrote just before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List

from sqlalchemy import create_engine, inspect, text

from bot import names

RECENT_MESSAGES = 3


@dataclass(frozen=True)
class HandoffRequest:
    """One request for a person: which conversation, when, and the student's last words."""

    conversation_id: str
    requested_at: datetime
    recent_messages: List[str]


def handoff_requests(tracker_store_url: str) -> List[HandoffRequest]:
    """Every request recorded in the tracker store at ``tracker_store_url``, newest first."""
    engine = create_engine(tracker_store_url, future=True)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("events"):
                return []
            slot_events = connection.execute(
                text("SELECT sender_id, timestamp, data FROM events "
                     "WHERE type_name = :type_name ORDER BY timestamp DESC"),
                {"type_name": "slot"},
            ).all()
            requests = []
            for sender_id, timestamp, data in slot_events:
                event = json.loads(data or "{}")
                if event.get("name") != names.HANDOFF_REQUESTED or event.get("value") is not True:
                    continue
                user_events = connection.execute(
                    text("SELECT data FROM events WHERE sender_id = :sender_id "
                         "AND type_name = :type_name AND timestamp <= :timestamp "
                         "ORDER BY timestamp DESC LIMIT :limit"),
                    {"sender_id": sender_id, "type_name": "user", "timestamp": timestamp,
                     "limit": RECENT_MESSAGES},
                ).scalars().all()
                messages = [json.loads(row).get("text") or "" for row in reversed(user_events)]
                requests.append(HandoffRequest(
                    sender_id, datetime.fromtimestamp(timestamp, tz=timezone.utc), messages))
            return requests
    finally:
        engine.dispose()

"""The conversations in which a student asked for a person, read from the tracker store.

``action_handoff`` sets the ``handoff_requested`` slot; the tracker store keeps that event
with the rest of the conversation. ``python -m bot handoffs`` (``make handoffs``) lists
them for the advisors, newest first, with what the student wrote just before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List

from bot import names
from bot.conversations import USER, read_conversations

RECENT_MESSAGES = 3


@dataclass(frozen=True)
class HandoffRequest:
    """One request for a person: which conversation, when, and the student's last words."""

    conversation_id: str
    requested_at: datetime
    recent_messages: List[str]


def handoff_requests(tracker_store_url: str) -> List[HandoffRequest]:
    """Every request recorded in the tracker store at ``tracker_store_url``, newest first.

    Raises ``bot.conversations.TrackerStoreError`` when the store cannot be read.
    """
    requests = []
    for conversation in read_conversations(tracker_store_url).conversations:
        said: List[str] = []
        for event in conversation.events:
            if event.type_name == USER:
                said.append(event.text)
            elif (event.type_name == "slot" and event.data.get("name") == names.HANDOFF_REQUESTED
                  and event.data.get("value") is True):
                requests.append(HandoffRequest(
                    conversation.sender_id,
                    datetime.fromtimestamp(event.timestamp, tz=timezone.utc),
                    said[-RECENT_MESSAGES:]))
    return sorted(requests, key=lambda request: request.requested_at, reverse=True)

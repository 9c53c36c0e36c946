"""``make story SENDER=...``: one real conversation as a test story, for ``rasa test``.

The conversation is read from the tracker store and written in Rasa's test-story format
(``tests/stories/test_conversation_<sender>.yml``): each student message with its text, the
intent and entities the NLU found, then the actions the assistant took, as they happened.
The file is marked for the operator to check: a story records what the assistant did, which
is what it should do only once someone has read it (correct an intent or an action before
keeping it, or delete the file). ``make test`` then runs it with the other test stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from bot.conversations import Conversation, TrackerStoreError, read_conversations
from bot.settings import PROJECT_ROOT

STORIES_DIR = PROJECT_ROOT / "tests" / "stories"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_NAME_CHARS = 60

HEADER = """\
# Written by `make story` on {when} UTC from conversation {sender} ({messages} student
# message(s)), as it happened. CHECK IT before relying on it: it records what the assistant
# did, not what it should have done. Correct a wrong intent or action, or delete the file.
# `make test` runs it with the other test stories (rasa test core).
"""


class StoryError(Exception):
    """The story could not be written; the message says why, and nothing was written."""


@dataclass(frozen=True)
class WrittenStory:
    path: Path
    messages: int
    skipped_rows: int


def story_path(sender_id: str, folder: Path = STORIES_DIR) -> Path:
    """Where the story of ``sender_id`` goes: a file name Rasa reads as test stories."""
    safe = _UNSAFE.sub("_", sender_id).strip("_")[:MAX_NAME_CHARS] or "conversation"
    return folder / f"test_conversation_{safe}.yml"


def story_text(conversation: Conversation, domain_path: Path) -> str:
    """The conversation in Rasa's YAML test-story format (without the header)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event as RasaEvent
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter

    domain = Domain.load(str(domain_path))
    events = []
    for stored in conversation.events:
        try:
            event = RasaEvent.from_parameters(stored.data)
        except Exception:  # noqa: BLE001 - an event this Rasa cannot read is left out
            event = None
        if event is not None:
            events.append(event)
    tracker = DialogueStateTracker.from_events(conversation.sender_id, events, domain.slots)
    return YAMLStoryWriter().dumps(tracker.as_story().story_steps, is_test_story=True)


def write_story(url: str, sender_id: str, folder: Path = STORIES_DIR,
                domain_path: Path = PROJECT_ROOT / "domain.yml", overwrite: bool = False,
                now: Optional[float] = None) -> WrittenStory:
    """Writes the story of ``sender_id``'s conversation; raises ``StoryError`` if it cannot."""
    try:
        reading = read_conversations(url, senders=[sender_id])
    except TrackerStoreError as error:
        raise StoryError(str(error)) from None
    if not reading.conversations:
        raise StoryError(f"There is no conversation with the id {sender_id!r} in the tracker "
                         "store. `make review --with-senders` lists the ids.")
    conversation = reading.conversations[0]
    messages = [turn for turn in conversation.turns() if turn.message.text]
    if not messages:
        raise StoryError(f"The conversation {sender_id!r} holds no student message.")
    path = story_path(sender_id, folder)
    if path.exists() and not overwrite:
        raise StoryError(f"{path} already exists: delete it, or write it again with --force.")
    when = datetime.fromtimestamp(now, tz=timezone.utc) if now else datetime.now(timezone.utc)
    header = HEADER.format(when=f"{when:%Y-%m-%d %H:%M}", sender=sender_id,
                           messages=len(messages))
    body = story_text(conversation, domain_path)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return WrittenStory(path, len(messages), reading.skipped_rows)


"""Real tracker stores for the operators' commands: a SQLite file, or a PostgreSQL database.

Conversations are written by Rasa's own ``SQLTrackerStore``, as the running bot writes them;
each PostgreSQL test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.settings import PROJECT_ROOT
from tests.conftest import BACKENDS, postgres_skip_reason, postgres_url

NOW = 1_790_000_000.0  # 2026-09-21, the "now" of these tests
HOUR = 3600.0
DAY = 24 * HOUR


@pytest.fixture(scope="session")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def said(text: str, intent: str, confidence: float = 0.95, at: float = NOW,
         entities: Sequence[Dict[str, Any]] = (), ranking: Optional[List[Dict]] = None,
         message_id: Optional[str] = None) -> UserUttered:
    """A student's message as the NLU read it."""
    parse = {"intent": {"name": intent, "confidence": confidence},
             "entities": list(entities),
             "intent_ranking": ranking or [{"name": intent, "confidence": confidence}]}
    return UserUttered(text, parse["intent"], list(entities), parse, timestamp=at,
                       message_id=message_id or uuid.uuid4().hex, input_channel="rest")


def did(action: str, at: float = NOW) -> ActionExecuted:
    return ActionExecuted(action, timestamp=at)


def replied(text_: str, response: str = "utter_x", at: float = NOW) -> BotUttered:
    return BotUttered(text_, metadata={"utter_action": response}, timestamp=at)


@dataclass
class Store:
    """A tracker store written by Rasa and the URL the operators' commands read."""

    url: str
    rasa: SQLTrackerStore
    domain: Domain

    async def save(self, sender: str, events: Sequence[Event]) -> None:
        tracker = DialogueStateTracker(sender, self.domain.slots)
        for event in events:
            tracker.update(event)
        await self.rasa.save(tracker)

    def execute(self, statement: str, **parameters: Any) -> None:
        engine = create_engine(self.url, future=True)
        try:
            with engine.begin() as connection:
                connection.execute(text(statement), parameters)
        finally:
            engine.dispose()

    def count(self, sender: Optional[str] = None) -> int:
        engine = create_engine(self.url, future=True)
        try:
            with engine.connect() as connection:
                if sender is None:
                    return connection.execute(text("SELECT COUNT(*) FROM events")).scalar_one()
                return connection.execute(text("SELECT COUNT(*) FROM events WHERE sender_id = :s"),
                                          {"s": sender}).scalar_one()
        finally:
            engine.dispose()


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, domain) -> Iterator[Store]:
    """An empty tracker store on SQLite or on a PostgreSQL database of its own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
        yield Store(url, SQLTrackerStore(domain, host=url), domain)
        return
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(reason)
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url(), future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name, not input
    url = postgres_url().rsplit("/", 1)[0] + f"/{name}"
    rasa_store = SQLTrackerStore(domain, host=url)
    try:
        yield Store(url, rasa_store, domain)
    finally:
        rasa_store.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


__all__ = ["said", "did", "replied", "SlotSet", "NOW", "HOUR", "DAY", "Store"]

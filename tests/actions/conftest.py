"""The tracker / dispatcher / domain fixtures, and the knowledge base the actions read.

The actions open their own sessions from ``DATABASE_URL``: it names the SQLite file of the
fixture knowledge base (tests/fixtures/knowledge), built once per test session.
"""

import copy
import json
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.settings import PROJECT_ROOT

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def knowledge_base_url(fixture_sqlite_url):
    return fixture_sqlite_url


@pytest.fixture(autouse=True)
def database(monkeypatch, knowledge_base_url):
    monkeypatch.setenv("DATABASE_URL", knowledge_base_url)


@pytest.fixture(scope="session")
def tracker_state():
    return json.loads((HERE / "data" / "tracker.json").read_text())


@pytest.fixture
def tracker(tracker_state) -> Tracker:
    return Tracker.from_dict(copy.deepcopy(tracker_state))


@pytest.fixture
def make_tracker(tracker_state):
    """A tracker whose latest message has ``intent``, ``entities`` and ``text``.

    An entity is ``(name, value)``, or ``(name, value, role)`` for one the student holds.
    """

    def entity(name, value, role=None):
        return {"entity": name, "value": value, **({"role": role} if role else {})}

    def make(intent="ask_pay", entities=(), text="question", slots=None, **extra):
        state = copy.deepcopy(tracker_state)
        state["latest_message"] = {
            "text": text, "intent": {"name": intent, "confidence": 0.9},
            "entities": [entity(*found) for found in entities],
            **extra,
        }
        state["slots"].update(slots or {})
        return Tracker.from_dict(state)

    return make


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> dict:
    return Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()

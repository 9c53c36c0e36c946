"""The tracker store endpoints.yml asks for: Rasa's SQL store, failing a turn loudly when its
database is down instead of answering from an empty conversation kept in memory."""

import asyncio

import pytest
import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from bot.trackers import ConversationStore, TrackerStoreUnavailableError, refuse_fallback
from tests.private_servers import PrivatePostgres


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _conversation(sender: str, *said: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(),
              ActionExecuted("action_listen")]
    for text in said:
        events += [UserUttered(text, {"name": "greet", "confidence": 1.0}),
                   ActionExecuted("utter_greet"), ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events(sender, events)


def _run(coroutine):
    return asyncio.run(coroutine)


def test_it_keeps_conversations_like_rasas_sql_store(tmp_path, domain):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    store = ConversationStore(domain, host=url)
    _run(store.save(_conversation("student", "hello", "hi again")))
    # what Rasa's own store reads from the same file
    kept = _run(SQLTrackerStore(domain, host=url).retrieve("student"))
    assert [event.text for event in kept.events if isinstance(event, UserUttered)] == [
        "hello", "hi again"]


def _rows(url: str):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                "FROM events ORDER BY id")).all()
    finally:
        engine.dispose()


def _two_sessions(sender: str) -> DialogueStateTracker:
    tracker = _conversation(sender, "first visit")
    for event in [ActionExecuted("action_session_start"), SessionStarted(),
                  ActionExecuted("action_listen"),
                  UserUttered("back again", {"name": "greet", "confidence": 1.0}),
                  ActionExecuted("utter_greet"), ActionExecuted("action_listen")]:
        tracker.update(event)
    return tracker


def test_it_writes_the_rows_rasas_store_writes_and_reads_what_rasa_wrote(tmp_path, domain):
    ours, rasas = (f"sqlite:///{tmp_path / name}" for name in ("ours.db", "rasas.db"))
    tracker = _two_sessions("student")
    store, rasa_store = ConversationStore(domain, host=ours), SQLTrackerStore(domain, host=rasas)
    more = [UserUttered("one more", {"name": "greet", "confidence": 1.0}),
            ActionExecuted("utter_greet")]
    for writer in (store, rasa_store):
        _run(writer.save(tracker))
        # a later turn, as Rasa takes it: read the conversation, add events, save
        later = _run(writer.retrieve("student"))
        for event in more:
            later.update(event)
        _run(writer.save(later))
    assert _rows(ours) == _rows(rasas)
    assert len(_rows(ours)) == len(tracker.events) + 2  # only the new events were added

    for url in (ours, rasas):  # ours reads its own rows and Rasa's alike
        reader = ConversationStore(domain, host=url)
        latest, full = _run(reader.retrieve("student")), _run(
            reader.retrieve_full_tracker("student"))
        assert [e.text for e in latest.events if isinstance(e, UserUttered)] == [
            "back again", "one more"]
        assert [e.text for e in full.events if isinstance(e, UserUttered)] == [
            "first visit", "back again", "one more"]
        assert latest.current_state() == _run(rasa_store.retrieve("student")).current_state()
    assert _run(store.retrieve("nobody")) is None


def test_a_sqlite_file_writes_ahead_on_pooled_connections(tmp_path, domain):
    store = ConversationStore(domain, host=f"sqlite:///{tmp_path / 'c.db'}")
    _run(store.save(_conversation("student", "hello")))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert store.engine.pool.checkedin() == 1  # kept open for the next turn


def test_refuse_fallback_is_harmless_to_repeat_and_without_a_fail_safe_store(tmp_path, domain):
    agent = Agent(domain=domain, tracker_store=ConversationStore(
        domain, host=f"sqlite:///{tmp_path / 'c.db'}"))
    assert isinstance(agent.tracker_store, FailSafeTrackerStore)
    refuse_fallback(agent)
    refuse_fallback(agent)
    refuse_fallback(None)
    refuse_fallback(object())
    assert _run(agent.tracker_store.retrieve("nobody")) is None  # no conversation is no error


@pytest.mark.postgres
def test_without_it_rasa_answers_from_an_empty_conversation_and_forgets_the_turn(
        private_postgres: PrivatePostgres, domain):
    """Why the module exists: Rasa's own fail-safe store, with its database stopped."""
    store = FailSafeTrackerStore(SQLTrackerStore(domain, host=private_postgres.url))
    _run(store.save(_conversation("student", "hello")))
    private_postgres.stop()
    try:
        assert _run(store.retrieve("student")) is None  # the conversation looks empty
        _run(store.save(_conversation("student", "hello", "lost")))  # kept in memory only
    finally:
        private_postgres.start()
    kept = _run(SQLTrackerStore(domain, host=private_postgres.url).retrieve("student"))
    assert [event.text for event in kept.events if isinstance(event, UserUttered)] == ["hello"]


@pytest.mark.postgres
def test_the_database_stopping_fails_the_turn_loudly_and_it_recovers(
        private_postgres: PrivatePostgres, domain):
    agent = Agent(domain=domain, tracker_store=ConversationStore(domain,
                                                                 host=private_postgres.url))
    refuse_fallback(agent)
    store = agent.tracker_store
    assert store._tracker_store.engine.pool._pre_ping  # connections a restart broke are replaced
    _run(store.save(_conversation("student", "hello")))

    private_postgres.stop()
    try:
        for _ in range(2):  # the same clear error each time, no fallback taken
            with pytest.raises(TrackerStoreUnavailableError, match="database is unavailable"):
                _run(store.retrieve("student"))
        with pytest.raises(TrackerStoreUnavailableError, match="Could not save"):
            _run(store.save(_conversation("student", "hello", "while it was down")))
        assert store._fallback_tracker_store is None  # nothing was kept in memory
    finally:
        private_postgres.start()

    # the first read after the restart works: the broken connections are replaced
    kept = _run(store.retrieve("student"))
    assert [event.text for event in kept.events if isinstance(event, UserUttered)] == ["hello"]
    _run(store.save(_conversation("student", "hello", "after it came back")))
    kept = _run(store.retrieve("student"))
    assert [event.text for event in kept.events if isinstance(event, UserUttered)] == [
        "hello", "after it came back"]

"""Operators find the conversations in which a student asked for a person."""

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import cli
from bot.handoffs import handoff_requests
from bot.settings import PROJECT_ROOT


def _store(path):
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    return SQLTrackerStore(domain, dialect="sqlite", db=str(path)), domain


async def _save(store, domain, sender_id, texts, handoff):
    tracker = DialogueStateTracker(sender_id, domain.slots)
    for number, text in enumerate(texts):
        tracker.update(UserUttered(text, {"name": "ask_pay"}, timestamp=100.0 + number))
        tracker.update(BotUttered("an answer", timestamp=100.5 + number))
    if handoff:
        tracker.update(ActionExecuted("action_handoff", timestamp=110.0))
        tracker.update(SlotSet("handoff_requested", True, timestamp=110.0))
    await store.save(tracker)


async def test_requests_are_listed_with_the_students_last_words(tmp_path):
    path = tmp_path / "tracker.db"
    store, domain = _store(path)
    await _save(store, domain, "alice", ["hi", "what do sonographers earn", "blah",
                                         "I want a person"], handoff=True)
    await _save(store, domain, "bob", ["what is ARRT"], handoff=False)
    [request] = handoff_requests(f"sqlite:///{path}")
    assert request.conversation_id == "alice"
    assert request.recent_messages == ["what do sonographers earn", "blah", "I want a person"]
    assert request.requested_at.year == 1970


def test_an_empty_tracker_store_has_no_requests(tmp_path):
    assert handoff_requests(f"sqlite:///{tmp_path / 'none.db'}") == []


def test_the_command_lists_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    assert cli.main(["handoffs"]) == 0
    assert "No student has asked for a person yet." in capsys.readouterr().out


def test_the_command_explains_an_unreadable_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert cli.main(["handoffs"]) == 1
    assert "Could not read the tracker store" in capsys.readouterr().err

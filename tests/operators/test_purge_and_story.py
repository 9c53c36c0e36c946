"""Retention (``python -m bot purge``) and real conversations as test stories (``make story``)."""

from __future__ import annotations

import pytest
import yaml

from bot import cli, conversations
from bot.stories import StoryError, story_path, write_story
from tests.operators.conftest import DAY, NOW, SlotSet, did, replied, said


async def _three_conversations(store):
    long_ago = NOW - 40 * DAY
    await store.save("old", [said("hi", "greet", at=long_ago), did("utter_greet", long_ago),
                             replied("Hi!", "utter_greet", long_ago)])
    # Started long ago, still going: it is kept whole.
    await store.save("ongoing", [said("hi", "greet", at=NOW - 40 * DAY),
                                 said("and pay?", "ask_pay", at=NOW - DAY)])
    await store.save("recent", [said("what is ARRT", "ask_acronym", at=NOW - 2 * DAY)])


async def test_purge_deletes_only_conversations_that_ended_before_the_cut_off(store):
    await _three_conversations(store)
    kept = store.count("ongoing") + store.count("recent")
    dry = conversations.purge(store.url, 30, dry_run=True, now=NOW)
    assert (dry.conversations, dry.events) == (1, store.count("old"))
    assert store.count("old") > 0  # a dry run deletes nothing

    removed = conversations.purge(store.url, 30, now=NOW)
    assert removed.conversations == 1 and removed.events == dry.events
    assert store.count("old") == 0 and store.count() == kept
    assert conversations.purge(store.url, 30, now=NOW).conversations == 0  # again: nothing


def test_purge_of_a_missing_store_changes_nothing(tmp_path):
    missing = tmp_path / "none.db"
    assert conversations.purge(f"sqlite:///{missing}", 30) == conversations.Purge(0, 0)
    assert not missing.exists()


async def test_the_purge_command(store, monkeypatch, capsys):
    await _three_conversations(store)
    monkeypatch.setenv("TRACKER_STORE_URL", store.url)
    assert cli.main(["purge", "--older-than", "3650", "--dry-run"]) == 0
    assert "Would delete 0 conversation(s)" in capsys.readouterr().out
    assert cli.main(["purge", "--older-than", "0"]) == 0
    assert "Deleted 3 conversation(s)" in capsys.readouterr().out
    assert store.count() == 0
    with pytest.raises(SystemExit):
        cli.main(["purge", "--older-than", "-1"])
    with pytest.raises(SystemExit):
        cli.main(["purge"])


def test_purge_explains_a_store_that_does_not_answer(monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert cli.main(["purge", "--older-than", "30"]) == 1
    assert "Could not read the tracker store" in capsys.readouterr().err


async def test_a_conversation_becomes_a_test_story(store, tmp_path):
    role = [{"entity": "role", "value": "sonographer", "start": 12, "end": 24}]
    await store.save("web-42", [
        said("how much do sonographers make", "ask_pay", entities=role, at=NOW),
        did("action_answer", NOW), replied("Sonographers earned ...", "utter_pay", NOW),
        SlotSet("role", "sonographer", timestamp=NOW), SlotSet("topic", "pay", timestamp=NOW),
        did("action_listen", NOW),
        said("and the exam?", "ask_exam", at=NOW + 5), did("action_answer", NOW + 5),
        did("action_listen", NOW + 5),
    ])
    written = write_story(store.url, "web-42", folder=tmp_path, now=NOW)
    assert written.path == tmp_path / "test_conversation_web-42.yml" and written.messages == 2
    content = written.path.read_text(encoding="utf-8")
    assert content.startswith("# Written by `make story`") and "CHECK IT" in content
    document = yaml.safe_load(content)
    [story] = document["stories"]
    steps = story["steps"]
    assert steps[0]["intent"] == "ask_pay"
    assert '[sonographers]{"entity": "role", "value": "sonographer"}' in steps[0]["user"]
    assert {"action": "action_answer"} in steps
    assert steps[-1] == {"action": "action_answer"}
    assert any(step.get("user", "").strip() == "and the exam?" for step in steps)

    with pytest.raises(StoryError, match="already exists"):
        write_story(store.url, "web-42", folder=tmp_path)
    assert write_story(store.url, "web-42", folder=tmp_path, overwrite=True).messages == 2


async def test_an_unknown_sender_writes_nothing(store, tmp_path, monkeypatch, capsys):
    await _three_conversations(store)
    with pytest.raises(StoryError, match="no conversation with the id 'nobody'"):
        write_story(store.url, "nobody", folder=tmp_path)
    assert not list(tmp_path.glob("*.yml"))
    monkeypatch.setenv("TRACKER_STORE_URL", store.url)
    assert cli.main(["story", "--sender", "nobody"]) == 1
    assert "Nothing was written." in capsys.readouterr().err


def test_story_file_names_are_safe():
    assert story_path("../../etc/passwd").name == "test_conversation_etc_passwd.yml"
    assert story_path("web-1f2e").name == "test_conversation_web-1f2e.yml"
    assert story_path("???").name == "test_conversation_conversation.yml"

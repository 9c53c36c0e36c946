"""The knowledge base's database stops and comes back: the answers come back without a restart."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from bot import names
from bot.kb.loader import load_knowledge_into
from tests.conftest import FIXTURE_KNOWLEDGE_DIR

pytestmark = pytest.mark.postgres


def _responses(dispatcher: CollectingDispatcher):
    return [message.get("response") for message in dispatcher.messages]


async def test_answers_come_back_after_the_database_returns(private_postgres, monkeypatch,
                                                            make_tracker, domain):
    load_knowledge_into(private_postgres.url, FIXTURE_KNOWLEDGE_DIR)
    monkeypatch.setenv("DATABASE_URL", private_postgres.url)
    ask = make_tracker("ask_pay", [("role", "sonographer")], "how much do sonographers make?")

    first = CollectingDispatcher()
    await answers.ActionAnswer().run(first, ask, domain)
    assert _responses(first)[0] == names.PAY  # the pool now holds a connection

    private_postgres.stop()
    down = CollectingDispatcher()
    await answers.ActionAnswer().run(down, ask, domain)
    assert _responses(down) == [names.KNOWLEDGE_UNAVAILABLE]  # a clear reply, not a crash

    private_postgres.start()
    back = CollectingDispatcher()
    await answers.ActionAnswer().run(back, ask, domain)
    assert _responses(back)[0] == names.PAY  # the stale connection was replaced

    # Restarted while nobody asked: the pooled connection is dead, and the very next
    # answer must still work (the pool checks a connection before using it).
    private_postgres.stop()
    private_postgres.start()
    after_restart = CollectingDispatcher()
    await answers.ActionAnswer().run(after_restart, ask, domain)
    assert _responses(after_restart)[0] == names.PAY

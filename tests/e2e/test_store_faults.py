"""The Redis lock store, then the tracker store's PostgreSQL, stop and come back under a
running Rasa server: the student gets a clear reply while one is down, and the next message
after it returns is answered in context, without restarting anything. Redis and PostgreSQL
are the test's own."""

from __future__ import annotations

import uuid
from typing import Iterator, List, Tuple

import pytest

from benchmarks.reload import TECHNICAL_PROBLEM
from bot import services, training
from bot.conversations import read_conversations
from tests.e2e.conftest import post_message
from tests.private_servers import PrivatePostgres, PrivateRedis, running_postgres, running_redis

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def stores(bot, tmp_path_factory) -> Iterator[Tuple[str, PrivatePostgres, PrivateRedis]]:
    with running_postgres() as postgres, running_redis() as redis_server:
        environment = {**bot.environment, "RASA_PORT": str(services.free_port()),
                       "TRACKER_STORE_URL": postgres.url, "LOCK_STORE_URL": redis_server.url}
        server = services.rasa_server(environment, training.MODEL_PATH,
                                      tmp_path_factory.mktemp("faults") / "rasa.log")
        server.start(environment)
        try:
            server.wait_until_healthy(timeout=300)
            yield f"http://127.0.0.1:{environment['RASA_PORT']}", postgres, redis_server
        finally:
            server.stop()


def _ask(url: str, sender: str, message: str) -> Tuple[int, str]:
    status, replies, _ = post_message(url, sender, message)
    if not isinstance(replies, list):
        return status, str(replies)
    return status, "\n".join(reply.get("text") or "" for reply in replies)


def test_the_lock_store_stopping_gives_a_clear_reply_and_it_comes_back(stores, facts):
    url, _, server = stores
    sender = f"faults-{uuid.uuid4().hex[:8]}"
    expected = facts.pay_said("sonographer")
    assert expected in _ask(url, sender, "how much do sonographers make?")[1]

    server.stop()
    try:
        for _ in range(3):  # no 500, no silence, and no loop: the same clear reply each time
            status, said = _ask(url, sender, "how much do sonographers make?")
            assert status == 200 and TECHNICAL_PROBLEM in said, (status, said)
    finally:
        server.start()
    status, said = _ask(url, sender, "and for nuclear medicine technologists?")
    assert status == 200 and facts.pay_said("nuclear_medicine_technologist") in said, said


def _kept(tracker_store_url: str, sender: str) -> List[str]:
    [conversation] = read_conversations(tracker_store_url, senders=[sender]).conversations
    return [turn.message.text for turn in conversation.turns()]


def test_the_tracker_store_stopping_fails_each_turn_clearly_and_it_comes_back(stores, facts):
    url, postgres, _ = stores
    sender = f"faults-{uuid.uuid4().hex[:8]}"
    assert facts.pay_said("sonographer") in _ask(url, sender, "how much do sonographers make?")[1]

    postgres.stop()
    try:
        for _ in range(3):  # not an answer from an empty conversation, not a 500, no loop
            status, said = _ask(url, sender, "where do they work?")
            # one reply, and it is the clear one
            assert status == 200 and TECHNICAL_PROBLEM in said and "\n" not in said, said
    finally:
        postgres.start()

    # in context: "and for ...?" asks the last question (pay) about another role
    status, said = _ask(url, sender, "and for nuclear medicine technologists?")
    assert status == 200 and facts.pay_said("nuclear_medicine_technologist") in said, said
    assert _kept(postgres.url, sender) == ["how much do sonographers make?",
                                           "and for nuclear medicine technologists?"]

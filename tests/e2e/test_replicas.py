"""Two Rasa servers sharing a PostgreSQL tracker store and a Redis lock store, as replicas
behind a load balancer would: context across replicas, one message of a conversation at a
time, and one rate limit for a conversation whichever replica its messages reach.
"""

from __future__ import annotations

import threading
import uuid
from typing import Dict, List

import pytest
import redis
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import create_engine, text

from benchmarks.reload import TECHNICAL_PROBLEM
from bot import services, training
from bot.conversations import read_conversations
from bot.settings import PROJECT_ROOT
from tests.conftest import postgres_skip_reason, postgres_url
from tests.e2e.conftest import post_message, said

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

REDIS_URL = "redis://127.0.0.1:6379/1"
SENDER_LIMIT = 10


@pytest.fixture(scope="module")
def replicas(bot, tmp_path_factory) -> Dict[str, object]:
    if postgres_skip_reason():
        pytest.skip(postgres_skip_reason())
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    name = f"tracker_replicas_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url(), future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name
    tracker_url = postgres_url().rsplit("/", 1)[0] + f"/{name}"
    # The events table exists before two servers would race to create it.
    store = SQLTrackerStore(Domain.load(str(PROJECT_ROOT / "domain.yml")), host=tracker_url)
    store.engine.dispose()
    folder = tmp_path_factory.mktemp("replicas")
    servers: List[services.Service] = []
    try:
        for number in range(2):
            environment = {**bot.environment, "RASA_PORT": str(services.free_port()),
                           "TRACKER_STORE_URL": tracker_url, "LOCK_STORE_URL": REDIS_URL,
                           # tickets outlive the queue of messages on a slow machine
                           "TICKET_LOCK_LIFETIME": "120",
                           # above what the other tests send in one conversation
                           "RATE_LIMIT_PER_SENDER": f"{SENDER_LIMIT}/60"}
            server = services.rasa_server(environment, training.MODEL_PATH,
                                          folder / f"rasa-{number}.log")
            server.start(environment)
            servers.append(server)
        for server in servers:
            server.wait_until_healthy(timeout=300)
        yield {"urls": [server.health_url.rstrip("/") for server in servers],
               "tracker_url": tracker_url}
    finally:
        for server in servers:
            server.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _ask(url: str, sender: str, message: str) -> str:
    text = said(url, sender, message)
    assert TECHNICAL_PROBLEM not in text  # processed, not timed out
    return text


def test_a_conversation_alternating_between_replicas_keeps_its_context(replicas, facts):
    first, second = replicas["urls"]
    sender = f"replicas-{uuid.uuid4().hex[:8]}"
    assert "Sonographer" in _ask(first, sender, "tell me about sonographers")
    assert facts.pay_said("sonographer") in _ask(second, sender, "how much do they make?")
    assert facts.pay_said("nuclear_medicine_technologist") in _ask(
        first, sender, "and for nuclear medicine technologists?")


def test_messages_of_one_conversation_are_processed_one_at_a_time(replicas):
    urls = replicas["urls"]
    sender = f"replicas-lock-{uuid.uuid4().hex[:8]}"
    messages = ["how much do sonographers make?", "what certification do they need?",
                "and for CT techs?", "how long is the program?"] * 2
    failures: List[BaseException] = []

    def send(number: int, message: str) -> None:
        try:
            _ask(urls[number % 2], sender, message)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(messages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert failures == []

    [conversation] = read_conversations(replicas["tracker_url"], senders=[sender]).conversations
    kinds = [(event.type_name, event.action) for event in conversation.events]
    users = [number for number, (kind, _) in enumerate(kinds) if kind == "user"]
    assert len(users) == len(messages)  # every message kept, none lost
    # Each message is processed whole before the next starts: between one message and the
    # next, the assistant acted and went back to listening (interleaved processing would
    # put two messages side by side, or leave a turn without its final action_listen).
    for start, end in zip(users, users[1:] + [len(kinds)], strict=True):
        actions = [action for kind, action in kinds[start + 1:end] if kind == "action"]
        assert len(actions) >= 2 and actions[-1] == "action_listen", kinds[start:end]


def test_a_conversations_rate_limit_is_shared_by_the_replicas(replicas):
    urls = replicas["urls"]
    sender = f"replicas-limit-{uuid.uuid4().hex[:8]}"
    statuses = [post_message(urls[number % 2], sender, "/greet")[0]
                for number in range(SENDER_LIMIT)]
    assert statuses == [200] * SENDER_LIMIT  # half on each replica: each alone would allow more
    status, body, headers = post_message(urls[SENDER_LIMIT % 2], sender, "/greet")
    assert status == 429 and int(headers["Retry-After"]) >= 1, body
    assert "one conversation" in body["error"]
    assert post_message(urls[0], f"{sender}-other", "/greet")[0] == 200

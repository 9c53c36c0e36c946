"""Start the real action server and Rasa server on the trained model, once per session."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot import cli, services, training
from bot.kb.db import make_engine
from bot.kb.loader import load_knowledge_into
from bot.kb.schema import KINDS
from bot.settings import DEFAULT_KNOWLEDGE_DIR

ADVISOR_CONTACT = "advising@example.edu or (555) 010-0100"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BotClient:
    """Talks to the running Rasa server through the REST channel."""

    url: str
    database_url: str
    action_server: services.Service
    environment: Dict[str, str]
    page_url: str = ""

    def post(self, body: bytes, content_type: str = "application/json"):
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook", data=body, method="POST",
            headers={"Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def ask(self, message: Any, sender: str = "student") -> List[Dict[str, Any]]:
        status, replies = self.post(json.dumps({"sender": sender, "message": message}).encode())
        assert status == 200, replies
        return replies

    def text(self, message: str, sender: str = "student") -> str:
        """Every reply's text, joined, for asserting facts."""
        return "\n".join(reply.get("text", "") for reply in self.ask(message, sender))

    def knowledge_counts(self) -> Dict[str, int]:
        engine = make_engine(self.database_url)
        try:
            with sessionmaker(engine, future=True)() as session:
                return {kind.name: session.scalar(select(func.count()).select_from(kind.model))
                        for kind in KINDS}
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> BotClient:
    folder = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{folder / 'knowledge.db'}"
    load_knowledge_into(database_url, DEFAULT_KNOWLEDGE_DIR)
    assert cli.main(["build-nlp", "--database-url", database_url]) == 0
    training.train_if_stale()

    environment = services.service_environment({
        "DATABASE_URL": database_url,
        "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "ACTION_PORT": str(free_port()),
        "RASA_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "ADVISOR_CONTACT": ADVISOR_CONTACT,
    })
    environment["ACTION_SERVER_URL"] = f"http://localhost:{environment['ACTION_PORT']}/webhook"
    actions = services.action_server(environment, folder / "actions.log")
    rasa = services.rasa_server(environment, training.MODEL_PATH, folder / "rasa.log")
    page = services.web_server(environment, folder / "web.log")
    started: List[services.Service] = []
    try:
        for service, timeout in ((actions, 120), (rasa, 300), (page, 60)):
            service.start(environment)
            started.append(service)
            service.wait_until_healthy(timeout)
        yield BotClient(f"http://localhost:{environment['RASA_PORT']}", database_url, actions,
                        environment, f"http://localhost:{environment['WEB_PORT']}/")
    finally:
        for service in reversed(started):
            service.stop()


@pytest.fixture
def action_server_down(bot) -> Optional[None]:
    """Stops the action server for one test, then starts it again."""
    bot.action_server.stop()
    yield
    bot.action_server.start(bot.environment)
    bot.action_server.wait_until_healthy(120)

"""Start the real action server and Rasa server on the trained model, once per session."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot import cli, services, training
from bot.answers.core import money
from bot.kb import queries
from bot.kb.db import make_engine
from bot.kb.loader import load_knowledge_into
from bot.kb.schema import KINDS
from bot.settings import DEFAULT_KNOWLEDGE_DIR

ADVISOR_CONTACT = "advising@example.edu or (555) 010-0100"


free_port = services.free_port


def post_message(url: str, sender: str, message: str, timeout: float = 120):
    """(status, JSON body, headers) of one message to the REST channel of the server at ``url``."""
    request = urllib.request.Request(
        f"{url.rstrip('/')}/webhooks/rest/webhook", method="POST",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.loads(reply.read()), reply.headers
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body), error.headers
        except ValueError:
            return error.code, body.decode("utf-8", "replace"), error.headers


def said(url: str, sender: str, message: str) -> str:
    """The text of the replies to one message, which must be answered with a 200."""
    status, replies, _ = post_message(url, sender, message)
    assert status == 200, replies
    return "\n".join(reply.get("text") or "" for reply in replies)


@dataclass
class BotClient:
    """Talks to the running Rasa server through the REST channel."""

    url: str
    database_url: str
    action_server: services.Service
    environment: Dict[str, str]
    page_url: str = ""
    rasa_log: Optional[Path] = None

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
        # Tests talk faster than students; the limits are tested with make run's launcher.
        "RATE_LIMIT_PER_SENDER": "0", "RATE_LIMIT_PER_ADDRESS": "0",
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
                        environment, f"http://localhost:{environment['WEB_PORT']}/",
                        rasa.log_path)
    finally:
        for service in reversed(started):
            service.stop()


class Facts:
    """What the knowledge base the bot runs on says, so tests pin no figure from the files.

    The yearly pay update changes ``data/knowledge`` only; these tests follow it.
    """

    def __init__(self, database_url: str) -> None:
        self._factory = sessionmaker(make_engine(database_url), future=True)

    def _read(self, work):
        with self._factory() as session:
            return work(session)

    def pay(self, role_id: str) -> Optional[str]:
        """"$N (period)" for a role whose median pay is known, else None."""
        figure = self._read(lambda session: queries.pay(session, role_id))
        if figure is None or figure.median_annual_usd is None:
            return None
        return f"{money(figure.median_annual_usd)} ({figure.period})"

    def pay_said(self, role_id: str) -> str:
        """What a pay answer about the role must contain: its figure, or that it won't guess."""
        return self.pay(role_id) or "won't guess"

    def highest_pay(self, *role_ids: str) -> Optional[str]:
        """The highest known "$N (period)" among the roles."""
        figures = [self._read(lambda session, r=r: queries.pay(session, r)) for r in role_ids]
        known = [f for f in figures if f is not None and f.median_annual_usd is not None]
        if not known:
            return None
        best = max(known, key=lambda f: f.median_annual_usd)
        return f"{money(best.median_annual_usd)} ({best.period})"

    def growth(self, role_id: str) -> Optional[str]:
        """"N% over period" of the role's first settled outlook figure, else None."""
        rows = self._read(lambda session: queries.outlook(session, role_id))
        for row in rows:
            if row.growth_percent is not None and row.growth_percent >= 0 and row.role_id:
                return f"{row.growth_percent}% over {row.period}"
        return None

    def steps(self) -> List[str]:
        """The general pathway's step titles, in order."""
        return self._read(lambda session: [s.title for s in queries.pathway_steps(session)])


@pytest.fixture(scope="session")
def facts(bot) -> Facts:
    return Facts(bot.database_url)


@pytest.fixture
def action_server_down(bot) -> Optional[None]:
    """Stops the action server for one test, then starts it again."""
    bot.action_server.stop()
    yield
    bot.action_server.start(bot.environment)
    bot.action_server.wait_until_healthy(120)

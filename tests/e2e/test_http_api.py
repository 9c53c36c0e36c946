"""Rasa's HTTP API, which reads and changes any conversation: off by default, and with
``RASA_API_TOKEN`` only for requests that carry the token. Students' REST channel either way."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Iterator, Optional, Tuple

import pytest

from bot import services, training
from tests.e2e.conftest import said

pytestmark = pytest.mark.e2e

TOKEN = "api-" + uuid.uuid4().hex  # 36 characters


def _get(url: str, token: Optional[str] = None) -> Tuple[int, str]:
    if token is not None:
        url += f"?token={token}"
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_without_a_token_no_endpoint_reads_a_conversation(bot):
    sender = f"api-{uuid.uuid4().hex[:8]}"
    assert said(bot.url, sender, "hello")
    for path in (f"/conversations/{sender}/tracker", f"/conversations/{sender}/story",
                 "/status", "/domain"):
        status, _ = _get(bot.url + path)
        assert status == 404, path
        assert _get(bot.url + path, token="anything")[0] == 404, path


@pytest.fixture(scope="module")
def with_token(bot, tmp_path_factory) -> Iterator[str]:
    environment = {**bot.environment, "RASA_PORT": str(services.free_port()),
                   services.API_TOKEN: TOKEN}
    server = services.rasa_server(environment, training.MODEL_PATH,
                                  tmp_path_factory.mktemp("api") / "rasa.log")
    server.start(environment)
    try:
        server.wait_until_healthy(timeout=300)
        yield f"http://127.0.0.1:{environment['RASA_PORT']}"
    finally:
        server.stop()


def test_with_a_token_only_requests_that_carry_it_read_a_conversation(with_token):
    sender = f"api-{uuid.uuid4().hex[:8]}"
    assert "Sonographer" in said(with_token, sender, "tell me about sonographers")
    tracker = f"{with_token}/conversations/{sender}/tracker"
    assert _get(tracker)[0] == 401
    assert _get(tracker, token="api-" + "0" * 32)[0] == 401
    status, body = _get(tracker, token=TOKEN)
    assert status == 200
    assert json.loads(body)["latest_message"]["text"] == "tell me about sonographers"


@pytest.mark.parametrize("token", ["short", "sixteen chars ok", " "])
def test_a_weak_token_is_refused_before_anything_starts(token):
    environment = {services.API_TOKEN: token, "RASA_PORT": "5005"}
    if token.strip():
        with pytest.raises(ValueError, match="at least 16 characters"):
            services.rasa_server_command(environment, training.MODEL_PATH)
    else:  # blank: off
        assert "--enable-api" not in services.rasa_server_command(environment,
                                                                  training.MODEL_PATH)


def test_make_run_says_so_before_training(monkeypatch, capsys):
    from bot import run

    monkeypatch.setenv(services.API_TOKEN, "secret")
    assert run.main([]) == 2
    assert "RASA_API_TOKEN must be at least 16 characters" in capsys.readouterr().err

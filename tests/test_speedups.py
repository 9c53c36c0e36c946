"""Rasa's action-reply check, made faster (bot.speedups): the same verdicts, the same errors."""

import asyncio
import warnings

import aiohttp
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from benchmarks.sessions import local_server
from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "role", "value": "sonographer"}],
        "responses": [{"response": "utter_pay", "role_name": "Sonographer"}]}
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": [3]}]


@pytest.fixture
def action():
    return RemoteAction("action_answer", EndpointConfig("http://localhost:5055/webhook"))


def rasas_verdict(action, result):
    speedups.uninstall()
    try:
        return action._validate_action_result(result)
    except ValidationError as error:
        return error.message
    finally:
        speedups.install()


@pytest.mark.parametrize("result", [GOOD, {}] + BAD)
def test_a_reply_gets_the_same_verdict_and_message_as_from_rasas_own_check(action, result):
    speedups.install()
    try:
        try:
            ours = action._validate_action_result(result)
        except ValidationError as error:
            ours = error.message
        assert ours == rasas_verdict(action, result)
        if result in BAD:
            assert "Failed to validate Action server response" in ours
    finally:
        speedups.uninstall()


def test_installing_twice_changes_nothing_more(action):
    speedups.install()
    speedups.install()
    try:
        assert action._validate_action_result(GOOD) is True
        speedups.uninstall()
        assert RemoteAction._validate_action_result is speedups._ORIGINAL
    finally:
        speedups.uninstall()


# --- the action server's session, kept open between calls ---------------------------------

@pytest.fixture
async def server():
    """A local HTTP server that answers with what it got and the connection it came on."""
    from aiohttp import web

    connections = []

    async def webhook(request):
        peer = request.transport.get_extra_info("peername")
        connections.append(peer)
        return web.json_response({"got": await request.json(),
                                  "auth": request.headers.get("Authorization"),
                                  "custom": request.headers.get("X-Custom")})

    runner, port = await local_server(webhook)
    yield f"http://127.0.0.1:{port}", connections, runner
    await runner.cleanup()


@pytest.fixture
def installed():
    speedups.install()
    yield
    speedups.uninstall()


async def test_calls_to_an_endpoint_reuse_one_connection_and_keep_its_settings(server, installed):
    url, connections, _ = server
    endpoint = EndpointConfig(url, headers={"X-Custom": "yes"},
                              basic_auth={"username": "u", "password": "p"})
    try:
        replies = [await endpoint.request(json={"n": n}, method="post", subpath="webhook")
                   for n in range(3)]
    finally:
        await speedups.close_sessions()
    assert [reply["got"] for reply in replies] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert {reply["custom"] for reply in replies} == {"yes"}
    assert all(reply["auth"].startswith("Basic ") for reply in replies)
    assert len(set(connections)) == 1  # Rasa's own opened a new connection for each call


async def test_rasas_own_session_opens_a_connection_per_call(server):
    url, connections, _ = server
    endpoint = EndpointConfig(url)
    for n in range(2):
        await endpoint.request(json={"n": n}, method="post", subpath="webhook")
    assert len(set(connections)) == 2  # what the kept session saves


async def test_a_call_after_the_server_dropped_its_connections_opens_a_new_one(server,
                                                                              installed):
    url, connections, runner = server
    endpoint = EndpointConfig(url)
    try:
        await endpoint.request(json={"n": 0}, method="post", subpath="webhook")
        for protocol in list(runner.server.connections):  # as a restarted server does
            protocol.force_close()
        await asyncio.sleep(0.05)
        reply = await endpoint.request(json={"n": 1}, method="post", subpath="webhook")
    finally:
        await speedups.close_sessions()
    assert reply["got"] == {"n": 1}
    assert len(set(connections)) == 2


async def test_closing_closes_the_sessions_of_the_loop_and_the_next_call_opens_another(
        server, installed):
    url, connections, _ = server
    endpoint = EndpointConfig(url)
    await endpoint.request(json={"n": 0}, method="post", subpath="webhook")
    loop = asyncio.get_running_loop()
    kept = list(speedups._SESSIONS[loop].values())
    await speedups.close_sessions()
    assert kept and all(session.closed for session in kept)
    assert loop not in speedups._SESSIONS
    await endpoint.request(json={"n": 1}, method="post", subpath="webhook")
    await speedups.close_sessions()
    assert len(set(connections)) == 2


def test_outside_a_running_event_loop_the_session_is_rasas_own(installed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # aiohttp warns of a session made with no loop
        session = EndpointConfig("http://127.0.0.1:1").session()
        assert isinstance(session, aiohttp.ClientSession)  # closed after its block, as Rasa's
        asyncio.get_event_loop().run_until_complete(session.close())

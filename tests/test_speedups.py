"""Rasa's action-reply check, made faster (bot.speedups): the same verdicts, the same errors."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

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

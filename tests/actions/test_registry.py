"""The action server can register every action: the same check rasa_sdk makes at start-up."""

from rasa_sdk.executor import ActionExecutor


def test_every_action_registers_under_a_domain_name(domain):
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = set(executor.actions)
    assert registered == {name for name in domain["actions"]}

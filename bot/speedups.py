"""Faster versions of Rasa's own slow spots, found with ``make profile``.

* Every reply of the action server is checked against a JSON schema before its events are
  used (``RemoteAction._validate_action_result``). Rasa calls ``jsonschema.validate``,
  which first checks the *schema* against the JSON-schema meta-schema, then builds a
  validator, on every call: with 10 students at once that was about a quarter of the Rasa
  server's time (README, "Speed and memory"). Here the validator is built once per schema
  and checks each reply exactly as before; a reply that breaks the schema raises the same
  error with the same message.

``install()`` is called by the REST channel when the Rasa server builds it; it changes
nothing else and can be called any number of times.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_ORIGINAL = RemoteAction._validate_action_result


@lru_cache(maxsize=8)
def _validator(schema_json: str) -> Any:
    from jsonschema.validators import validator_for

    schema = json.loads(schema_json)
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate does every time
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with the validator built once."""
    from jsonschema.exceptions import best_match

    schema = self.action_response_format_spec()
    # the error jsonschema.validate raises: the best match among them
    error = best_match(_validator(json.dumps(schema, sort_keys=True)).iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Puts the faster versions in place of Rasa's."""
    RemoteAction._validate_action_result = _validate_action_result


def uninstall() -> None:
    """Puts Rasa's own versions back (for tests)."""
    RemoteAction._validate_action_result = _ORIGINAL

"""Faster versions of Rasa's own slow spots, found with ``make profile``.

* Every reply of the action server is checked against a JSON schema before its events are
  used (``RemoteAction._validate_action_result``). Rasa calls ``jsonschema.validate``,
  which first checks the *schema* against the JSON-schema meta-schema, then builds a
  validator, on every call: with 10 students at once that was about a quarter of the Rasa
  server's time (README, "Speed and memory"). Here the validator is built once per schema
  and checks each reply exactly as before; a reply that breaks the schema raises the same
  error with the same message.

* Loading a trained DIET or TED model, Rasa builds its weights by *training* it one step on
  one example (``RasaModel.load``: ``model.fit``), then overwrites them with the trained
  weights. Tracing the training graph is most of the time the Rasa server takes to start
  (about 25 s of a TED model's load). A model loaded to serve predictions is built here by
  predicting once on the example, eagerly, then gets the trained weights and predicts on
  the example again, as Rasa's load does last: the same weights, the same predictions (a
  test compares both loads of the trained model), without the training graph. A model
  loaded for fine-tuning, or without an example to predict on, is loaded as Rasa does.

* Every call to the action server (every answer is one) opened a new HTTP client session
  (``EndpointConfig.request``: ``async with self.session()``): a new connection pool, a
  thread to look up the host name, a new TCP connection, all closed again after the
  reply. aiohttp's own advice is one session for many requests. Here an endpoint's
  session stays open on its event loop and its connections are kept alive for a
  while between calls, for less time than the action server keeps them (Sanic: 5 s), so
  the client never sends on a connection the server is closing. On loopback a call went
  from 1.2 ms to 0.4 ms (median; ``python -m benchmarks.sessions``). ``close_sessions()`` closes
  them when the server stops.

``install()`` is called by the REST channel when the Rasa server builds it, before the model
is loaded; it changes nothing else and can be called any number of times.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple

import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.models import RasaModel

_ORIGINAL = RemoteAction._validate_action_result
_ORIGINAL_LOAD = RasaModel.__dict__["load"]
_ORIGINAL_SESSION = EndpointConfig.session

# Seconds an idle connection to an endpoint is kept: less than the 5 s for which the action
# server (Sanic's default) keeps it, so the server never closes one the client is reusing.
KEEPALIVE_SECONDS = 2.0

# The open sessions of each event loop, by the settings a session carries (headers, login);
# a loop that is gone takes its entry with it.
_SESSIONS: "weakref.WeakKeyDictionary[Any, Dict[Tuple, aiohttp.ClientSession]]" = (
    weakref.WeakKeyDictionary())


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


def _load_to_predict(cls: Any, model_file_name: str, model_data_example: Any,
                     predict_data_example: Any = None, finetune_mode: bool = False,
                     *args: Any, **kwargs: Any) -> RasaModel:
    """``RasaModel.load``, building a model that will only predict by predicting."""
    if finetune_mode or not predict_data_example:
        return _ORIGINAL_LOAD.__func__(cls, model_file_name, model_data_example,
                                       predict_data_example, finetune_mode, *args, **kwargs)
    import tensorflow as tf

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=config.get(RUN_EAGERLY))
    # Predicting once, eagerly (no graph to trace), creates every weight a prediction uses.
    run_eagerly, model._run_eagerly = model._run_eagerly, True
    model.run_inference(predict_data_example)
    model._run_eagerly = run_eagerly
    # the optimizer's state and anything only training uses stay in the file, unread
    model.load_weights(model_file_name).expect_partial()
    # What the first prediction computes once (the labels' embeddings) again, from the
    # trained weights, and the prediction graph traced, as Rasa's load does last.
    model.prepared_for_prediction = False
    model.run_inference(predict_data_example)
    return model


class _OpenSession:
    """``async with`` a client session that stays open after the block, for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def _settings(endpoint: EndpointConfig) -> Tuple:
    return (tuple(sorted((endpoint.headers or {}).items())),
            tuple(sorted((endpoint.basic_auth or {}).items())))


def _kept_session(self: EndpointConfig) -> Any:
    """``EndpointConfig.session``, one session per endpoint settings and event loop.

    Outside a running event loop there is nothing to keep the session on: Rasa's own
    session, closed after its block, is returned.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return _ORIGINAL_SESSION(self)
    sessions = _SESSIONS.setdefault(loop, {})
    key = _settings(self)
    session = sessions.get(key)
    if session is None or session.closed:
        auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                if self.basic_auth else None)
        session = aiohttp.ClientSession(
            headers=self.headers, auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        sessions[key] = session
    return _OpenSession(session)


async def close_sessions(loop: Optional[asyncio.AbstractEventLoop] = None) -> None:
    """Closes the sessions kept on ``loop`` (the running loop by default)."""
    for session in _SESSIONS.pop(loop or asyncio.get_running_loop(), {}).values():
        await session.close()


def install() -> None:
    """Puts the faster versions in place of Rasa's."""
    RemoteAction._validate_action_result = _validate_action_result
    RasaModel.load = classmethod(_load_to_predict)
    EndpointConfig.session = _kept_session


def uninstall() -> None:
    """Puts Rasa's own versions back (for tests)."""
    RemoteAction._validate_action_result = _ORIGINAL
    RasaModel.load = _ORIGINAL_LOAD
    EndpointConfig.session = _ORIGINAL_SESSION

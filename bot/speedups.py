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

``install()`` is called by the REST channel when the Rasa server builds it, before the model
is loaded; it changes nothing else and can be called any number of times.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.models import RasaModel

_ORIGINAL = RemoteAction._validate_action_result
_ORIGINAL_LOAD = RasaModel.__dict__["load"]


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


def install() -> None:
    """Puts the faster versions in place of Rasa's."""
    RemoteAction._validate_action_result = _validate_action_result
    RasaModel.load = classmethod(_load_to_predict)


def uninstall() -> None:
    """Puts Rasa's own versions back (for tests)."""
    RemoteAction._validate_action_result = _ORIGINAL
    RasaModel.load = _ORIGINAL_LOAD

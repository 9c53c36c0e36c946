"""Rasa's DIET classifier, trained on batches of messages of about the same length.

A batch is padded to its longest message, and the transformer computes every padded
position as if it were a word. The training messages are short (median 7 tokens) with a
long tail (the longest, 40): a batch drawn at random is padded to its few long messages,
and the transformer computed 3.2 to 3.8 times as many positions as there are tokens.

``LengthBucketedDIETClassifier`` trains exactly as ``DIETClassifier`` does (the same
model, configuration, loss, batch sizes, balancing and number of steps), except that each
epoch, after Rasa's shuffling and balancing, the examples are sorted by length into
batches, and the order of the batches is then shuffled. Each batch is a random draw from
messages of one length band, the padding falls to about a tenth, and an epoch takes a
fraction of the time (README, "Speed and memory"; the held-out figures were compared
before the switch). Prediction, saving and loading are DIET's own, under this class's name.
"""

from __future__ import annotations

from typing import Any, Optional, Type

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.utils.tensorflow.constants import SEQUENCE_LENGTH
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import Data, RasaModelData
from rasa.utils.tensorflow.models import RasaModel


def length_bucketed_order(lengths: np.ndarray, batch_size: int,
                          rng: Optional[np.random.Generator] = None) -> np.ndarray:
    """Positions of the examples, sorted by length into batches of ``batch_size``.

    Equal lengths keep their (shuffled) order; the full batches are then put in a random
    order, and the last, smaller batch, if any, stays last, so that consecutive slices of
    ``batch_size`` are exactly the batches.
    """
    order = np.argsort(lengths, kind="stable")
    full = len(order) // batch_size
    batches = order[: full * batch_size].reshape(full, batch_size)
    shuffled = batches[(rng or np.random).permutation(full)].reshape(-1)
    return np.concatenate([shuffled, order[full * batch_size:]])


class LengthBucketedBatches(RasaBatchDataGenerator):
    """Rasa's batches, each drawn from examples of about the same length."""

    @classmethod
    def like(cls, generator: RasaBatchDataGenerator) -> "LengthBucketedBatches":
        """The same data, batch sizes, epochs and strategy as ``generator``."""
        return cls(generator.model_data, batch_size=generator.batch_size,
                   epochs=generator._epochs, batch_strategy=generator.batch_strategy,
                   shuffle=generator.shuffle,
                   drop_small_last_batch=generator.drop_small_last_batch)

    def _shuffle_and_balance(self, batch_size: int) -> Data:
        data = super()._shuffle_and_balance(batch_size)
        lengths = data.get(TEXT, {}).get(SEQUENCE_LENGTH)
        if not lengths or not self.shuffle:
            return data  # nothing to sort by, or an order that must be kept
        order = length_bucketed_order(np.asarray(lengths[0]).reshape(-1), batch_size)
        return RasaModelData._data_for_ids(data, order)


class LengthBucketedDIET(DIET):
    """DIET's model, fitted on length-bucketed batches."""

    def fit(self, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        if type(x) is RasaBatchDataGenerator:
            x = LengthBucketedBatches.like(x)
        return super().fit(x, *args, **kwargs)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class LengthBucketedDIETClassifier(DIETClassifier):
    """``DIETClassifier`` whose model trains on length-bucketed batches."""

    @staticmethod
    def model_class() -> Type[RasaModel]:
        return LengthBucketedDIET

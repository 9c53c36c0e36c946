"""Rasa's TED policy, remembering what it predicted for the dialogue states it has seen.

TED runs for every action the bot predicts, and under load its TensorFlow call was about a
fifth of the Rasa server's time (``make profile``; README, "Speed and memory"). Without
end-to-end stories (TED featurizes intents, entities, slots, the active form and the last
action, never the message's words) its prediction is a function of the last
``max_history`` dialogue states alone, and those repeat from conversation to conversation:
every student who says hello after a greeting is in the same states.

``CachedTEDPolicy`` computes the states as TED does, and answers from a bounded cache
(least recently used first out) when it has predicted for the same states before; on a
miss it asks TED and keeps the result. It predicts exactly what ``TEDPolicy`` would (a test
compares the two on the test conversations), with the policy trained the same way. A TED
that uses the message's words (end-to-end stories) is never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Dict, Hashable, List, Optional, Tuple

import numpy as np
from rasa.core.featurizers.precomputation import MessageContainerForCoreFeaturization
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

CACHE_SIZE = 4096  # predictions kept; one is a float32 per action in the domain (< 1 KB)


def _frozen(value: Any) -> Hashable:
    """``value`` (states: dicts of dicts, tuples, lists, strings, numbers) as a hashable."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    return value


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True
)
class CachedTEDPolicy(TEDPolicy):
    """``TEDPolicy`` with its predictions cached by dialogue state."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache: "OrderedDict[Hashable, Tuple[np.ndarray, bool]]" = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _cacheable(self) -> bool:
        # A TED that reads the message's words predicts from more than the states.
        return self.model is not None and not self.only_e2e and TEXT not in self.fake_features

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[str, Any]] = None,
        precomputations: Optional[MessageContainerForCoreFeaturization] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """TED's prediction, from the cache when these dialogue states were seen before."""
        if not self._cacheable():
            return super().predict_action_probabilities(
                tracker, domain, rule_only_data, precomputations, **kwargs)
        key = _frozen(self._prediction_states(tracker, domain, rule_only_data=rule_only_data))
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self.hits += 1
        if cached is not None:
            probabilities, end_to_end = cached
            # a new list every time: the policy ensemble edits the one it is given
            return self._prediction(probabilities.tolist(), is_end_to_end_prediction=end_to_end)
        prediction = super().predict_action_probabilities(
            tracker, domain, rule_only_data, precomputations, **kwargs)
        if prediction.optional_events:  # entities predicted from the words: not states alone
            return prediction
        with self._lock:
            self.misses += 1
            self._cache[key] = (np.asarray(prediction.probabilities, dtype=np.float32),
                                prediction.is_end_to_end_prediction)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return prediction

    def cached_states(self) -> List[Hashable]:
        """The keys in the cache, least recently used first (for tests and debugging)."""
        with self._lock:
            return list(self._cache)

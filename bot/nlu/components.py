"""The project's Rasa NLU components.

* ``KnowledgeEntityExtractor``: entities from the project's spaCy pipeline (entity ruler
  built from the knowledge base, plus typo matching), with values normalised to ids.
* ``MessageGuard``: routes messages that cannot be a question (empty, far too long, no
  words) to the fallback, recording why, so the reply can say so.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import names
from bot.nlu.entities import EntityFinder, load_fuzzy_aliases
from bot.nlu.references import find_mentions

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
_WORD = re.compile(r"[A-Za-z]{2,}")


class _ConfiguredComponent(GraphComponent):
    """A component built from its configuration alone: nothing trained, nothing stored."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)


@lru_cache(maxsize=4)
def _finder(pipeline_dir: str) -> EntityFinder:
    return EntityFinder(load_fuzzy_aliases(Path(pipeline_dir)))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class KnowledgeEntityExtractor(_ConfiguredComponent, EntityExtractorMixin):
    """Role, certification, specialization and term entities, as knowledge-base ids."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        finder = _finder(str(model.model_name))
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: match.label,
                    ENTITY_ATTRIBUTE_VALUE: match.value,
                    ENTITY_ATTRIBUTE_START: match.start,
                    ENTITY_ATTRIBUTE_END: match.end,
                    ENTITY_ATTRIBUTE_CONFIDENCE: match.confidence,
                }
                for match in finder.find(model.model(text)) + find_mentions(text)
            ]
            entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MessageGuard(_ConfiguredComponent):
    """Sends empty, overlong and wordless messages to the fallback, saying why."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"max_characters": 1000}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._max_characters = int(self._config["max_characters"])

    def problem(self, text: str) -> str:
        """Why ``text`` cannot be a question, or ``""``."""
        if not text.strip():
            return names.INPUT_EMPTY
        if len(text) > self._max_characters:
            return names.INPUT_TOO_LONG
        if not _WORD.search(text):
            return names.INPUT_NO_WORDS
        return ""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            problem = self.problem(message.get(TEXT) or "")
            if not problem:
                continue
            message.set(names.INPUT_PROBLEM, problem, add_to_output=True)
            message.set(
                INTENT,
                {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0},
                add_to_output=True,
            )
            message.set(INTENT_RANKING_KEY, [], add_to_output=True)
            message.set(ENTITIES, [], add_to_output=True)
        return messages

"""The project's Rasa NLU components.

* ``KnowledgeEntityExtractor``: entities from the project's spaCy pipeline (entity ruler
  built from the knowledge base, plus typo matching), with values normalised to ids.
* ``TopicRouter``: finds the topic words of ``bot.questions`` and settles the message's
  intent from them, the classifier's intent and the entities (``bot.nlu.topics``).
* ``MessageGuard``: routes messages that cannot be a question (empty, far too long, no
  words, no word it has learnt) to the fallback, recording why, so the reply can say so.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_ROLE,
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
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import names
from bot.nlu.entities import (
    EntityFinder,
    bare_codes,
    careers_within_stages,
    load_fuzzy_aliases,
    stacked_codes,
    stacked_credentials,
    state_codes,
    towns_in_states,
)
from bot.nlu.held import is_held, is_needed_first, is_not_meant, states_left
from bot.nlu.references import find_mentions
from bot.nlu.relations import Relations, load_relations, related
from bot.nlu.topics import (
    INTENT_TOPIC,
    Routing,
    TopicFinder,
    chosen_topic,
    route,
    topic_entity,
    yields_to_classifier,
)
from bot.questions import BY_TOPIC

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
# Longer messages go to the fallback (MessageGuard), so no words are looked for in them.
MAX_CHARACTERS = 1000
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


# What a student can already be or hold.
HOLDABLE = (names.ROLE, names.SPECIALIZATION, names.CERTIFICATION)


class _SpacyComponent(_ConfiguredComponent):
    """A component that reads the docs of the project's spaCy pipeline; no options."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}


@lru_cache(maxsize=4)
def _finder(pipeline_dir: str) -> EntityFinder:
    return EntityFinder(load_fuzzy_aliases(Path(pipeline_dir)))


@lru_cache(maxsize=4)
def _codes(pipeline_dir: str) -> Dict[str, str]:
    return stacked_codes(Path(pipeline_dir))


@lru_cache(maxsize=4)
def _state_codes(pipeline_dir: str) -> Dict[str, str]:
    return state_codes(Path(pipeline_dir))


@lru_cache(maxsize=4)
def _relations(pipeline_dir: str) -> Relations:
    return load_relations(Path(pipeline_dir))


def _doc(message: Message, text: str, model: SpacyModel) -> Any:
    """The document SpacyNLP made of the message, if of the text as typed, else a new one.

    Made once, it is not made again: the pipeline's entity patterns are most of its cost.
    """
    doc = message.get(SPACY_DOCS[TEXT])
    return doc if doc is not None and doc.text == text else model.model(text)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class KnowledgeEntityExtractor(_SpacyComponent, EntityExtractorMixin):
    """Role, certification, specialization and term entities, as knowledge-base ids.

    A role, specialization or credential the student says they already are or hold ("I'm a
    rad tech") has the entity role ``held``; the names are then read together
    (``bot.nlu.relations``): "ARRT for MRI" is ARRT's MRI credential.
    """

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        finder = _finder(str(model.model_name))
        for message in messages:
            text = message.get(TEXT) or ""
            found = []
            matches = finder.find(_doc(message, text, model))
            known = {match.value for match in matches}
            codes = _codes(str(model.model_name))
            matches += [match for match in stacked_credentials(text, codes)
                        if match.value not in known]  # "RT(R)(CT)"
            matches += [match for match in bare_codes(text, codes)  # "the CI one"
                        if not any(m.start < match.end and match.start < m.end
                                   for m in matches)]
            matches += [match for match in towns_in_states(  # "around norfolk VA"
                text, _state_codes(str(model.model_name)))
                if not any(m.start < match.end and match.start < m.end for m in matches)]
            within = careers_within_stages(finder, model.model, matches)
            for match in sorted(matches + within, key=lambda m: m.start) + find_mentions(text):
                entity = {
                    ENTITY_ATTRIBUTE_TYPE: match.label,
                    ENTITY_ATTRIBUTE_VALUE: match.value,
                    ENTITY_ATTRIBUTE_START: match.start,
                    ENTITY_ATTRIBUTE_END: match.end,
                    ENTITY_ATTRIBUTE_CONFIDENCE: match.confidence,
                }
                if match.label in names.ENTITIES and is_not_meant(text, match.start):
                    entity[ENTITY_ATTRIBUTE_ROLE] = names.NOT_MEANT  # "... not MRI"
                elif match in within:
                    entity[ENTITY_ATTRIBUTE_ROLE] = names.STUDYING  # "sonography students"
                elif match.label in HOLDABLE and is_needed_first(text, match.start, match.end):
                    entity[ENTITY_ATTRIBUTE_ROLE] = names.NEEDED  # "have to be a rad tech first"
                elif match.label in HOLDABLE and is_held(text, match.start, match.end):
                    entity[ENTITY_ATTRIBUTE_ROLE] = names.HELD  # "I'm a rad tech": not the subject
                found.append(entity)
            states = [entity for entity in found if entity[ENTITY_ATTRIBUTE_TYPE] == names.STATE
                      and ENTITY_ATTRIBUTE_ROLE not in entity]
            left = states_left(text, [(state[ENTITY_ATTRIBUTE_START],
                                       state[ENTITY_ATTRIBUTE_END]) for state in states])
            for entity, leaving in zip(states, left, strict=True):
                if leaving:
                    entity[ENTITY_ATTRIBUTE_ROLE] = names.HELD  # "moving from Virginia to ..."
            found = related(text, found, _relations(str(model.model_name)))  # "ARRT for MRI"
            entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


# Names in which no topic word is looked for ("Quality Assurance Specialist" is not about
# skills); a term may be the topic itself ("CE credits").
NAMES_NO_TOPIC = (names.ROLE, names.SPECIALIZATION, names.CERTIFICATION, names.STATE)


DEFINITIONS = "definitions"
# The parse-data key holding the classifier's intent before the topic words routed it.
CLASSIFIED_INTENT = "classified_intent"


def _within(entity: Dict[str, Any], match: Any) -> bool:
    """Whether a term entity lies within the words that named the topic."""
    return (entity.get(ENTITY_ATTRIBUTE_TYPE) == names.TERM
            and match.start <= entity.get(ENTITY_ATTRIBUTE_START, -1)
            and entity.get(ENTITY_ATTRIBUTE_END, 10**9) <= match.end)


@lru_cache(maxsize=4)
def _topic_finder(pipeline_dir: str, nlp: Any) -> TopicFinder:
    return TopicFinder(nlp)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False, model_from="SpacyNLP"
)
class TopicRouter(_SpacyComponent):
    """Adds the ``topic`` entity and routes the message to the intent of the topic it asks.

    Runs after the classifier and the fallback classifier: a topic word outranks an
    unsure or topic-less classification, and the classifier stays the backstop when the
    message has no topic word (``bot.nlu.topics.route``). A classifier sure of a question's
    topic (``trust_classifier_above``) outranks the words: it has read the whole message,
    where a word may sit in a clause that sets the scene.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"trust_classifier_above": 1.01}  # above any confidence: the words decide

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._trusted = float(self._config["trust_classifier_above"])

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        finder = _topic_finder(str(model.model_name), model.model)
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or len(text) > MAX_CHARACTERS:
                continue  # the message guard sends it to the fallback; nothing to read
            doc = _doc(message, text, model)
            entities = message.get(ENTITIES) or []
            taken = [(e[ENTITY_ATTRIBUTE_START], e[ENTITY_ATTRIBUTE_END]) for e in entities
                     if e.get(ENTITY_ATTRIBUTE_TYPE) in NAMES_NO_TOPIC
                     and ENTITY_ATTRIBUTE_START in e]
            matches = finder.find(doc, taken)
            classified = message.get(INTENT) or {}
            intent = classified.get(INTENT_NAME_KEY) or FALLBACK_INTENT
            routing = route(intent, entities, matches, text)
            if ((classified.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self._trusted
                    and yields_to_classifier(routing, intent, matches, text)):
                routing = Routing(intent, chosen_topic(
                    [match for match in matches if match.topic == INTENT_TOPIC[intent]]),
                    changed=False)
            # what the classifier alone said, for the logs and the design comparison
            message.set(CLASSIFIED_INTENT, intent, add_to_output=True)
            if routing.topic is not None:
                found = {**topic_entity(routing.topic), "extractor": type(self).__name__}
                if routing.topic.topic != DEFINITIONS:
                    # "CE credits" names the topic, not a term to define: any of the
                    # topic's words may, not only the one chosen
                    named = [match for match in matches if match.topic == routing.topic.topic]
                    same = BY_TOPIC[routing.topic.topic].topic_terms
                    entities = [e for e in entities
                                if not (e.get(ENTITY_ATTRIBUTE_VALUE) in same
                                        and any(_within(e, match) for match in named))]
                message.set(ENTITIES, entities + [found], add_to_output=True)
            if routing.changed:
                self._set_intent(message, routing.intent)
        return messages

    @staticmethod
    def _set_intent(message: Message, intent: str) -> None:
        ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
                   if entry.get(INTENT_NAME_KEY) not in (intent, FALLBACK_INTENT)]
        chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class MessageGuard(GraphComponent):
    """Sends messages that cannot be a question to the fallback, saying why.

    Empty, overlong and wordless messages; and messages of several words none of which
    the assistant has learnt ("purple monkey dishwasher"), that name nothing it knows and
    no topic. On such words the classifier can only guess, and a guess may be a
    confident one; the vocabulary is every word of the training examples and lookup
    tables, learnt in ``train``.
    """

    VOCABULARY_FILE = "vocabulary.json"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Fewer words than this are left to the classifier: "thx", "hii" and "k" are
        # short ways of saying things it has learnt.
        return {"max_characters": MAX_CHARACTERS, "min_unknown_words": 2}

    def __init__(self, config: Dict[str, Any], vocabulary: Iterable[str] = (),
                 model_storage: Optional[ModelStorage] = None,
                 resource: Optional[Resource] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._max_characters = int(self._config["max_characters"])
        self._min_unknown = int(self._config["min_unknown_words"])
        self._vocabulary = frozenset(stem(word) for word in vocabulary)
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MessageGuard":
        return cls(config, (), model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "MessageGuard":
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / cls.VOCABULARY_FILE).read_text("utf-8"))
        except (ValueError, OSError):
            # a model trained before the guard learnt words: it guards as it did then
            logger.warning("The message guard has no vocabulary; retrain the model.")
            words = []
        return cls(config, words, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [example.get(TEXT) or "" for example in training_data.training_examples]
        texts += [str(element) for table in training_data.lookup_tables
                  for element in table.get("elements") or []]
        words = sorted({word for text in texts for word in words_of(text)})
        self._vocabulary = frozenset(stem(word) for word in words)
        if self._model_storage is not None and self._resource is not None:
            with self._model_storage.write_to(self._resource) as directory:
                (directory / self.VOCABULARY_FILE).write_text(json.dumps(words), "utf-8")
        return self._resource

    def problem(self, text: str, entities: Sequence[Dict[str, Any]] = ()) -> str:
        """Why ``text`` cannot be a question, or ``""``."""
        if not text.strip():
            return names.INPUT_EMPTY
        if len(text) > self._max_characters:
            return names.INPUT_TOO_LONG
        if not _WORD.search(text):
            return names.INPUT_NO_WORDS
        found = words_of(text)
        if (self._vocabulary and not entities and len(found) >= self._min_unknown
                and not any(stem(word) in self._vocabulary for word in found)):
            return names.INPUT_UNKNOWN_WORDS
        return ""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            problem = self.problem(message.get(TEXT) or "", message.get(ENTITIES) or [])
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


_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
_ENDINGS = ("'s", "ing", "ies", "es", "ed", "s")


def words_of(text: str) -> List[str]:
    """The words of ``text``, in lower case (letters, and an apostrophe within)."""
    return _WORDS.findall(text.lower())


def stem(word: str) -> str:
    """``word`` without a regular ending, so that "earning" and "earns" are one word."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word

"""What every answer action shares: reading the subject, querying, uttering, failing well."""

from __future__ import annotations

import abc
import asyncio
import logging
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot import names
from bot.answers import ANSWERS, NeedsRole, Reply, Subject
from bot.answers import responses as r
from bot.answers.subjects import role_choices, unknown_values
from bot.kb.db import default_session_factory

logger = logging.getLogger(__name__)

MAX_ECHOED_CHARS = 60


@dataclass
class Outcome:
    """What the knowledge base said: replies, or an unknown value, or roles to choose from."""

    replies: List[Reply] = field(default_factory=list)
    unknown: Optional[Tuple[str, str]] = None
    role_choices: Optional[List[Tuple[str, str]]] = None


def subject_from(tracker: Tracker) -> Subject:
    """The ids the latest message is about; remembered slots fill in when it names none."""
    from_message = {
        entity: next(tracker.get_latest_entity_values(entity), None) for entity in names.ENTITIES
    }
    if any(from_message.values()):
        return Subject(**from_message)
    return Subject(**{entity: tracker.get_slot(entity) for entity in names.ENTITIES})


def button_payload(intent: str, role_id: str) -> str:
    """A button payload that asks ``intent`` about ``role_id``."""
    return f'/{intent}{{"{names.ROLE}": "{role_id}"}}'


class AnswerAction(Action, abc.ABC):
    """Answers one kind of question from the knowledge base (``bot.answers.ANSWERS``)."""

    @property
    @abc.abstractmethod
    def intent(self) -> str:
        """The intent this action answers."""

    def name(self) -> str:
        return f"action_answer_{self.intent.removeprefix('ask_')}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        subject = subject_from(tracker)
        try:
            outcome = await asyncio.get_running_loop().run_in_executor(
                None, self.consult, subject
            )
        except SQLAlchemyError:
            logger.exception("Knowledge base unavailable in %s", self.name())
            dispatcher.utter_message(response=r.KNOWLEDGE_UNAVAILABLE)
            return []
        if outcome.unknown:
            entity, value = outcome.unknown
            dispatcher.utter_message(response=r.UNKNOWN_SUBJECT, value=value[:MAX_ECHOED_CHARS])
            return [SlotSet(entity, None)]
        if outcome.role_choices is not None:
            buttons = [
                {"title": title, "payload": button_payload(self.intent, role_id)}
                for role_id, title in outcome.role_choices
            ]
            dispatcher.utter_message(response=r.ASK_ROLE, buttons=buttons)
            return []
        for reply in outcome.replies:
            dispatcher.utter_message(response=reply.response, **reply.variables)
        return []

    def consult(self, subject: Subject) -> Outcome:
        """Ask the knowledge base (runs in a worker thread, with a session of its own)."""
        with default_session_factory()() as session:
            unknown = unknown_values(session, subject)
            if unknown:
                return Outcome(unknown=unknown[0])
            try:
                return Outcome(replies=ANSWERS[self.intent](session, subject))
            except NeedsRole:
                return Outcome(role_choices=role_choices(session))

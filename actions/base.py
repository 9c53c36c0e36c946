"""What every answer action shares: reading the context, querying, uttering, failing well."""

from __future__ import annotations

import abc
import asyncio
import json
import logging
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot import names
from bot.answers import NeedsRole, Reply, Subject, verdicts
from bot.answers.comparison import about_each, roles_to_compare
from bot.answers.context import (
    EACH,
    NAMED,
    THIS,
    asked_about,
    listed_item,
    next_subject,
    resolve_mention,
)
from bot.answers.eligibility import held_roles
from bot.answers.planner import outside_imaging
from bot.answers.subjects import (
    describe,
    for_career_studied,
    role_choices,
    specific,
    unknown_values,
    who,
)
from bot.kb.db import default_session_factory
from bot.nlu.held import is_held
from bot.questions import Question, follow_up_intents

logger = logging.getLogger(__name__)

MAX_ECHOED_CHARS = 60
MAX_RECENT = 3
# Responses named so hold an intent's name in plain words, for buttons.
INTENT_LABEL_PREFIX = "utter_intent_"
# Channels whose client asks "Was this helpful?" under an answer: the web page, on REST.
FEEDBACK_CHANNELS = frozenset({"rest"})

def button_payload(intent: str, entities: Dict[str, str]) -> str:
    """A button payload that asks ``intent`` about ``entities`` (entity → id)."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def intent_label(domain: DomainDict, intent: str) -> Optional[str]:
    """The plain-words name of an intent (the ``utter_intent_<intent>`` response), if any."""
    variations = domain.get("responses", {}).get(f"{INTENT_LABEL_PREFIX}{intent}") or []
    return variations[0].get("text") if variations else None


def suggestion_buttons(domain: DomainDict, intent: str) -> List[Dict[str, str]]:
    """Buttons for the natural next questions after answering ``intent``."""
    buttons = []
    for follow_up in follow_up_intents(intent):
        title = intent_label(domain, follow_up)
        if title:
            buttons.append({"title": title, "payload": button_payload(follow_up, {})})
    return buttons


# What a message may name that a question is about, beside a term.
_CAREER_OR_CREDENTIAL = (names.ROLE, names.SPECIALIZATION, names.CERTIFICATION)


@dataclass
class Context:
    """What the conversation was about before the latest message, and what that message names.

    Attributes:
        previous: the subject remembered in the slots.
        named: the first id of each entity in the latest message, with "the first one"
            resolved against what the bot last listed.
        named_in_order: every (entity, id) the latest message names, in order.
        mention: the latest message's "the first one" / "that one", if any.
        listed: what the bot last listed, as ``listed_item`` strings.
        compared: the roles of the comparison still being talked about.
        recent: the roles (or specializations) answered about lately, latest first.
        careers: what the message names that may be a career outside imaging
            ("accountants", "nurse"), as (entity, value, words).
        text: the latest message, for whether it asks yes or no.
        compared_credentials: the credentials of the last comparison, if it was of them.
        held: what the student holds, as (entity, id): what the latest message says they
            are or hold ("I'm a rad tech", "can a sonographer ..."), else the role the
            planner was told they hold.
        stage: where the latest message says the student is ("I have a bachelor's"), as
            a starting point's id.
        studying: the careers the latest message says the student is training for ("in my
            second year of rad tech school"), as (entity, id).
        asked_in_words: the topic the latest message's words name (its ``topic`` entity),
            which may differ from the question routed: "how do I get into mammography?"
            names the pathway, and asks about the specialty.
    """

    previous: Subject
    named: Dict[str, Optional[str]]
    named_in_order: List[Tuple[str, str]]
    mention: Optional[str]
    listed: List[str]
    compared: List[str]
    careers: List[Tuple[str, str, str]] = field(default_factory=list)
    recent: List[str] = field(default_factory=list)
    text: str = ""
    compared_credentials: List[str] = field(default_factory=list)
    held: List[Tuple[str, str]] = field(default_factory=list)
    stage: Optional[str] = None
    studying: List[Tuple[str, str]] = field(default_factory=list)
    asked_in_words: Optional[str] = None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> "Context":
        text = tracker.latest_message.get("text") or ""
        every = tracker.latest_message.get("entities") or []
        entities = asked_about(every, text)
        # who the student is; a state held is where they are, which no answer reads
        held = [(e["entity"], e["value"]) for e in every if e.get("role") == names.HELD
                and e.get("entity") in names.ENTITIES and e.get("entity") != names.STATE
                and e.get("value")]
        if not held and tracker.get_slot(names.CURRENT_ROLE):
            held = [(names.ROLE, tracker.get_slot(names.CURRENT_ROLE))]
        named_in_order = [(e["entity"], e["value"]) for e in entities
                          if e.get("entity") in names.ENTITIES and e.get("value")]
        named: Dict[str, Optional[str]] = {entity: None for entity in names.ENTITIES}
        for entity, value in named_in_order:
            named[entity] = named[entity] or value
        mention = next(tracker.get_latest_entity_values(names.MENTION), None)
        # Only what answers can be about; the planner's starting points are its own.
        listed = [item for item in tracker.get_slot(names.LISTED) or []
                  if isinstance(item, str) and item.partition(":")[0] in names.ENTITIES]
        previous = Subject(**{entity: tracker.get_slot(entity) for entity in names.ENTITIES})
        if mention and not named_in_order:
            compared = [listed_item(names.ROLE, role)
                        for role in tracker.get_slot(names.COMPARED) or []]
            named_one = mention.startswith(NAMED)
            item = resolve_mention(mention, listed or compared if named_one else listed)
            if item is not None:
                named[item[0]] = item[1]
                named_in_order = [item]
            elif mention == THIS and not listed and any(asdict(previous).values()):
                mention = None  # "who gives that one out?": the one just talked about
            elif named_one:
                mention = None  # "the other one", "the same one": no item called so
        target = tracker.get_slot(names.TARGET_ROLE)
        if target and not (previous.role or previous.specialization):
            # the career being planned for is the one talked about ("how long would the
            # whole thing take?" in the middle of a plan)
            previous = replace(previous, role=target)
        studying = [(e["entity"], e["value"]) for e in every
                    if e.get("role") == names.STUDYING and e.get("value")
                    and e.get("entity") in (names.ROLE, names.SPECIALIZATION)]
        held_role = next((value for entity, value in held if entity == names.ROLE), None)
        if held_role and not (previous.role or previous.specialization):
            # who the question is about, when it names no career: "my daughter is a
            # mammographer ... moving to Maryland, does she need to get licensed again?",
            # then "does her continuing education carry over?"
            previous = replace(previous, role=held_role)
        elif studying and not (previous.role or previous.specialization) and not any(
                entity in _CAREER_OR_CREDENTIAL for entity, _ in named_in_order):
            # so is the career studied, beside a term: "sono student here, when should i
            # take SPI?"; but "im in rad tech school, whats on the RDMS exam" is about RDMS
            previous = replace(previous, **{studying[0][0]: studying[0][1]})
        return cls(previous, named, named_in_order, mention, listed,
                   list(tracker.get_slot(names.COMPARED) or []),
                   _careers_named(text, entities),
                   [item for item in tracker.get_slot(names.RECENT) or []
                    if isinstance(item, str)],
                   text,
                   [item for item in tracker.get_slot(names.COMPARED_CREDENTIALS) or []
                    if isinstance(item, str)],
                   held,
                   next(tracker.get_latest_entity_values(names.STAGE), None),
                   studying,
                   next(tracker.get_latest_entity_values(names.TOPIC), None))

    @property
    def names_something(self) -> bool:
        return bool(self.named_in_order)

    @property
    def unresolved_mention(self) -> bool:
        """The message says "that one" but it is not clear which listed item it means."""
        return bool(self.mention) and self.mention != EACH and not self.names_something

    def group(self) -> List[str]:
        """The roles a question is about all at once, if it is about several.

        Those compared, unless the message names a role of its own; with "which one" or
        "both", those compared, else those listed, else the last two talked about
        ("which of the two pays better?"), whatever else the message names.
        """
        if self.mention == EACH:
            listed_roles = [value for entity, _, value in
                            (item.partition(":") for item in self.listed)
                            if entity == names.ROLE]
            return self.compared or listed_roles or (
                self.recent[:2] if len(self.recent) >= 2 else [])
        return [] if self.names_something else self.compared

    def subject(self) -> Subject:
        return next_subject(self.previous, self.named, self.text)


# Topics only imaging careers have here (not pay, outlook, schooling or how long).
IMAGING_TOPICS = frozenset({"certification", "exam", "continuing_education",
                            "clinical_experience", "accreditation", "licensure",
                            "specializing", "switching_roles"})
# Words that put a question in imaging whatever career the student names as theirs.
_IMAGING = re.compile(r"\b(?:imaging|radiology|radiologic|x-?rays?|scans?|scanning|clinicals?"
                      r"|rotations?|registry|boards)\b", re.IGNORECASE)


def _about_imaging(text: str, entities: Sequence[Dict[str, Any]]) -> bool:
    """Whether the question is about imaging: its words, or a topic only imaging has."""
    return bool(_IMAGING.search(text)) or any(
        entity.get("entity") == names.TOPIC and entity.get("value") in IMAGING_TOPICS
        for entity in entities)


def _careers_named(text: str, entities: Sequence[Dict[str, Any]]) -> List[Tuple[str, str, str]]:
    """(entity, value, words) of each career the message names that may be outside imaging.

    That is an ``other_career`` entity, or a starting point of the planner, which is a
    career outside imaging when the knowledge base says so ("nurse"), unless the message
    says the student is one ("im an emt", "my emt experience"): then it is who asks.
    """
    found = []
    for entity in entities:
        if entity.get("entity") not in (names.OTHER_CAREER, names.STAGE):
            continue
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
            if (entity.get("entity") == names.STAGE and is_held(text, start, end)
                    and _about_imaging(text, entities)):
                continue  # "im an emt, which imaging job ...": who asks, not what about
            words = text[start:end]
        else:
            words = str(entity.get("value", "")).replace("_", " ")
        found.append((entity["entity"], str(entity.get("value", "")), words[:MAX_ECHOED_CHARS]))
    return found


def other_career(session: Session, careers: Sequence[Tuple[str, str, str]]) -> Optional[str]:
    """The words naming a career outside imaging among ``careers``, if there is one."""
    for entity, value, words in careers:
        if entity == names.OTHER_CAREER or outside_imaging(session, value):
            return words
    return None


@dataclass
class Outcome:
    """What the knowledge base said: replies, or an unknown value, or choices to offer."""

    replies: List[Reply] = field(default_factory=list)
    unknown: Optional[Tuple[str, str]] = None
    choices: Optional[List[Tuple[str, str, str]]] = None  # (entity, id, title)
    subject: Optional[Subject] = None
    compared: List[str] = field(default_factory=list)
    compared_credentials: List[str] = field(default_factory=list)
    suggest: bool = True  # offer the next questions as buttons
    question: Optional[Question] = None  # the question answered, when not the one asked


def consult_with(work: Callable[[Session], Any]) -> Any:
    """Run ``work`` with a knowledge-base session of its own (called in a worker thread)."""
    with default_session_factory()() as session:
        return work(session)


def subject_events(tracker: Tracker, subject: Subject) -> List[EventType]:
    """Slot events that make ``subject`` the one remembered."""
    return [SlotSet(slot, value) for slot, value in asdict(subject).items()
            if tracker.get_slot(slot) != value]


def offer_feedback(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Marks what was just sent as an answer, for the web page's "Was this helpful?".

    The marker is a custom message holding the id of the question answered; the page puts
    yes/no buttons under the answer and sends them back with that id (``bot.names.FEEDBACK``).
    Clients that show custom messages as they are (rasa shell) never get it.
    """
    message_id = tracker.latest_message.get("message_id")
    if message_id and tracker.get_latest_input_channel() in FEEDBACK_CHANNELS:
        dispatcher.utter_message(json_message={names.FEEDBACK: {names.ANSWER_TO: message_id}})


class ContextAction(Action, abc.ABC):
    """Base of the answer actions: runs the knowledge-base work, utters, keeps the context."""

    @abc.abstractmethod
    def question(self, tracker: Tracker) -> Question:
        """The question to answer (``bot.questions``)."""

    @abc.abstractmethod
    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        """Compose the outcome for ``question`` in ``context`` (runs in a worker thread)."""

    def measures_against(self, context: Context) -> bool:
        """Whether a career outside imaging is what the career talked about is set beside.

        Only a comparison does: "whats the pay like compared to nursing", after the cath
        lab. Any other question about such a career alone is declined.
        """
        return False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = self.question(tracker)
        context = Context.from_tracker(tracker)
        try:
            outcome = await asyncio.get_running_loop().run_in_executor(
                None, consult_with,
                lambda session: self._work_or_ask(session, question, context),
            )
        except SQLAlchemyError:
            logger.exception("Knowledge base unavailable in %s", self.name())
            dispatcher.utter_message(response=names.KNOWLEDGE_UNAVAILABLE)
            return []
        if outcome.unknown:
            entity, value = outcome.unknown
            dispatcher.utter_message(response=names.UNKNOWN_SUBJECT,
                                     value=value[:MAX_ECHOED_CHARS])
            return []
        if outcome.choices is not None:
            return self._offer_choices(dispatcher, tracker, question, outcome.choices, context)
        if not outcome.suggest:
            self._utter(dispatcher, domain, "", outcome.replies)
            offer_feedback(dispatcher, tracker)
            return []
        answered = outcome.question or question
        self._utter(dispatcher, domain, answered.intent, outcome.replies)
        offer_feedback(dispatcher, tracker)
        return self._context_events(tracker, answered, outcome)

    def _work_or_ask(self, session: Session, question: Question, context: Context) -> Outcome:
        if context.unresolved_mention:
            return Outcome(choices=[
                (entity, value, describe(session, entity, value))
                for entity, _, value in (item.partition(":") for item in context.listed)
            ])
        career = other_career(session, context.careers)
        if career and not context.names_something and not self.measures_against(context):
            return Outcome(replies=[Reply(names.OUT_OF_SCOPE_CAREER, {"career": career})],
                           suggest=False)
        unknown = unknown_values(session, Subject(**context.named))
        if unknown:
            return Outcome(unknown=unknown[0])
        try:
            return self.work(session, question, context)
        except NeedsRole:
            return Outcome(choices=[(names.ROLE, role_id, title)
                                    for role_id, title in role_choices(session)])

    def _offer_choices(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       question: Question, choices: Sequence[Tuple[str, str, str]],
                       context: Context) -> List[EventType]:
        """Asks which one is meant, remembering the question and what the message named.

        A student who types the answer ("sonographers") instead of pressing a button gets
        the question answered for it, as a follow-up.
        """
        if not choices:
            dispatcher.utter_message(response=names.NOTHING_LISTED)
            return []
        intent = names.CHOOSE_OPTION if context.unresolved_mention else question.intent
        buttons = [{"title": title, "payload": button_payload(intent, {entity: value})}
                   for entity, value, title in choices]
        response = names.ASK_WHICH_ONE if context.unresolved_mention else names.ASK_ROLE
        dispatcher.utter_message(response=response, buttons=buttons)
        events: List[EventType] = [
            SlotSet(names.LISTED, [listed_item(entity, value) for entity, value, _ in choices])]
        if context.unresolved_mention:
            return events
        return events + [SlotSet(names.TOPIC, question.topic)] + subject_events(
            tracker, context.subject())

    @staticmethod
    def _utter(dispatcher: CollectingDispatcher, domain: DomainDict, intent: str,
               replies: Sequence[Reply]) -> None:
        """Sends the answer without its details, offering them with a "More detail" button."""
        lead = [reply for reply in replies if not reply.detail] or list(replies)
        buttons = suggestion_buttons(domain, intent)
        if len(lead) < len(replies):
            buttons = [{"title": intent_label(domain, names.MORE_DETAIL) or "More detail",
                        "payload": button_payload(names.MORE_DETAIL, {})}] + buttons
        for position, reply in enumerate(lead, start=1):
            extra: Dict[str, Any] = {"buttons": buttons} if position == len(lead) else {}
            dispatcher.utter_message(response=reply.response, **reply.variables, **extra)

    @staticmethod
    def _context_events(tracker: Tracker, question: Question,
                        outcome: Outcome) -> List[EventType]:
        """Slot events that remember what this answer was about."""
        wanted: Dict[str, Any] = {names.TOPIC: question.topic,
                                  names.COMPARED: outcome.compared or None,
                                  names.COMPARED_CREDENTIALS:
                                      outcome.compared_credentials or None}
        if outcome.subject is not None:
            wanted.update(asdict(outcome.subject))
            who = outcome.subject.role or outcome.subject.specialization
            recent = [item for item in tracker.get_slot(names.RECENT) or [] if item != who]
            if who:
                wanted[names.RECENT] = ([who] + recent)[:MAX_RECENT]
        listed = [item for reply in outcome.replies for item in reply.listed]
        if listed:
            wanted[names.LISTED] = [listed_item(entity, value) for entity, value in listed]
        return [SlotSet(slot, value) for slot, value in wanted.items()
                if tracker.get_slot(slot) != value]


DEFINITIONS = "definitions"
CERTIFICATION = "certification"


def answer_in_context(session: Session, question: Question, context: Context) -> Outcome:
    """``question`` answered about the subject in ``context``.

    The subject is what the latest message names, with the remembered context filling in
    what it leaves out; after a comparison, a question about one role that names none is
    answered for each role compared.
    """
    group = context.group()
    if group and question.per_role:
        roles = roles_to_compare(session, [who(session, id_) for id_ in group])
        return Outcome(replies=about_each(session, question.topic, question.answer, roles),
                       subject=context.previous, compared=[role.id for role in roles],
                       question=question)
    subject = context.subject()
    credentials = list(dict.fromkeys(value for entity, value in context.named_in_order
                                     if entity == names.CERTIFICATION))
    if question.topic == CERTIFICATION and len(credentials) >= 2:
        # "is it ARDMS or CCI that certifies you?": each one named, in order; the first is
        # what "that one" means next, the two what "which one is easier?" compares
        each = [specific(session, replace(subject, certification=credential))
                for credential in credentials]
        replies = [reply for one in each for reply in question.answer(session, one)]
        return Outcome(replies=replies, subject=each[0], question=question,
                       compared_credentials=[str(one.certification) for one in each])
    terms = list(dict.fromkeys((entity, value) for entity, value in context.named_in_order
                               if entity in (names.TERM, names.CERTIFICATION)))
    if question.topic == DEFINITIONS and len(terms) >= 2:
        # "what's the difference between CME and CE?": each one named, in order
        each = [replace(subject, **{names.TERM: None, names.CERTIFICATION: None, entity: value})
                for entity, value in terms]
        return Outcome(replies=[reply for one in each for reply in question.answer(session, one)],
                       subject=each[0], question=question)
    if question.topic != DEFINITIONS:  # "what does ARRT stand for?" asks about ARRT itself
        # "the registry", said by a radiography student, is ARRT's radiography exam
        subject = specific(session, for_career_studied(
            session, subject, context.studying[0] if context.studying else None))
    if question.answer_from is not None and context.held:
        replies = question.answer_from(session, subject, held_roles(session, context.held))
    else:
        replies = question.answer(session, subject)
    return Outcome(replies=verdicts.leading(replies, context.text), subject=subject,
                   question=question)

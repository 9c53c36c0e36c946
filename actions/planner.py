"""The pathway planner: a form that asks where the student is and what they want, then plans.

``action_start_planner`` (re)starts it, keeping what the starting message already said
("I want to become a sonographer, where do I start?"). ``validate_pathway_form`` reads each
answer: a button, a name typed with typos, or "the second one". A question asked in the
middle ("wait, what's JRCERT?") is left to the rules that answer it, after which the form
asks again where it left off; an answer that makes no sense gets a clear re-ask.
"""

from __future__ import annotations

import abc
import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.base import button_payload, consult_with, intent_label, offer_feedback
from bot import names
from bot.answers.comparison import roles_to_compare
from bot.answers.context import listed_item, resolve_mention, says_where_they_live
from bot.answers.core import Reply, Subject, with_article
from bot.answers.planner import (
    asks_held_credential,
    certified_start,
    expansions,
    for_a_new_state,
    in_second_person,
    introduction,
    plan,
    primary_roles,
    role_of_credentials,
    starting_points,
)
from bot.kb import queries
from bot.kb.models import StartingPoint
from bot.questions import BY_TOPIC

logger = logging.getLogger(__name__)

STAGE = names.STAGE
TARGET_ROLE = names.TARGET_ROLE
CURRENT_ROLE = names.CURRENT_ROLE
PLANNER_SLOTS = (STAGE, CURRENT_ROLE, TARGET_ROLE)
PATHWAY_FORM = "pathway_form"
PATHWAY_TOPIC = "pathway"  # the topic (bot.questions) of "how do I become ...?"

# Intents whose message is read as an answer to the planner's question. Any other intent
# is a question or request of its own, answered by its rule before the planner goes on.
ANSWER_INTENTS = frozenset({
    names.INFORM, names.PLAN_PATHWAY, names.CHOOSE_OPTION, names.NLU_FALLBACK,
    names.OUT_OF_SCOPE,
})
# A message this short that names the thing asked for is an answer, whatever its intent
# ("sonographer" may be classified as a question about sonographers).
SHORT_ANSWER_WORDS = 4

NOT_UNDERSTOOD = {
    STAGE: names.PLANNER_STAGE_NOT_UNDERSTOOD,
    CURRENT_ROLE: names.PLANNER_ROLE_NOT_UNDERSTOOD,
    TARGET_ROLE: names.PLANNER_ROLE_NOT_UNDERSTOOD,
}


def _named(tracker: Tracker, entities: tuple) -> List[tuple]:
    found = tracker.latest_message.get("entities") or []
    return [(e["entity"], e["value"]) for e in found if e.get("entity") in entities]


def _listed_choice(tracker: Tracker, entity: str) -> Optional[str]:
    """The listed item of kind ``entity`` that "the first one" refers to, if any."""
    mention = next(tracker.get_latest_entity_values(names.MENTION), None)
    if not mention:
        return None
    item = resolve_mention(mention, tracker.get_slot(names.LISTED) or [])
    return item[1] if item and item[0] == entity else None


def _is_answer(tracker: Tracker, names_the_thing: bool) -> bool:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in ANSWER_INTENTS:
        return True
    words = (tracker.latest_message.get("text") or "").split()
    return names_the_thing and len(words) <= SHORT_ANSWER_WORDS


def _volunteers(tracker: Tracker) -> bool:
    """Whether the message offers planner answers, whatever the planner asked just now.

    Any message that is not a question of its own may ("I'm a nurse and want to do
    ultrasound" answers two of the planner's questions in any order), and so may a message
    of a few words ("sonography"), whatever the classifier made of it.
    """
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    words = (tracker.latest_message.get("text") or "").split()
    return intent in ANSWER_INTENTS or len(words) <= SHORT_ANSWER_WORDS


async def _named_role(tracker: Tracker, held: bool = False) -> Optional[str]:
    """The role the message names (a specialization counts as its role), if any.

    With ``held``, the role the student says they already are ("I'm a rad tech");
    otherwise the one they ask about ("... and want to do MRI").
    """
    found = tracker.latest_message.get("entities") or []
    named = [(e["entity"], e["value"]) for e in found
             if e.get("entity") in (names.ROLE, names.SPECIALIZATION)
             and (e.get("role") == names.HELD) == held]
    if not named:
        return None
    subjects = [Subject(**{entity: id_}) for entity, id_ in named]
    roles = await _in_worker(lambda session: roles_to_compare(session, subjects))
    return roles[0].id if roles else None


async def _held_credentials_role(tracker: Tracker) -> Optional[str]:
    """The role of the credentials the student says they hold: "I'm RT(R)(CT)", "RDMS here"."""
    held = [e["value"] for e in tracker.latest_message.get("entities") or []
            if e.get("entity") == names.CERTIFICATION and e.get("role") == names.HELD]
    if not held:
        return None
    return await _in_worker(lambda session: role_of_credentials(session, held))


async def _holds_imaging_work(tracker: Tracker) -> bool:
    """Whether the message says the student is an imaging technologist or holds a credential."""
    return bool(await _named_role(tracker, held=True) or await _held_credentials_role(tracker))


async def _held_role(tracker: Tracker) -> Optional[str]:
    """The role the student says they are: "I'm a rad tech", "RT(R) here", "certified ..."."""
    held = await _named_role(tracker, held=True) or await _held_credentials_role(tracker)
    if held:
        return held
    stages = [value for _, value in _named(tracker, (STAGE,))]
    stage = stages[0] if stages else None
    role = await _named_role(tracker)
    certified = role and await _in_worker(lambda session: asks_held_credential(session, stage))
    return role if certified else None


async def _role_talked_about(tracker: Tracker) -> Optional[str]:
    """The role the conversation is about (a specialization counts as its role), if any."""
    subject = Subject(role=tracker.get_slot(names.ROLE),
                      specialization=tracker.get_slot(names.SPECIALIZATION))
    if not (subject.role or subject.specialization):
        return None
    roles = await _in_worker(lambda session: roles_to_compare(session, [subject]))
    return roles[0].id if roles else None


async def _in_worker(work: Callable[[Session], Any]) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, consult_with, work)


class ValidatePathwayForm(FormValidationAction):
    """Reads and checks the planner's answers; a question in between is not an answer."""

    def name(self) -> str:
        return "validate_pathway_form"

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        stages = [tracker.get_slot(STAGE)] + [value for _, value in _named(tracker, (STAGE,))]
        if await _holds_imaging_work(tracker) or await _in_worker(
                lambda session: any(asks_held_credential(session, stage) for stage in stages)):
            return list(PLANNER_SLOTS)
        return [slot for slot in PLANNER_SLOTS if slot != CURRENT_ROLE]

    async def extract_stage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        named = [value for _, value in _named(tracker, (STAGE,))]
        if not named and await _holds_imaging_work(tracker):
            # "I'm RT(R)(CT)", "im a rad tech": a certified technologist, whatever the words
            named = [value for value in [await _in_worker(certified_start)] if value]
        if tracker.get_slot(names.REQUESTED_SLOT) != STAGE:
            return {STAGE: named[0]} if named and _volunteers(tracker) else {}
        value = named[0] if named else _listed_choice(tracker, STAGE)
        return self._answer(dispatcher, tracker, STAGE, value)

    async def extract_current_role(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot(names.REQUESTED_SLOT) != CURRENT_ROLE:
            held = await _held_role(tracker)
            return {CURRENT_ROLE: held} if held and _volunteers(tracker) else {}
        role = await _named_role(tracker, held=True) or await _named_role(tracker)
        return self._answer(dispatcher, tracker, CURRENT_ROLE,
                            role or _listed_choice(tracker, names.ROLE))

    async def extract_target_role(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        role = await _named_role(tracker)
        if tracker.get_slot(names.REQUESTED_SLOT) != TARGET_ROLE:
            # "I want to become a sonographer" while asked something else.
            # Not when it answers "which credential do you hold?": that role is theirs.
            theirs = (tracker.get_slot(names.REQUESTED_SLOT) == CURRENT_ROLE
                      or role is not None and role == await _held_role(tracker))
            return {TARGET_ROLE: role} if role and not theirs and _volunteers(tracker) else {}
        return self._answer(dispatcher, tracker, TARGET_ROLE,
                            role or _listed_choice(tracker, names.ROLE))

    @staticmethod
    def _answer(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
                value: Optional[str]) -> Dict[str, Any]:
        """The requested slot's new value; ``{}`` when the message was a question of its own."""
        if not _is_answer(tracker, value is not None):
            return {}
        if value is None and not _named(tracker, (STAGE, names.ROLE, names.SPECIALIZATION)):
            dispatcher.utter_message(response=NOT_UNDERSTOOD[slot])
        return {slot: value}

    async def validate_stage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        return await self._known(value, dispatcher, STAGE,
                                 lambda session: session.get(StartingPoint, value))

    async def validate_target_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        return await self._known(value, dispatcher, TARGET_ROLE,
                                 lambda session: queries.role(session, value))

    async def validate_current_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        return await self._known(value, dispatcher, CURRENT_ROLE,
                                 lambda session: queries.role(session, value))

    @staticmethod
    async def _known(value: Any, dispatcher: CollectingDispatcher, slot: str,
                     lookup: Callable[[Session], Any]) -> Dict[str, Any]:
        """Keep ``value`` only if the knowledge base knows it."""
        if value is None:
            return {slot: None}
        if not isinstance(value, str) or await _in_worker(lookup) is None:
            dispatcher.utter_message(response=NOT_UNDERSTOOD[slot])
            return {slot: None}
        return {slot: value}


class _AskWithButtons(Action, abc.ABC):
    """Asks for a planner slot with one button per choice from the knowledge base."""

    response = ""
    entity = ""

    @abc.abstractmethod
    def choices(self, session: Session) -> List[tuple]:
        """(id, title) of each choice."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            choices = await _in_worker(self.choices)
        except SQLAlchemyError:
            logger.exception("Knowledge base unavailable in %s", self.name())
            dispatcher.utter_message(response=names.KNOWLEDGE_UNAVAILABLE)
            return []
        buttons = [{"title": title, "payload": button_payload(names.INFORM, {self.entity: id_})}
                   for id_, title in choices]
        dispatcher.utter_message(response=self.response, buttons=buttons)
        return [SlotSet(names.LISTED, [listed_item(self.entity, id_) for id_, _ in choices])]


class ActionAskStage(_AskWithButtons):
    response = names.PLANNER_ASK_STAGE
    entity = STAGE

    def name(self) -> str:
        return "action_ask_stage"

    def choices(self, session: Session) -> List[tuple]:
        return [(start.id, start.name) for start in starting_points(session)]


class ActionAskTargetRole(_AskWithButtons):
    response = names.PLANNER_ASK_TARGET_ROLE
    entity = names.ROLE

    def name(self) -> str:
        return "action_ask_target_role"

    def choices(self, session: Session) -> List[tuple]:
        return [(role.id, role.name) for role in queries.all_roles(session)]


class ActionAskCurrentRole(_AskWithButtons):
    response = names.PLANNER_ASK_CURRENT_ROLE
    entity = names.ROLE

    def name(self) -> str:
        return "action_ask_current_role"

    def choices(self, session: Session) -> List[tuple]:
        return [(role.id, role.name) for role in primary_roles(session)]


class ActionStartPlanner(Action):
    """Starts the planner, keeping what the starting message already says.

    With no career named, the plan is for the career being talked about ("help me plan
    it" after questions about CT); "start over" starts from nothing. Asked for the plan
    while planning ("ok, back to the plan"), it goes on where it left off.
    """

    def name(self) -> str:
        return "action_start_planner"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        afresh = (tracker.latest_message.get("intent") or {}).get("name") == names.START_OVER
        stages = [value for _, value in _named(tracker, (STAGE,))]
        # where the student said they are before ("hi im an LPN"), unless starting over
        kept = None if afresh or stages else tracker.get_slot(STAGE)
        try:
            role = await _named_role(tracker)
            if (not afresh and role is None and not stages
                    and (tracker.active_loop or {}).get("name") == PATHWAY_FORM):
                return []  # the form asks again where it left off
            if role is None and not afresh:
                role = await _role_talked_about(tracker)
            goal = role and with_article(
                await _in_worker(lambda session: queries.role(session, role).name))
            start = kept and await _in_worker(lambda session: session.get(StartingPoint, kept))
        except SQLAlchemyError:  # the form asks for the role instead
            logger.exception("Knowledge base unavailable in %s", self.name())
            role = goal = start = None
        if goal:
            dispatcher.utter_message(response=names.PLANNER_START_GOAL, role_name=goal)
        else:
            dispatcher.utter_message(response=names.PLANNER_START)
        if start:
            dispatcher.utter_message(response=names.PLANNER_FROM_WHERE_THEY_ARE,
                                     said=in_second_person(start.name))
        return [
            SlotSet(STAGE, stages[0] if stages else start and start.id),
            SlotSet(CURRENT_ROLE, tracker.get_slot(CURRENT_ROLE) if start else None),
            SlotSet(TARGET_ROLE, role),
            SlotSet(names.REQUESTED_SLOT, None),
        ]


class ActionTakeIntroduction(Action):
    """A student saying who they are and asking nothing: said back, kept, and what next.

    "hi im an LPN, been at a nursing home 6 yrs" asks for no plan. What it says is kept for
    what comes next: where the student is, which the planner then need not ask; the imaging
    role they hold, which answers about moving on read; their state; and a career they say
    they want, the subject of "how long would it take?".
    """

    def name(self) -> str:
        return "action_take_introduction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return await take_introduction(dispatcher, tracker, domain)


@dataclass(frozen=True)
class _Introduction:
    """What a student says of themselves: where they are, what they hold, want, and where."""

    stage: Optional[str]
    held: Optional[str]  # the imaging role whose credential they hold
    goal: Optional[str]  # a career they want, or are training for
    state: Optional[str]
    studying: bool  # the goal is the career of the program they are in


async def _introduced(tracker: Tracker) -> _Introduction:
    """What the latest message says of the student (the knowledge base names the roles)."""
    stages = [value for _, value in _named(tracker, (STAGE,))]
    states = [value for _, value in _named(tracker, (names.STATE,))]
    held = await _held_credentials_role(tracker)
    if held is None and not _named(tracker, (names.OTHER_CAREER,)):
        # "a dental assistant with my xray cert" holds no radiographer's credential
        held = await _held_role(tracker)
    goal = await _named_role(tracker)
    stage = stages[0] if stages else (await _in_worker(certified_start) if held else None)
    return _Introduction(
        stage=stage, held=held, goal=goal if goal != held else None,
        state=states[0] if states else None,
        studying=any(entity.get("role") == names.STUDYING
                     for entity in tracker.latest_message.get("entities") or []))


async def take_introduction(dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> List[EventType]:
    """Says back who the student said they are, keeps it, and offers what to do next.

    Just after a plan, more of where the student is plans again; just after the steps
    into a career, it is the student's own plan for it.
    """
    try:
        said = await _introduced(tracker)
        if (said.stage or said.held) and made_a_plan(tracker) and tracker.get_slot(
                names.TOPIC) == names.PLAN_PATHWAY:
            # "I only have an associate degree" just after the plan: the plan, from there
            return await give_plan(dispatcher, tracker, start=await _replanned_from(
                tracker, said.stage, said.held))
        talked_about = await _role_talked_about(tracker)
        if (tracker.get_slot(names.TOPIC) == PATHWAY_TOPIC and talked_about and said.stage
                and not (said.held is None and await _in_worker(
                    lambda session: asks_held_credential(session, said.stage)))):
            # "i have some college, like 30 credits" just after the steps into sonography:
            # the student's own plan, from there
            return await give_plan(dispatcher, tracker, start=(said.stage, said.held),
                                   target=talked_about)
        replies = await _in_worker(lambda session: introduction(
            session, said.stage, said.held, said.state, said.goal, said.studying))
    except SQLAlchemyError:
        logger.exception("Knowledge base unavailable while taking an introduction")
        dispatcher.utter_message(response=names.KNOWLEDGE_UNAVAILABLE)
        return []
    for reply in replies:
        dispatcher.utter_message(response=reply.response, **reply.variables)
    dispatcher.utter_message(response=names.INTRODUCTION_OFFER,
                             buttons=_offers(domain, said.goal, said.held))
    return [SlotSet(slot, value) for slot, value in (
        (STAGE, said.stage), (CURRENT_ROLE, said.held), (names.STATE, said.state),
        (names.ROLE, said.goal)) if value] + (
        [SlotSet(names.SPECIALIZATION, None)] if said.goal else [])


def _offers(domain: DomainDict, goal: Optional[str],
            held: Optional[str]) -> List[Dict[str, str]]:
    """The buttons after an introduction: a plan, and what the student may ask next."""
    offers = [(names.PLAN_PATHWAY, {names.ROLE: goal} if goal else {})]
    if goal:
        offers.append(("ask_role_overview", {names.ROLE: goal}))
    elif held:
        offers.append(("ask_specializations", {names.ROLE: held}))
    else:
        offers.append((names.LIST_ROLES, {}))
    return [{"title": intent_label(domain, intent) or intent,
             "payload": button_payload(intent, found)} for intent, found in offers]


async def _replanned_from(tracker: Tracker, stage: Optional[str],
                          held: Optional[str]) -> tuple:
    """(stage, current role) to plan from, after the student says more of where they are.

    What a certified technologist adds of their schooling ("I only have an associate
    degree") leaves them certified: their credential is what the plan builds on.
    """
    before, current = tracker.get_slot(STAGE), tracker.get_slot(CURRENT_ROLE)
    if held:
        return await _in_worker(certified_start), held
    if current and await _in_worker(lambda session: asks_held_credential(session, before)):
        return before, current
    return stage, None


class ActionGivePlan(Action):
    """Lays out the student's ordered next steps once the planner knows enough."""

    def name(self) -> str:
        return "action_give_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return await give_plan(dispatcher, tracker)


def has_a_plan(tracker: Tracker) -> bool:
    """Whether a plan made in this conversation should be given again for a state.

    Right after the plan, any state named alone ("nj?"); after other questions, the
    student saying where they live ("ok and i live in florida"), which the plan is
    for, while "what about in florida?" asks the last question there.
    """
    if not made_a_plan(tracker):
        return False
    return tracker.get_slot(names.TOPIC) == names.PLAN_PATHWAY or says_where_they_live(
        tracker.latest_message.get("text") or "")


def made_a_plan(tracker: Tracker) -> bool:
    """Whether the planner gave a plan in this conversation whose slots still stand."""
    return bool(tracker.get_slot(STAGE) and tracker.get_slot(TARGET_ROLE) and any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == names.PLAN_CLOSE
        for event in tracker.events))


async def give_plan(dispatcher: CollectingDispatcher, tracker: Tracker,
                    again: bool = False, start: Optional[tuple] = None,
                    target: Optional[str] = None) -> List[EventType]:
    """The plan for the planner's slots, in the state the student named last, if any.

    ``again``: the plan was given before, and "im in NC" asks for it in North Carolina:
    only its licensure step there, which is all that changes (``for_a_new_state``).
    ``start``: (stage, current role) the student said after the plan ("I only have an
    associate degree"), planned from instead of the slots'; ``target``: the role to plan
    for, when it is not the planner's yet (the one a pathway question was about).
    """
    stage, current = tracker.get_slot(STAGE), tracker.get_slot(CURRENT_ROLE)
    target = target or tracker.get_slot(TARGET_ROLE)
    if start is not None:
        stage, current = start
    state = next((value for _, value in _named(tracker, (names.STATE,))),
                 tracker.get_slot(names.STATE))
    try:
        whole = await _in_worker(lambda session: plan(session, stage, target, current, state))
    except SQLAlchemyError:
        logger.exception("Knowledge base unavailable while planning")
        dispatcher.utter_message(response=names.KNOWLEDGE_UNAVAILABLE)
        return []
    except ValueError:
        logger.warning("Planner slots no longer in the knowledge base: %s, %s", stage, target)
        dispatcher.utter_message(response=names.PLANNER_STALE)
        return [SlotSet(slot, None) for slot in PLANNER_SLOTS]
    *steps, close = for_a_new_state(whole) if again else whole
    for reply in steps:
        dispatcher.utter_message(response=reply.response, **reply.variables)
    dispatcher.utter_message(response=close.response, **close.variables,
                             buttons=_step_buttons(whole, target, state))
    offer_feedback(dispatcher, tracker)
    return [SlotSet(names.ROLE, target), SlotSet(names.SPECIALIZATION, None),
            SlotSet(names.STATE, state),
            SlotSet(names.TOPIC, names.PLAN_PATHWAY), SlotSet(names.COMPARED, None),
            SlotSet(names.COMPARED_CREDENTIALS, None)] + (
        [SlotSet(STAGE, stage), SlotSet(CURRENT_ROLE, current)] if start is not None else []
    ) + ([SlotSet(TARGET_ROLE, target)] if target != tracker.get_slot(TARGET_ROLE) else [])


def _step_buttons(replies: List[Reply], target: str,
                  state: Optional[str] = None) -> List[Dict[str, str]]:
    """"Tell me more about <step>" for each step of the plan, then "Start over"."""
    subject = {names.ROLE: target, **({names.STATE: state} if state else {})}
    buttons = [{"title": f"Tell me more about {title.split(' (')[0].lower()}",
                "payload": button_payload(BY_TOPIC[topic].intent, subject)}
               for title, topic in expansions(replies)]
    return buttons + [{"title": "Start over", "payload": f"/{names.START_OVER}"}]

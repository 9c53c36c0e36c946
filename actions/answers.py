"""The answer actions. What each topic's answer is lives in ``bot.questions``.

* ``action_answer`` answers the question the message asks (its intent's topic);
* ``action_compare_roles`` sets roles, or credentials, side by side;
* ``action_answer_follow_up`` asks the last question again about what the message names
  ("and for sonographers?", "sorry, I meant MRI");
* ``action_choose_option`` answers about the item the student picked from a list.
"""

from dataclasses import replace
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import (
    DEFINITIONS,
    Context,
    ContextAction,
    Outcome,
    answer_in_context,
    other_career,
)
from actions.planner import give_plan, has_a_plan, take_introduction
from bot import names
from bot.answers import NeedsRole, Reply, Subject
from bot.answers.comparison import (
    ASPECTS,
    compare,
    compare_credentials,
    compare_in_state,
    roles_to_compare,
)
from bot.answers.context import EACH, asks_if_it_applies, says_where_they_live
from bot.answers.eligibility import entered_directly
from bot.answers.planner import starting_from
from bot.answers.subjects import body_credential, specific, who
from bot.answers.verdicts import PAID
from bot.kb import queries
from bot.questions import BY_INTENT, BY_TOPIC, Question, behind, first_named, in_a_state

OVERVIEW = BY_TOPIC["role_overview"]
COMPARING = BY_TOPIC["comparing"]
CLINICAL = BY_TOPIC["clinical_experience"]
SPECIALIZING = BY_TOPIC["specializing"]
PATHWAY = BY_TOPIC["pathway"]


class ActionAnswer(ContextAction):
    """Answers the question the latest message asks, about its subject."""

    def name(self) -> str:
        return "action_answer"

    def question(self, tracker: Tracker) -> Question:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        question = BY_INTENT.get(intent or "")
        if question is not None and _asks_if_paid_for_clinicals(tracker, question):
            return CLINICAL
        return question if question is not None and question.answer else OVERVIEW

    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        if (question is SPECIALIZING and context.asked_in_words == PATHWAY.topic
                and not context.held and context.subject().role is None
                and entered_directly(session, context.subject().specialization)):
            # "how do i get started with mri", from someone who holds nothing: the way into
            # the career, which MRI can be ("how do I get into mammography?" stays: it is
            # added to an earlier credential)
            question = PATHWAY
        return answer_in_context(session, question, context)


def _asks_if_paid_for_clinicals(tracker: Tracker, question: Question) -> bool:
    """"Are those paid?" just after clinical rotations were answered asks about them.

    Only when the message names nothing: "are sonographers paid well?" asks about pay.
    """
    named = [entity for entity in tracker.latest_message.get("entities") or []
             if entity.get("entity") in names.ENTITIES]
    return (question.topic == "pay" and tracker.get_slot(names.TOPIC) == CLINICAL.topic
            and not named and bool(PAID.search(tracker.latest_message.get("text") or "")))


class ActionCompareRoles(ContextAction):
    """Compares the roles the message names, or one it names with the one talked about."""

    def name(self) -> str:
        return "action_compare_roles"

    def question(self, tracker: Tracker) -> Question:
        return COMPARING

    def measures_against(self, context: Context) -> bool:
        return bool(context.previous.role or context.previous.specialization)

    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        return compare_in_context(session, context)


class ActionAnswerFollowUp(ContextAction):
    """"And for sonographers?", "I meant MRI": the last question again, for what is named.

    A state named after a plan ("im in NC") gives the plan again, with that state's
    licensure step; before any question ("hi im in arizona"), it is where the student is.
    """

    def name(self) -> str:
        return "action_answer_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if _names_only_a_state(tracker) and has_a_plan(tracker):
            return await give_plan(dispatcher, tracker, again=True)  # "im in NC" after it
        if (_names_only_a_state(tracker) and not tracker.get_slot(names.TOPIC)
                and says_where_they_live(tracker.latest_message.get("text") or "")):
            # "hi im in arizona" before any question: where the student is, kept
            return await take_introduction(dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)

    def question(self, tracker: Tracker) -> Question:
        topic = tracker.get_slot(names.TOPIC)
        if _names_only_a_state(tracker):
            if topic == COMPARING.topic and tracker.get_slot(names.COMPARED):
                return COMPARING  # "in ohio specifically", after "sono or mri?"
            return in_a_state(topic)  # "what about in Ohio?", "nj?"
        if topic == DEFINITIONS:
            # "do I have to do it?" after "what's CQR?": continuing education
            question = behind(tracker.get_slot(names.TERM))
            if question is not None:
                return question
        question = BY_TOPIC.get(topic or "")
        if question is not None and (question.per_role or question is COMPARING):
            return question
        return OVERVIEW

    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        if question is COMPARING:
            return compare_in_context(session, context)
        subject = context.subject()
        if context.previous.term in question.terms:
            # "do I have to do it? I got my RT(R) in 2009" after "what's CQR?": about CQR,
            # what the message names being the student's own
            subject = replace(subject, term=context.previous.term)
        elif context.stage and not context.names_something:
            # "what about if i already have a bachelors": the last question again, with
            # what the knowledge base says of starting from there
            return Outcome(replies=starting_from(
                session, context.stage, question.answer(session, subject)), subject=subject)
        elif not context.names_something and not asks_if_it_applies(context.text):
            raise NeedsRole()  # "and them?"; but "do I have to do it?" is about the last
        subject = specific(session, subject)
        return Outcome(replies=question.answer(session, subject), subject=subject)



def _names_only_a_state(tracker: Tracker) -> bool:
    named = {entity.get("entity") for entity in tracker.latest_message.get("entities") or []
             if entity.get("entity") in names.ENTITIES}
    return named == {names.STATE}


class ActionMoreDetail(ContextAction):
    """"More detail": what the last answer held back, about the same subject."""

    def name(self) -> str:
        return "action_answer_more_detail"

    def question(self, tracker: Tracker) -> Question:
        question = BY_TOPIC.get(tracker.get_slot(names.TOPIC) or "")
        return question if question is not None and question.answer else OVERVIEW

    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        details = [replace(reply, detail=False)
                   for reply in answer_in_context(session, question, context).replies
                   if reply.detail]
        if not details:
            return Outcome(replies=[Reply(names.NO_MORE_DETAIL)], suggest=False)
        return Outcome(replies=details, subject=context.subject(), question=question)


class ActionChooseOption(ContextAction):
    """"The second one": tells about the item the bot listed in that place."""

    def name(self) -> str:
        return "action_choose_option"

    def question(self, tracker: Tracker) -> Question:
        return BY_TOPIC.get(tracker.get_slot(names.TOPIC) or "") or OVERVIEW

    def work(self, session: Session, question: Question, context: Context) -> Outcome:
        if not context.names_something:
            return Outcome(choices=[])
        entity, _ = context.named_in_order[0]
        question = OVERVIEW_BY_ENTITY[entity]
        subject = context.subject()
        return Outcome(replies=question.answer(session, subject), subject=subject,
                       question=question)


def _credentials_compared(session: Session, credentials: List[str],
                          context: Context) -> Optional[Outcome]:
    """Credentials side by side, or ``None`` when fewer than two are named or remembered."""
    if len(credentials) == 1:
        remembered = context.compared_credentials + [context.previous.certification]
        earlier = [value for value in remembered if value and value not in credentials]
        if not earlier:
            return None
        credentials = earlier[:1] + credentials
    found = [queries.credential(session, value) for value in credentials]
    if all(found):
        return Outcome(replies=compare_credentials(found, context.text),
                       subject=context.previous, compared_credentials=credentials,
                       question=COMPARING)
    # a body with no one credential for the career ("ARDMS or CCI?"): what each awards
    certification = BY_TOPIC["certification"]
    replies = [reply for value in credentials
               for reply in certification.answer(session, Subject(certification=value))]
    return Outcome(replies=replies, subject=context.previous, question=certification)


# What "tell me about it" means for each kind of thing.
OVERVIEW_BY_ENTITY = {
    names.ROLE: OVERVIEW,
    names.SPECIALIZATION: BY_TOPIC["specializing"],
    names.CERTIFICATION: BY_TOPIC["certification"],
    names.TERM: BY_TOPIC["definitions"],
    names.STATE: BY_TOPIC["licensure"],
}


def compare_in_context(session: Session, context: Context) -> Outcome:
    """The comparison of the roles named, adding the role talked about when only one is.

    Two credentials ("RDMS or RVT?") are set side by side (``compare_credentials``); one
    ("or would RCIS be better?") is set beside the one compared or talked about before.
    """
    named = [Subject(**{entity: value}) for entity, value in context.named_in_order
             if entity in (names.ROLE, names.SPECIALIZATION)]
    # a body named for a career is its credential for it: "ARMRIT or ARRT for MRI?"
    career = context.subject()
    credentials = list(dict.fromkeys(
        body_credential(session, value, career.role, career.specialization) or value
        for entity, value in context.named_in_order if entity == names.CERTIFICATION))
    if credentials and any(subject.specialization for subject in named):
        # "is the CI one different from the VI?": a specialty named beside a credential
        # stands for its one credential
        singles = [_only_credential(session, subject.specialization) for subject in named
                   if subject.specialization]
        if all(singles):
            credentials = list(dict.fromkeys(credentials + singles))
            named = [subject for subject in named if not subject.specialization]
    if not named and not credentials and context.mention == EACH and len(
            context.compared_credentials) == 2:
        credentials = context.compared_credentials  # "which one is easier to get?"
    if len(named) < 2 and credentials:
        compared = _credentials_compared(session, credentials, context)
        if compared is not None:
            return compared
    state = context.named.get(names.STATE)
    if not named and not credentials and state and len(context.compared) >= 2:
        # "in ohio specifically": the roles just compared, side by side there
        roles = roles_to_compare(session, [who(session, id_) for id_ in context.compared])
        found = queries.state(session, state)
        if len(roles) >= 2 and found is not None:
            return Outcome(replies=compare_in_state(session, roles, found),
                           subject=Subject(state=state), compared=[role.id for role in roles])
    if not named and context.mention == EACH:
        named = [who(session, id_) for id_ in context.group()]  # "which of the two?"
    outside = other_career(session, context.careers)
    if not named and not credentials and outside:
        named = [context.previous]  # "whats the pay like compared to nursing", after IR
    roles = roles_to_compare(session, named)
    if len(roles) == 1 and outside:
        # "how much do echo techs make compared to nurses": what was asked, for the one
        # imaging career, saying the other is not one the sources cover
        aspect = first_named(context.text, ASPECTS)
        question = BY_TOPIC[aspect] if aspect else OVERVIEW
        subject = Subject(role=roles[0].id)
        return Outcome(replies=[Reply(names.COMPARE_OUTSIDE_IMAGING, {
            "career": outside, "role_name": roles[0].name})]
            + question.answer(session, subject), subject=subject, question=question)
    if len(roles) == 1:
        earlier = [context.previous] + [who(session, id_)
                                        for id_ in context.compared + context.recent]
        others = [role for role in roles_to_compare(session, earlier) if role not in roles]
        roles = others[:1] + roles
    if len(roles) < 2 and named:
        # "echo, is that sonography or something else?": one career under two names
        question = OVERVIEW_BY_ENTITY[names.SPECIALIZATION if any(
            s.specialization for s in named) else names.ROLE]
        subject = context.subject()
        return Outcome(replies=question.answer(session, subject), subject=subject,
                       question=question)
    if len(roles) < 2:
        return Outcome(replies=[Reply(names.COMPARE_NEEDS_TWO)], subject=context.previous)
    return Outcome(replies=compare(session, roles, first_named(context.text, ASPECTS)),
                   subject=Subject(),
                   compared=[role.id for role in roles])


def _only_credential(session: Session, specialization_id: str) -> Optional[str]:
    """The one credential still awarded for a specialization, if it has just one."""
    specialization = queries.specialization(session, specialization_id)
    awarded = [c.id for c in specialization.credentials if c.status == "active"] if (
        specialization is not None) else []
    return awarded[0] if len(awarded) == 1 else None

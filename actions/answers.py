"""One action per kind of question; the answers themselves are in ``bot.answers``."""

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.base import AnswerAction, Context, ContextAction, Outcome
from bot import names
from bot.answers import ANSWERS, NeedsRole, Reply, Subject
from bot.answers import responses as r
from bot.answers.comparison import compare, roles_to_compare


class ActionAnswerRoleOverview(AnswerAction):
    intent = "ask_role_overview"


class ActionAnswerEducation(AnswerAction):
    intent = "ask_education"


class ActionAnswerAccreditation(AnswerAction):
    intent = "ask_accreditation"


class ActionAnswerCertification(AnswerAction):
    intent = "ask_certification"


class ActionAnswerAcronym(AnswerAction):
    intent = "ask_acronym"


class ActionAnswerExam(AnswerAction):
    intent = "ask_exam"


class ActionAnswerSpecializations(AnswerAction):
    intent = "ask_specializations"


class ActionAnswerContinuingEducation(AnswerAction):
    intent = "ask_continuing_education"


class ActionAnswerClinicalExperience(AnswerAction):
    intent = "ask_clinical_experience"


class ActionAnswerPay(AnswerAction):
    intent = "ask_pay"


class ActionAnswerOutlook(AnswerAction):
    intent = "ask_outlook"


class ActionAnswerSkills(AnswerAction):
    intent = "ask_skills"


class ActionAnswerLicensure(AnswerAction):
    intent = "ask_licensure"


class ActionAnswerPathway(AnswerAction):
    intent = "ask_pathway"


class ActionAnswerProgramLength(AnswerAction):
    intent = "ask_program_length"


class ActionAnswerWorkSetting(AnswerAction):
    intent = "ask_work_setting"


class ActionAnswerHighSchool(AnswerAction):
    intent = "ask_high_school"


class ActionListRoles(AnswerAction):
    intent = "list_roles"

    def name(self) -> str:
        return "action_list_roles"


class ActionAnswerPrerequisites(AnswerAction):
    intent = "ask_prerequisites"


class ActionCompareRoles(ContextAction):
    """Compares the roles the message names, or one it names with the one talked about."""

    def name(self) -> str:
        return "action_compare_roles"

    def topic(self, tracker: Tracker) -> str:
        return names.COMPARE

    def work(self, session: Session, intent: str, context: Context) -> Outcome:
        return compare_in_context(session, context)


class ActionAnswerFollowUp(ContextAction):
    """"And for sonographers?": the last question again, about what the message names."""

    def name(self) -> str:
        return "action_answer_follow_up"

    def topic(self, tracker: Tracker) -> str:
        topic = tracker.get_slot(names.TOPIC)
        if topic == names.COMPARE or topic in ANSWERS and topic != "list_roles":
            return topic
        return "ask_role_overview"

    def work(self, session: Session, intent: str, context: Context) -> Outcome:
        if intent == names.COMPARE:
            return compare_in_context(session, context)
        if not context.names_something:
            raise NeedsRole()
        subject = context.subject()
        return Outcome(replies=ANSWERS[intent](session, subject), subject=subject)


class ActionChooseOption(ContextAction):
    """"The second one": tells about the item the bot listed in that place."""

    def name(self) -> str:
        return "action_choose_option"

    def topic(self, tracker: Tracker) -> str:
        return names.CHOOSE_OPTION

    def work(self, session: Session, intent: str, context: Context) -> Outcome:
        if not context.names_something:
            return Outcome(choices=[])
        entity, _ = context.named_in_order[0]
        subject = context.subject()
        overview = OVERVIEW_BY_ENTITY[entity]
        return Outcome(replies=ANSWERS[overview](session, subject), subject=subject,
                       topic=overview)


# What "tell me about it" means for each kind of thing.
OVERVIEW_BY_ENTITY = {
    names.ROLE: "ask_role_overview",
    names.SPECIALIZATION: "ask_specializations",
    names.CERTIFICATION: "ask_certification",
    names.TERM: "ask_acronym",
}


def compare_in_context(session: Session, context: Context) -> Outcome:
    """The comparison of the roles named, adding the role talked about when only one is."""
    named = [Subject(**{entity: value}) for entity, value in context.named_in_order
             if entity in (names.ROLE, names.SPECIALIZATION)]
    roles = roles_to_compare(session, named)
    if len(roles) == 1:
        earlier = [context.previous] + [Subject(role=id_) for id_ in context.compared]
        others = [role for role in roles_to_compare(session, earlier) if role not in roles]
        roles = others[:1] + roles
    if len(roles) < 2:
        return Outcome(replies=[Reply(r.COMPARE_NEEDS_TWO)], subject=context.previous)
    return Outcome(replies=compare(session, roles), subject=Subject(),
                   compared=[role.id for role in roles])

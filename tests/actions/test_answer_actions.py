"""Each answer action: the events it returns and the responses it sends."""

import re

import pytest
from rasa_sdk.events import SlotSet

from actions import answers
from actions.base import AnswerAction

ALL_ANSWER_ACTIONS = [cls for cls in vars(answers).values()
                      if isinstance(cls, type) and issubclass(cls, AnswerAction)
                      and cls is not AnswerAction]


def names_of(dispatcher):
    return [message["response"] for message in dispatcher.messages]


def unfilled(domain, message):
    """The placeholders of the message's response that the message leaves without a value."""
    texts = [variation.get("text") or "" for variation in domain["responses"][message["response"]]]
    return {name for text in texts for name in re.findall(r"{(\w+)}", text)} - set(message)


async def test_pay_answers_for_the_role_in_the_message(tracker, dispatcher, domain):
    events = await answers.ActionAnswerPay().run(dispatcher, tracker, domain)
    assert events == [SlotSet("topic", "ask_pay"), SlotSet("role", "sonographer")]
    assert dispatcher.messages == [{
        "text": None, "elements": [], "custom": {}, "template": "utter_pay",
        "buttons": [
            {"title": "What is the job outlook?", "payload": "/ask_outlook"},
            {"title": "What education is needed?", "payload": "/ask_education"},
            {"title": "Make me a personal plan", "payload": "/plan_pathway"},
        ],
        "response": "utter_pay", "image": None, "attachment": None,
        "role_name": "Diagnostic Medical Sonographer", "amount": "$71,234",
        "period": "May 2030",
        "source": "Fixture pay survey, as quoted by a third party (pay.example.org), May 2030",
    }]


def test_every_answer_action_is_in_the_domain(domain):
    names = {cls().name() for cls in ALL_ANSWER_ACTIONS}
    assert len(names) == 19
    assert names <= set(domain["actions"])


@pytest.mark.parametrize("action_class, entities, expected", [
    (answers.ActionAnswerRoleOverview, [("role", "mri_technologist")], ["utter_role_overview"]),
    (answers.ActionAnswerEducation, [("role", "sonographer")],
     ["utter_education", "utter_education_details", "utter_accreditation"]),
    (answers.ActionAnswerEducation, [("role", "qa_specialist")], ["utter_education_unknown"]),
    (answers.ActionAnswerAccreditation, [("term", "jrcert")], ["utter_organization"]),
    (answers.ActionAnswerCertification, [("role", "mammographer")],
     ["utter_certification_for_role"]),
    (answers.ActionAnswerCertification, [("certification", "arrt_quality_management")],
     ["utter_credential_discontinued"]),
    (answers.ActionAnswerAcronym, [("term", "mqsa")], ["utter_acronym"]),
    (answers.ActionAnswerExam, [("certification", "nmtcb_ct")],
     ["utter_exam_questions", "utter_exam_duration"]),
    (answers.ActionAnswerExam, [("role", "radiologic_technologist")],
     ["utter_exam_scored_questions", "utter_exam_notes"]),
    (answers.ActionAnswerSpecializations, [("specialization", "mammography")],
     ["utter_specialization", "utter_specialization_prerequisites", "utter_post_primary"]),
    (answers.ActionAnswerContinuingEducation, [("certification", "nmtcb")],
     ["utter_continuing_education"]),
    (answers.ActionAnswerClinicalExperience, [], ["utter_clinical_experience_general"]),
    (answers.ActionAnswerPay, [("role", "qa_specialist")], ["utter_pay_unknown"]),
    (answers.ActionAnswerOutlook, [("role", "sonographer")],
     ["utter_outlook_no_figure", "utter_outlook_general"]),
    (answers.ActionAnswerSkills, [], ["utter_skills_general"]),
    (answers.ActionAnswerLicensure, [("role", "radiologic_technologist")],
     ["utter_licensure", "utter_licensure_varies"]),
    (answers.ActionAnswerLicensure, [("role", "radiologic_technologist"), ("state", "ohio")],
     ["utter_licensure_state", "utter_licensure_state_check"]),
    (answers.ActionAnswerLicensure, [("state", "texas")], ["utter_licensure_state_unknown"]),
    (answers.ActionAnswerPathway, [("role", "sonographer")],
     ["utter_pathway", "utter_pathway_role_note"]),
    (answers.ActionAnswerProgramLength, [("role", "radiologic_technologist")],
     ["utter_program_length"]),
    (answers.ActionAnswerProgramLength, [("role", "sonographer")],
     ["utter_program_length_unknown"]),
    (answers.ActionAnswerWorkSetting, [("role", "radiologic_technologist")],
     ["utter_work_setting", "utter_physical_demands"]),
    (answers.ActionAnswerHighSchool, [("role", "radiologic_technologist")],
     ["utter_high_school"]),
    (answers.ActionAnswerPrerequisites, [("role", "mammographer")], ["utter_prerequisites"]),
    (answers.ActionListRoles, [], ["utter_roles_list"]),
])
async def test_each_action_sends_its_responses(make_tracker, dispatcher, domain,
                                               action_class, entities, expected):
    events = await action_class().run(dispatcher, make_tracker(entities=entities), domain)
    assert SlotSet("topic", action_class.intent) in events
    assert names_of(dispatcher) == expected
    assert set(names_of(dispatcher)) <= set(domain["responses"])
    assert all(not unfilled(domain, message) for message in dispatcher.messages), [
        (message["response"], unfilled(domain, message)) for message in dispatcher.messages]


async def test_remembered_role_answers_a_follow_up(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_certification", slots={"role": "sonographer"})
    await answers.ActionAnswerCertification().run(dispatcher, tracker, domain)
    assert "RDMS" in dispatcher.messages[0]["credentials"]


async def test_entities_in_the_message_win_over_remembered_slots(make_tracker, dispatcher,
                                                                 domain):
    tracker = make_tracker(intent="ask_acronym", entities=[("certification", "arrt")],
                           slots={"term": "jrcert"})
    await answers.ActionAnswerAcronym().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["acronym"] == "ARRT"


async def test_missing_role_asks_which_with_buttons(make_tracker, dispatcher, domain):
    events = await answers.ActionAnswerEducation().run(dispatcher, make_tracker(), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_role"
    assert len(message["buttons"]) == 7
    assert {"title": "Diagnostic Medical Sonographer",
            "payload": '/ask_education{"role": "sonographer"}'} in message["buttons"]
    [listed] = events
    assert listed["name"] == "listed" and "role:sonographer" in listed["value"]


async def test_unknown_value_is_said_and_not_remembered(make_tracker, dispatcher, domain):
    tracker = make_tracker(entities=[("role", "x'; DROP TABLE roles")])
    events = await answers.ActionAnswerPay().run(dispatcher, tracker, domain)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_unknown_subject"
    assert dispatcher.messages[0]["value"] == "x'; DROP TABLE roles"


async def test_knowledge_base_down_gives_a_clear_message(monkeypatch, tracker, dispatcher,
                                                         domain):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    events = await answers.ActionAnswerPay().run(dispatcher, tracker, domain)
    assert events == []
    assert names_of(dispatcher) == ["utter_knowledge_unavailable"]


async def test_a_state_is_remembered_with_the_role(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_licensure", entities=[("state", "ohio")],
                           slots={"role": "radiologic_technologist"})
    events = await answers.ActionAnswerLicensure().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_licensure_state", "utter_licensure_state_check"]
    assert dispatcher.messages[0]["state"] == "Ohio"
    assert SlotSet("state", "ohio") in events


async def test_an_unknown_state_is_said_and_not_remembered(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_licensure", entities=[("state", "atlantis")])
    events = await answers.ActionAnswerLicensure().run(dispatcher, tracker, domain)
    assert events == []
    assert names_of(dispatcher) == ["utter_unknown_subject"]

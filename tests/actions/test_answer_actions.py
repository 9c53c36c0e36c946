"""Each answer action: the events it returns and the responses it sends."""

import re

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from bot.questions import BY_INTENT


def names_of(dispatcher):
    return [message["response"] for message in dispatcher.messages]


def unfilled(domain, message):
    """The placeholders of the message's response that the message leaves without a value."""
    texts = [variation.get("text") or "" for variation in domain["responses"][message["response"]]]
    return {name for text in texts for name in re.findall(r"{(\w+)}", text)} - set(message)


async def test_pay_answers_for_the_role_in_the_message(tracker, dispatcher, domain):
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert events == [SlotSet("topic", "pay"), SlotSet("role", "sonographer"),
                      SlotSet("recent_roles", ["sonographer"])]
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


@pytest.mark.parametrize("intent, entities, expected", [
    ("ask_role_overview", [("role", "mri_technologist")], ["utter_role_overview"]),
    ("ask_education", [("role", "sonographer")], ["utter_education"]),  # details held back
    ("ask_education", [("role", "qa_specialist")], ["utter_education_unknown"]),
    ("ask_accreditation", [("term", "jrcert")], ["utter_organization"]),
    ("ask_certification", [("role", "mammographer")],
     ["utter_certification_for_role"]),
    ("ask_certification", [("certification", "arrt_quality_management")],
     ["utter_credential_discontinued"]),
    ("ask_acronym", [("term", "mqsa")], ["utter_acronym"]),
    ("ask_exam", [("certification", "nmtcb_ct")],
     ["utter_exam_questions", "utter_exam_duration"]),
    ("ask_exam", [("role", "radiologic_technologist")],
     ["utter_exam_scored_questions"]),  # the notes on it are held back
    ("ask_specializations", [("specialization", "mammography")],
     ["utter_specialization", "utter_specialization_prerequisites"]),  # the rest held back
    ("ask_continuing_education", [("certification", "nmtcb")],
     ["utter_continuing_education"]),
    ("ask_clinical_experience", [], ["utter_clinical_experience_general"]),
    ("ask_pay", [("role", "qa_specialist")], ["utter_pay_unknown"]),
    ("ask_outlook", [("role", "sonographer")], ["utter_outlook_no_figure"]),
    ("ask_skills", [], ["utter_skills_general"]),
    ("ask_licensure", [("role", "radiologic_technologist")], ["utter_licensure"]),
    ("ask_licensure", [("role", "radiologic_technologist"), ("state", "ohio")],
     ["utter_licensure_state", "utter_licensure_state_check"]),
    ("ask_licensure", [("state", "texas")], ["utter_licensure_state_unknown"]),
    ("ask_pathway", [("role", "sonographer")],
     ["utter_pathway_role_note", "utter_pathway"]),
    ("ask_program_length", [("role", "radiologic_technologist")],
     ["utter_program_length"]),
    ("ask_program_length", [("role", "sonographer")],
     ["utter_program_length_unknown"]),
    ("ask_work_setting", [("role", "radiologic_technologist")],
     ["utter_work_setting"]),  # the physical demands are held back
    ("ask_high_school", [("role", "radiologic_technologist")],
     ["utter_high_school"]),
    ("ask_prerequisites", [("role", "mammographer")], ["utter_prerequisites"]),
    ("list_roles", [], ["utter_roles_list"]),
])
async def test_each_question_sends_its_responses(make_tracker, dispatcher, domain,
                                                 intent, entities, expected):
    tracker = make_tracker(intent=intent, entities=entities)
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert SlotSet("topic", BY_INTENT[intent].topic) in events
    assert names_of(dispatcher) == expected
    assert set(names_of(dispatcher)) <= set(domain["responses"])
    assert all(not unfilled(domain, message) for message in dispatcher.messages), [
        (message["response"], unfilled(domain, message)) for message in dispatcher.messages]


async def test_remembered_role_answers_a_follow_up(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_certification", slots={"role": "sonographer"})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert "RDMS" in dispatcher.messages[0]["credentials"]


async def test_entities_in_the_message_win_over_remembered_slots(make_tracker, dispatcher,
                                                                 domain):
    tracker = make_tracker(intent="ask_acronym", entities=[("certification", "arrt")],
                           slots={"term": "jrcert"})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["acronym"] == "ARRT"


async def test_missing_role_asks_which_with_buttons(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_education")
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_role"
    assert len(message["buttons"]) == 7
    assert {"title": "Diagnostic Medical Sonographer",
            "payload": '/ask_education{"role": "sonographer"}'} in message["buttons"]
    listed, topic = events
    assert listed["name"] == "listed" and "role:sonographer" in listed["value"]
    assert topic == SlotSet("topic", "education")  # typing "sonographers" answers it


async def test_unknown_value_is_said_and_not_remembered(make_tracker, dispatcher, domain):
    tracker = make_tracker(entities=[("role", "x'; DROP TABLE roles")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_unknown_subject"
    assert dispatcher.messages[0]["value"] == "x'; DROP TABLE roles"


async def test_knowledge_base_down_gives_a_clear_message(monkeypatch, tracker, dispatcher,
                                                         domain):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert events == []
    assert names_of(dispatcher) == ["utter_knowledge_unavailable"]


async def test_a_state_is_remembered_with_the_role(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_licensure", entities=[("state", "ohio")],
                           slots={"role": "radiologic_technologist"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_licensure_state", "utter_licensure_state_check"]
    assert dispatcher.messages[0]["state"] == "Ohio"
    assert SlotSet("state", "ohio") in events


async def test_an_unknown_state_is_said_and_not_remembered(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_licensure", entities=[("state", "atlantis")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert events == []
    assert names_of(dispatcher) == ["utter_unknown_subject"]


async def test_details_are_held_back_and_given_on_request(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_education", entities=[("role", "sonographer")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    [lead] = dispatcher.messages
    assert lead["buttons"][0] == {"title": "More detail", "payload": "/ask_more_detail"}
    more = CollectingDispatcher()
    tracker = make_tracker(intent="ask_more_detail", text="more detail",
                           slots={"topic": "education", "role": "sonographer"})
    await answers.ActionMoreDetail().run(more, tracker, domain)
    assert names_of(more) == ["utter_education_details", "utter_accreditation"]


async def test_more_detail_when_there_is_none_says_so(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_more_detail", text="more detail",
                           slots={"topic": "pay", "role": "sonographer"})
    events = await answers.ActionMoreDetail().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_no_more_detail"] and events == []

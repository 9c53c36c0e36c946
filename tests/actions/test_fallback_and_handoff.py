"""The two-stage fallback's "did you mean" question, and the handoff to a person."""

import pytest
from rasa_sdk.events import SlotSet

from actions.fallback import ActionAskAffirmation
from actions.handoff import ActionHandoff

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.6},
    {"name": "ask_pay", "confidence": 0.3},
    {"name": "out_of_scope", "confidence": 0.2},
    {"name": "ask_outlook", "confidence": 0.1},
    {"name": "greet", "confidence": 0.09},
    {"name": "ask_skills", "confidence": 0.01},
]


def names_of(dispatcher):
    return [message["response"] for message in dispatcher.messages]


async def test_did_you_mean_offers_the_likely_questions_in_plain_words(make_tracker,
                                                                       dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", text="sonographer money",
                           entities=[("role", "sonographer")], intent_ranking=RANKING)
    events = await ActionAskAffirmation().run(dispatcher, tracker, domain)
    assert events == [SlotSet("role", "sonographer")]  # kept for the next question
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_affirmation"
    assert message["buttons"] == [
        {"title": "How much does it pay?", "payload": '/ask_pay{"role": "sonographer"}'},
        {"title": "What is the job outlook?",
         "payload": '/ask_outlook{"role": "sonographer"}'},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


async def test_nothing_likely_asks_to_rephrase(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", text="qwrtzp",
                           intent_ranking=[{"name": "nlu_fallback", "confidence": 0.9},
                                           {"name": "ask_pay", "confidence": 0.02}])
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_ask_rephrase"]


@pytest.mark.parametrize("problem, response", [
    ("empty", "utter_empty_message"),
    ("too_long", "utter_message_too_long"),
    ("no_words", "utter_no_words"),
    ("unknown_words", "utter_unknown_words"),
])
async def test_unreadable_messages_say_why(make_tracker, dispatcher, domain, problem, response):
    tracker = make_tracker(intent="nlu_fallback", input_problem=problem)
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == [response]


async def test_handoff_gives_the_configured_contact_and_records_it(monkeypatch, tracker,
                                                                   dispatcher, domain):
    monkeypatch.setenv("ADVISOR_CONTACT", "advising@example.edu, (555) 010-0100")
    events = await ActionHandoff().run(dispatcher, tracker, domain)
    assert events == [SlotSet("handoff_requested", True)]
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff"
    assert message["contact"] == "advising@example.edu, (555) 010-0100"
    assert message["conversation_id"] == "student"


async def test_handoff_without_a_contact_says_so_honestly(monkeypatch, tracker, dispatcher,
                                                          domain):
    monkeypatch.delenv("ADVISOR_CONTACT", raising=False)
    events = await ActionHandoff().run(dispatcher, tracker, domain)
    assert events == [SlotSet("handoff_requested", True)]
    assert names_of(dispatcher) == ["utter_handoff_not_configured"]


async def test_still_not_understood_after_rephrasing_offers_a_person(make_tracker, dispatcher,
                                                                     domain):
    tracker = make_tracker(intent="nlu_fallback", text="glorp", intent_ranking=RANKING)
    tracker.events = [
        {"event": "user", "text": "zorp", "parse_data": {}},
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "bot", "text": "Did you mean", "metadata": {"utter_action":
                                                             "utter_ask_affirmation"}},
        {"event": "active_loop", "name": "action_two_stage_fallback"},
        {"event": "user", "text": "/out_of_scope", "parse_data": {}},
        {"event": "bot", "text": "say it another way", "metadata": {"utter_action":
                                                                   "utter_ask_rephrase"}},
        {"event": "user", "text": "glorp", "parse_data": {}},
    ]
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_default"]
    assert {"title": "Talk to a person", "payload": "/human_handoff"} in \
        domain["responses"]["utter_default"][0]["buttons"]

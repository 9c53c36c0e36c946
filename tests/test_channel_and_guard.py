"""The REST channel's payload check and the NLU message guard, without a server."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import names
from bot.channels import is_trusted_payload, neutralise_payload
from bot.nlu.components import MessageGuard
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.mark.parametrize("text", [
    "/list_roles",
    '/ask_pay{"role": "sonographer"}',
    '/ask_exam{"certification": "nmtcb_ct", "role": "ct_technologist"}',
    '/inform{"stage": "high_school"}',
    "/out_of_scope",  # the two-stage fallback's "something else" button
    "/human_handoff",
    '/feedback{"helpful": "no", "answer_to": "0c9f2e61d7a54b2c9a5e3f1d2b7c8a90"}',  # the page
    '/feedback{"helpful": "yes"}',  # an advisor in rasa shell
])
def test_button_payloads_are_trusted(domain, text):
    assert is_trusted_payload(text, domain)
    assert neutralise_payload(text, domain) == text


@pytest.mark.parametrize("text, neutral", [
    ('/ask_role_overview{"role": "x\'; DROP TABLE roles"}',
     'ask_role_overview{"role": "x\'; DROP TABLE roles"}'),
    ("/restart", "restart"),                           # Rasa's own intents
    ("/session_start", "session_start"),
    ("/nlu_fallback", "nlu_fallback"),
    ("/back", "back"),
    ("/make_me_admin", "make_me_admin"),              # not an intent of the domain
    ('/ask_pay{"salary": "1000000"}', 'ask_pay{"salary": "1000000"}'),  # not an entity
    ('/ask_pay{"role": ["a", "b"]}', 'ask_pay{"role": ["a", "b"]}'),    # not text
    ("/ask_pay{not json}", "ask_pay{not json}"),
    ("//ask_pay", "ask_pay"),
])
def test_other_slash_messages_are_read_as_text(domain, text, neutral):
    assert not is_trusted_payload(text, domain)
    assert neutralise_payload(text, domain) == neutral


def test_ordinary_text_is_untouched(domain):
    assert neutralise_payload("what is 1/2 of CE?", domain) == "what is 1/2 of CE?"


@pytest.mark.parametrize("text, problem", [
    ("", names.INPUT_EMPTY),
    ("   \n\t", names.INPUT_EMPTY),
    ("x" * 21, names.INPUT_TOO_LONG),
    ("🙂🙂", names.INPUT_NO_WORDS),
    ("123 456", names.INPUT_NO_WORDS),
    ("hi", ""),
    ("what is CT", ""),
])
def test_message_guard(text, problem):
    guard = MessageGuard({"max_characters": 20})
    assert guard.problem(text) == problem
    [message] = guard.process([Message(data={"text": text, "intent": {"name": "greet"}})])
    if problem:
        assert message.get("intent")["name"] == "nlu_fallback"
        assert message.get(names.INPUT_PROBLEM) == problem
    else:
        assert message.get("intent")["name"] == "greet"


def guard_trained_on(texts, tmp_path, lookups=()):
    storage, resource = LocalModelStorage(tmp_path), Resource("guard")
    context = ExecutionContext(GraphSchema({}), "test")
    guard = MessageGuard.create({}, storage, resource, context)
    data = TrainingData([Message(data={"text": text, "intent": "any"}) for text in texts],
                        lookup_tables=[{"name": "topic", "elements": list(lookups)}])
    guard.train(data)
    return MessageGuard.load({}, storage, resource, context)


@pytest.mark.parametrize("text, problem", [
    ("purple monkey dishwasher", names.INPUT_UNKNOWN_WORDS),
    ("asdf qwerty!!", names.INPUT_UNKNOWN_WORDS),
    ("glorp", ""),  # one word is left to the classifier: "thx", "hii"
    ("how much do sonographers earn", ""),
    ("EARNING MONEY?", ""),  # known in other forms and casings
    ("purple salary", ""),  # a word of a lookup table
    ("monkey's dishwashers", names.INPUT_UNKNOWN_WORDS),
])
def test_the_guard_knows_the_words_it_was_trained_on(tmp_path, text, problem):
    guard = guard_trained_on(["how much do they earn", "I need money", "what is CT"],
                             tmp_path, lookups=["salary"])
    assert guard.problem(text) == problem


def test_a_message_naming_something_known_is_read_whatever_its_words(tmp_path):
    guard = guard_trained_on(["how much do they earn"], tmp_path)
    entity = {"entity": "role", "value": "sonographer", "start": 0, "end": 4}
    [message] = guard.process([Message(data={"text": "sono pls thnx", "entities": [entity],
                                              "intent": {"name": "ask_pay"}})])
    assert message.get("intent")["name"] == "ask_pay"
    [message] = guard.process([Message(data={"text": "purple monkey dishwasher",
                                              "intent": {"name": "ask_pay"}})])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get(names.INPUT_PROBLEM) == names.INPUT_UNKNOWN_WORDS


def test_a_model_without_a_vocabulary_guards_as_before(tmp_path):
    context = ExecutionContext(GraphSchema({}), "test")
    guard = MessageGuard.load({}, LocalModelStorage(tmp_path), Resource("none"), context)
    assert guard.problem("purple monkey dishwasher") == ""
    assert guard.problem("🙂") == names.INPUT_NO_WORDS

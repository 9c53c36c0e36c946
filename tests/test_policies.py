"""The TED policy with a cache: the same predictions as Rasa's own, the second time from memory."""

import pytest
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.core.training import load_data
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain

from bot import policies
from bot.policies import CachedTEDPolicy

DOMAIN = """
version: "3.1"
intents: [greet, ask_pay, ask_outlook, thank, goodbye]
entities: [role]
slots:
  role:
    type: text
    mappings: [{type: from_entity, entity: role}]
responses:
  utter_greet: [{text: "Hello"}]
  utter_pay: [{text: "Pay"}]
  utter_outlook: [{text: "Outlook"}]
  utter_ask_role: [{text: "Which role?"}]
  utter_welcome: [{text: "You're welcome"}]
  utter_goodbye: [{text: "Bye"}]
"""
STORIES = """
version: "3.1"
stories:
  - story: pay for a role
    steps:
      - intent: greet
      - action: utter_greet
      - intent: ask_pay
        entities: [{role: sonographer}]
      - slot_was_set: [{role: sonographer}]
      - action: utter_pay
      - intent: ask_outlook
      - action: utter_outlook
      - intent: thank
      - action: utter_welcome
  - story: pay without a role
    steps:
      - intent: ask_pay
      - action: utter_ask_role
      - intent: ask_pay
        entities: [{role: sonographer}]
      - slot_was_set: [{role: sonographer}]
      - action: utter_pay
      - intent: goodbye
      - action: utter_goodbye
"""


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ted")
    (folder / "stories.yml").write_text(STORIES)
    domain = Domain.from_yaml(DOMAIN)
    trackers = load_data(str(folder / "stories.yml"), domain, augmentation_factor=0)
    (folder / "storage").mkdir()
    storage = LocalModelStorage(folder / "storage")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**CachedTEDPolicy.get_default_config(), "epochs": 3, "random_seed": 7}
    resource = Resource("ted")
    policy = CachedTEDPolicy.create(config, storage, resource, context)
    policy.train(trackers, domain)
    reference = TEDPolicy.load(config, storage, resource, context)
    prefixes = [prefix for tracker in trackers
                for prefix, _ in tracker.generate_all_prior_trackers()]
    return domain, policy, reference, prefixes


def test_it_predicts_what_ted_predicts_first_from_ted_then_from_its_cache(trained):
    domain, cached, reference, prefixes = trained
    expected = [reference.predict_action_probabilities(t, domain).probabilities
                for t in prefixes]
    first = [cached.predict_action_probabilities(t, domain) for t in prefixes]
    misses = cached.misses
    assert 0 < misses < len(prefixes)  # the two stories share states: some hits already
    again = [cached.predict_action_probabilities(t, domain) for t in prefixes]
    assert cached.misses == misses and cached.hits >= len(prefixes)  # all from the cache
    for want, one, two in zip(expected, first, again, strict=True):
        assert one.probabilities == pytest.approx(want, abs=1e-6)
        assert two.probabilities == pytest.approx(want, abs=1e-6)
        assert two.policy_name == "CachedTEDPolicy" and not two.optional_events


def test_each_answer_is_a_new_list_and_the_cache_is_bounded(trained, monkeypatch):
    domain, cached, _, prefixes = trained
    one = cached.predict_action_probabilities(prefixes[3], domain)
    one.probabilities[0] = 42.0  # the policy ensemble edits what it is given
    assert cached.predict_action_probabilities(prefixes[3], domain).probabilities[0] != 42.0
    monkeypatch.setattr(policies, "CACHE_SIZE", 2)
    for tracker in prefixes:
        cached.predict_action_probabilities(tracker, domain)
    assert len(cached.cached_states()) == 2

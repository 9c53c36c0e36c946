"""The trained model loaded to serve (bot.speedups) predicts exactly what Rasa's own load does.

Rasa builds a DIET or TED model's weights by training it one step before reading the trained
weights; bot.speedups builds them by predicting. Both loads of the trained model must then
give the same intents with the same confidences, and TED the same next-action scores.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.agent import Agent
from rasa.core.training import load_data

from bot import speedups
from bot.policies import CachedTEDPolicy
from bot.settings import PROJECT_ROOT
from bot.training import MODEL_PATH

pytestmark = pytest.mark.e2e

MESSAGES = ["hi", "how much do sonographers make", "what is the ARRT", "i want to stop",
            "is nuclear medicine a good career", "how long is the MRI program",
            "can a rad tech become a CT tech", "jobs in texas?", "asdfgh", "thanks!",
            "what do i need to do to become an xray tech, im in high school"]


def _ted(agent: Agent) -> CachedTEDPolicy:
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    return next(node._component for node in nodes
                if isinstance(node._component, CachedTEDPolicy))


@pytest.fixture(scope="module")
def agents(bot):
    speedups.uninstall()
    started = time.monotonic()
    rasas = Agent.load(str(MODEL_PATH))
    rasas_seconds = time.monotonic() - started
    speedups.install()
    try:
        started = time.monotonic()
        ours = Agent.load(str(MODEL_PATH))
        print(f"\nmodel load: Rasa's {rasas_seconds:.1f} s, "
              f"to predict {time.monotonic() - started:.1f} s")
    finally:
        speedups.uninstall()
    return rasas, ours


def test_the_classifier_gives_the_same_intents_with_the_same_confidences(agents):
    rasas, ours = agents
    for text in MESSAGES:
        want, got = (asyncio.run(agent.parse_message(text)) for agent in agents)
        assert [i["name"] for i in got["intent_ranking"]] == [
            i["name"] for i in want["intent_ranking"]], text
        assert [i["confidence"] for i in got["intent_ranking"]] == pytest.approx(
            [i["confidence"] for i in want["intent_ranking"]], abs=1e-5), text


def test_ted_gives_the_same_scores_on_the_training_stories(agents):
    rasas, ours = agents
    domain = rasas.domain
    trackers = load_data(str(PROJECT_ROOT / "data" / "stories"), domain, augmentation_factor=0)
    prefixes = [prefix for tracker in trackers[:20]
                for prefix, _ in tracker.generate_all_prior_trackers()]
    assert len(prefixes) > 50
    for tracker in prefixes:
        want, got = (_ted(agent).predict_action_probabilities(tracker, domain)
                     for agent in agents)
        assert got.probabilities == pytest.approx(want.probabilities, abs=1e-5)

"""The held-out NLU examples must not leak into the training data."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.settings import PROJECT_ROOT

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def training():
    return load_data(str(PROJECT_ROOT / "data" / "nlu"))


@pytest.mark.parametrize("name", ["heldout.yml", "heldout_topics.yml"])
def test_heldout_examples_are_not_training_examples(training, name):
    heldout = load_data(str(HERE / name))
    seen = {example.get("text").strip().lower() for example in training.intent_examples}
    leaked = [example.get("text") for example in heldout.intent_examples
              if example.get("text").strip().lower() in seen]
    assert leaked == []
    assert heldout.intent_examples and set(heldout.intents) <= set(training.intents)


def test_the_heldout_sets_cover_every_intent(training):
    covered = set().union(*(load_data(str(HERE / name)).intents
                            for name in ("heldout.yml", "heldout_topics.yml")))
    assert covered == set(training.intents)

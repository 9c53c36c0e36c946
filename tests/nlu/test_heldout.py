"""The held-out NLU examples must not leak into the training data."""

from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from bot.settings import PROJECT_ROOT


def test_heldout_examples_are_not_training_examples():
    training = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    heldout = load_data(str(Path(__file__).parent / "heldout.yml"))
    seen = {example.get("text").strip().lower() for example in training.intent_examples}
    leaked = [example.get("text") for example in heldout.intent_examples
              if example.get("text").strip().lower() in seen]
    assert leaked == []
    assert set(heldout.intents) == set(training.intents)

"""DIET trained on length-bucketed batches: the same batches' sizes and examples, far less
padding, and a model saved, loaded and run as Rasa's own DIET."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import BALANCED, SEQUENCE, SEQUENCE_LENGTH
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import FeatureArray, RasaModelData

from bot.nlu.diet import LengthBucketedBatches, LengthBucketedDIETClassifier, length_bucketed_order


def padded(lengths, order, batch_size):
    """Positions a transformer computes when ``order`` is cut into batches."""
    batches = [lengths[order[i:i + batch_size]] for i in range(0, len(order), batch_size)]
    return sum(len(batch) * batch.max() for batch in batches)


def test_the_order_is_a_permutation_in_batches_of_one_length_band():
    rng = np.random.default_rng(3)
    lengths = rng.geometric(0.15, size=1000)  # short messages, a long tail
    order = length_bucketed_order(lengths, 64, rng)
    assert sorted(order) == list(range(1000))
    # every full batch spans a narrow band of lengths; the 40 left over come last
    by_length = np.sort(lengths)
    batches = {tuple(np.sort(lengths[order[i:i + 64]])) for i in range(0, 960, 64)}
    assert batches == {tuple(by_length[i:i + 64]) for i in range(0, 960, 64)}
    assert np.array_equal(np.sort(lengths[order[960:]]), by_length[960:])
    assert padded(lengths, order, 64) < 0.5 * padded(lengths, np.arange(1000), 64)
    # the batches come in a different order each time
    assert not np.array_equal(order, length_bucketed_order(lengths, 64, rng))


def model_data(lengths, labels):
    """Model data as DIET makes it: a dense sequence per message, its length, its label."""
    sequences = np.empty(len(lengths), dtype=object)
    for i, length in enumerate(lengths):
        sequences[i] = np.ones((length, 2))
    return RasaModelData(label_key="label", label_sub_key="ids", data={
        TEXT: {SEQUENCE: [FeatureArray(sequences, number_of_dimensions=3)],
               SEQUENCE_LENGTH: [FeatureArray(np.array(lengths), number_of_dimensions=1)]},
        "label": {"ids": [FeatureArray(np.array(labels).reshape(-1, 1),
                                       number_of_dimensions=2)]},
    })


def batches(generator):
    """(padded positions, lengths) of each batch of the generator's current epoch."""
    out = []
    for i in range(len(generator)):
        sequence, lengths, _ = generator[i][0]
        out.append((sequence.shape[0] * sequence.shape[1], lengths))
    return out


@pytest.mark.parametrize("strategy", [SEQUENCE, BALANCED])
def test_each_epoch_has_rasa_s_batches_with_less_padding(strategy):
    rng = np.random.default_rng(5)
    lengths = list(rng.geometric(0.15, size=300))
    labels = list(rng.integers(0, 6, size=300))
    data = model_data(lengths, labels)
    np.random.seed(0)
    rasa = RasaBatchDataGenerator(data, batch_size=[16, 64], epochs=4, batch_strategy=strategy)
    ours = LengthBucketedBatches.like(rasa)
    for _ in range(4):
        ours_batches, rasa_batches = batches(ours), batches(rasa)
        sizes = [len(b) for _, b in ours_batches]
        assert set(sizes[:-1]) == {ours._current_batch_size} and sizes[-1] <= sizes[0]
        if strategy == SEQUENCE:  # Rasa's batches: every example once
            assert sizes == [len(b) for _, b in rasa_batches]
            assert sorted(np.concatenate([b for _, b in ours_batches])) == sorted(lengths)
        else:  # balancing repeats rare labels as many times as Rasa's does, give or take
            assert abs(sum(sizes) - sum(len(b) for _, b in rasa_batches)) <= 0.1 * sum(sizes)
        assert (sum(p for p, _ in ours_batches) < 0.6 * sum(p for p, _ in rasa_batches))
        ours.on_epoch_end()
        rasa.on_epoch_end()


MESSAGES = {
    "ask_pay": ["how much do sonographers make", "pay", "what is the salary of an mri tech",
                "what would i earn per year as a radiographer after i finish school", "wage"],
    "greet": ["hi", "hello there", "good morning to you", "hey", "hi, i have a question"],
    "goodbye": ["bye", "see you later", "thanks, that is all for today goodbye", "ciao"],
}


def test_the_classifier_trains_on_bucketed_batches_and_loads_as_trained(tmp_path, monkeypatch):
    seen = []
    original = LengthBucketedBatches._shuffle_and_balance

    def recording(self, batch_size):
        seen.append(batch_size)
        return original(self, batch_size)

    monkeypatch.setattr(LengthBucketedBatches, "_shuffle_and_balance", recording)
    messages = [Message.build(text=text, intent=intent)
                for intent, texts in MESSAGES.items() for text in texts]
    data = TrainingData(messages)
    context = ExecutionContext(GraphSchema({}), "test")
    storage = LocalModelStorage(tmp_path)
    WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage,
                               Resource("t"), context).process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(CountVectorsFeaturizer.get_default_config(),
                                               storage, Resource("f"), context)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**LengthBucketedDIETClassifier.get_default_config(), "epochs": 3,
              "random_seed": 11, "entity_recognition": False, "batch_size": [4, 8]}
    resource = Resource("diet")
    trained = LengthBucketedDIETClassifier.create(config, storage, resource, context)
    trained.train(data)
    assert len(seen) == 4  # one order per epoch, and the first one Rasa makes up front

    loaded = LengthBucketedDIETClassifier.load(config, storage, resource, context)
    assert isinstance(loaded.model, DIET)  # DIET's model, saved and loaded as Rasa does
    tokenizer = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage,
                                           Resource("t2"), context)

    def questions():
        built = [Message.build(text=t) for t in ["hello", "how much does it pay", "bye now"]]
        tokenizer.process(built)
        return featurizer.process(built)

    as_trained = [m.get("intent") for m in trained.process(questions())]
    as_loaded = [m.get("intent") for m in loaded.process(questions())]
    assert [i["name"] for i in as_trained] == [i["name"] for i in as_loaded]
    for one, two in zip(as_trained, as_loaded, strict=True):
        assert one["confidence"] == pytest.approx(two["confidence"], abs=1e-5)

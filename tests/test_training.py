"""When the model is retrained, and when Rasa's cache may not be trusted."""

import pytest

from bot import training


@pytest.fixture
def model(tmp_path, monkeypatch):
    """A stand-in model file and its fingerprint, in a temporary folder."""
    path = tmp_path / "current.tar.gz"
    path.write_bytes(b"model")
    monkeypatch.setattr(training, "MODEL_PATH", path)
    monkeypatch.setattr(training, "FINGERPRINT_PATH", tmp_path / "current.fingerprint")
    return training.FINGERPRINT_PATH


def test_a_model_trained_from_these_files_is_up_to_date(model):
    model.write_text(training.training_fingerprint() + "\n")
    assert not training.model_is_stale()
    assert not training.code_changed()


def test_changed_data_retrains_with_the_cache(model):
    data, code = training.training_fingerprint().split()
    model.write_text(f"{'0' * len(data)}\n{code}\n")
    assert training.model_is_stale()
    assert not training.code_changed()  # a story-only change retrains only what it shapes


def test_changed_component_code_retrains_without_the_cache(model):
    data, code = training.training_fingerprint().split()
    model.write_text(f"{data}\n{'0' * len(code)}\n")
    assert training.model_is_stale() and training.code_changed()
    # a fingerprint of the older, single-hash kind says nothing of the code
    model.write_text("abc\n")
    assert training.model_is_stale() and training.code_changed()


def test_every_custom_component_in_the_config_is_a_code_input():
    config = (training.PROJECT_ROOT / "config.yml").read_text(encoding="utf-8")
    modules = {line.split("name:")[1].strip().rsplit(".", 1)[0]
               for line in config.splitlines() if "name: bot." in line}
    assert {f"{module.replace('.', '/')}.py" for module in modules} <= set(
        training.CODE_INPUTS)

"""Train the Rasa model only when it is missing or stale.

A model is stale when any file that shapes it (config, domain, training data, the custom
components Rasa trains) changed since it was trained; the fingerprints of those files are
stored next to the model. Rasa's cache knows a component by its class and settings, not
its source: when a custom component's code changed, the model is trained with
``--force``, else Rasa reuses what its cache holds (a story-only change retrains only
the dialogue policies). The knowledge files and the spaCy pipeline are not part of it:
the entity patterns are read at run time, so new facts and aliases need no retraining.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.settings import PROJECT_ROOT

MODEL_NAME = "current"
MODELS_DIR = PROJECT_ROOT / "models"
MODEL_PATH = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / f"{MODEL_NAME}.fingerprint"
DATA_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/stories", "data/rules")
# The code of the components Rasa trains (``config.yml`` names them).
CODE_INPUTS = ("bot/nlu/components.py", "bot/nlu/diet.py", "bot/policies.py")
TRAINING_INPUTS = DATA_INPUTS + CODE_INPUTS


def _files(root: Path, inputs: Iterable[str]) -> List[Path]:
    found = []
    for name in inputs:
        path = root / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def _digest(root: Path, inputs: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for path in _files(root, inputs):
        digest.update(str(path.relative_to(root)).encode("utf-8"))
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def training_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """Hashes of the files the model is trained from: the data's, then the code's."""
    return f"{_digest(root, DATA_INPUTS)}\n{_digest(root, CODE_INPUTS)}"


def _stored_fingerprint() -> List[str]:
    if not MODEL_PATH.is_file() or not FINGERPRINT_PATH.is_file():
        return []
    return FINGERPRINT_PATH.read_text().split()


def model_is_stale() -> bool:
    """Whether the model is missing or was trained from other files."""
    return _stored_fingerprint() != training_fingerprint().split()


def code_changed() -> bool:
    """Whether a component Rasa trains changed (or is not known to be the same) since."""
    stored = _stored_fingerprint()
    return len(stored) != 2 or stored[1] != training_fingerprint().split()[1]


def train_if_stale(force: bool = False) -> bool:
    """Train when needed; return whether a model was trained.

    Raises:
        subprocess.CalledProcessError: if ``rasa train`` fails.
    """
    if not force and not model_is_stale():
        print(f"Model is up to date: {MODEL_PATH.relative_to(PROJECT_ROOT)}")
        return False
    fingerprint = training_fingerprint()
    # Rasa's cache would hand back a component trained by its old code
    force = force or code_changed()
    print("Training the model (two to four minutes on two cores)...", flush=True)
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--fixed-model-name", MODEL_NAME,
         "--out", str(MODELS_DIR)] + (["--force"] if force else []),
        cwd=PROJECT_ROOT, env=environment, check=True,
    )
    FINGERPRINT_PATH.write_text(fingerprint + "\n")
    return True

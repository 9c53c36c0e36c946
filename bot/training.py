"""Train the Rasa model only when it is missing or stale.

A model is stale when any file that shapes it (config, domain, training data, the custom
NLU components) changed since it was trained; the fingerprint of those files is stored
next to the model. The knowledge files and the spaCy pipeline are not part of it: the
entity patterns are read at run time, so new facts and aliases need no retraining.
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
TRAINING_INPUTS = ("config.yml", "domain.yml", "data/nlu", "data/stories", "data/rules",
                   "bot/nlu/components.py")


def _files(root: Path, inputs: Iterable[str]) -> List[Path]:
    found = []
    for name in inputs:
        path = root / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


def training_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of every file the model is trained from."""
    digest = hashlib.sha256()
    for path in _files(root, TRAINING_INPUTS):
        digest.update(str(path.relative_to(root)).encode("utf-8"))
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def model_is_stale() -> bool:
    """Whether the model is missing or was trained from other files."""
    if not MODEL_PATH.is_file() or not FINGERPRINT_PATH.is_file():
        return True
    return FINGERPRINT_PATH.read_text().strip() != training_fingerprint()


def train_if_stale(force: bool = False) -> bool:
    """Train when needed; return whether a model was trained.

    Raises:
        subprocess.CalledProcessError: if ``rasa train`` fails.
    """
    if not force and not model_is_stale():
        print(f"Model is up to date: {MODEL_PATH.relative_to(PROJECT_ROOT)}")
        return False
    fingerprint = training_fingerprint()
    print("Training the model (two to four minutes on two cores)...", flush=True)
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--fixed-model-name", MODEL_NAME,
         "--out", str(MODELS_DIR)],
        cwd=PROJECT_ROOT, env=environment, check=True,
    )
    FINGERPRINT_PATH.write_text(fingerprint + "\n")
    return True

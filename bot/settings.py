"""Configuration from environment variables, each with a working default.

Every variable is listed in the README. Values are read when asked for, never at import,
so tests and entry points can set the environment first.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DATABASE_PATH = PROJECT_ROOT / "var" / "knowledge.db"
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "data" / "knowledge"
DEFAULT_SPACY_PIPELINE_DIR = PROJECT_ROOT / "build" / "spacy_pipeline"


def database_url() -> str:
    """The knowledge base's SQLAlchemy URL (``DATABASE_URL``); a SQLite file by default."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    DEFAULT_DATABASE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE_PATH}"


def other_careers_file() -> Path:
    """The lookup table of careers outside imaging, recognised to decline questions on them."""
    return PROJECT_ROOT / "data" / "nlu" / "other_careers.yml"


def knowledge_dir() -> Path:
    """Folder of the knowledge files (``KNOWLEDGE_DIR``)."""
    return Path(os.environ.get("KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR)


def spacy_pipeline_dir() -> Path:
    """Where the project's spaCy pipeline is saved: the path ``config.yml`` gives SpacyNLP."""
    return DEFAULT_SPACY_PIPELINE_DIR


def advisor_contact() -> str:
    """How students reach a human advisor (``ADVISOR_CONTACT``); empty when not set up."""
    return os.environ.get("ADVISOR_CONTACT", "").strip()

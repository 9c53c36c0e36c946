"""The evaluation set of student questions and conversations (tests/nlu/eval/).

Written by separate authors who never saw data/nlu, labelled with the topic asked and the
subject (knowledge-base ids) it is about, turn by turn for conversations. These tests keep
it usable: well-formed, labelled with known topics and ids, and never training data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, List

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.kb.loader import read_knowledge
from bot.settings import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT

EVAL = Path(__file__).parent / "eval"
# What a question can be about: the topics the evaluation labels.
TOPICS = frozenset({
    "pay", "outlook", "education", "program_length", "certification", "exam", "licensure",
    "continuing_education", "clinical_experience", "skills", "work_setting", "role_overview",
    "accreditation", "specializing", "comparing", "switching_roles", "definitions",
    "high_school", "pathway",
})
# Which knowledge kinds each subject key names.
SUBJECT_KINDS = {
    "role": ("roles",),
    "certification": ("credentials", "organizations"),
    "specialization": ("specializations",),
    "term": ("terms", "organizations"),
    "state": ("states",),
}


# A conversation turn that asks nothing the assistant answers (nonsense, the weather).
NO_TOPIC = "none"


def _questions(directory: Path) -> Iterator[Dict[str, Any]]:
    if (directory / "questions.yml").exists():
        yield from yaml.safe_load((directory / "questions.yml").read_text(encoding="utf-8"))
    conversations = yaml.safe_load((directory / "conversations.yml").read_text(encoding="utf-8"))
    for conversation in conversations:
        yield from ({**turn, "turn": True} for turn in conversation["turns"])


# The first set (used while the topic design was built), then fresh ones written later by
# other authors, for measuring again once a figure was reached.
# The development sets, whose failures are read: tests/nlu/eval/dev (conversations only)
# and tests/nlu/eval/dev2, dev3 and dev4 (questions and conversations).
SETS = [EVAL, EVAL / "fresh", EVAL / "fresh2", EVAL / "fresh3", EVAL / "fresh4",
        EVAL / "fresh5", EVAL / "fresh6", EVAL / "fresh7", EVAL / "dev", EVAL / "dev2",
        EVAL / "dev3", EVAL / "dev4"]
QUESTIONS: List[Dict[str, Any]] = [q for directory in SETS for q in _questions(directory)]


def test_the_set_is_big_enough():
    conversations = yaml.safe_load((EVAL / "conversations.yml").read_text(encoding="utf-8"))
    single = yaml.safe_load((EVAL / "questions.yml").read_text(encoding="utf-8"))
    assert len(single) >= 300 and len(conversations) >= 40
    for later in ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                  "dev3"):
        fresh = yaml.safe_load((EVAL / later / "questions.yml").read_text(encoding="utf-8"))
        assert len(fresh) >= 150


def test_every_label_is_a_known_topic_and_knowledge_base_id():
    knowledge = read_knowledge(DEFAULT_KNOWLEDGE_DIR)
    ids = {key: {entry["id"] for kind in kinds for entry in knowledge[kind]}
           for key, kinds in SUBJECT_KINDS.items()}
    wrong = []
    for question in QUESTIONS:
        if question["topic"] not in TOPICS and not (
                question["topic"] == NO_TOPIC and question.get("turn")):
            wrong.append((question["text"], "topic", question["topic"]))
        for key, value in (question.get("subject") or {}).items():
            values = value if isinstance(value, list) else [value]
            if key not in ids or any(v not in ids[key] for v in values):
                wrong.append((question["text"], key, value))
    assert wrong == []


def test_no_question_is_training_data():
    training = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    seen = {example.get("text").strip().lower() for example in training.intent_examples}
    leaked = [q["text"] for q in QUESTIONS if q["text"].strip().lower() in seen]
    assert leaked == []


def test_the_second_annotators_label_every_question_of_their_set_once():
    from bot.nlu.understanding import agreement

    files = sorted((EVAL / "agreement").glob("*-second-annotator.yml"))
    assert [path.name for path in files] == ["fresh2-second-annotator.yml",
                                             "fresh3-second-annotator.yml"]
    for path in files:
        directory = EVAL / path.name.split("-")[0]
        questions = yaml.safe_load((directory / "questions.yml").read_text(encoding="utf-8"))
        # raises unless each question is labelled exactly once
        assert agreement(directory, path, roles_of={}).startswith(f"{len(questions)} questions")
        second = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert all(entry["topic"] in TOPICS for entry in second)

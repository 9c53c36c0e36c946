"""``make validate`` finds drift between the knowledge base, NLU data, domain and stories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import drift
from bot.settings import DEFAULT_SPACY_PIPELINE_DIR, PROJECT_ROOT


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's data, domain and test stories, free to break."""
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "stories", tmp_path / "tests" / "stories",
                    ignore=shutil.ignore_patterns("test_conversation_*"))
    shutil.copy(PROJECT_ROOT / "domain.yml", tmp_path / "domain.yml")
    return tmp_path


def everything(text):
    """A recogniser that finds every name (so only the other checks speak)."""
    return [(label, id_) for label, id_ in NAMES.get(text.lower(), [])]


NAMES = {}


@pytest.fixture(autouse=True)
def names_of_the_knowledge_base():
    from bot.kb.loader import read_knowledge
    knowledge = read_knowledge(PROJECT_ROOT / "data" / "knowledge")
    NAMES.clear()
    for kind, label in (("roles", "role"), ("credentials", "certification"),
                        ("specializations", "specialization")):
        for entry in knowledge[kind]:
            for text in drift._names_of(entry):
                NAMES.setdefault(text.lower(), []).append((label, entry["id"]))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1)
                if needle in line)


def test_the_project_has_no_drift(project):
    assert drift.check(project, everything) == []


def test_the_real_pipeline_reaches_every_role_credential_and_specialization():
    if not (DEFAULT_SPACY_PIPELINE_DIR / "meta.json").exists():
        pytest.skip("the spaCy pipeline is not built (make knowledge)")
    recognise = drift.pipeline_recogniser(DEFAULT_SPACY_PIPELINE_DIR)
    from bot.kb.loader import read_knowledge
    assert drift.unreachable(read_knowledge(PROJECT_ROOT / "data" / "knowledge"), recognise) == []


def test_each_kind_of_drift_is_reported_with_file_and_line(project):
    rules = project / "data" / "rules" / "conversation.yml"
    _append(rules, """
  - rule: a removed intent
    steps:
      - intent: ask_horoscope
      - action: action_answer
  - rule: a removed action and a role that no longer exists
    steps:
      - intent: greet
      - action: action_read_palms
      - slot_was_set:
          - role: x_ray_wizard
""")
    tests = project / "tests" / "stories" / "test_conversations.yml"
    _append(tests, """
  - story: a test story naming a credential that is gone
    steps:
      - user: |
          what is [RXYZ]{"entity": "certification", "value": "rxyz"}?
        intent: ask_acronym
      - action: action_answer
""")
    domain = project / "domain.yml"
    text = domain.read_text(encoding="utf-8")
    text = text.replace("  - human_handoff\n", "  - human_handoff\n  - ask_nothing_ever\n", 1)
    text = text.replace("payload: /human_handoff", "payload: '/ask_pay{\"role\": \"wizard\"}'", 1)
    domain.write_text(text, encoding="utf-8")
    careers = project / "data" / "nlu" / "other_careers.yml"
    careers.write_text(careers.read_text().replace(
        "examples: |\n", "examples: |\n      - sonographer\n", 1))
    _append(project / "data" / "nlu" / "lookups.yml", """  - synonym: not_a_thing
    examples: |
      - nothing
""")

    def all_but_one(text):
        return [found for found in everything(text) if found[1] != "mri_technologist"]

    found = {str(problem).replace(str(project) + "/", "") for problem in
             drift.check(project, all_but_one)}
    expected = {
        f"data/rules/conversation.yml:{_line_of(rules, 'ask_horoscope')}: "
        "the intent 'ask_horoscope' is not in domain.yml",
        f"data/rules/conversation.yml:{_line_of(rules, 'action_read_palms')}: "
        "the action 'action_read_palms' is not in domain.yml",
        f"data/rules/conversation.yml:{_line_of(rules, 'x_ray_wizard')}: "
        "this step names the role 'x_ray_wizard', which the knowledge base does not have",
        f"tests/stories/test_conversations.yml:{_line_of(tests, 'RXYZ')}: "
        "this step names the certification 'rxyz', which the knowledge base does not have",
        f"domain.yml:{_line_of(domain, 'ask_nothing_ever')}: "
        "the intent 'ask_nothing_ever' has no rule or story",
        f"domain.yml:{_line_of(domain, 'wizard')}: "
        "a button names the role 'wizard', which the knowledge base does not have",
        f"data/nlu/other_careers.yml:{_line_of(careers, '- sonographer')}: "
        "'sonographer' is listed as a career outside imaging, but it names the role 'sonographer'",
        f"data/nlu/lookups.yml:{_line_of(project / 'data' / 'nlu' / 'lookups.yml', '- nothing')}: "
        "the synonym 'not_a_thing' is not a knowledge-base id",
    }
    assert expected <= found, found - expected
    [unreachable] = [problem for problem in found if "no message can name" in problem]
    assert unreachable.startswith("data/knowledge/roles.yml:")
    assert "(mri_technologist)" in unreachable
    assert len(found) == len(expected) + 1

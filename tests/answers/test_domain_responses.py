"""Every reply the answers compose names a response of the domain and fills all its blanks."""

import itertools
import re

import pytest
import yaml

from bot.answers import NeedsRole, Subject
from bot.answers.comparison import compare
from bot.answers.planner import plan
from bot.kb import queries
from bot.questions import ANSWERED
from bot.settings import PROJECT_ROOT

ROLES = ["radiologic_technologist", "ct_technologist", "mri_technologist", "sonographer",
         "nuclear_medicine_technologist", "mammographer", "qa_specialist"]
SUBJECTS = (
    [Subject()]
    + [Subject(role=role) for role in ROLES]
    + [Subject(role=role, state=state) for role in ROLES[:2] for state in ("ohio", "texas")]
    + [Subject(state="ohio")]
    + [Subject(certification=value) for value in (
        "arrt", "nmtcb", "arrt_mr", "nmtcb_ct", "ardms_rdms", "arrt_quality_management")]
    + [Subject(specialization=value) for value in (
        "ct", "mri", "breast_sonography", "pediatric_imaging")]
    + [Subject(term=value) for value in ("mqsa", "radiologist", "jrcert")]
)


@pytest.fixture(scope="module")
def templates():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {name: {field for variation in variations
                   for field in re.findall(r"{(\w+)}", variation.get("text") or "")}
            for name, variations in domain["responses"].items()}


def problems(templates, replies, label):
    found = []
    for reply in replies:
        if reply.response not in templates:
            found.append(f"{label}: {reply.response} is not in the domain")
        else:
            missing = templates[reply.response] - set(reply.variables)
            if missing:
                found.append(f"{label}: {reply.response} leaves {sorted(missing)} blank")
    return found


def test_every_answer_fills_its_responses(kb, templates):
    found = []
    for question, subject in itertools.product(ANSWERED, SUBJECTS):
        try:
            replies = question.answer(kb, subject)
        except NeedsRole:
            continue
        found += problems(templates, replies, f"{question.topic} {subject}")
    assert not found, found


def test_every_comparison_and_plan_fills_its_responses(kb, templates):
    found = []
    for first, second in itertools.combinations(ROLES, 2):
        roles = [queries.role(kb, first), queries.role(kb, second)]
        found += problems(templates, compare(kb, roles), f"compare {first} {second}")
    for start in queries.all_starting_points(kb):
        for target, current in itertools.product(ROLES, [None] + ROLES):
            found += problems(templates, plan(kb, start.id, target, current),
                              f"plan {start.id} {target} {current}")
    assert not found, found

"""Comparisons and plans composed from the knowledge base (on SQLite and PostgreSQL)."""

import pytest

from bot.answers import Subject
from bot.answers import responses as r
from bot.answers.comparison import compare, prerequisites_of, roles_to_compare
from bot.answers.planner import plan, primary_roles, starting_points
from bot.kb import queries


def responses(replies):
    return [reply.response for reply in replies]


def test_roles_to_compare_maps_specializations_and_drops_repeats(kb):
    roles = roles_to_compare(kb, [Subject(specialization="mri"), Subject(role="mri_technologist"),
                                  Subject(role="sonographer")])
    assert [role.id for role in roles] == ["mri_technologist", "sonographer"]


def test_comparison_cites_every_section(kb):
    roles = roles_to_compare(kb, [Subject(role="radiologic_technologist"),
                                  Subject(role="sonographer")])
    replies = compare(kb, roles)
    assert responses(replies) == [r.COMPARE_DUTIES, r.COMPARE_EDUCATION, r.COMPARE_CREDENTIALS,
                                  r.COMPARE_PAY, r.COMPARE_PAY_HIGHEST, r.COMPARE_OUTLOOK]
    assert all(reply.variables["source"] for reply in replies if "source" in reply.variables)
    highest = replies[4].variables
    assert highest["role_name"] == "Diagnostic Medical Sonographer"
    assert replies[0].listed == (("role", "radiologic_technologist"), ("role", "sonographer"))


def test_unknown_pay_is_said_not_guessed(kb):
    roles = roles_to_compare(kb, [Subject(role="qa_specialist"), Subject(role="sonographer")])
    replies = compare(kb, roles)
    missing = [reply for reply in replies if reply.response == r.COMPARE_PAY_MISSING]
    assert missing[0].variables["role_names"] == "Imaging Quality Assurance Specialist"
    assert r.COMPARE_PAY_HIGHEST not in responses(replies)


def test_prerequisites_tell_direct_roles_from_post_primary_ones(kb):
    roles = [queries.role(kb, "mammographer"), queries.role(kb, "mri_technologist")]
    mammography, mri = prerequisites_of(kb, roles)
    assert mammography.response == r.PREREQUISITES
    assert mammography.variables["roles"] == "Radiologic Technologist"
    assert mri.response == r.PREREQUISITES_NONE  # ARRT(MR) has a primary pathway too


def test_starting_points_and_primary_roles_come_in_order(kb):
    assert [s.id for s in starting_points(kb)] == [
        "high_school", "other_degree", "imaging_student", "certified_technologist",
        "other_healthcare"]
    ids = {role.id for role in primary_roles(kb)}
    assert {"radiologic_technologist", "sonographer", "nuclear_medicine_technologist"} <= ids
    assert not ids & {"ct_technologist", "mammographer"}


@pytest.mark.parametrize("stage, target, current, steps", [
    ("high_school", "radiologic_technologist", None,
     [r.PLAN_EDUCATION, r.PLAN_CERTIFY, r.PLAN_CLINICAL, r.PLAN_SPECIALIZE, r.PLAN_CONTINUING]),
    ("imaging_student", "nuclear_medicine_technologist", None,
     [r.PLAN_FINISH_PROGRAM, r.PLAN_CERTIFY, r.PLAN_CLINICAL, r.PLAN_SPECIALIZE,
      r.PLAN_CONTINUING]),
    ("other_degree", "mammographer", None,
     [r.PLAN_EDUCATION_NO_ACCREDITOR, r.PLAN_CERTIFY_FIRST, r.PLAN_CLINICAL,
      r.PLAN_CONTINUING]),
    ("certified_technologist", "mri_technologist", "radiologic_technologist",
     [r.PLAN_POST_PRIMARY, r.PLAN_CLINICAL, r.PLAN_CONTINUING]),
    ("certified_technologist", "sonographer", "radiologic_technologist",
     [r.PLAN_EDUCATION, r.PLAN_CERTIFY, r.PLAN_CLINICAL, r.PLAN_SPECIALIZE,
      r.PLAN_CONTINUING]),
])
def test_plans_follow_the_pathway_order_from_where_the_student_is(kb, stage, target, current,
                                                                  steps):
    replies = plan(kb, stage, target, current)
    numbered = [reply for reply in replies if "number" in reply.variables]
    assert responses(numbered) == steps
    assert [reply.variables["number"] for reply in numbered] == list(range(1, len(steps) + 1))
    assert replies[0].response == r.PLAN_INTRO and replies[-1].response == r.PLAN_CLOSE


def test_a_plan_for_an_unknown_role_is_refused(kb):
    with pytest.raises(ValueError):
        plan(kb, "high_school", "astronaut")

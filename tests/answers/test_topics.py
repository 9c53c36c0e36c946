"""Answers composed from the knowledge base: the right facts, cited, never guessed."""

import pytest

from bot.answers import ANSWERS, NeedsRole, Subject
from bot.answers import responses as r
from bot.answers.subjects import unknown_values


def answer(kb, intent, **subject):
    return ANSWERS[intent](kb, Subject(**subject))


def only(replies, response):
    found = [reply for reply in replies if reply.response == response]
    assert found, [reply.response for reply in replies]
    return found[0].variables


def test_role_overview_cites_its_source(kb):
    variables = only(answer(kb, "ask_role_overview", role="sonographer"), r.ROLE_OVERVIEW)
    assert "ultrasound" in variables["summary"]
    assert "BLS Occupational Outlook Handbook (www.bls.gov)" in variables["source"]


def test_pay_states_figure_period_and_source(kb):
    variables = only(answer(kb, "ask_pay", role="nuclear_medicine_technologist"), r.PAY)
    assert variables["amount"] == "$92,500" and variables["period"] == "May 2023"
    assert "lasierra.edu" in variables["source"]


@pytest.mark.parametrize("role", ["radiation_therapist", "qa_specialist", "ct_technologist"])
def test_pay_unknown_is_said_plainly(kb, role):
    replies = answer(kb, "ask_pay", role=role)
    assert [reply.response for reply in replies] == [r.PAY_UNKNOWN]


def test_pay_without_a_role_lists_known_figures(kb):
    figures = only(answer(kb, "ask_pay"), r.PAY_OVERVIEW)["figures"]
    assert "$89,340 (May 2024)" in figures and "Radiation Therapist" not in figures


def test_certification_for_a_role_names_credentials_and_bodies(kb):
    variables = only(answer(kb, "ask_certification", role="ct_technologist"),
                     r.CERTIFICATION_FOR_ROLE)
    assert "ARRT(CT)" in variables["credentials"] and "NMTCB(CT)" in variables["credentials"]


def test_certification_names_the_awarding_body(kb):
    variables = only(answer(kb, "ask_certification", certification="ardms_rdms"), r.CREDENTIAL)
    assert variables["organization_acronym"] == "ARDMS"
    assert "SPI" in variables["requirements"]


def test_discontinued_credential_says_so(kb):
    replies = answer(kb, "ask_certification", certification="arrt_quality_management")
    assert "June 30, 2018" in only(replies, r.CREDENTIAL_DISCONTINUED)["requirements"]


@pytest.mark.parametrize("subject, expansion", [
    ({"certification": "arrt"}, "American Registry of Radiologic Technologists"),
    ({"term": "jrcert"}, "Joint Review Committee on Education in Radiologic Technology"),
    ({"term": "cqr"}, "Continuing Qualifications Requirements"),
    ({"certification": "nmtcb"}, "Nuclear Medicine Technology Certification Board"),
    ({"certification": "ardms"}, "American Registry for Diagnostic Medical Sonography"),
])
def test_acronyms(kb, subject, expansion):
    replies = answer(kb, "ask_acronym", **subject)
    assert expansion in str(replies[0].variables)


def test_unknown_acronym(kb):
    assert [x.response for x in answer(kb, "ask_acronym")] == [r.ACRONYM_UNKNOWN]


def test_exam_known_and_uncertain_facts(kb):
    ct = answer(kb, "ask_exam", certification="nmtcb_ct")
    assert only(ct, r.EXAM_QUESTIONS)["scored_questions"] == 200
    assert (only(ct, r.EXAM_DURATION)["hours"], only(ct, r.EXAM_DURATION)["minutes"]) == (3, 30)
    cnmt = answer(kb, "ask_exam", role="nuclear_medicine_technologist")
    assert "clinical procedures: 45%" in only(cnmt, r.EXAM_OUTLINE)["outline"]
    assert "not confirmed" in only(cnmt, r.EXAM_NOTES)["notes"]
    arrt = answer(kb, "ask_exam", certification="arrt")
    assert only(arrt, r.EXAM_QUESTIONS)["scored_questions"] == 200


def test_specialization_route_names_prerequisites_and_post_primary(kb):
    replies = answer(kb, "ask_specializations", specialization="ct")
    assert "ARRT(CT)" in only(replies, r.SPECIALIZATION)["credentials"]
    roles = only(replies, r.SPECIALIZATION_PREREQUISITES)["roles"]
    assert "Radiologic Technologist" in roles and "Diagnostic Medical Sonographer" not in roles
    assert "16 hours of structured education" in only(replies, r.POST_PRIMARY)["description"]


def test_continuing_education(kb):
    arrt = only(answer(kb, "ask_continuing_education", certification="arrt"),
                r.CONTINUING_EDUCATION)["rules"]
    assert "24 approved CE credits" in arrt and "10 years" in arrt
    sonographer = only(answer(kb, "ask_continuing_education", role="sonographer"),
                       r.CONTINUING_EDUCATION)["rules"]
    assert "30 accepted CME credits every three years" in sonographer


def test_clinical_experience_for_mammography(kb):
    facts = only(answer(kb, "ask_clinical_experience", role="mammographer"),
                 r.CLINICAL_EXPERIENCE)["facts"]
    assert "40 contact hours" in facts and "25" in facts


def test_licensure_always_says_it_varies_by_state(kb):
    replies = answer(kb, "ask_licensure", role="radiologic_technologist")
    assert "37 states" in only(replies, r.LICENSURE)["notes"]
    assert replies[-1].response == r.LICENSURE_VARIES
    assert [x.response for x in answer(kb, "ask_licensure")] == [r.LICENSURE_VARIES]


def test_education_unknown_for_qa_specialist(kb):
    assert answer(kb, "ask_education", role="qa_specialist")[0].response == r.EDUCATION_UNKNOWN


def test_education_without_sourced_length_says_so(kb):
    replies = answer(kb, "ask_education", role="radiologic_technologist")
    assert r.EDUCATION_PROGRAM_LENGTH_UNKNOWN in [x.response for x in replies]
    assert only(replies, r.ACCREDITATION)["accreditor_acronym"] == "JRCERT"


def test_questions_that_need_a_role_say_so(kb):
    with pytest.raises(NeedsRole):
        answer(kb, "ask_education")


def test_roles_list_and_pathway(kb):
    assert only(answer(kb, "list_roles"), r.ROLES_LIST)["count"] == 10
    steps = only(answer(kb, "ask_pathway"), r.PATHWAY)["steps"]
    assert steps.startswith("1. Education and training") and "5. Continuing education" in steps


def test_unknown_values_are_reported(kb):
    subject = Subject(role="x'; DROP TABLE roles", certification="arrt")
    assert unknown_values(kb, subject) == [("role", "x'; DROP TABLE roles")]


def test_a_specialization_stands_for_the_role_that_practises_it(kb):
    facts = only(answer(kb, "ask_clinical_experience", specialization="mammography"),
                 r.CLINICAL_EXPERIENCE)["facts"]
    assert "40 contact hours" in facts
    assert only(answer(kb, "ask_pay", specialization="mri"), r.PAY)["amount"] == "$88,180"

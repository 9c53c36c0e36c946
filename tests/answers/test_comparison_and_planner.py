"""Comparisons and plans composed from the fixture knowledge base (SQLite and PostgreSQL)."""

import pytest

from bot import names
from bot.answers import NeedsRole, Subject
from bot.answers.comparison import (
    ASPECTS,
    about_each,
    compare,
    compare_credentials,
    roles_to_compare,
)
from bot.answers.core import cite
from bot.answers.eligibility import POST_PRIMARY, prerequisites, prerequisites_of
from bot.answers.planner import (
    asks_held_credential,
    expansions,
    for_a_new_state,
    outside_imaging,
    plan,
    primary_roles,
    starting_points,
)
from bot.kb import queries
from bot.kb.models import ClinicalExperience
from bot.questions import BY_INTENT, BY_TOPIC, first_named


def responses(replies):
    return [reply.response for reply in replies]


def roles(kb, *ids):
    return [queries.role(kb, id_) for id_ in ids]


# --- comparisons --------------------------------------------------------------------------

def test_roles_to_compare_maps_specializations_and_drops_repeats(kb):
    found = roles_to_compare(kb, [Subject(specialization="mri"), Subject(role="mri_technologist"),
                                  Subject(role="sonographer"), Subject(role="astronaut"),
                                  Subject(specialization="pediatric_imaging")])
    assert [role.id for role in found] == ["mri_technologist", "sonographer"]


def test_comparison_cites_every_section(kb):
    replies = compare(kb, roles(kb, "radiologic_technologist", "sonographer"))
    assert responses(replies) == [names.COMPARE_DUTIES, names.COMPARE_EDUCATION,
                                  names.COMPARE_CREDENTIALS, names.COMPARE_PAY,
                                  names.COMPARE_PAY_HIGHEST, names.COMPARE_OUTLOOK]
    assert all(reply.variables["source"] for reply in replies if "source" in reply.variables)
    duties = replies[0]
    assert duties.variables["names"] == (
        "Radiologic Technologist vs Diagnostic Medical Sonographer")
    assert duties.listed == (("role", "radiologic_technologist"), ("role", "sonographer"))
    assert replies[2].variables["lines"].split("\n") == [
        "• Radiologic Technologist: R.T.(R) (ARRT)",
        "• Diagnostic Medical Sonographer: RDMS (ARDMS), ARRT(BS) (ARRT), ARRT(VS) (ARRT)"]
    assert replies[3].variables["lines"].split("\n") == [
        "• Radiologic Technologist: $51,234 (May 2030)",
        "• Diagnostic Medical Sonographer: $71,234 (May 2030)"]
    assert replies[4].variables == {"role_name": "Diagnostic Medical Sonographer",
                                    "amount": "$71,234", "period": "May 2030"}
    # The sonographer's outlook is a recorded gap: only the radiographer's figure is shown.
    assert replies[5].variables["lines"] == (
        "• Radiologic Technologist (fixture radiographers): 7% growth, 2030-2040")


@pytest.mark.parametrize("text, first", [
    ("ok and which one pays more", "pay"),
    ("which makes more", "pay"),  # a hint, with no deciding word
    ("should i do sono or mri, which has more jobs", "outlook"),
    ("which one needs more school", "education"),
    ("ct vs mri", None),
])
def test_the_part_a_comparison_leads_with_is_what_was_asked(text, first):
    assert first_named(text, ASPECTS) == first


def test_a_comparison_leads_with_what_was_asked_and_who_comes_out_ahead(kb):
    pair = roles(kb, "radiologic_technologist", "mri_technologist")
    replies = compare(kb, pair, first="pay")
    assert responses(replies)[:2] == [names.COMPARE_PAY_HIGHEST, names.COMPARE_PAY]
    assert replies[0].variables["role_name"] == "MRI Technologist"
    assert len(replies) == len(compare(kb, pair))  # nothing left out, only the order
    replies = compare(kb, pair, first="outlook")
    assert responses(replies)[:2] == [names.COMPARE_OUTLOOK_FASTEST, names.COMPARE_OUTLOOK]
    assert replies[0].variables == {"role_name": "MRI Technologist", "growth_percent": 9,
                                    "period": "2030-2040"}
    # a role with no figure is not ranked below the others: no verdict, the figures first
    replies = compare(kb, roles(kb, "radiologic_technologist", "sonographer"), first="outlook")
    assert responses(replies)[0] == names.COMPARE_OUTLOOK
    # growth comes out ahead of a decline
    replies = compare(kb, roles(kb, "nuclear_medicine_technologist", "radiologic_technologist"),
                      first="outlook")
    assert replies[0].variables["role_name"] == "Radiologic Technologist"


def test_unknown_facts_are_said_missing_not_guessed(kb):
    replies = compare(kb, roles(kb, "qa_specialist", "sonographer"))
    assert responses(replies) == [names.COMPARE_DUTIES, names.COMPARE_EDUCATION,
                                  names.COMPARE_EDUCATION_MISSING, names.COMPARE_CREDENTIALS,
                                  names.COMPARE_PAY, names.COMPARE_PAY_MISSING]
    missing = [reply.variables["role_names"] for reply in replies if "role_names" in
               reply.variables]
    assert missing == ["Imaging Quality Assurance Specialist"] * 2
    # A discontinued credential is not compared.
    assert "ARRT(QM)" not in replies[3].variables["lines"]


def test_roles_without_active_credentials_compare_no_credentials(kb):
    replies = compare(kb, roles(kb, "qa_specialist", "ct_technologist"))
    assert names.COMPARE_CREDENTIALS in responses(replies)
    for credential in ("arrt_ct", "nmtcb_ct"):  # in this test's transaction only
        queries.credential(kb, credential).status = "discontinued"
    kb.flush()
    replies = compare(kb, roles(kb, "qa_specialist", "ct_technologist"))
    assert names.COMPARE_CREDENTIALS not in responses(replies)


def test_ct_and_mri_side_by_side(kb):
    replies = compare(kb, roles(kb, "ct_technologist", "mri_technologist"))
    assert responses(replies) == [names.COMPARE_DUTIES, names.COMPARE_EDUCATION,
                                  names.COMPARE_CREDENTIALS, names.COMPARE_PAY,
                                  names.COMPARE_PAY_MISSING, names.COMPARE_OUTLOOK]


def test_questions_about_each_compared_role(kb):
    compared = roles(kb, "radiologic_technologist", "nuclear_medicine_technologist")
    pay = about_each(kb, "pay", BY_TOPIC["pay"].answer, compared)
    assert responses(pay) == [names.COMPARE_PAY, names.COMPARE_PAY_HIGHEST]
    assert pay[1].variables["role_name"] == "Nuclear Medicine Technologist"
    overview = about_each(kb, "role_overview", BY_TOPIC["role_overview"].answer,
                          compared)
    assert [reply.variables["role_name"] for reply in overview if not reply.detail] == [
        "Radiologic Technologist (radiographer)", "Nuclear Medicine Technologist"]
    prerequisites = about_each(kb, "switching_roles",
                               BY_TOPIC["switching_roles"].answer, compared)
    assert responses(prerequisites) == [names.PREREQUISITES_NONE, names.PREREQUISITES_NONE]


def test_prerequisites_tell_direct_roles_from_post_primary_ones(kb):
    mammography, mri, qa = prerequisites_of(
        kb, roles(kb, "mammographer", "mri_technologist", "qa_specialist"))
    assert mammography.response == names.PREREQUISITES_REPLY
    assert mammography.variables["routes"] == (
        "• ARRT(M): A fixture credential in radiography, then the post-primary requirements")
    assert mri.response == names.PREREQUISITES_NONE  # ARRT(MR) has a primary pathway too
    assert mri.variables["credentials"].startswith("• ARRT(MR): a fixture MRI program")
    assert qa.response == names.PREREQUISITES_UNKNOWN  # its only credential is discontinued


def test_prerequisites_list_every_route_of_every_credential(kb):
    [ct] = prerequisites_of(kb, roles(kb, "ct_technologist"))
    assert ct.response == names.PREREQUISITES_REPLY
    assert ct.variables["routes"].count("•") == 3
    # The credentials and their routes are cited (one source here, once).
    assert ct.variables["source"] == (
        "Fixture registry handbook (registry.example.org), January 2031")


def test_the_prerequisites_question_needs_a_role(kb):
    with pytest.raises(NeedsRole):
        BY_INTENT["ask_prerequisites"].answer(kb, Subject())
    [reply] = BY_INTENT["ask_prerequisites"].answer(kb, Subject(role="ct_technologist"))
    assert reply.variables["role_name"] == "CT Technologist"
    # A specialization named: who may earn its credentials, route by route.
    [reply] = BY_INTENT["ask_prerequisites"].answer(kb, Subject(specialization="ct"))
    assert reply.response == names.CREDENTIAL_ROUTES
    assert reply.variables["credentials"] == "ARRT(CT), NMTCB(CT)"
    # A credential whose routes the sources do not give: what earning it takes, with no
    # question back about a career ("I have my RDMS ... thinking about adding my RVT")
    [reply] = BY_INTENT["ask_prerequisites"].answer(kb, Subject(certification="ardms_rdms"))
    assert reply.response == names.CREDENTIAL
    assert reply.variables["requirements"] == "the fixture SPI exam plus a fixture specialty exam"
    [reply] = BY_INTENT["ask_specializations"].answer_from(
        kb, Subject(certification="ardms_rdms"), [queries.role(kb, "sonographer")])
    assert reply.response == names.CREDENTIAL


def credentials(kb, *ids):
    return [queries.credential(kb, id_) for id_ in ids]


def test_two_credentials_for_one_career_differ_in_body_and_route(kb):
    lead, side = compare_credentials(credentials(kb, "arrt_ct", "nmtcb_ct"),
                                     "whats the difference between them")
    assert lead.response == names.CREDENTIALS_DIFFER
    assert lead.variables == {"names": "ARRT(CT) and NMTCB(CT)",
                              "how": "differ in who awards them and what they take",
                              "same_career": "; both are credentials for a CT Technologist"}
    assert side.variables["lines"] == (
        "• ARRT(CT) (ARRT, added to an earlier credential): a fixture primary credential plus"
        " fixture CT training\n"
        "• NMTCB(CT) (NMTCB, added to an earlier credential): a fixture nuclear medicine"
        " credential plus fixture CT hours")
    assert side.listed == (("certification", "arrt_ct"), ("certification", "nmtcb_ct"))
    assert side.variables["source"] == cite(*credentials(kb, "arrt_ct", "nmtcb_ct"))


def test_credentials_of_one_body_differ_in_what_they_take(kb):
    lead, side = compare_credentials(credentials(kb, "arrt_mr", "arrt_mammography",
                                                 "arrt_radiography"), "ct vs mammo cert")
    assert lead.variables["how"] == "are all awarded by the ARRT and differ in what they take"
    assert lead.variables["names"] == "ARRT(MR), ARRT(M) and R.T.(R)"
    assert lead.variables["same_career"] == ""  # three careers
    assert "ARRT(MR) (ARRT, a first credential or an added one)" in side.variables["lines"]
    assert "R.T.(R) (ARRT, a first credential)" in side.variables["lines"]


@pytest.mark.parametrize("text", ["is RDMS or ARRT(VS) better to have",
                                  "which one do employers actually want",
                                  "should i go for rdms or the arrt one"])
def test_which_credential_is_better_is_answered_first(kb, text):
    lead, _ = compare_credentials(credentials(kb, "ardms_rdms", "arrt_vascular_sonography"),
                                  text)
    assert lead.response == names.CREDENTIALS_UNRANKED
    assert lead.variables["unranked"] == "Neither RDMS nor ARRT(VS) is ranked above the other"
    assert lead.variables["same_career"] == (
        "; both are credentials for a Diagnostic Medical Sonographer")


def test_a_discontinued_credential_says_so(kb):
    _, side = compare_credentials(credentials(kb, "arrt_ct", "arrt_quality_management"))
    assert "(ARRT, no longer awarded)" in side.variables["lines"]


# --- the planner --------------------------------------------------------------------------

def test_starting_points_and_primary_roles_come_in_order(kb):
    assert [s.id for s in starting_points(kb)] == [
        "high_school", "other_degree", "imaging_student", "certified_technologist",
        "other_healthcare"]
    ids = {role.id for role in primary_roles(kb)}
    assert ids == {"radiologic_technologist", "mri_technologist", "sonographer",
                   "nuclear_medicine_technologist"}


def test_the_situation_of_a_starting_point_decides_what_the_planner_asks(kb):
    assert asks_held_credential(kb, "certified_technologist")
    assert not asks_held_credential(kb, "high_school")
    assert not asks_held_credential(kb, None) and not asks_held_credential(kb, "astronaut")
    assert outside_imaging(kb, "other_healthcare")
    assert not outside_imaging(kb, "imaging_student") and not outside_imaging(kb, "nowhere")


EVERY_STEP = [names.PLAN_EDUCATION, names.PLAN_CLINICAL, names.PLAN_CERTIFY, names.PLAN_LICENSURE,
              names.PLAN_SPECIALIZE, names.PLAN_CONTINUING]


@pytest.mark.parametrize("stage, target, current, steps", [
    ("high_school", "radiologic_technologist", None, EVERY_STEP),
    ("imaging_student", "nuclear_medicine_technologist", None,
     [names.PLAN_FINISH_PROGRAM, names.PLAN_CLINICAL, names.PLAN_CERTIFY, names.PLAN_LICENSURE,
      names.PLAN_SPECIALIZE, names.PLAN_CONTINUING]),
    # No accreditor; post-primary only; nothing reachable from mammography alone.
    ("other_degree", "mammographer", None,
     [names.PLAN_EDUCATION_NO_ACCREDITOR, names.PLAN_CLINICAL, names.PLAN_CERTIFY_FIRST,
      names.PLAN_LICENSURE, names.PLAN_CONTINUING]),
    # Either pathway: the radiographer takes the post-primary route.
    ("certified_technologist", "mri_technologist", "radiologic_technologist",
     [names.PLAN_CLINICAL_POST_PRIMARY, names.PLAN_POST_PRIMARY, names.PLAN_LICENSURE,
      names.PLAN_CONTINUING]),
    ("certified_technologist", "ct_technologist", "nuclear_medicine_technologist",
     [names.PLAN_CLINICAL_POST_PRIMARY, names.PLAN_POST_PRIMARY, names.PLAN_LICENSURE,
      names.PLAN_CONTINUING]),
    # Radiography opens one sonography credential (vascular): that route, then the rest.
    ("certified_technologist", "sonographer", "radiologic_technologist",
     [names.PLAN_CLINICAL_POST_PRIMARY, names.PLAN_POST_PRIMARY, names.PLAN_LICENSURE,
      names.PLAN_SPECIALIZE, names.PLAN_CONTINUING]),
    # No route from sonography to CT: the direct way, credentials needing an earlier one.
    ("certified_technologist", "ct_technologist", "sonographer",
     [names.PLAN_EDUCATION_NO_ACCREDITOR, names.PLAN_CLINICAL, names.PLAN_CERTIFY_FIRST,
      names.PLAN_LICENSURE, names.PLAN_CONTINUING]),
    # Already there: what remains is to specialize and keep current.
    ("certified_technologist", "radiologic_technologist", "radiologic_technologist",
     [names.PLAN_SPECIALIZE, names.PLAN_CONTINUING]),
    # Nothing known: said so, step by step.
    ("other_healthcare", "qa_specialist", None,
     [names.PLAN_EDUCATION_UNKNOWN, names.PLAN_CLINICAL, names.PLAN_CERTIFY_UNKNOWN,
      names.PLAN_LICENSURE]),
])
def test_plans_follow_the_pathway_order_from_where_the_student_is(kb, stage, target, current,
                                                                  steps):
    replies = plan(kb, stage, target, current)
    numbered = [reply for reply in replies if "number" in reply.variables]
    assert responses(numbered) == steps
    assert [reply.variables["number"] for reply in numbered] == list(range(1, len(steps) + 1))
    assert replies[0].response == names.PLAN_INTRO and replies[-1].response == names.PLAN_CLOSE
    assert all(reply.variables["source"] for reply in numbered
               if "source" in reply.variables)


def test_a_program_taken_after_certification_stays_in_a_technologist_s_plan(kb):
    # (the radiologist assistant's program, in the real knowledge base)
    def steps():
        return [reply.response for reply in plan(kb, "certified_technologist", "sonographer",
                                                 "radiologic_technologist")
                if "number" in reply.variables]

    assert steps()[0] == names.PLAN_CLINICAL_POST_PRIMARY
    for program in queries.programs(kb, "sonographer"):  # this test's transaction only
        program.after_certification = True
    kb.flush()
    assert steps()[:3] == [names.PLAN_EDUCATION, names.PLAN_CLINICAL_POST_PRIMARY,
                           names.PLAN_POST_PRIMARY]


def test_a_plan_names_the_start_and_its_note(kb):
    replies = plan(kb, "high_school", "sonographer")
    assert replies[0].variables == {"role_name": "Diagnostic Medical Sonographer",
                                    "start": "I'm in high school", "where": ""}
    assert plan(kb, "high_school", "sonographer", state_id="ohio")[0].variables["where"] == (
        " in Ohio")
    assert replies[0].listed == (("role", "sonographer"),)
    assert replies[1].response == names.PLAN_STAGE_NOTE
    assert replies[1].variables["note"] == "Fixture programs come after high school"
    # A starting point without a note adds none.
    assert names.PLAN_STAGE_NOTE not in responses(plan(kb, "other_degree", "sonographer"))


def test_plan_steps_carry_the_files_titles_and_facts(kb):
    replies = plan(kb, "high_school", "sonographer")
    steps = [reply.variables for reply in replies if "number" in reply.variables]
    assert [step["title"] for step in steps] == [
        "Fixture school", "Fixture practice", "Fixture exam", "Fixture license",
        "Fixture specialty", "Fixture renewal"]
    assert steps[0]["award"] == "a fixture sonography certificate or degree"
    assert steps[0]["accreditor"] == "CAAHEP"
    assert steps[1]["summary"] == "fixture hands-on hours"  # the step's own words
    assert steps[2]["credentials"] == "RDMS (ARDMS)"
    assert steps[3]["summary"] == "Fixture states license the work after the exam"
    assert steps[4]["options"] == "Magnetic Resonance Imaging (MRI)"
    assert steps[5]["rules"] == "ARDMS fixture CME, ARRT(BS) fixture CE and ARRT fixture CE"
    # Each step names the topic that tells more about it; the sources come once, at the end.
    assert [topic for _, topic in expansions(replies)] == [
        "education", "clinical_experience", "certification", "licensure", "specializing",
        "continuing_education"]
    assert all(topic in BY_TOPIC for _, topic in expansions(replies))
    close = replies[-1].variables["sources"].split("; ")
    assert len(close) == len(set(close))
    assert all(label in close for step in steps for label in step["source"].split("; "))


def test_a_plan_names_at_most_three_specializations(kb):
    replies = plan(kb, "high_school", "radiologic_technologist")
    options = next(reply.variables["options"] for reply in replies
                   if reply.response == names.PLAN_SPECIALIZE)
    reachable = queries.specializations_reachable_from(kb, "radiologic_technologist")
    if len(reachable) > 3:
        assert options.endswith(f"and {len(reachable) - 3} more")
    else:
        assert options.count(",") <= 1


def test_the_post_primary_step_names_the_credentials_opened(kb):
    replies = plan(kb, "certified_technologist", "ct_technologist", "nuclear_medicine_technologist")
    step = next(reply.variables for reply in replies if reply.response == names.PLAN_POST_PRIMARY)
    assert step["credentials"] == "ARRT(CT) or NMTCB(CT)"
    # The term explaining the post-primary route is cited with it.
    assert cite(queries.explaining(kb, POST_PRIMARY)) in step["source"]


def test_the_role_level_rule_is_in_a_mammographers_plan(kb):
    replies = plan(kb, "certified_technologist", "mammographer", "radiologic_technologist")
    assert responses([reply for reply in replies if "number" in reply.variables]) == [
        names.PLAN_CLINICAL_POST_PRIMARY, names.PLAN_POST_PRIMARY, names.PLAN_LICENSURE,
        names.PLAN_CONTINUING]
    rules = next(reply.variables["rules"] for reply in replies
                 if reply.response == names.PLAN_CONTINUING)
    assert "MQSA fixture continuing experience" in rules


def test_a_step_with_nothing_to_say_is_left_out(kb):
    kb.delete(kb.get(ClinicalExperience, "general_clinical_experience"))  # rolled back after
    kb.flush()
    replies = plan(kb, "high_school", "radiologic_technologist")
    assert responses([reply for reply in replies if "number" in reply.variables]) == [
        names.PLAN_EDUCATION, names.PLAN_CERTIFY, names.PLAN_LICENSURE, names.PLAN_SPECIALIZE,
        names.PLAN_CONTINUING]


def _licensure_step(replies):
    return next(reply for reply in replies if reply.response.startswith(names.PLAN_LICENSURE))


def test_the_licensure_step_is_the_role_s_own_note_and_offers_the_state(kb):
    step = _licensure_step(plan(kb, "high_school", "radiologic_technologist"))
    assert step.response == names.PLAN_LICENSURE
    assert step.variables["summary"] == "About 41 fixture states license radiography"
    assert step.expands == "licensure"
    # A role with no note of its own: the step's own words.
    step = _licensure_step(plan(kb, "high_school", "sonographer"))
    assert step.variables["summary"] == "Fixture states license the work after the exam"
    # Of a role's notes, the one the files mark for plans.
    step = _licensure_step(plan(kb, "high_school", "mri_technologist"))
    assert step.variables["summary"] == "Fixture states seldom license MRI technologists"


def test_in_a_state_the_licensure_step_says_what_is_recorded_there(kb):
    step = _licensure_step(plan(kb, "high_school", "radiologic_technologist",
                                state_id="ohio"))
    assert step.response == names.PLAN_LICENSURE_STATE
    assert step.variables["state"] == "Ohio"
    # the role's own rule first, with the body that applies it
    assert step.variables["note"] == (
        "Ohio Fixture Radiation Board: A fixture Ohio license is required for radiography")
    # a state with nothing recorded: said so, with where to check; nothing guessed
    step = _licensure_step(plan(kb, "high_school", "radiologic_technologist",
                                state_id="texas"))
    assert step.response == names.PLAN_LICENSURE_STATE_UNKNOWN
    assert step.variables["state"] == "Texas" and step.variables["where"]
    # an unknown state id is no state
    step = _licensure_step(plan(kb, "high_school", "radiologic_technologist",
                                state_id="atlantis"))
    assert step.response == names.PLAN_LICENSURE


def test_a_plan_for_a_new_state_is_what_changes_there(kb):
    whole = plan(kb, "high_school", "radiologic_technologist", state_id="ohio")
    changed = for_a_new_state(whole)
    assert responses(changed) == [names.PLAN_IN_A_STATE, names.PLAN_LICENSURE_STATE,
                                  names.PLAN_CLOSE]
    assert changed[0].variables["state"] == "Ohio"
    assert changed[0].variables["role_name"] == whole[0].variables["role_name"]
    assert changed[1] == _licensure_step(whole)  # numbered as in the whole plan
    assert changed[-1].variables["sources"] == changed[1].variables["source"]
    # without a state, or without the step (already qualified), the plan comes whole
    assert for_a_new_state(plan(kb, "high_school", "sonographer")) == plan(kb, "high_school",
                                                                       "sonographer")
    qualified = plan(kb, "certified_technologist", "radiologic_technologist",
                     "radiologic_technologist", state_id="ohio")
    assert for_a_new_state(qualified) == qualified


def test_already_qualified_is_said(kb):
    replies = plan(kb, "certified_technologist", "radiologic_technologist",
                   "radiologic_technologist")
    assert names.PLAN_ALREADY_QUALIFIED in responses(replies)


def test_a_plan_for_an_unknown_role_or_start_is_refused(kb):
    with pytest.raises(ValueError):
        plan(kb, "high_school", "astronaut")
    with pytest.raises(ValueError):
        plan(kb, "on_the_moon", "sonographer")


def test_a_decline_is_not_compared_as_growth(kb):
    replies = compare(kb, roles(kb, "radiologic_technologist", "nuclear_medicine_technologist"))
    lines = next(reply.variables["lines"] for reply in replies
                 if reply.response == names.COMPARE_OUTLOOK)
    assert "-3% growth" not in lines


def test_a_post_primary_plan_names_the_roles_other_credentials_unnumbered(kb):
    replies = plan(kb, "certified_technologist", "sonographer", "radiologic_technologist")
    position = responses(replies).index(names.PLAN_POST_PRIMARY)
    others = replies[position + 1]
    assert others.response == names.PLAN_OTHER_CREDENTIALS and "number" not in others.variables
    opened = replies[position].variables["credentials"].split(" or ")
    assert not set(opened) & set(others.variables["credentials"].split(", "))


@pytest.mark.parametrize("subject", [{"certification": "arrt_breast_sonography"},
                                     {"specialization": "breast_sonography",
                                      "role": "sonographer"}])
def test_who_may_earn_a_named_credential_is_said_route_by_route(kb, subject):
    [reply] = prerequisites(kb, Subject(**subject))
    assert reply.response == names.CREDENTIAL_ROUTES
    lines = reply.variables["routes"].split("\n")
    assert len(lines) == len(queries.credential(kb, "arrt_breast_sonography").routes) >= 2
    assert all(line.startswith("• ARRT(BS): ") for line in lines)

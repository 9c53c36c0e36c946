"""Queries over the fixture knowledge base (SQLite and PostgreSQL)."""

from bot.kb import queries
from bot.kb.models import Role


def test_role_credentials_put_active_primary_ones_first(kb):
    ids = [c.id for c in queries.role_credentials(kb, "sonographer")]
    assert ids == ["ardms_rdms", "arrt_breast_sonography", "arrt_vascular_sonography"]
    qa = queries.role_credentials(kb, "qa_specialist")
    assert [(c.id, c.status) for c in qa] == [("arrt_quality_management", "discontinued")]


def test_specializations_reachable_from_a_role(kb):
    from_radiography = [s.id for s in queries.specializations_reachable_from(
        kb, "radiologic_technologist")]
    # By name; breast sonography needs mammography as well, so radiography alone does not
    # open it.
    assert from_radiography == ["ct", "mri", "mammography", "vascular_sonography"]
    assert [s.id for s in queries.specializations_reachable_from(kb, "sonographer")] == ["mri"]
    assert [s.id for s in queries.specializations_reachable_from(
        kb, "nuclear_medicine_technologist")] == ["ct"]
    assert queries.specializations_reachable_from(kb, "ct_technologist") == []


def test_a_route_needing_two_roles_opens_only_with_both(kb):
    breast = queries.credential(kb, "arrt_breast_sonography")
    assert not queries.opened_by(breast, {"radiologic_technologist"})
    assert not queries.opened_by(breast, {"mammographer"})
    assert queries.opened_by(breast, {"radiologic_technologist", "mammographer"})


def test_an_uncertain_route_qualifies_nobody(kb):
    breast = queries.credential(kb, "arrt_breast_sonography")
    uncertain = breast.routes[1]
    assert [r.id for r in uncertain.required_roles] == ["sonographer"]
    assert not uncertain.settled
    assert not queries.opened_by(breast, {"sonographer"})


def test_a_route_without_roles_is_not_opened_by_holding_nothing(kb):
    mr = queries.credential(kb, "arrt_mr")
    assert mr.routes[0].required_roles == [] and mr.routes[0].settled
    assert not queries.opened_by(mr, set())
    assert queries.opened_by(mr, {"sonographer"})


def test_continuing_education_rules_for_credentials(kb):
    breast = queries.credential(kb, "arrt_breast_sonography")
    # The organization's rule for all its credentials, and the one listing this credential.
    assert [r.id for r in queries.continuing_education_for(kb, [breast])] == [
        "arrt_breast_sonography_ce", "arrt_fixture_ce"]
    rdms = queries.credential(kb, "ardms_rdms")
    assert [r.id for r in queries.continuing_education_for(kb, [rdms])] == ["ardms_fixture_cme"]
    ct = queries.credential(kb, "arrt_ct")
    assert "arrt_breast_sonography_ce" not in {
        r.id for r in queries.continuing_education_for(kb, [ct])}


def test_a_role_level_rule_applies_to_the_role_only(kb):
    mammography = queries.credential(kb, "arrt_mammography")
    with_role = queries.continuing_education_for(kb, [mammography], "mammographer")
    assert [r.id for r in with_role] == ["arrt_fixture_ce", "mqsa_fixture_ce"]
    assert "mqsa_fixture_ce" not in {
        r.id for r in queries.continuing_education_for(kb, [mammography])}
    # Everyone practising the role, even holding no credential.
    assert [r.id for r in queries.continuing_education_for(kb, [], "mammographer")] == [
        "mqsa_fixture_ce"]


def test_clinical_experience_general_then_the_roles(kb):
    assert [r.id for r in queries.clinical_experience(kb, None)] == [
        "general_clinical_experience"]
    assert [r.id for r in queries.clinical_experience(kb, "mammographer")] == [
        "general_clinical_experience", "mammography_clinical"]


def test_pay_known_and_unknown(kb):
    assert queries.pay(kb, "radiologic_technologist").median_annual_usd == 51234
    assert queries.pay(kb, "ct_technologist").median_annual_usd is None
    assert queries.pay(kb, "mammographer") is None
    assert len(queries.all_pay(kb)) == 6


def test_outlook_falls_back_to_the_field_in_general(kb):
    assert [o.growth_percent for o in queries.outlook(kb, "mri_technologist")] == [9]
    general = queries.outlook(kb, "ct_technologist")
    assert [o.id for o in general] == ["imaging_general_outlook"]
    assert queries.outlook(kb, None) == general


def test_skills_list_general_ones_first(kb):
    rows = queries.skills(kb, "mri_technologist")
    assert [row.role_id for row in rows] == [None, None, "mri_technologist"]
    assert [row.role_id for row in queries.skills(kb, "sonographer")] == [None, None]


def test_licensure_by_role_and_by_state(kb):
    assert [n.id for n in queries.licensure(kb, "radiologic_technologist")] == [
        "radiography_licensure"]
    assert queries.licensure(kb, "sonographer") == []
    # In a state: the role's own notes first, then those for every role.
    assert [n.id for n in queries.licensure(kb, "radiologic_technologist", "ohio")] == [
        "ohio_radiography_licensure", "ohio_general_licensure"]
    assert [n.id for n in queries.licensure(kb, "sonographer", "ohio")] == [
        "ohio_general_licensure"]
    # No role named: what the state has for any role.
    assert [n.id for n in queries.licensure(kb, None, "ohio")] == [
        "ohio_radiography_licensure", "ohio_general_licensure"]
    assert queries.licensure(kb, "radiologic_technologist", "texas") == []
    assert [n.id for n in queries.general_licensure(kb)] == ["general_licensure"]
    assert queries.state(kb, "ohio").abbreviation == "OH"


def test_programs_work_conditions_and_high_school_by_role(kb):
    assert [p.position for p in queries.programs(kb, "radiologic_technologist")] == [1, 2, 3]
    assert queries.programs(kb, "ct_technologist") == []
    assert [w.id for w in queries.work_conditions(kb, "radiologic_technologist",
                                                  "physical_demands")] == [
        "radiologic_technologist_demands"]
    assert [h.id for h in queries.high_school(kb, "radiologic_technologist")] == [
        "radiologic_technologist_high_school"]


def test_pathway_steps_are_the_general_ones_in_the_files_order(kb):
    steps = queries.pathway_steps(kb)
    assert [s.kind for s in steps] == ["education", "clinical_experience", "certification",
                                       "licensure", "specialization", "continuing_education"]
    assert [s.title for s in steps][:2] == ["Fixture school", "Fixture practice"]


def test_terms_are_found_by_what_they_explain(kb):
    assert queries.explaining(kb, "post_primary_pathway").id == "post_primary_pathway"
    assert queries.explaining(kb, "role_confusion").id == "radiologist"
    assert queries.explaining(kb, "primary_pathway") is None


def test_starting_points_in_order_with_their_completed_steps(kb):
    starts = queries.all_starting_points(kb)
    assert [s.situation for s in starts] == ["not_started", "not_started", "in_program",
                                             "certified", "outside_imaging"]
    assert [step.id for step in starts[3].completed_steps] == ["step_school", "step_exam"]


def test_roles_are_listed_by_name(kb):
    names = [role.name for role in queries.all_roles(kb)]
    assert len(names) == 7
    assert names[0] == "CT Technologist" and names[-1] == "Radiologic Technologist"


def test_each_test_runs_in_a_transaction_that_is_rolled_back(kb):
    kb.get(Role, "sonographer").name = "Changed in a test"
    kb.flush()
    assert queries.role(kb, "sonographer").name == "Changed in a test"


def test_a_change_made_by_an_earlier_test_is_gone(kb):
    # Runs after the test above (file order): its change was rolled back.
    assert queries.role(kb, "sonographer").name == "Diagnostic Medical Sonographer"

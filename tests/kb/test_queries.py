"""Queries over the loaded knowledge base (SQLite and PostgreSQL)."""

from bot.kb import queries


def test_role_credentials_put_active_primary_ones_first(kb):
    ids = [c.id for c in queries.role_credentials(kb, "nuclear_medicine_technologist")]
    assert ids[:2] == ["arrt_nuclear_medicine", "nmtcb_cnmt"]
    assert set(ids) >= {"nmtcb_pet", "nmtcb_nct"}
    qa = queries.role_credentials(kb, "qa_specialist")
    assert [c.status for c in qa] == ["discontinued"]


def test_specializations_reachable_from_a_role(kb):
    from_radiography = {s.id for s in queries.specializations_reachable_from(
        kb, "radiologic_technologist")}
    assert {"ct", "mri", "mammography", "vascular_interventional",
            "cardiac_interventional"} <= from_radiography
    from_sonography = {s.id for s in queries.specializations_reachable_from(kb, "sonographer")}
    assert "mri" in from_sonography and "ct" not in from_sonography


def test_continuing_education_rules_for_credentials(kb):
    rra = queries.credential(kb, "arrt_rra")
    titles = {r.id for r in queries.continuing_education_for(kb, [rra])}
    assert {"arrt_biennial_ce", "arrt_rra_ce", "arrt_cqr"} <= titles
    assert "ardms_cme" not in titles
    mammography = queries.credential(kb, "arrt_mammography")
    assert "mqsa_mammography_ce" in {r.id for r in queries.continuing_education_for(
        kb, [mammography])}


def test_outlook_falls_back_to_the_field_in_general(kb):
    assert [o.growth_percent for o in queries.outlook(kb, "sonographer")] == [13]
    general = queries.outlook(kb, "ct_technologist")
    assert len(general) == 1 and general[0].role_id is None


def test_skills_list_general_ones_first(kb):
    rows = queries.skills(kb, "mri_technologist")
    roles = [row.role_id for row in rows]
    assert roles.index("mri_technologist") > roles.index(None)
    assert "nuclear_medicine_technologist" not in roles


def test_pathway_steps_are_in_order(kb):
    assert [s.title for s in queries.pathway_steps(kb)] == [
        "Education and training", "Certification", "Clinical experience",
        "Specialization (optional)", "Continuing education"]

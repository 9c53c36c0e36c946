"""The names of a message read together: shared names, bodies and careers, qualifiers."""

import re

import pytest

from bot.nlu.relations import Relations, load_relations, related, shared_key

RELATIONS = Relations(
    awarded_by={"arrt_mr": "arrt", "arrt_ct": "arrt", "arrt_radiography": "arrt",
                "arrt_sonography": "arrt", "arrt_vascular_sonography": "arrt",
                "armrit": "armrit", "ardms_rdms": "ardms", "cci_rcis": "cci",
                "arrt_cardiac_interventional": "arrt", "arrt_rra": "arrt"},
    certifies={"arrt_mr": frozenset({"mri_technologist", "mri"}),
               "arrt_ct": frozenset({"ct_technologist", "ct"}),
               "arrt_radiography": frozenset({"radiologic_technologist"}),
               "arrt_sonography": frozenset({"sonographer"}),
               "arrt_vascular_sonography": frozenset({"sonographer", "vascular_sonography"}),
               "armrit": frozenset({"mri_technologist", "mri"}),
               "ardms_rdms": frozenset({"sonographer"}),
               "cci_rcis": frozenset({"interventional_technologist", "cardiac_interventional"}),
               "arrt_cardiac_interventional": frozenset({"interventional_technologist",
                                                         "cardiac_interventional"}),
               "arrt_rra": frozenset({"radiologist_assistant"})},
    shared={"rra": ("radiologist_assistant", "arrt_rra")},
)


def entity(text, said, kind, value, role=None):
    start = re.search(r"(?<!\w)" + re.escape(said) + r"(?!\w)", text).start()
    found = {"entity": kind, "value": value, "start": start, "end": start + len(said)}
    return {**found, "role": role} if role else found


def read(text, *names):
    """(entity, value, role) of each name of ``text`` after reading them together."""
    entities = [entity(text, *name) for name in names]
    return [(e["entity"], e["value"], e.get("role")) for e in related(text, entities, RELATIONS)]


def test_a_name_a_role_shares_with_its_credential_names_both():
    text = "how long is an RRA program"
    assert read(text, ("RRA", "role", "radiologist_assistant")) == [
        ("role", "radiologist_assistant", None), ("certification", "arrt_rra", None)]


def test_a_body_and_a_career_it_certifies_once_are_that_credential():
    text = "ARMRIT or ARRT for MRI, which do employers prefer"
    assert read(text, ("ARMRIT", "certification", "armrit"),
                ("ARRT", "certification", "arrt"), ("MRI", "specialization", "mri")) == [
        ("certification", "armrit", None), ("certification", "arrt_mr", None),
        ("specialization", "mri", "qualifying")]


def test_a_body_with_several_credentials_for_the_career_stays_the_body():
    text = "the ARRT exam for sonography"
    assert read(text, ("ARRT", "certification", "arrt"),
                ("sonography", "role", "sonographer"))[0] == ("certification", "arrt", None)


@pytest.mark.parametrize("text, said, value, expected", [
    ("im in my second year of rad tech school, when can i take the registry",
     "rad tech", "radiologic_technologist", "arrt_radiography"),
    # several ARRT credentials certify sonographers: which one is not said
    ("im in sono school, when do i take the registry", "sono", "sonographer", "arrt"),
])
def test_a_body_and_the_career_studied_are_its_credential(text, said, value, expected):
    found = read(text, (said, "role", value, "studying"), ("registry", "certification", "arrt"))
    assert found == [("role", value, "studying"), ("certification", expected, None)]


def test_a_career_not_studied_away_from_the_body_leaves_it_the_body():
    text = "when can i take the registry, i want to be a rad tech"
    found = read(text, ("registry", "certification", "arrt"),
                 ("rad tech", "role", "radiologic_technologist"))
    assert found[0] == ("certification", "arrt", None)
    # another career asked about: the body is not the studied career's credential
    text = "im in rad tech school, does ARRT certify sonographers too"
    found = read(text, ("rad tech", "role", "radiologic_technologist", "studying"),
                 ("ARRT", "certification", "arrt"), ("sonographers", "role", "sonographer"))
    assert found[1] == ("certification", "arrt", None)


@pytest.mark.parametrize("text, credentials, held", [
    ("MRI tech with ARMRIT, if i move to a state that requires licensure will it be accepted",
     [("ARMRIT", "armrit")], True),
    ("sonographer w RDMS and RVT, whats the pay bump for adding RDCS",
     [("RDMS", "ardms_rdms"), ("RVT", "ardms_rvt"), ("RDCS", "ardms_rdcs")], True),
    ("hi! sonographer with the RDMS. can i add echo", [("RDMS", "ardms_rdms")], True),
    # a group asked about, a role not opening the message, no clause after the credential
    ("MRI techs with ARMRIT, do they earn less", [("ARMRIT", "armrit")], False),
    ("how much does an MRI tech with ARMRIT make", [("ARMRIT", "armrit")], False),
    ("sonographer with RDMS vs without, which pays more", [("RDMS", "ardms_rdms")], False),
])
def test_a_role_opening_the_message_with_its_credentials_is_held(text, credentials, held):
    role = re.search(r"MRI techs?|sonographer", text).group()
    value = "mri_technologist" if role.startswith("MRI") else "sonographer"
    found = read(text, (role, "role", value),
                 *[(said, "certification", credential) for said, credential in credentials])
    roles = [role for _, _, role in found]
    if held:
        # the credentials after it are held too; one added later ("adding RDCS") is not
        assert roles[0] == "held"
        assert roles[1:] == ["held" if "RDCS" not in said else None
                             for said, _ in credentials]
    else:
        assert set(roles) == {None}


@pytest.mark.parametrize("text, names, qualifying", [
    # the career a credential is named for
    ("RCIS vs ARRT(CI) for cath lab, which one", [
        ("RCIS", "certification", "cci_rcis"),
        ("ARRT(CI)", "certification", "arrt_cardiac_interventional"),
        ("cath lab", "specialization", "cardiac_interventional")], ["cardiac_interventional"]),
    # a career of people, or the job itself, is asked about
    ("nuc med techs, do they need NMTCB or ARRT(N)", [
        ("nuc med techs", "role", "nuclear_medicine_technologist"),
        ("NMTCB", "certification", "nmtcb")], []),
    ("do i need the arrt ct cert to work in CT", [
        ("arrt ct", "certification", "arrt_ct"), ("CT", "specialization", "ct")], []),
    # a career the student heads for is the goal
    ("want to add vascular, what's the route to RVT or ARRT(VS)", [
        ("vascular", "specialization", "vascular_sonography"),
        ("ARRT(VS)", "certification", "arrt_vascular_sonography")], []),
    # the body awarding a credential named with it
    ("Does ARDMS require CME to keep my RDMS active?", [
        ("ARDMS", "certification", "ardms"), ("RDMS", "certification", "ardms_rdms")],
     ["ardms"]),
    # a body as where something was read, or what a step is for
    ("whats post primary mean? I keep seeing it on the ARRT site", [
        ("ARRT", "certification", "arrt")], ["arrt"]),
    ("does it have to be accredited for me to sit for the ARRT exam", [
        ("ARRT", "certification", "arrt")], ["arrt"]),
    ("is the ARRT exam hard", [("ARRT", "certification", "arrt")], []),
])
def test_a_name_that_only_says_which_credential_is_qualifying(text, names, qualifying):
    found = read(text, *names)
    assert [value for _, value, role in found if role == "qualifying"] == qualifying


def test_a_name_held_or_not_meant_keeps_its_role():
    text = "I'm a rad tech with the ARRT(R), not sonography, the ARRT(S)"
    found = read(text, ("rad tech", "role", "radiologic_technologist", "held"),
                 ("ARRT(R)", "certification", "arrt_radiography", "held"),
                 ("sonography", "role", "sonographer", "not_meant"),
                 ("ARRT(S)", "certification", "arrt_sonography"))
    assert [role for _, _, role in found] == ["held", "held", "not_meant", None]


def test_the_relations_come_from_the_knowledge_base(pipeline_dir):
    relations = load_relations(pipeline_dir)
    assert relations.awarded_by["ardms_rdms"] == "ardms"
    assert "ct_technologist" in relations.certifies["arrt_ct"]
    assert relations.shared[shared_key("R.R.A.")] == ("radiologist_assistant", "arrt_rra")
    assert relations.shared[shared_key("RRA")] == ("radiologist_assistant", "arrt_rra")
    # no other role goes by its credential's name
    assert {pair for pair in relations.shared.values()} == {
        ("radiologist_assistant", "arrt_rra")}


def test_a_pipeline_without_relations_relates_nothing(tmp_path):
    text = "ARRT for MRI"
    entities = [entity(text, "ARRT", "certification", "arrt"),
                entity(text, "MRI", "specialization", "mri")]
    assert related(text, entities, load_relations(tmp_path)) == entities


@pytest.mark.parametrize("text, role, credential, expected", [
    ("sonographer w/ RDMS, can i cross train into echo", "held", "RDMS", "held"),
    ("sonographer here (RDMS abd/OB), want to add vascular", "held", "RDMS", "held"),
    ("sonographer w RDMS and RVT, whats the pay bump", "held", "RDMS", "held"),
    # what the student adds, or a role they do not hold, is no credential they hold
    ("sonographer w RDMS, whats the pay bump for adding ARRT(S)", "held", "ARRT(S)", None),
    ("how do sonographer with RDMS add echo", None, "RDMS", None),
    ("I have my RCS and RDMS, do I need separate CEUs for each", None, "RDMS", None),
])
def test_a_credential_named_with_a_role_held_is_held(text, role, credential, expected):
    values = {"RDMS": "ardms_rdms", "ARRT(S)": "arrt_sonography"}
    first = ("RCS", "certification", "cci_rcs", "held") if "RCS" in text \
        else ("sonographer", "role", "sonographer", role)
    found = read(text, first, (credential, "certification", values[credential]))
    assert found[1][2] == expected

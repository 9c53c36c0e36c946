"""Answers composed from the fixture knowledge base: the right facts, cited, never guessed."""

import pytest

from bot import names
from bot.answers import NeedsRole, Reply, Subject
from bot.answers.core import listing, with_article
from bot.answers.eligibility import held_roles
from bot.answers.subjects import describe, role_choices, specific, unknown_values
from bot.answers.topics import months, specializations_from
from bot.answers.verdicts import leading
from bot.kb import queries
from bot.questions import BY_INTENT

REGISTRY = "Fixture registry handbook (registry.example.org), January 2031"
PAY_SURVEY = "Fixture pay survey, as quoted by a third party (pay.example.org)"
STATE_BOARDS = "https://boards.example.org/states"


def answer(kb, intent, **subject):
    return BY_INTENT[intent].answer(kb, Subject(**subject))


def responses(replies):
    return [reply.response for reply in replies]


def lead(replies):
    return [reply for reply in replies if not reply.detail]


def only(replies, response):
    found = [reply for reply in replies if reply.response == response]
    assert found, responses(replies)
    return found[0].variables


# --- roles --------------------------------------------------------------------------------

def test_role_overview_cites_its_source(kb):
    variables = only(answer(kb, "ask_role_overview", role="ct_technologist"), names.ROLE_OVERVIEW)
    assert variables == {"role_name": "CT Technologist",
                         "summary": "takes fixture cross-sectional images", "source": REGISTRY}


def test_role_overview_holds_where_the_work_is_done_for_more_detail(kb):
    replies = answer(kb, "ask_role_overview", role="radiologic_technologist")
    assert [(reply.response, reply.detail) for reply in replies][:2] == [
        (names.ROLE_OVERVIEW, False), (names.WORK_SETTING, True)]
    # what the sources do not say is not offered as more detail
    assert not any(reply.response in (names.WORK_SETTING_UNKNOWN,
                                      names.PHYSICAL_DEMANDS_UNKNOWN)
                   for reply in answer(kb, "ask_role_overview", role="ct_technologist"))


def test_role_overview_names_what_else_the_role_is_called(kb):
    variables = only(answer(kb, "ask_role_overview", role="sonographer"), names.ROLE_OVERVIEW)
    assert variables["role_name"] == "Diagnostic Medical Sonographer (ultrasound technologist)"
    # A seed document has no site: cited by title and month only.
    overview = only(answer(kb, "ask_role_overview", role="qa_specialist"), names.ROLE_OVERVIEW)
    assert overview["source"] == "Fixture seed document, January 2031"


def test_what_a_specialization_no_role_practises_does_is_said_with_who_may_take_it_up(kb):
    # "what does a pediatric imaging tech do?": no role of its own to describe
    variables = only(answer(kb, "ask_role_overview", specialization="pediatric_imaging"),
                     names.SPECIALIZATION_REPLY)
    assert variables["name"] == "Pediatric Imaging"
    assert variables["description"] == "fixture imaging of children"
    # one a role practises is that role's overview
    overview = only(answer(kb, "ask_role_overview", specialization="mri"), names.ROLE_OVERVIEW)
    assert overview["role_name"].startswith("MRI")


def test_roles_list_lists_every_role_for_the_first_one(kb):
    [reply] = answer(kb, "list_roles")
    assert reply.variables["count"] == 7
    assert "• Radiologic Technologist (radiographer)" in reply.variables["roles"]
    assert len(reply.listed) == 7 and ("role", "sonographer") in reply.listed


def test_questions_that_need_a_role_say_so(kb):
    for intent in ("ask_role_overview", "ask_education", "ask_work_setting",
                   "ask_high_school", "ask_accreditation"):
        with pytest.raises(NeedsRole):
            answer(kb, intent)


def test_how_long_of_no_career_is_each_first_careers_first_program_shortest_first(kb):
    # "which imaging job can i get into the fastest?"
    [reply, *rest] = answer(kb, "ask_program_length")
    assert reply.response == names.PROGRAM_LENGTH_OVERVIEW
    lines = reply.variables["programs"].split("\n") + [
        line for r in rest for line in r.variables["items"].split("\n")]
    found = [months(line.partition(": ")[2]) for line in lines]
    assert None not in found and found == sorted(found)
    # only careers one can start with, and not the programs taken after a credential
    assert not any(line.startswith("CT Technologist") for line in lines)


@pytest.mark.parametrize("length, expected", [
    ("two years", 24), ("21 months", 21), ("one to four years", 12),
    ("15 months over four semesters", 15), ("includes 1,000 hours of training", None),
    ("16 hours of structured education, done within the 24 months before applying", None)])
def test_months_are_read_from_a_stated_length(length, expected):
    assert months(length) == expected


def test_a_specialization_or_credential_stands_for_its_role(kb):
    facts = only(answer(kb, "ask_clinical_experience", specialization="mammography"),
                 names.CLINICAL_EXPERIENCE)
    assert facts["role_name"] == "Mammography Technologist"
    assert "12 fixture contact hours" in facts["facts"]
    assert only(answer(kb, "ask_pay", specialization="mri"), names.PAY)["amount"] == "$61,234"
    assert only(answer(kb, "ask_pay", certification="nmtcb_cnmt"), names.PAY)["amount"] == "$81,234"


# --- education, programs, work, high school -----------------------------------------------

def test_education_with_coursework_details_and_accreditor(kb):
    replies = answer(kb, "ask_education", role="radiologic_technologist")
    assert responses(replies) == [names.EDUCATION, names.EDUCATION_COURSEWORK,
                                  names.EDUCATION_DETAILS, names.ACCREDITATION]
    assert replies[0].variables["award"] == "a fixture associate degree"
    accreditation = replies[3].variables
    assert accreditation["accreditor_acronym"] == "JRCERT"
    assert accreditation["source"] == REGISTRY  # the fact and the body: one source, once


def test_education_without_an_accreditor_says_only_what_is_known(kb):
    replies = answer(kb, "ask_education", role="ct_technologist")
    assert responses(replies) == [names.EDUCATION, names.EDUCATION_DETAILS]


def test_education_not_found_is_said_with_its_note(kb):
    [reply] = answer(kb, "ask_education", role="qa_specialist")
    assert reply.response == names.EDUCATION_UNKNOWN
    assert reply.variables["details"] == "No fixture source describes QA training."


def test_accreditation_of_a_role_or_an_accrediting_body(kb):
    role = only(answer(kb, "ask_accreditation", role="sonographer"), names.ACCREDITATION)
    assert role["accreditor_name"] == (
        "Commission on Accreditation of Allied Health Education Programs")
    [body] = answer(kb, "ask_accreditation", term="jrcert")
    assert body.response == names.ORGANIZATION
    assert body.variables["url"] == "https://jrcert.example.org"
    [unknown] = answer(kb, "ask_accreditation", role="ct_technologist")
    assert unknown.response == names.ACCREDITATION_UNKNOWN
    assert unknown.variables["details"] == "Fixture CT is post-primary only."


def test_a_length_in_hours_is_not_said_to_be_full_time(kb):
    [lead] = answer(kb, "ask_program_length", role="mri_technologist")
    assert lead.variables["lead"] == (
        "16 fixture hours of structured education, for a fixture structured education, "
        "the route for people already certified in a supporting field")


def test_program_length_leads_with_a_duration_and_holds_the_other_routes_back(kb):
    lead, others = answer(kb, "ask_program_length", role="radiologic_technologist")
    assert lead.response == names.PROGRAM_LENGTH and not lead.detail
    assert lead.variables["lead"] == (
        "2 fixture years full time, for a fixture associate degree, "
        "the route for recent high-school graduates")
    assert lead.variables["source"] == REGISTRY
    assert others.response == names.PROGRAM_LENGTH_OTHERS and others.detail
    assert others.variables["programs"].split("\n") == [
        "• A fixture certificate: 13 fixture months; for those who already hold a degree; "
        "fixture hospital programs",
        "• Other fixture routes exist",
    ]
    assert others.variables["source"] == f"{REGISTRY}; Fixture seed document, January 2031"


@pytest.mark.parametrize("role, notes", [
    ("sonographer", "Fixture program lengths vary."),  # a program without a length
    ("ct_technologist", ""),  # no program at all
])
def test_program_length_unknown_is_not_guessed(kb, role, notes):
    [reply] = answer(kb, "ask_program_length", role=role)
    assert reply.response == names.PROGRAM_LENGTH_UNKNOWN
    assert reply.variables["notes"] == notes


def test_where_the_work_is_and_what_it_asks(kb):
    setting, demands = answer(kb, "ask_work_setting", role="radiologic_technologist")
    assert setting.response == names.WORK_SETTING
    assert setting.variables["facts"] == "• Fixture hospitals and fixture clinics"
    assert demands.response == names.PHYSICAL_DEMANDS
    assert demands.variables["facts"] == "• Fixture standing and lifting"


def test_an_uncertain_work_condition_is_not_stated(kb):
    replies = answer(kb, "ask_work_setting", role="sonographer")
    assert responses(replies) == [names.WORK_SETTING_UNKNOWN, names.PHYSICAL_DEMANDS_UNKNOWN]
    assert "mobile" not in str(replies)


def test_high_school_subjects(kb):
    [reply] = answer(kb, "ask_high_school", role="radiologic_technologist")
    assert reply.response == names.HIGH_SCHOOL
    assert reply.variables["subjects"] == (
        "• Fixture biology, fixture physics (fixture math helps too)")
    for role in ("sonographer", "mri_technologist"):  # subjects not found / no entry
        assert responses(answer(kb, "ask_high_school", role=role)) == [names.HIGH_SCHOOL_UNKNOWN]


# --- certification ------------------------------------------------------------------------

def test_certification_for_a_role_names_credentials_and_bodies(kb):
    lead, requirements = answer(kb, "ask_certification", role="ct_technologist")
    assert lead.response == names.CERTIFICATION_FOR_ROLE and not lead.detail
    assert lead.variables["credentials"].split("\n") == [
        "• ARRT(CT) (ARRT Computed Tomography, ARRT)",
        "• NMTCB(CT) (NMTCB Computed Tomography, NMTCB)"]
    assert lead.listed == (("certification", "arrt_ct"), ("certification", "nmtcb_ct"))
    # What each takes comes with "More detail".
    assert requirements.response == names.CREDENTIAL_REQUIREMENTS and requirements.detail
    assert requirements.variables["credentials"].split("\n") == [
        "• ARRT(CT) (ARRT Computed Tomography, ARRT): a fixture primary credential plus "
        "fixture CT training",
        "• NMTCB(CT) (NMTCB Computed Tomography, NMTCB): a fixture nuclear medicine "
        "credential plus fixture CT hours",
    ]


def test_certification_names_the_awarding_body(kb):
    [reply] = answer(kb, "ask_certification", certification="ardms_rdms")
    assert reply.response == names.CREDENTIAL
    assert reply.variables["organization_acronym"] == "ARDMS"
    assert reply.variables["requirements"] == (
        "the fixture SPI exam plus a fixture specialty exam")


def test_who_may_earn_a_credential_is_its_answer_s_detail(kb):
    lead, routes = answer(kb, "ask_certification", certification="arrt_ct")
    assert lead.response == names.CREDENTIAL and not lead.detail
    assert routes.response == names.CREDENTIAL_ROUTES and routes.detail
    assert routes.variables["credentials"] == "ARRT(CT)"
    assert routes.variables["routes"].startswith("• ARRT(CT): ")


def test_discontinued_credential_says_so(kb):
    [reply] = answer(kb, "ask_certification", certification="arrt_quality_management")
    assert reply.response == names.CREDENTIAL_DISCONTINUED
    assert "March 3, 2019" in reply.variables["requirements"]


def test_a_body_lists_the_credentials_it_awards(kb):
    [reply] = answer(kb, "ask_certification", certification="nmtcb")
    assert reply.response == names.ORGANIZATION_CREDENTIALS
    assert [line.split(" (")[0] for line in reply.variables["credentials"].split("\n")] == [
        "• CNMT", "• NMTCB(CT)"]


def test_certification_for_a_specialization_tells_how_to_reach_it(kb):
    replies = answer(kb, "ask_certification", specialization="ct")
    # The credentials and the shortest ways in lead; what each takes, the other ways in
    # and how the post-primary route works come with "More detail".
    assert [(reply.response, reply.detail) for reply in replies] == [
        (names.SPECIALIZATION_REPLY, False), (names.CREDENTIAL_REQUIREMENTS, True),
        (names.SPECIALIZATION_PREREQUISITES, False), (names.MORE_ITEMS, True),
        (names.POST_PRIMARY, True)]


def test_a_role_without_credentials_says_so(kb):
    assert responses(answer(kb, "ask_certification", role="qa_specialist")) == [
        names.CERTIFICATION_FOR_ROLE,  # its one credential, though discontinued
        names.CREDENTIAL_REQUIREMENTS]
    assert answer(kb, "ask_certification", role="qa_specialist")[0].variables[
        "credentials"].startswith("• ARRT(QM)")


@pytest.mark.parametrize("subject, response, expected", [
    ({"certification": "arrt"}, names.ORGANIZATION,
     "American Registry of Radiologic Technologists"),
    ({"term": "jrcert"}, names.ORGANIZATION,
     "Joint Review Committee on Education in Radiologic Technology"),
    ({"term": "mqsa"}, names.ACRONYM, "Mammography Quality Standards Act"),
    # the term that tells a radiologist from a technologist answers as a difference
    ({"term": "radiologist"}, names.ROLE_CONFUSION, "A fixture doctor, not a technologist"),
    ({"certification": "ardms_rdms"}, names.CREDENTIAL,
     "Registered Diagnostic Medical Sonographer"),
    ({"specialization": "mri"}, names.ACRONYM, "fixture imaging with magnets"),
    ({"role": "mri_technologist"}, names.ROLE_OVERVIEW, "runs the fixture magnet"),
])
def test_acronyms(kb, subject, response, expected):
    [reply] = answer(kb, "ask_acronym", **subject)
    assert reply.response == response
    assert expected in reply.variables.values()


def test_unknown_acronym(kb):
    assert responses(answer(kb, "ask_acronym")) == [names.ACRONYM_UNKNOWN]


# --- exams --------------------------------------------------------------------------------

def test_exam_questions_and_duration(kb):
    replies = answer(kb, "ask_exam", certification="nmtcb_ct")
    assert responses(lead(replies)) == [names.EXAM_QUESTIONS, names.EXAM_DURATION]
    assert replies[0].variables["questions"] == 111
    assert (replies[1].variables["hours"], replies[1].variables["minutes"]) == (2, 15)
    assert replies[0].variables["url"] == "https://registry.example.org/handbook"


def test_who_may_sit_a_named_exam_is_held_back_and_leads_when_asked(kb):
    replies = answer(kb, "ask_exam", certification="nmtcb_ct")
    [routes] = [reply for reply in replies if reply.response == names.CREDENTIAL_ROUTES]
    assert routes.detail and routes.settles
    assert "NMTCB(CT): A fixture nuclear medicine credential" in routes.variables["routes"]
    asked = leading(replies, "how do i qualify to sit for it")
    assert responses(lead(asked)) == [names.CREDENTIAL_ROUTES]
    assert {reply.response for reply in asked if reply.detail} >= {
        names.EXAM_QUESTIONS, names.EXAM_DURATION}
    # yes or no about the exam itself: the facts lead, with no verdict on who may sit it
    assert leading(replies, "can i retake it if i fail") == replies
    # yes or no about who may sit it: the verdict, then the routes
    assert responses(lead(leading(replies, "can i take it without being a nuc med tech")))[
        1:] == [names.CREDENTIAL_ROUTES]


def test_who_may_sit_an_exam_from_what_the_student_holds(kb):
    held = held_roles(kb, [("role", "nuclear_medicine_technologist")])
    replies = BY_INTENT["ask_exam"].answer_from(kb, Subject(certification="nmtcb_ct"), held)
    assert responses(lead(replies))[:1] == [names.EXAM_QUESTIONS]
    asked = leading(replies, "am i eligible to sit for it")
    assert responses(lead(asked)) == [names.ROUTES_FROM_HELD]


def test_an_exam_asked_of_a_role_says_nothing_of_who_may_sit(kb):
    replies = answer(kb, "ask_exam", role="nuclear_medicine_technologist")
    assert not {reply.response for reply in replies} & {
        names.CREDENTIAL_ROUTES, names.PREREQUISITES_REPLY, names.PREREQUISITES_NONE}


def test_exam_counting_scored_questions_only_says_so(kb):
    replies = answer(kb, "ask_exam", role="radiologic_technologist")
    assert responses(replies) == [names.EXAM_SCORED_QUESTIONS, names.EXAM_NOTES]
    assert replies[0].variables["questions"] == 123


def test_exam_outline_and_notes(kb):
    replies = answer(kb, "ask_exam", role="nuclear_medicine_technologist")
    assert responses(replies) == [names.EXAM_OUTLINE, names.EXAM_NOTES]
    assert only(replies, names.EXAM_OUTLINE)["outline"] == (
        "• fixture safety: 40%\n• fixture procedures: 60%")


def test_exams_of_every_credential_a_body_awards(kb):
    replies = answer(kb, "ask_exam", certification="nmtcb")
    assert [reply.variables["abbreviation"] for reply in replies] == [
        "CNMT", "CNMT", "NMTCB(CT)", "NMTCB(CT)"]


@pytest.mark.parametrize("subject, credentials, url", [
    ({"role": "mammographer"}, "ARRT(M)", "https://registry.example.org"),
    ({"role": "ct_technologist"}, None, None),  # NMTCB(CT) has an exam
    ({"certification": "arrt_quality_management"}, "ARRT(QM)", "https://registry.example.org"),
])
def test_exam_unknown_points_to_the_body(kb, subject, credentials, url):
    replies = answer(kb, "ask_exam", **subject)
    if credentials is None:
        assert names.EXAM_UNKNOWN not in responses(replies)
        return
    assert responses(replies) == [names.EXAM_UNKNOWN]
    assert replies[0].variables == {"credentials": credentials, "url": url}


def test_an_uncertain_exam_states_only_its_notes(kb):
    replies = answer(kb, "ask_exam", certification="ardms_rdms")
    assert responses(replies) == [names.EXAM_NOTES]


def test_exam_unknown_for_a_role_without_active_credentials_names_something(kb):
    [reply] = answer(kb, "ask_exam", role="qa_specialist")
    assert reply.response == names.EXAM_UNKNOWN
    assert reply.variables["credentials"]


# --- specializations ----------------------------------------------------------------------

def test_specialization_route_names_prerequisites_and_post_primary(kb):
    replies = answer(kb, "ask_specializations", specialization="ct")
    assert responses(replies) == [names.SPECIALIZATION_REPLY, names.CREDENTIAL_REQUIREMENTS,
                                  names.SPECIALIZATION_PREREQUISITES, names.MORE_ITEMS,
                                  names.POST_PRIMARY]
    assert "• ARRT(CT) (ARRT Computed Tomography, ARRT)" in replies[0].variables["credentials"]
    ways_in = replies[2].variables["routes"].split("\n") + replies[3].variables["items"].split(
        "\n")
    assert sorted(ways_in) == sorted([
        "• ARRT(CT): A fixture credential in radiography, then the post-primary requirements",
        "• ARRT(CT): A fixture credential in nuclear medicine, then the post-primary "
        "requirements",
        "• NMTCB(CT): A fixture nuclear medicine credential and fixture CT hours",
    ])
    assert "16 fixture hours" in replies[4].variables["description"]


def test_a_route_needing_two_credentials_and_an_uncertain_one_are_said_as_written(kb):
    replies = answer(kb, "ask_specializations", specialization="breast_sonography")
    routes = only(replies, names.SPECIALIZATION_PREREQUISITES)["routes"]
    assert routes.split("\n") == [
        "• ARRT(BS): Fixture credentials in radiography and in mammography, both",
        "• ARRT(BS): A fixture sonography credential may qualify; check registry.example.org",
    ]


def test_either_pathway_lists_its_direct_route_too(kb):
    routes = only(answer(kb, "ask_specializations", specialization="mri"),
                  names.SPECIALIZATION_PREREQUISITES)["routes"]
    assert routes.startswith("• ARRT(MR): A fixture MRI program, with no earlier credential")


def test_a_specialization_without_credentials_is_described_only(kb):
    [reply] = answer(kb, "ask_specializations", specialization="pediatric_imaging")
    assert reply.response == names.SPECIALIZATION_REPLY and reply.variables["credentials"] == "-"


def test_specializations_open_to_a_role(kb):
    replies = answer(kb, "ask_specializations", role="radiologic_technologist")
    assert responses(replies) == [names.SPECIALIZATIONS_FROM_ROLE, names.POST_PRIMARY]
    assert replies[0].listed == (("specialization", "ct"), ("specialization", "mri"),
                                 ("specialization", "mammography"),
                                 ("specialization", "vascular_sonography"))
    assert "• Magnetic Resonance Imaging (MRI): ARRT(MR)" in replies[0].variables[
        "specializations"]


def test_specializing_from_a_role_held_answers_from_where_the_student_stands(kb):
    # "can a sonographer do CT?" and "x-ray tech 3 years, how do I get into mammo?":
    # whichever topic a reader sees in a move into a modality, the ways in from the role
    # held lead, with a verdict
    sonographer = held_roles(kb, [("role", "sonographer")])
    replies = specializations_from(kb, Subject(specialization="ct"), sonographer)
    assert replies[0].response == names.ROUTES_NOT_FROM_HELD
    assert leading(replies, "can a sonographer do ct")[0].response == (
        names.VERDICT_NOT_DIRECTLY)
    radiographer = held_roles(kb, [("role", "radiologic_technologist")])
    replies = specializations_from(kb, Subject(specialization="mammography"), radiographer)
    assert replies[0].response == names.ROUTES_FROM_HELD
    assert replies[0].variables["a_held"] == "a Radiologic Technologist"
    # with nothing named but the role held ("I'm a rad tech, what can I specialize in?"),
    # or a body rather than a credential, the specializations open to it
    for subject in (Subject(role="radiologic_technologist"),
                    Subject(role="radiologic_technologist", certification="arrt")):
        assert specializations_from(kb, subject, radiographer) == answer(
            kb, "ask_specializations", role="radiologic_technologist")


def test_a_role_none_opens_lists_its_own_specializations(kb):
    reply = answer(kb, "ask_specializations", role="ct_technologist")[0]
    assert reply.response == names.SPECIALIZATIONS_FROM_ROLE
    assert reply.variables["specializations"] == (
        "• Computed Tomography (CT): fixture cross-sectional imaging")


def test_a_role_with_no_specialization_says_so(kb):
    assert responses(answer(kb, "ask_specializations", role="qa_specialist")) == [
        names.SPECIALIZATIONS_NONE_FROM_ROLE, names.POST_PRIMARY]


def test_specializations_without_a_role_lists_those_with_credentials(kb):
    replies = answer(kb, "ask_specializations")
    assert responses(replies) == [names.SPECIALIZATIONS_LIST, names.POST_PRIMARY]
    listed = [value for _, value in replies[0].listed]
    assert listed == ["breast_sonography", "ct", "mri", "mammography", "vascular_sonography"]


# --- continuing education, clinical experience ---------------------------------------------

def test_continuing_education_for_a_body(kb):
    [reply] = answer(kb, "ask_continuing_education", certification="arrt")
    assert reply.variables["subject"] == "ARRT"
    assert reply.variables["rules"].split("\n") == [
        "• ARRT(BS) fixture CE: 5 of the fixture credits in breast ultrasound",
        "• ARRT fixture CE: 17 fixture CE credits every two years",
        "• ARRT fixture CQR: for credentials earned after 2030, a fixture self-assessment "
        "every ten years",
    ]


def test_a_rule_named_by_a_term_is_the_answer_for_anyone(kb):
    # "does CQR apply to me?": the rule itself, with who it applies to, needing no role
    [reply] = answer(kb, "ask_continuing_education", term="cqr")
    assert reply.response == names.CONTINUING_EDUCATION
    assert reply.variables["subject"] == "CQR"
    assert reply.variables["rules"] == (
        "• ARRT fixture CQR: for credentials earned after 2030, a fixture self-assessment "
        "every ten years")
    # the term leads even where a credential is named ("I got my RT(R) in 2009")
    assert answer(kb, "ask_continuing_education", term="cqr",
                  certification="arrt_radiography") == [reply]
    # a term naming no rule leaves the answer as it was
    assert answer(kb, "ask_continuing_education", term="mqsa", role="sonographer") == answer(
        kb, "ask_continuing_education", role="sonographer")


def test_continuing_education_for_a_role(kb):
    [reply] = answer(kb, "ask_continuing_education", role="sonographer")
    assert reply.variables["subject"] == "Diagnostic Medical Sonographer"
    assert "33 fixture CME credits every three years" in reply.variables["rules"]


def test_a_role_level_rule_is_given_to_everyone_in_the_role(kb):
    [reply] = answer(kb, "ask_continuing_education", role="mammographer")
    assert reply.variables["rules"].split("\n") == [
        "• ARRT fixture CE: 17 fixture CE credits every two years",
        "• MQSA fixture continuing experience: 7 fixture mammography credits every three years",
    ]
    [credential] = answer(kb, "ask_continuing_education", certification="arrt_mammography")
    assert credential.variables["subject"] == "ARRT(M)"
    assert "MQSA" not in credential.variables["rules"]


def test_no_renewal_rule_is_said_plainly(kb):
    [reply] = answer(kb, "ask_continuing_education", role="qa_specialist")
    assert reply.response == names.CONTINUING_EDUCATION_UNKNOWN
    assert reply.variables == {"subject": "Imaging Quality Assurance Specialist"}


def test_clinical_experience_in_general_and_for_a_role(kb):
    [general] = answer(kb, "ask_clinical_experience")
    assert general.response == names.CLINICAL_EXPERIENCE_GENERAL
    assert general.variables["facts"] == "• fixture supervised hands-on practice"
    [role] = answer(kb, "ask_clinical_experience", role="mammographer")
    assert role.response == names.CLINICAL_EXPERIENCE
    assert role.variables["facts"].count("•") == 2


# --- pay and outlook ----------------------------------------------------------------------

def test_pay_states_figure_period_and_source(kb):
    [reply] = answer(kb, "ask_pay", role="nuclear_medicine_technologist")
    assert reply.response == names.PAY
    assert reply.variables == {"role_name": "Nuclear Medicine Technologist",
                               "amount": "$81,234", "period": "May 2029",
                               "source": f"{PAY_SURVEY}, May 2029"}


@pytest.mark.parametrize("intent, first", [("ask_pay", names.PAY_NATIONAL_ONLY),
                                           ("ask_outlook", names.OUTLOOK_NATIONAL_ONLY)])
def test_pay_and_outlook_in_a_state_say_first_that_their_figures_are_national(kb, intent,
                                                                              first):
    replies = answer(kb, intent, role="nuclear_medicine_technologist", state="ohio")
    assert replies[0].response == first and replies[0].variables == {"state": "Ohio"}
    assert replies[1:] == answer(kb, intent, role="nuclear_medicine_technologist")


@pytest.mark.parametrize("role, notes", [
    ("ct_technologist", "No reliable fixture figure for CT technologists."),  # uncertain
    ("qa_specialist", "No fixture source for QA pay."),  # not found
    ("mammographer", ""),  # no entry at all
])
def test_pay_unknown_is_said_plainly(kb, role, notes):
    [reply] = answer(kb, "ask_pay", role=role)
    assert reply.response == names.PAY_UNKNOWN
    assert reply.variables["notes"] == notes


def test_pay_without_a_role_lists_known_figures(kb):
    figures = only(answer(kb, "ask_pay"), names.PAY_OVERVIEW)["figures"]
    assert figures.split("\n") == [
        "• MRI Technologist: $61,234 (May 2030)",
        "• Nuclear Medicine Technologist: $81,234 (May 2029)",
        "• Radiologic Technologist: $51,234 (May 2030)",
        "• Diagnostic Medical Sonographer: $71,234 (May 2030)",
    ]


def test_outlook_with_openings_and_growth_only(kb):
    [full] = answer(kb, "ask_outlook", role="radiologic_technologist")
    assert full.response == names.OUTLOOK
    assert full.variables == {"group": "fixture radiographers", "growth_percent": 7,
                              "period": "2030-2040", "openings": "1,234",
                              "source": f"{PAY_SURVEY}, January 2031"}
    [growth] = answer(kb, "ask_outlook", role="mri_technologist")
    assert growth.response == names.OUTLOOK_GROWTH_ONLY and growth.variables["growth_percent"] == 9


def test_a_projected_decline_is_said_as_a_decline(kb):
    [decline] = answer(kb, "ask_outlook", role="nuclear_medicine_technologist")
    assert decline.response == names.OUTLOOK_DECLINE
    assert decline.variables["growth_percent"] == 3


def test_a_role_without_a_figure_gets_the_field_at_large(kb):
    no_figure, general = answer(kb, "ask_outlook", role="ct_technologist")
    assert no_figure.response == names.OUTLOOK_NO_FIGURE
    assert no_figure.variables == {"role_name": "CT Technologist", "notes": ""}
    assert general.response == names.OUTLOOK_GENERAL
    assert general.variables["notes"] == "fixture demand keeps growing"


def test_a_recorded_gap_for_a_role_is_said_with_its_note(kb):
    no_figure, general = answer(kb, "ask_outlook", role="sonographer")
    assert no_figure.response == names.OUTLOOK_NO_FIGURE
    assert no_figure.variables["notes"] == "No reliable fixture projection for sonographers."
    assert general.response == names.OUTLOOK_GENERAL


def test_outlook_without_a_role_is_the_field_at_large(kb):
    assert responses(answer(kb, "ask_outlook")) == [names.OUTLOOK_GENERAL]


def test_skills_general_and_for_a_role(kb):
    [general] = answer(kb, "ask_skills")
    assert general.response == names.SKILLS_GENERAL
    assert general.variables["skills"] == (
        "• fixture attention to detail\n• fixture patient care")
    [role] = answer(kb, "ask_skills", role="mri_technologist")
    assert role.response == names.SKILLS
    assert role.variables["skills"].endswith("• fixture magnet safety")


# --- licensure ----------------------------------------------------------------------------

def test_licensure_always_says_it_varies_by_state(kb):
    replies = answer(kb, "ask_licensure", role="radiologic_technologist")
    assert responses(replies) == [names.LICENSURE, names.LICENSURE_VARIES]
    assert replies[0].variables["notes"] == "• About 41 fixture states license radiography"
    assert replies[1].variables["where"] == STATE_BOARDS
    assert responses(answer(kb, "ask_licensure")) == [names.LICENSURE_VARIES]
    assert responses(answer(kb, "ask_licensure", role="sonographer")) == [names.LICENSURE_VARIES]


def test_licensure_in_a_state_names_its_body(kb):
    notes, check = answer(kb, "ask_licensure", role="radiologic_technologist", state="ohio")
    assert (notes.response, check.response) == (names.LICENSURE_STATE, names.LICENSURE_STATE_CHECK)
    assert notes.variables["state"] == "Ohio"
    assert notes.variables["notes"].split("\n") == [
        "• Ohio Fixture Radiation Board: A fixture Ohio license is required for radiography",
        "• Fixture Ohio rules apply to every imaging role",
    ]
    assert check.variables["where"] == STATE_BOARDS


def test_licensure_in_a_state_without_a_role_gives_what_the_state_has_for_any_role(kb):
    notes, _ = answer(kb, "ask_licensure", state="ohio")
    assert notes.variables["role_name"] == "imaging"
    assert notes.variables["notes"].split("\n") == [
        "• Ohio Fixture Radiation Board: A fixture Ohio license is required for radiography",
        "• Fixture Ohio rules apply to every imaging role",
    ]
    # A role named: that role's notes and those for every role, no other role's.
    sonographer, _ = answer(kb, "ask_licensure", role="sonographer", state="ohio")
    assert sonographer.variables["notes"] == "• Fixture Ohio rules apply to every imaging role"


def test_licensure_in_a_state_with_nothing_recorded_is_not_guessed(kb):
    [reply] = answer(kb, "ask_licensure", role="radiologic_technologist", state="texas")
    assert reply.response == names.LICENSURE_STATE_UNKNOWN
    assert reply.variables["state"] == "Texas" and reply.variables["where"] == STATE_BOARDS
    assert "boards.example.org" in reply.variables["source"]


# --- the pathway --------------------------------------------------------------------------

@pytest.mark.parametrize("noun, expected", [
    ("MRI Technologist", "an MRI Technologist"),  # an acronym, said letter by letter
    ("CT Technologist", "a CT Technologist"),
    ("Imaging Quality Assurance Specialist", "an Imaging Quality Assurance Specialist"),
    ("Radiation Therapist", "a Radiation Therapist"),
    ("an associate degree", "an associate degree"),
    ("one-year program", "a one-year program"),  # said "won"
    ("university program", "a university program"),
    ("hour of structured education", "an hour of structured education"),
    ("online program", "an online program"),
])
def test_a_noun_gets_the_article_it_is_said_with(noun, expected):
    assert with_article(noun) == expected


def test_pathway_follows_the_files_and_adds_the_roles_education(kb):
    replies = answer(kb, "ask_pathway", role="sonographer")
    # The role's own first step leads, then the steps of every career on one line; whether
    # its credentials need an earlier one, and what each step involves, come with "More
    # detail".
    assert responses(replies) == [names.PATHWAY_ROLE_NOTE, names.PREREQUISITES_NONE,
                                  names.PATHWAY, names.PATHWAY_STEPS]
    assert [reply.detail for reply in replies] == [False, True, False, True]
    replies = [replies[0]] + replies[2:]
    assert replies[1].variables["steps"] == (
        "1. Fixture school → 2. Fixture practice → 3. Fixture exam → 4. Fixture license"
        " → 5. Fixture specialty → 6. Fixture renewal")
    assert replies[0].variables["award"] == "a fixture sonography certificate or degree"
    assert replies[2].detail and replies[2].variables["steps"].split("\n") == [
        "1. Fixture school: fixture program", "2. Fixture practice: fixture hands-on hours",
        "3. Fixture exam: fixture certification exam",
        "4. Fixture license: fixture states license the work after the exam",
        "5. Fixture specialty: fixture optional specialty",
        "6. Fixture renewal: fixture continuing education"]
    assert responses(answer(kb, "ask_pathway")) == [names.PATHWAY, names.PATHWAY_STEPS]
    assert responses(answer(kb, "ask_pathway", role="qa_specialist")) == [
        names.PATHWAY, names.PATHWAY_STEPS]
    # a role entered after an earlier credential holds that back too; asked yes or no
    # ("do I have to be a rad tech first?"), it is the answer, and leads
    ct = answer(kb, "ask_pathway", role="ct_technologist")
    assert ct[1].response == names.PREREQUISITES_REPLY and ct[1].detail
    asked = leading(ct, "do i have to be a rad tech first")
    assert [(r.response, r.detail) for r in asked][:3] == [
        (names.VERDICT_EARLIER_FIRST, False), (names.PATHWAY_ROLE_NOTE, True),
        (names.PREREQUISITES_REPLY, False)]
    assert all(r.detail for r in asked[3:])


def test_the_pathway_in_a_state_says_what_the_state_adds(kb):
    replies = answer(kb, "ask_pathway", role="radiologic_technologist", state="ohio")
    # what the state changes leads; the role's education and the steps come with "More
    # detail"
    shown = [reply.response for reply in replies if not reply.detail]
    assert shown == [names.PATHWAY_IN_STATE, names.LICENSURE_STATE]
    assert {names.PATHWAY_ROLE_NOTE, names.PATHWAY, names.LICENSURE_STATE_CHECK} <= {
        reply.response for reply in replies if reply.detail}
    assert only(replies, names.PATHWAY_IN_STATE) == {"state": "Ohio"}
    # a state the sources say nothing of is said to be so, not guessed at
    unknown = responses(answer(kb, "ask_pathway", role="radiologic_technologist",
                               state="texas"))
    assert names.LICENSURE_STATE_UNKNOWN in unknown and names.LICENSURE_STATE not in unknown


# --- checking what a question names ---------------------------------------------------------

def test_unknown_values_are_reported(kb):
    subject = Subject(role="x'; DROP TABLE roles", certification="arrt", state="atlantis")
    assert unknown_values(kb, subject) == [("role", "x'; DROP TABLE roles"),
                                           ("state", "atlantis")]
    assert unknown_values(kb, Subject(term="arrt", certification="nmtcb_ct",
                                      state="texas")) == []


@pytest.mark.parametrize("subject, meant", [
    # a body named for a career is its credential for it
    (Subject(certification="arrt", role="radiologic_technologist"), "arrt_radiography"),
    (Subject(certification="nmtcb", specialization="ct"), "nmtcb_ct"),
    (Subject(certification="arrt", specialization="breast_sonography"),
     "arrt_breast_sonography"),
    # for a role, its own credential, not one of its specialties'
    (Subject(certification="nmtcb", role="nuclear_medicine_technologist"), "nmtcb_cnmt"),
    # none or several: the body stays
    (Subject(certification="arrt", role="sonographer"), "arrt"),
    (Subject(certification="ardms", role="ct_technologist"), "ardms"),
    (Subject(certification="arrt"), "arrt"),
    # a credential already is one
    (Subject(certification="arrt_ct", role="radiologic_technologist"), "arrt_ct"),
])
def test_a_certifying_body_named_for_a_career_is_its_credential(kb, subject, meant):
    assert specific(kb, subject).certification == meant


def test_role_choices_and_titles(kb):
    assert ("sonographer", "Diagnostic Medical Sonographer") in role_choices(kb)
    assert len(role_choices(kb)) == 7
    assert describe(kb, "certification", "arrt_ct") == "ARRT Computed Tomography"
    assert describe(kb, "term", "mqsa") == "MQSA"
    assert describe(kb, "state", "ohio") == "Ohio"
    assert describe(kb, "role", "astronaut") == "astronaut"


def test_a_role_with_no_credential_at_all_says_so(kb):
    # Changed inside the test's transaction, rolled back afterwards.
    queries.credential(kb, "arrt_quality_management").role_id = None
    kb.flush()
    [reply] = answer(kb, "ask_certification", role="qa_specialist")
    assert reply.response == names.CERTIFICATION_NONE
    assert reply.variables == {"role_name": "Imaging Quality Assurance Specialist"}


def test_a_long_list_shows_its_first_items_within_the_word_budget_and_holds_back_the_rest():
    items = ["one two three", "four five six", "seven eight", "nine ten"]
    lead, rest = listing(Reply(names.SKILLS, {"role_name": "X"}), "skills", items, "a source",
                         budget=7)
    assert lead.variables == {"role_name": "X", "skills": "• one two three\n• four five six"}
    assert not lead.detail
    assert rest == Reply(names.MORE_ITEMS, {"items": "• seven eight\n• nine ten",
                                            "source": "a source"}, detail=True)
    # A first item longer than the budget is still shown: a lead is never empty.
    lead, rest = listing(Reply(names.SKILLS, {}), "skills", items, "s", budget=2)
    assert lead.variables["skills"] == "• one two three" and rest.detail
    [whole] = listing(Reply(names.SKILLS, {}), "skills", items, "s", budget=10)
    assert whole.variables["skills"].count("•") == 4


def test_a_list_whose_order_says_nothing_leads_with_its_shortest_items_in_order():
    items = ["a long caveat of six words", "short one", "three words here", "tiny"]
    lead, rest = listing(Reply(names.SKILLS, {}), "skills", items, "s", budget=5,
                         shortest_first=True)
    assert lead.variables["skills"] == "• short one\n• tiny"  # chosen by length, kept in order
    assert rest.variables["items"] == "• a long caveat of six words\n• three words here"
    lead, rest = listing(Reply(names.SKILLS, {}), "skills", items, "s", budget=6,
                         shortest_first=True)
    assert lead.variables["skills"] == "• short one\n• three words here\n• tiny"

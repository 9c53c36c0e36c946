"""Conversations over several turns: follow-ups, "the first one", comparisons, suggestions."""

import pytest
from rasa_sdk.events import SlotSet

from actions import answers


def names_of(dispatcher):
    return [message["response"] for message in dispatcher.messages]


def slots_of(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


async def test_follow_up_keeps_the_question_and_switches_the_role(make_tracker, dispatcher,
                                                                  domain):
    tracker = make_tracker(intent="ask_follow_up", text="and for sonographers?",
                           entities=[("role", "sonographer")],
                           slots={"topic": "pay", "role": "nuclear_medicine_technologist"})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_pay"]
    assert dispatcher.messages[0]["amount"] == "$71,234"
    assert slots_of(events) == {"role": "sonographer", "recent_roles": ["sonographer"]}


async def test_follow_up_switches_to_a_specialization(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_follow_up", text="what about MRI?",
                           entities=[("specialization", "mri")],
                           slots={"topic": "certification", "role": "ct_technologist"})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_specialization"
    assert "ARRT(MR)" in dispatcher.messages[0]["credentials"]
    assert slots_of(events) == {"role": None, "specialization": "mri", "recent_roles": ["mri"]}


async def test_asking_whether_a_term_just_defined_applies_asks_its_question(
        make_tracker, dispatcher, domain):
    """"do I have to do it?" after "what's CQR?": continuing education, about CQR."""
    tracker = make_tracker(intent="ask_follow_up", text="do i have to do it? i got my RT(R)",
                           entities=[("certification", "arrt_radiography")],
                           slots={"topic": "definitions", "term": "cqr"})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_continuing_education"]
    assert dispatcher.messages[0]["subject"] == "CQR"
    assert slots_of(events)["topic"] == "continuing_education"
    # a term with no question behind it: what it is, as before ("what about MQSA?")
    dispatcher.messages.clear()
    tracker = make_tracker(intent="ask_follow_up", text="does that apply to me",
                           slots={"topic": "definitions", "term": "radiologist"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert "utter_continuing_education" not in names_of(dispatcher)


async def test_asking_whether_it_applies_keeps_the_last_subject(make_tracker, dispatcher,
                                                               domain):
    """"do I have to take that?" after the CT exam: the CT exam again, not "which career?"."""
    tracker = make_tracker(intent="ask_follow_up", text="do i have to take that",
                           slots={"topic": "exam", "certification": "arrt_ct"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert "utter_ask_role" not in names_of(dispatcher)
    assert any("ARRT(CT)" in str(message) for message in dispatcher.messages)


async def test_follow_up_without_a_subject_asks_which(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_follow_up", text="and them?",
                           slots={"topic": "pay", "role": "sonographer"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_ask_role"]
    assert dispatcher.messages[0]["buttons"][0]["payload"].startswith("/ask_pay{")


async def test_keeping_it_current_after_a_certification_answer(make_tracker, dispatcher,
                                                               domain):
    tracker = make_tracker(intent="ask_continuing_education", text="how do I keep it current?",
                           slots={"certification": "ardms_rdms", "role": "sonographer"})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_continuing_education"]
    assert "33 fixture CME credits" in dispatcher.messages[0]["rules"]


async def test_naming_a_new_role_forgets_the_old_credential(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_continuing_education",
                           entities=[("role", "nuclear_medicine_technologist")],
                           slots={"certification": "ardms_rdms", "role": "sonographer"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert "NMTCB fixture CE" in dispatcher.messages[0]["rules"]
    assert slots_of(events)["certification"] is None


async def test_the_second_one_is_the_second_listed(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="choose_option", text="tell me about the second one",
                           entities=[("mention", "2")],
                           slots={"listed": ["role:ct_technologist", "role:sonographer"]})
    events = await answers.ActionChooseOption().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_role_overview"]
    assert "Sonographer" in dispatcher.messages[0]["role_name"]
    assert slots_of(events)["role"] == "sonographer"
    assert slots_of(events)["topic"] == "role_overview"  # "and for MRI?" asks this again


async def test_the_first_one_answers_the_question_asked_about_it(make_tracker, dispatcher,
                                                                 domain):
    tracker = make_tracker(intent="ask_pay", text="how much does the first one make?",
                           entities=[("mention", "1")],
                           slots={"listed": ["role:mri_technologist", "role:sonographer"]})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["amount"] == "$61,234"


async def test_the_one_called_by_a_word_of_its_name_among_those_compared(make_tracker,
                                                                         dispatcher, domain):
    compared = ["nuclear_medicine_technologist", "sonographer"]
    tracker = make_tracker(intent="ask_role_overview",
                           text="ok tell me more about the sono one, like a normal day",
                           entities=[("mention", "named:sono")],
                           slots={"compared": compared})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_role_overview"
    assert slots_of(events)["role"] == "sonographer"
    dispatcher.messages.clear()
    # a word calling none of them is no reference: the question about those compared
    tracker = make_tracker(intent="ask_role_overview", text="tell me about the other one",
                           entities=[("mention", "named:other")],
                           slots={"compared": compared})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert "utter_ask_which_one" not in names_of(dispatcher)


async def test_that_one_after_several_asks_which_with_the_listed_items(make_tracker,
                                                                       dispatcher, domain):
    listed = ["specialization:ct", "specialization:mri", "specialization:mammography"]
    tracker = make_tracker(intent="choose_option", text="that one",
                           entities=[("mention", "this")], slots={"listed": listed})
    events = await answers.ActionChooseOption().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_ask_which_one"]
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["title"] for b in buttons] == ["Computed Tomography (CT)",
                                             "Magnetic Resonance Imaging (MRI)", "Mammography"]
    assert buttons[0]["payload"] == '/choose_option{"specialization": "ct"}'
    assert events == [SlotSet("listed", listed)]


async def test_the_first_one_with_nothing_listed_says_so(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="choose_option", text="the first one",
                           entities=[("mention", "1")])
    await answers.ActionChooseOption().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_nothing_listed"]


async def test_comparison_side_by_side(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="CT tech vs MRI tech",
                           entities=[("role", "ct_technologist"), ("role", "mri_technologist")])
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_compare_duties", "utter_compare_education",
                                    "utter_compare_credentials", "utter_compare_pay",
                                    "utter_compare_pay_missing", "utter_compare_outlook"]
    first = dispatcher.messages[0]
    assert first["names"] == "CT Technologist vs MRI Technologist"
    pay = dispatcher.messages[3]
    assert pay["lines"] == "• MRI Technologist: $61,234 (May 2030)"
    assert "pay.example.org" in pay["source"]
    assert dispatcher.messages[4]["role_names"] == "CT Technologist"
    assert slots_of(events)["compared"] == ["ct_technologist", "mri_technologist"]
    assert slots_of(events)["listed"] == ["role:ct_technologist", "role:mri_technologist"]


async def test_which_pays_more(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="compare_roles",
                           text="which pays more, sonography or nuclear medicine?",
                           entities=[("role", "sonographer"),
                                     ("role", "nuclear_medicine_technologist")])
    await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    highest = next(m for m in dispatcher.messages
                   if m["response"] == "utter_compare_pay_highest")
    assert highest["role_name"] == "Nuclear Medicine Technologist"
    assert highest["amount"] == "$81,234" and highest["period"] == "May 2029"


async def test_comparing_with_the_role_talked_about(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="how does that compare to MRI?",
                           entities=[("specialization", "mri")],
                           slots={"role": "radiologic_technologist"})
    await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["names"] == "Radiologic Technologist vs MRI Technologist"


async def test_comparison_needs_two_roles(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="compare them")
    await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_compare_needs_two"]


async def test_questions_after_a_comparison_answer_for_each_role(make_tracker, dispatcher,
                                                                 domain):
    compared = {"compared": ["ct_technologist", "sonographer"], "topic": "comparing"}
    tracker = make_tracker(intent="ask_prerequisites",
                           text="which one needs an x-ray background?", slots=compared)
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_prerequisites", "utter_prerequisites_none"]
    ct, sonographer = dispatcher.messages
    assert ct["role_name"] == "CT Technologist"
    assert "credential in radiography" in ct["routes"]
    assert sonographer["role_name"] == "Diagnostic Medical Sonographer"
    assert "compared" not in slots_of(events)  # the comparison is still what we talk about


async def test_naming_one_role_ends_the_comparison(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_pay", entities=[("role", "sonographer")],
                           slots={"compared": ["ct_technologist", "mri_technologist"]})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_pay"]
    assert slots_of(events)["compared"] is None


async def test_suggested_next_questions_use_the_domain_words(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_role_overview", entities=[("role", "sonographer")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    titles = [button["title"] for button in dispatcher.messages[-1]["buttons"]]
    assert titles == ["Which certification is needed?", "What education is needed?",
                      "How much does it pay?", "How can I specialize?"]


async def test_a_question_about_another_career_is_declined(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_pay", text="how much do accountants make?",
                           entities=[("other_career", "accountant")])
    tracker.latest_message["entities"][0].update(start=12, end=23)
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_out_of_scope_career"]
    assert dispatcher.messages[0]["career"] == "accountants"
    assert events == []


async def test_an_imaging_role_named_with_another_career_is_answered(make_tracker, dispatcher,
                                                                     domain):
    tracker = make_tracker(intent="ask_pay", text="I'm a nurse, what do sonographers make?",
                           entities=[("stage", "other_healthcare"), ("role", "sonographer")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_pay"]


async def test_which_one_asks_about_every_compared_role_whatever_else_is_named(
        make_tracker, dispatcher, domain):
    # "x-ray" names the radiographer, but "which one" asks about the two compared.
    tracker = make_tracker(intent="ask_prerequisites",
                           text="which one needs an x-ray background?",
                           entities=[("mention", "each"), ("role", "radiologic_technologist")],
                           slots={"compared": ["ct_technologist", "mri_technologist"]})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert [m["role_name"] for m in dispatcher.messages] == ["CT Technologist",
                                                             "MRI Technologist"]


async def test_which_one_after_a_list_asks_about_the_listed_roles(make_tracker, dispatcher,
                                                                  domain):
    tracker = make_tracker(intent="ask_pay", text="which one pays most?",
                           entities=[("mention", "each")],
                           slots={"listed": ["role:sonographer", "role:mri_technologist"]})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    highest = next(m for m in dispatcher.messages if m["response"] == "utter_compare_pay_highest")
    assert highest["role_name"] == "Diagnostic Medical Sonographer"


async def test_the_first_one_after_the_planners_buttons_is_not_an_answer_subject(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="choose_option", text="the first one",
                           entities=[("mention", "1")],
                           slots={"listed": ["stage:high_school", "stage:other_degree"]})
    await answers.ActionChooseOption().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_nothing_listed"]


async def test_follow_up_in_another_state_keeps_the_role(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_follow_up", text="and in Texas?",
                           entities=[("state", "texas")],
                           slots={"topic": "licensure", "role": "radiologic_technologist",
                                  "state": "ohio"})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_licensure_state_unknown"]
    assert dispatcher.messages[0]["role_name"] == "Radiologic Technologist"
    assert dispatcher.messages[0]["state"] == "Texas"
    assert slots_of(events) == {"state": "texas",
                                "recent_roles": ["radiologic_technologist"]}


@pytest.mark.parametrize("topic, first", [
    ("pay", "utter_pay_national_only"),  # pay and outlook differ by state: asked again there
    ("outlook", "utter_outlook_national_only"),
    ("licensure", "utter_licensure_state"),
    ("certification", "utter_licensure_state"),  # a state asks what the law requires there
    (None, "utter_licensure_state"),
])
async def test_a_state_alone_asks_the_last_question_there_if_it_differs_by_state(
        make_tracker, dispatcher, domain, topic, first):
    tracker = make_tracker(intent="ask_follow_up", text="what about in oh?",
                           entities=[("state", "ohio")],
                           slots={"topic": topic, "role": "radiologic_technologist"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == first
    assert dispatcher.messages[0]["state"] == "Ohio"


async def test_a_new_question_after_a_comparison_names_new_facts(make_tracker, dispatcher,
                                                                 domain):
    compared = {"compared": ["radiologic_technologist", "sonographer"],
                "topic": "comparing"}
    tracker = make_tracker(intent="ask_program_length", text="how long are the programs?",
                           slots=compared)
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_program_length", "utter_program_length_unknown"]
    assert dispatcher.messages[1]["notes"] == "Fixture program lengths vary."


async def test_a_starting_point_outside_imaging_alone_is_declined(make_tracker, dispatcher,
                                                                  domain):
    tracker = make_tracker(intent="ask_pay", text="I'm a nurse, what would I make?",
                           entities=[("stage", "other_healthcare")])
    tracker.latest_message["entities"][0].update(start=6, end=11)
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_out_of_scope_career"]
    assert dispatcher.messages[0]["career"] == "nurse"
    assert events == []


async def test_follow_up_without_a_question_before_tells_about_what_it_names(make_tracker,
                                                                             dispatcher,
                                                                             domain):
    tracker = make_tracker(intent="ask_follow_up", text="and sonographers?",
                           entities=[("role", "sonographer")], slots={"topic": "careers"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_role_overview"]


async def test_follow_up_after_a_comparison_compares_again(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_follow_up", text="and with sonographers?",
                           entities=[("role", "sonographer")],
                           slots={"topic": "comparing",
                                  "compared": ["ct_technologist", "mri_technologist"]})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["names"] == "CT Technologist vs Diagnostic Medical Sonographer"
    assert slots_of(events)["compared"] == ["ct_technologist", "sonographer"]


async def test_which_of_the_two_compares_the_last_two_roles_talked_about(make_tracker,
                                                                      dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="which of the two pays better?",
                           entities=[("mention", "each")],
                           slots={"role": "nuclear_medicine_technologist",
                                  "recent_roles": ["nuclear_medicine_technologist",
                                                   "radiologic_technologist"]})
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    # the answer leads with what was asked: which pays better
    assert names_of(dispatcher)[:2] == ["utter_compare_pay_highest", "utter_compare_pay"]
    assert "utter_compare_duties" in names_of(dispatcher)
    assert set(slots_of(events)["compared"]) == {"nuclear_medicine_technologist",
                                                 "radiologic_technologist"}


async def test_that_one_with_nothing_listed_is_what_was_just_talked_about(make_tracker,
                                                                         dispatcher, domain):
    tracker = make_tracker(intent="ask_certification", text="who gives that one out",
                           entities=[("mention", "this")],
                           slots={"certification": "ardms_rdms", "role": "sonographer"})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_credential"
    assert dispatcher.messages[0]["abbreviation"] == "RDMS"


async def test_a_question_in_the_middle_of_a_plan_is_about_the_career_planned(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_program_length",
                           text="how long would the whole thing take",
                           slots={"target_role": "sonographer"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0].startswith("utter_program_length")  # not "which career?"
    assert dispatcher.messages[0]["role_name"] == "Diagnostic Medical Sonographer"
    assert slots_of(events)["role"] == "sonographer"


async def test_a_question_naming_no_career_is_about_the_one_held(make_tracker, dispatcher,
                                                                  domain):
    # "My daughter is a mammographer in Virginia and is moving to Maryland. Does she need
    # to get licensed again?": the state is asked about, for the career she holds
    tracker = make_tracker(intent="ask_licensure",
                           text="my daughter is a rad tech, does she need a license in ohio",
                           entities=[("role", "radiologic_technologist", "held"),
                                     ("state", "ohio")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["role"] == "radiologic_technologist"
    assert "Which career" not in str(dispatcher.messages)


async def test_a_yes_no_question_is_answered_yes_or_no_first(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_prerequisites",
                           text="can i become a ct tech without doing x-ray first",
                           entities=[("role", "ct_technologist")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_verdict_not_directly", "utter_prerequisites"]


async def test_no_comes_first_when_nothing_is_needed_before(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_prerequisites",
                           text="do i have to be a rad tech before i can do that",
                           slots={"role": "sonographer"})
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_verdict_no", "utter_prerequisites_none"]


async def test_a_question_that_is_not_yes_or_no_has_no_verdict(make_tracker, dispatcher,
                                                               domain):
    tracker = make_tracker(intent="ask_prerequisites", text="what do ct techs need first",
                           entities=[("role", "ct_technologist")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_prerequisites"


async def test_a_body_named_for_the_career_talked_about_is_its_credential(make_tracker,
                                                                         dispatcher, domain):
    tracker = make_tracker(intent="ask_exam", text="whats on the arrt exam",
                           entities=[("certification", "arrt")],
                           slots={"role": "radiologic_technologist"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["certification"] == "arrt_radiography"


# "the registry" as the body, or as ARRT(R) where the NLU read it so (bot/nlu/relations.py)
@pytest.mark.parametrize("registry", ["arrt", "arrt_radiography"])
async def test_a_body_named_by_a_student_is_its_credential_for_what_they_study(
        make_tracker, dispatcher, domain, registry):
    tracker = make_tracker(
        intent="ask_exam", text="im in my second year of rad tech school, when can i take "
        "the registry", entities=[("stage", "imaging_student"),
                                  ("role", "radiologic_technologist", "studying"),
                                  ("certification", registry)])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["certification"] == "arrt_radiography"
    assert slots_of(events)["role"] == "radiologic_technologist"  # for "do I need a license?"


async def test_a_credential_for_another_career_leaves_the_career_studied_aside(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(
        intent="ask_exam", text="im in rad tech school, whats on the RDMS exam",
        entities=[("stage", "imaging_student"), ("role", "radiologic_technologist", "studying"),
                  ("certification", "ardms_rdms")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["certification"] == "ardms_rdms"
    assert slots_of(events).get("role") != "radiologic_technologist"


async def test_the_career_studied_is_who_a_question_about_a_term_is_about(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(
        intent="ask_exam", text="rad tech student here, when do i take the CQR",
        entities=[("stage", "imaging_student"),
                  ("role", "radiologic_technologist", "studying"), ("term", "cqr")])
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    # the radiography exam, not "Which career do you mean?"
    assert dispatcher.messages[0]["response"] == "utter_exam_scored_questions"


async def test_what_a_body_stands_for_is_about_the_body(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="ask_acronym", text="what does ARRT stand for",
                           entities=[("certification", "arrt")],
                           slots={"role": "radiologic_technologist"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["certification"] == "arrt"


async def test_two_credentials_are_set_side_by_side(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="is RDMS or ARRT(VS) better to have",
                           entities=[("certification", "ardms_rdms"),
                                     ("certification", "arrt_vascular_sonography")],
                           slots={"role": "sonographer", "compared": ["ct_technologist",
                                                                      "mri_technologist"]})
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_credentials_unranked",
                                    "utter_credentials_side_by_side"]
    slots = slots_of(events)
    assert slots["topic"] == "comparing"
    assert slots["compared_credentials"] == ["ardms_rdms", "arrt_vascular_sonography"]
    assert slots["compared"] is None  # the roles compared before are no longer in question
    assert "role" not in slots  # the career talked about stays


async def test_a_body_named_for_the_career_is_compared_as_its_credential(make_tracker,
                                                                        dispatcher, domain):
    tracker = make_tracker(intent="compare_roles", text="ARRT or NMTCB for CT, which one?",
                           entities=[("certification", "arrt"), ("certification", "nmtcb"),
                                     ("specialization", "ct"), ("mention", "each")])
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_credentials_unranked"
    assert slots_of(events)["compared_credentials"] == ["arrt_ct", "nmtcb_ct"]


async def test_a_specialty_named_beside_a_credential_stands_for_its_one_credential(
        make_tracker, dispatcher, domain):
    # "is the CI one different from the VI": VI names the specialty, whose one credential
    # is compared; CT, with two credentials, would not stand for either
    tracker = make_tracker(intent="compare_roles",
                           text="is the RDMS different from the breast sonography one",
                           entities=[("certification", "ardms_rdms"),
                                     ("specialization", "breast_sonography")])
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert slots_of(events)["compared_credentials"] == ["ardms_rdms",
                                                        "arrt_breast_sonography"]


async def test_one_credential_is_compared_with_the_one_talked_about(make_tracker, dispatcher,
                                                                   domain):
    tracker = make_tracker(intent="compare_roles", text="or would ARRT(VS) be better",
                           entities=[("certification", "arrt_vascular_sonography")],
                           slots={"compared_credentials": ["ardms_rdms", "arrt_breast_sonography"],
                                  "topic": "comparing"})
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["unranked"] == (
        "Neither RDMS nor ARRT(VS) is ranked above the other")
    assert slots_of(events)["compared_credentials"] == ["ardms_rdms",
                                                        "arrt_vascular_sonography"]
    dispatcher.messages.clear()
    tracker = make_tracker(intent="compare_roles", text="how is it different from ARRT(VS)",
                           entities=[("certification", "arrt_vascular_sonography")],
                           slots={"certification": "ardms_rdms", "role": "sonographer"})
    await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["names"] == "RDMS and ARRT(VS)"


async def test_bodies_with_no_one_credential_are_described_each(make_tracker, dispatcher,
                                                               domain):
    tracker = make_tracker(intent="compare_roles", text="ARRT or ARDMS?",
                           entities=[("certification", "arrt"), ("certification", "ardms")])
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert set(names_of(dispatcher)) == {"utter_organization_credentials"}
    assert slots_of(events)["topic"] == "certification"
    assert "compared_credentials" not in slots_of(events)


async def test_are_those_paid_after_clinical_rotations_asks_about_them(make_tracker,
                                                                      dispatcher, domain):
    tracker = make_tracker(intent="ask_pay", text="are those paid or unpaid",
                           slots={"topic": "clinical_experience", "role": "sonographer"})
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_clinical_pay_unknown",
                                        "utter_clinical_experience"]
    assert "topic" not in slots_of(events)  # still clinical experience
    dispatcher.messages.clear()
    # naming someone, or asking how much, is about pay
    for text, entities in (("are sonographers paid well", [("role", "sonographer")]),
                           ("how much do they make", [])):
        tracker = make_tracker(intent="ask_pay", text=text, entities=entities,
                               slots={"topic": "clinical_experience", "role": "sonographer"})
        await answers.ActionAnswer().run(dispatcher, tracker, domain)
        assert names_of(dispatcher)[0] == "utter_pay"
        dispatcher.messages.clear()


async def test_a_question_whether_clinicals_are_paid_says_no_source_says(make_tracker,
                                                                        dispatcher, domain):
    tracker = make_tracker(intent="ask_clinical_experience",
                           text="do you get paid during clinical rotations")
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_clinical_pay_unknown",
                                        "utter_clinical_experience_general"]



async def test_a_starting_point_the_student_holds_asking_about_imaging_is_who_asks(
        make_tracker, dispatcher, domain):
    # "im an emt" says who asks; the question is about imaging, and is answered
    tracker = make_tracker(intent="ask_program_length",
                           text="which imaging job can i get into the fastest, im an emt",
                           entities=[("stage", "other_healthcare"),
                                     ("topic", "program_length")])
    tracker.latest_message["entities"][0].update(start=52, end=55)
    await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_program_length_overview"


async def test_a_certification_question_naming_two_bodies_answers_each(make_tracker, dispatcher,
                                                                      domain):
    """"is it ARRT or NMTCB that certifies CT?": each body's credential, listed in order."""
    tracker = make_tracker(intent="ask_certification",
                           text="is it ARRT or NMTCB that certifies you for CT?",
                           entities=[("certification", "arrt"), ("certification", "nmtcb"),
                                     ("specialization", "ct")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    abbreviations = [m["abbreviation"] for m in dispatcher.messages if "abbreviation" in m]
    assert abbreviations == ["ARRT(CT)", "NMTCB(CT)"]
    # the first is what "that one" means next; the two, what "which one is easier?" compares
    assert slots_of(events)["certification"] == "arrt_ct"
    assert slots_of(events)["compared_credentials"] == ["arrt_ct", "nmtcb_ct"]


async def test_which_one_after_two_credentials_compares_them(make_tracker, dispatcher, domain):
    """"ok which one is easier to get?" after a question about two credentials."""
    tracker = make_tracker(intent="compare_roles", text="ok which one is easier to get",
                           entities=[("mention", "each")],
                           slots={"compared_credentials": ["arrt_ct", "nmtcb_ct"],
                                  "certification": "arrt_ct", "topic": "certification"})
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_credentials_unranked",
                                    "utter_credentials_side_by_side"]
    assert dispatcher.messages[0]["unranked"] == (
        "Neither ARRT(CT) nor NMTCB(CT) is ranked above the other")
    assert slots_of(events)["topic"] == "comparing"


async def test_which_one_after_two_specialties_talked_about_compares_their_roles(
        make_tracker, dispatcher, domain):
    """"how long is MRI?", "what about CT?", then "which one pays more": the two careers."""
    tracker = make_tracker(intent="compare_roles", text="ok and which one pays more",
                           entities=[("mention", "each")],
                           slots={"topic": "program_length", "specialization": "ct",
                                  "recent_roles": ["ct", "mri"]})
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_compare_pay"  # led by pay, as asked
    assert slots_of(events)["compared"] == ["ct_technologist", "mri_technologist"]


async def test_a_state_after_a_comparison_compares_the_roles_there(make_tracker, dispatcher,
                                                                  domain):
    """"sono or mri?", then "in ohio specifically": licensure there, side by side."""
    tracker = make_tracker(intent="ask_follow_up", text="in ohio specifically",
                           entities=[("state", "ohio")],
                           slots={"topic": "comparing",
                                  "compared": ["radiologic_technologist", "mri_technologist"]})
    events = await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_compare_in_state"
    lines = dispatcher.messages[0]["lines"].splitlines()
    # what the sources hold for each role there, and what they do not, said so
    assert lines[0].startswith("• Radiologic Technologist: A fixture Ohio license is required")
    assert "Fixture Ohio rules apply to every imaging role" in lines[0]
    assert lines[1].startswith("• MRI Technologist: Fixture Ohio rules apply")
    assert dispatcher.messages[0]["state"] == "Ohio"
    slots = slots_of(events)
    assert "topic" not in slots and "compared" not in slots  # still the comparison
    assert slots["state"] == "ohio"
    assert slots["listed"] == ["role:radiologic_technologist", "role:mri_technologist"]
    # ... and "the second one" then is the second role compared, still in Ohio
    dispatcher.messages.clear()
    tracker = make_tracker(intent="ask_pay", text="ok what about pay for the second one",
                           entities=[("mention", "2")], slots=slots)
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_pay_national_only"
    assert slots_of(events)["role"] == "mri_technologist"


async def test_a_state_alone_with_nothing_compared_is_not_a_comparison(make_tracker,
                                                                       dispatcher, domain):
    tracker = make_tracker(intent="ask_follow_up", text="in ohio specifically",
                           entities=[("state", "ohio")],
                           slots={"topic": "comparing", "role": "radiologic_technologist"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_licensure_state"


async def test_what_about_where_the_student_is_asks_the_last_question_from_there(
        make_tracker, dispatcher, domain):
    """"how long is it?", then "what about if i already have a bachelors"."""
    tracker = make_tracker(intent="ask_follow_up", text="what about if i'm already certified",
                           entities=[("stage", "certified_technologist")],
                           slots={"topic": "program_length", "role": "radiologic_technologist"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_program_length", "utter_plan_stage_note"]
    assert dispatcher.messages[1]["note"] == (
        "Fixture specialties take the post-primary pathway")
    # a starting point with no note: the answer alone
    dispatcher.messages.clear()
    tracker = make_tracker(intent="ask_follow_up", text="what if i have a degree",
                           entities=[("stage", "other_degree")],
                           slots={"topic": "program_length", "role": "radiologic_technologist"})
    await answers.ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_program_length"
    assert "utter_plan_stage_note" not in names_of(dispatcher)
    assert "utter_ask_role" not in names_of(dispatcher)


async def test_a_career_outside_imaging_compared_gets_what_was_asked_for_the_imaging_one(
        make_tracker, dispatcher, domain):
    """"how much do echo techs make compared to nurses": pay for sonographers, said so."""
    text = "how much do echo techs make compared to nurses"
    tracker = make_tracker(intent="compare_roles", text=text,
                           entities=[("role", "sonographer"), ("stage", "other_healthcare")],
                           slots={"role": "radiologic_technologist"})
    tracker.latest_message["entities"][1].update(start=text.index("nurses"), end=len(text))
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_compare_outside_imaging", "utter_pay"]
    assert dispatcher.messages[0]["career"] == "nurses"
    assert dispatcher.messages[1]["amount"] == "$71,234"
    slots = slots_of(events)
    assert slots["topic"] == "pay" and slots["role"] == "sonographer"
    assert not slots.get("compared")  # the radiographer talked about before is not compared
    # no topic asked: what the imaging career is
    dispatcher.messages.clear()
    text = "is being a rad tech better than being a nurse"
    tracker = make_tracker(intent="compare_roles", text=text,
                           entities=[("role", "radiologic_technologist"),
                                     ("stage", "other_healthcare")])
    tracker.latest_message["entities"][1].update(start=text.index("nurse"), end=len(text))
    await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_compare_outside_imaging", "utter_role_overview"]


async def test_a_career_outside_imaging_is_set_beside_the_one_talked_about(
        make_tracker, dispatcher, domain):
    """"whats the pay like compared to nursing", after sonography: its pay, said so."""
    text = "whats the pay like compared to nursing"
    tracker = make_tracker(intent="compare_roles", text=text,
                           entities=[("stage", "other_healthcare")],
                           slots={"role": "sonographer", "topic": "certification"})
    tracker.latest_message["entities"][0].update(start=text.index("nursing"), end=len(text))
    events = await answers.ActionCompareRoles().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[:2] == ["utter_compare_outside_imaging", "utter_pay"]
    assert dispatcher.messages[0]["career"] == "nursing"
    assert dispatcher.messages[0]["role_name"] == "Diagnostic Medical Sonographer"
    assert slots_of(events)["topic"] == "pay"
    # with nothing talked about before, a career outside imaging alone is still declined
    dispatcher.messages.clear()
    tracker = make_tracker(intent="compare_roles", text=text,
                           entities=[("stage", "other_healthcare")])
    tracker.latest_message["entities"][0].update(start=text.index("nursing"), end=len(text))
    assert await answers.ActionCompareRoles().run(dispatcher, tracker, domain) == []
    assert names_of(dispatcher) == ["utter_out_of_scope_career"]


async def test_two_terms_named_in_a_definition_question_are_each_defined(make_tracker,
                                                                         dispatcher, domain):
    tracker = make_tracker(intent="ask_acronym", text="whats the difference between MQSA and CQR",
                           entities=[("term", "mqsa"), ("term", "cqr")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_acronym", "utter_acronym"]
    assert [message["acronym"] for message in dispatcher.messages] == ["MQSA", "CQR"]
    assert slots_of(events)["term"] == "mqsa"  # "that one" next is the first


@pytest.mark.parametrize("specialization, held, topic", [
    # a specialty one can start with is a career of its own to someone holding nothing
    ("mri", [], "pathway"),
    # one added to an earlier credential is the specialty
    ("mammography", [], "specializing"),
    # and from a role held, a specialty is specializing
    ("mri", [("role", "radiologic_technologist", "held")], "specializing"),
])
async def test_the_way_into_a_specialty_depends_on_whether_it_can_come_first(
        make_tracker, dispatcher, domain, specialization, held, topic):
    tracker = make_tracker(intent="ask_specializations",
                           text=f"ok and how do i get started with {specialization}",
                           entities=[*held, ("specialization", specialization),
                                     ("topic", "pathway")])
    events = await answers.ActionAnswer().run(dispatcher, tracker, domain)
    assert slots_of(events)["topic"] == topic

"""The pathway planner's actions: reading answers, asking with buttons, planning."""

import pytest
from rasa_sdk.events import SlotSet

from actions import planner


def names_of(dispatcher):
    return [message["response"] for message in dispatcher.messages]


@pytest.fixture
def validate(make_tracker, dispatcher, domain):
    """Run validate_pathway_form on a message while the planner asks for ``requested``."""

    async def run(requested, intent="inform", text="answer", entities=(), slots=None):
        tracker = make_tracker(intent=intent, text=text, entities=entities,
                               slots={"requested_slot": requested, **(slots or {})},
                               active_loop={"name": "pathway_form"})
        events = await planner.ValidatePathwayForm().run(dispatcher, tracker, domain)
        # What the form asks next is Rasa's business; these tests check the answers read.
        return [event for event in events if event["name"] != "requested_slot"]

    return run


async def test_a_starting_point_is_read_from_the_message(validate, dispatcher):
    events = await validate("stage", text="I'm in high school",
                            entities=[("stage", "high_school")])
    assert events == [SlotSet("stage", "high_school")]
    assert dispatcher.messages == []


async def test_a_button_number_picks_from_what_was_offered(validate):
    offered = ["stage:high_school", "stage:other_degree", "stage:imaging_student"]
    events = await validate("stage", intent="choose_option", text="the second one",
                            entities=[("mention", "2")], slots={"listed": offered})
    assert events == [SlotSet("stage", "other_degree")]


async def test_nonsense_is_re_asked_clearly(validate, dispatcher):
    events = await validate("stage", intent="nlu_fallback", text="purple monkey")
    assert events == [SlotSet("stage", None)]
    assert names_of(dispatcher) == ["utter_planner_stage_not_understood"]


async def test_a_question_in_between_is_not_an_answer(validate, dispatcher):
    events = await validate("stage", intent="ask_acronym", text="wait, what's JRCERT?",
                            entities=[("term", "jrcert")])
    assert events == []
    assert dispatcher.messages == []


async def test_a_short_role_name_is_an_answer_whatever_its_intent(validate):
    events = await validate("target_role", intent="ask_role_overview", text="sonographer",
                            entities=[("role", "sonographer")])
    assert events == [SlotSet("target_role", "sonographer")]


async def test_a_specialization_means_its_role(validate):
    events = await validate("target_role", text="MRI", entities=[("specialization", "mri")])
    assert events == [SlotSet("target_role", "mri_technologist")]


async def test_a_role_volunteered_early_is_kept(validate, dispatcher):
    events = await validate("stage", intent="plan_pathway",
                            text="I want to become a sonographer",
                            entities=[("role", "sonographer")])
    assert SlotSet("target_role", "sonographer") in events
    assert SlotSet("stage", None) in events
    assert dispatcher.messages == []  # no complaint: the message did answer something


async def test_a_certified_technologist_names_their_credential(validate):
    events = await validate("stage", text="I'm a certified rad tech",
                            entities=[("stage", "certified_technologist"),
                                      ("role", "radiologic_technologist")])
    assert SlotSet("stage", "certified_technologist") in events
    assert SlotSet("current_role", "radiologic_technologist") in events


@pytest.mark.parametrize("text, entities, current", [
    # the credentials a technologist signs with: the first one's role is theirs
    ("help me plan getting to CT, i'm RT(R)(M)",
     [("role", "ct_technologist"), ("certification", "arrt_radiography", "held"),
      ("certification", "arrt_mammography", "held")], "radiologic_technologist"),
    ("im a rad tech, make me a plan for CT",
     [("role", "radiologic_technologist", "held"), ("role", "ct_technologist")],
     "radiologic_technologist"),
])
async def test_a_technologist_saying_so_is_not_asked_where_they_are(
        make_tracker, dispatcher, domain, text, entities, current):
    tracker = make_tracker(intent="plan_pathway", text=text, entities=entities,
                           active_loop={"name": "pathway_form"})
    form = planner.ValidatePathwayForm()
    assert await form.required_slots(["stage", "current_role", "target_role"], dispatcher,
                                     tracker, domain) == ["stage", "current_role",
                                                          "target_role"]
    events = await form.run(dispatcher, tracker, domain)
    assert SlotSet("stage", "certified_technologist") in events
    assert SlotSet("current_role", current) in events
    assert SlotSet("target_role", "ct_technologist") in events


async def test_unknown_ids_are_refused(validate, dispatcher):
    events = await validate("target_role", text="x", entities=[("role", "astronaut")])
    assert events == [SlotSet("target_role", None)]


@pytest.mark.parametrize("stage, expected", [
    ("high_school", ["stage", "target_role"]),
    ("certified_technologist", ["stage", "current_role", "target_role"]),
])
async def test_current_role_is_asked_only_of_certified_technologists(
        make_tracker, dispatcher, domain, stage, expected):
    tracker = make_tracker(slots={"stage": stage})
    slots = await planner.ValidatePathwayForm().required_slots(
        ["stage", "current_role", "target_role"], dispatcher, tracker, domain)
    assert slots == expected


async def test_asking_where_the_student_is_offers_the_starting_points(make_tracker,
                                                                      dispatcher, domain):
    events = await planner.ActionAskStage().run(dispatcher, make_tracker(), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_stage"
    assert message["buttons"][0] == {"title": "I'm in high school",
                                     "payload": '/inform{"stage": "high_school"}'}
    assert len(message["buttons"]) == 5
    assert events[0]["value"][0] == "stage:high_school"


async def test_asking_the_current_role_offers_roles_one_can_hold_first(make_tracker,
                                                                       dispatcher, domain):
    await planner.ActionAskCurrentRole().run(dispatcher, make_tracker(), domain)
    titles = [button["title"] for button in dispatcher.messages[0]["buttons"]]
    assert "Radiologic Technologist" in titles and "MRI Technologist" in titles
    assert "CT Technologist" not in titles and "Mammography Technologist" not in titles
    assert "Imaging Quality Assurance Specialist" not in titles  # discontinued only


async def test_asking_the_target_role_offers_every_role(make_tracker, dispatcher, domain):
    events = await planner.ActionAskTargetRole().run(dispatcher, make_tracker(), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_ask_target_role"
    assert len(message["buttons"]) == 7
    assert {"title": "CT Technologist", "payload": '/inform{"role": "ct_technologist"}'} in \
        message["buttons"]
    assert "role:ct_technologist" in events[0]["value"]


async def test_starting_keeps_what_the_message_said(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="plan_pathway",
                           text="I want to become a radiology technician, where do I start?",
                           entities=[("role", "radiologic_technologist")],
                           slots={"stage": "other_degree", "target_role": "sonographer"})
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    # it says the goal, and plans from where the student said they were before
    assert names_of(dispatcher) == ["utter_planner_start_goal",
                                    "utter_planner_from_where_they_are"]
    assert dispatcher.messages[0]["role_name"] == "a Radiologic Technologist"
    assert events == [SlotSet("stage", "other_degree"), SlotSet("current_role", None),
                      SlotSet("target_role", "radiologic_technologist"),
                      SlotSet("requested_slot", None)]


async def test_starting_without_a_career_named_plans_for_the_one_talked_about(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="plan_pathway", text="ok help me plan it",
                           slots={"specialization": "ct"})
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["role_name"] == "a CT Technologist"
    assert SlotSet("target_role", "ct_technologist") in events


async def test_starting_over_forgets_the_career_talked_about(make_tracker, dispatcher,
                                                             domain):
    tracker = make_tracker(intent="start_over", text="start over",
                           slots={"role": "sonographer", "target_role": "sonographer"})
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_planner_start"]
    assert SlotSet("target_role", None) in events


async def test_back_to_the_plan_while_planning_goes_on_where_it_left_off(make_tracker,
                                                                        dispatcher, domain):
    tracker = make_tracker(intent="plan_pathway", text="ok back to the plan",
                           slots={"stage": "high_school", "target_role": None,
                                  "role": "sonographer"})
    tracker.active_loop = {"name": "pathway_form"}
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert events == [] and dispatcher.messages == []


async def test_the_plan_for_a_certified_radiographer_going_into_ct(make_tracker, dispatcher,
                                                                   domain):
    tracker = make_tracker(slots={"stage": "certified_technologist",
                                  "current_role": "radiologic_technologist",
                                  "target_role": "ct_technologist"})
    events = await planner.ActionGivePlan().run(dispatcher, tracker, domain)
    # In the fixture's pathway, clinical experience comes before certification; NMTCB(CT),
    # whose route is unsettled, is named among the other credentials, not as open to them.
    assert names_of(dispatcher) == [
        "utter_plan_intro", "utter_plan_stage_note", "utter_plan_clinical_post_primary",
        "utter_plan_post_primary", "utter_plan_other_credentials", "utter_plan_licensure",
        "utter_plan_continuing", "utter_plan_close"]
    step = dispatcher.messages[3]
    assert step["number"] == 2 and step["credentials"] == "ARRT(CT)"
    assert dispatcher.messages[4]["credentials"] == "NMTCB(CT)"  # it asks for nuclear medicine
    assert SlotSet("role", "ct_technologist") in events


async def test_a_plan_ends_with_its_sources_and_a_button_for_each_step(make_tracker,
                                                                     dispatcher, domain):
    tracker = make_tracker(slots={"stage": "high_school", "target_role": "sonographer"})
    await planner.ActionGivePlan().run(dispatcher, tracker, domain)
    close = dispatcher.messages[-1]
    assert close["response"] == "utter_plan_close"
    steps = [m for m in dispatcher.messages if "number" in m]
    assert all(m["source"].split("; ")[0] in close["sources"] for m in steps)
    assert [(b["title"], b["payload"]) for b in close["buttons"]] == [
        ("Tell me more about fixture school", '/ask_education{"role": "sonographer"}'),
        ("Tell me more about fixture practice",
         '/ask_clinical_experience{"role": "sonographer"}'),
        ("Tell me more about fixture exam", '/ask_certification{"role": "sonographer"}'),
        ("Tell me more about fixture license", '/ask_licensure{"role": "sonographer"}'),
        ("Tell me more about fixture specialty", '/ask_specializations{"role": "sonographer"}'),
        ("Tell me more about fixture renewal",
         '/ask_continuing_education{"role": "sonographer"}'),
        ("Start over", "/start_over")]


async def test_the_plan_from_high_school(make_tracker, dispatcher, domain):
    tracker = make_tracker(slots={"stage": "high_school", "target_role": "sonographer"})
    await planner.ActionGivePlan().run(dispatcher, tracker, domain)
    steps = [m for m in dispatcher.messages if "number" in m]
    assert [m["title"] for m in steps] == [
        "Fixture school", "Fixture practice", "Fixture exam", "Fixture license",
        "Fixture specialty", "Fixture renewal"]
    assert steps[0]["accreditor"] == "CAAHEP"
    assert "RDMS" in steps[2]["credentials"]
    assert all(m["source"] for m in steps)


async def test_a_plan_is_made_for_the_state_the_student_is_in(make_tracker, dispatcher,
                                                               domain):
    # said earlier in the conversation: the state slot
    tracker = make_tracker(slots={"stage": "high_school",
                                  "target_role": "radiologic_technologist", "state": "ohio"})
    events = await planner.ActionGivePlan().run(dispatcher, tracker, domain)
    step = next(m for m in dispatcher.messages if m["response"] == "utter_plan_licensure_state")
    assert step["state"] == "Ohio" and "Ohio Fixture Radiation Board" in step["note"]
    assert SlotSet("state", "ohio") in events
    assert ("Tell me more about fixture license",
            '/ask_licensure{"role": "radiologic_technologist", "state": "ohio"}') in [
        (b["title"], b["payload"]) for b in dispatcher.messages[-1]["buttons"]]


def _after_a_plan(tracker):
    tracker.events.append({"event": "bot", "metadata": {"utter_action": "utter_plan_close"}})
    return tracker


@pytest.mark.parametrize("text, plan_given, plans", [
    # where the student lives, after other questions: the plan is for there
    ("ok and i live in texas", True, True),
    ("we're in Texas", True, True),
    # "what about in texas?" asks the last question there
    ("what about in texas?", True, False),
    # no plan was made: nothing to give again
    ("ok and i live in texas", False, False),
])
async def test_where_the_student_lives_after_a_plan_gives_it_there(make_tracker, dispatcher,
                                                                  domain, text, plan_given,
                                                                  plans):
    from actions.answers import ActionAnswerFollowUp

    tracker = make_tracker(intent="follow_up", text=text, entities=[("state", "texas")],
                           slots={"stage": "high_school", "target_role": "sonographer",
                                  "topic": "program_length", "role": "sonographer"})
    if plan_given:
        _after_a_plan(tracker)
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert ("utter_plan_in_a_state" in names_of(dispatcher)) is plans


async def test_a_state_named_after_a_plan_gives_the_plan_there(make_tracker, dispatcher,
                                                               domain):
    """"im in texas" after a plan: the plan again, its licensure step for Texas."""
    from actions.answers import ActionAnswerFollowUp

    plan_given = {"stage": "high_school", "target_role": "radiologic_technologist",
                  "topic": "plan_pathway", "role": "radiologic_technologist"}
    tracker = _after_a_plan(make_tracker(intent="follow_up", text="im in texas",
                                         entities=[("state", "texas")], slots=plan_given))
    events = await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    # only what changes: the licensure step, there, and the close with every step's button
    assert names_of(dispatcher) == ["utter_plan_in_a_state",
                                    "utter_plan_licensure_state_unknown", "utter_plan_close"]
    step = dispatcher.messages[1]
    assert step["state"] == "Texas"  # nothing recorded there: said so, nothing guessed
    assert len(dispatcher.messages[-1]["buttons"]) == 7  # six steps and "Start over"
    assert SlotSet("state", "texas") in events and SlotSet("topic", "plan_pathway") in events


async def test_a_state_after_an_answer_is_that_question_there_not_a_plan(make_tracker,
                                                                        dispatcher, domain):
    from actions.answers import ActionAnswerFollowUp

    tracker = make_tracker(intent="follow_up", text="what about ohio",
                           entities=[("state", "ohio")],
                           slots={"stage": "high_school", "target_role": "sonographer",
                                  "topic": "licensure", "role": "radiologic_technologist"})
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert "utter_plan_in_a_state" not in names_of(dispatcher)
    assert names_of(dispatcher)[0].startswith("utter_licensure_state")


async def test_a_plan_for_a_role_removed_from_the_knowledge_base(make_tracker, dispatcher,
                                                                 domain):
    tracker = make_tracker(slots={"stage": "high_school", "target_role": "astronaut"})
    events = await planner.ActionGivePlan().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_planner_stale"]
    assert SlotSet("target_role", None) in events


async def test_the_credential_held_is_read_when_asked(validate):
    events = await validate("current_role", text="radiographer",
                            entities=[("role", "radiologic_technologist")],
                            slots={"stage": "certified_technologist"})
    assert SlotSet("current_role", "radiologic_technologist") in events


@pytest.mark.parametrize("action_class", [planner.ActionAskStage, planner.ActionAskTargetRole,
                                          planner.ActionGivePlan])
async def test_knowledge_base_down_gives_a_clear_message(monkeypatch, make_tracker, dispatcher,
                                                         domain, action_class):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    tracker = make_tracker(slots={"stage": "high_school", "target_role": "sonographer"})
    events = await action_class().run(dispatcher, tracker, domain)
    assert events == []
    assert names_of(dispatcher) == ["utter_knowledge_unavailable"]


async def test_starting_without_the_knowledge_base_still_starts(monkeypatch, make_tracker,
                                                               dispatcher, domain):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    tracker = make_tracker(intent="plan_pathway", entities=[("role", "sonographer")])
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_planner_start"]
    assert SlotSet("target_role", None) in events  # the form asks for it instead


# --- a student saying who they are, asking nothing ---------------------------------------

async def test_an_introduction_is_said_back_kept_and_offers_a_plan(make_tracker, dispatcher,
                                                                  domain):
    tracker = make_tracker(intent="inform", text="hi im an LPN, been at a nursing home 6 yrs",
                           entities=[("stage", "other_healthcare")])
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_introduction_noted", "utter_introduction_offer"]
    assert dispatcher.messages[0]["said"] == "you work in another healthcare job"
    assert [button["payload"] for button in dispatcher.messages[-1]["buttons"]] == [
        "/plan_pathway", "/list_roles"]
    assert events == [SlotSet("stage", "other_healthcare")]  # no planner started


async def test_an_introduction_with_a_credential_and_a_state(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="inform", text="CNMT here, in Ohio now",
                           entities=[("certification", "nmtcb_cnmt", "held"),
                                     ("state", "ohio")])
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["said"] == (
        "you're already a Nuclear Medicine Technologist and you're in Ohio")
    assert events == [SlotSet("stage", "certified_technologist"),
                      SlotSet("current_role", "nuclear_medicine_technologist"),
                      SlotSet("state", "ohio")]
    assert "/ask_specializations" in dispatcher.messages[-1]["buttons"][1]["payload"]


async def test_an_introduction_naming_a_wanted_career_makes_it_the_subject(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="inform", text="I'm interested in sonography",
                           entities=[("role", "sonographer")])
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["said"] == (
        "you're interested in becoming a Diagnostic Medical Sonographer")
    assert SlotSet("role", "sonographer") in events
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == (
        '/plan_pathway{"role": "sonographer"}')


async def test_another_career_with_an_xray_cert_holds_no_radiographers_credential(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(
        intent="inform", text="im a dental assistant, i have my xray cert for dental",
        entities=[("other_career", "dental_assistant"),
                  ("role", "radiologic_technologist", "held")])
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert not any(event.get("name") == "current_role" for event in events)
    assert "Radiologic" not in dispatcher.messages[0].get("said", "")


async def test_the_planner_starts_from_where_the_student_said_they_are(make_tracker,
                                                                      dispatcher, domain):
    tracker = make_tracker(intent="plan_pathway", text="ok make me a plan",
                           slots={"stage": "other_healthcare"})
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_planner_start", "utter_planner_from_where_they_are"]
    assert dispatcher.messages[1]["said"] == "you work in another healthcare job"
    assert SlotSet("stage", "other_healthcare") in events


async def test_starting_over_forgets_where_the_student_said_they_are(make_tracker,
                                                                    dispatcher, domain):
    tracker = make_tracker(intent="start_over", text="start over",
                           slots={"stage": "certified_technologist",
                                  "current_role": "radiologic_technologist"})
    events = await planner.ActionStartPlanner().run(dispatcher, tracker, domain)
    assert SlotSet("stage", None) in events and SlotSet("current_role", None) in events


@pytest.mark.parametrize("slots, entities, stage, current", [
    # more of where the student is, just after the plan: planned again from there
    ({"stage": "high_school"}, [("stage", "other_degree")], "other_degree", None),
    # a certified technologist's schooling leaves them certified
    ({"stage": "certified_technologist", "current_role": "radiologic_technologist"},
     [("stage", "other_degree")], "certified_technologist", "radiologic_technologist"),
])
async def test_where_the_student_is_just_after_a_plan_plans_again(
        make_tracker, dispatcher, domain, slots, entities, stage, current):
    tracker = _after_a_plan(make_tracker(
        intent="inform", text="I only have an associate degree", entities=entities,
        slots={**slots, "target_role": "ct_technologist", "topic": "plan_pathway"}))
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[-1] == "utter_plan_close"
    assert SlotSet("stage", stage) in events and SlotSet("current_role", current) in events


async def test_an_introduction_of_a_student_in_a_program_names_the_career(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="inform", text="i'm in my second year of rad school",
                           entities=[("stage", "imaging_student"),
                                     ("role", "radiologic_technologist", "studying")])
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["said"] == (
        "you're training to become a Radiologic Technologist")
    assert SlotSet("role", "radiologic_technologist") in events  # "when can I take the registry?"


async def test_where_the_student_is_just_after_the_steps_into_a_career_is_their_plan(
        make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="inform", text="i have a degree in business",
                           entities=[("stage", "other_degree")],
                           slots={"topic": "pathway", "role": "sonographer"})
    events = await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[-1] == "utter_plan_close"
    assert SlotSet("stage", "other_degree") in events
    assert SlotSet("target_role", "sonographer") in events
    # after another question it is said back instead
    dispatcher.messages.clear()
    tracker = make_tracker(intent="inform", text="i have a degree in business",
                           entities=[("stage", "other_degree")],
                           slots={"topic": "pay", "role": "sonographer"})
    await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert names_of(dispatcher)[0] == "utter_introduction_noted"


async def test_an_introduction_naming_unknown_ids_says_nothing_wrong(make_tracker, dispatcher,
                                                                    domain):
    tracker = make_tracker(intent="inform", text="/inform",
                           entities=[("stage", "x'; DROP TABLE roles"), ("state", "atlantis")])
    await planner.ActionTakeIntroduction().run(dispatcher, tracker, domain)
    assert names_of(dispatcher) == ["utter_introduction_noted_nothing",
                                    "utter_introduction_offer"]

"""Judging a conversation turn from the tracker's events."""

from bot.nlu.understanding import Turn, answered, held_in, turn_is_right

ROLES_OF = {"mri": "mri_technologist"}


def user(text="q"):
    return {"event": "user", "text": text}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def action(name):
    return {"event": "action", "name": name}


def bot(response):
    return {"event": "bot", "metadata": {"utter_action": response}}


def test_an_answer_is_read_from_the_slots_after_it():
    events = [user(), action("action_answer"), bot("utter_pay"), slot("topic", "pay"),
              slot("specialization", "mri")]
    topic, subject = answered(events, 0, ROLES_OF)
    assert (topic, subject) == ("pay", {("role", "mri_technologist")})
    assert turn_is_right(Turn("q", "pay", frozenset({("role", "mri_technologist")})),
                         topic, subject)
    assert not turn_is_right(Turn("q", "outlook", frozenset()), topic, subject)


def test_asking_back_is_not_an_answer_and_the_planner_answers_the_pathway():
    asked = [user(), action("action_answer"), bot("utter_ask_role"), slot("topic", "pay")]
    assert answered(asked, 0, ROLES_OF) == (None, frozenset())
    planner = [user(), action("action_start_planner"), slot("target_role", "sonographer"),
               action("pathway_form")]
    assert answered(planner, 0, ROLES_OF) == ("pathway", {("role", "sonographer")})


def test_more_detail_answers_the_last_question_further_unless_nothing_is_left():
    asked = [user(), action("action_answer"), slot("topic", "pathway"),
             slot("role", "ct_technologist"), user("more detail pls")]
    more = asked + [action("action_answer_more_detail"), bot("utter_pathway_steps"),
                    slot("topic", "pathway")]
    assert answered(more, 4, ROLES_OF) == ("pathway", {("role", "ct_technologist")})
    nothing = asked + [action("action_answer_more_detail"), bot("utter_no_more_detail")]
    assert answered(nothing, 4, ROLES_OF) == (None, frozenset())


def test_a_comparison_is_about_the_roles_compared_and_only_this_turn_counts():
    events = [user(), action("action_compare_roles"), slot("topic", "comparing"),
              slot("compared", ["ct_technologist", "mri_technologist"]), user("thanks"),
              action("utter_you_are_welcome")]
    assert answered(events, 4, ROLES_OF) == (None, frozenset())
    assert answered(events[:4], 0, ROLES_OF) == (
        "comparing", {("role", "ct_technologist"), ("role", "mri_technologist")})


def test_a_question_answered_for_each_role_compared_is_about_them():
    compared = [user(), action("action_compare_roles"), slot("topic", "comparing"),
                slot("compared", ["ct_technologist", "mri_technologist"])]
    events = compared + [user("how much do they make"), action("action_answer"),
                         slot("topic", "pay")]
    assert answered(events, 4, ROLES_OF) == (
        "pay", {("role", "ct_technologist"), ("role", "mri_technologist")})
    # an answer about one role clears the roles compared
    events = compared + [user("and sonographers?"), action("action_answer_follow_up"),
                         slot("topic", "pay"), slot("role", "sonographer"),
                         slot("compared", None)]
    assert answered(events, 4, ROLES_OF) == ("pay", {("role", "sonographer")})


def test_a_plan_given_again_in_a_state_is_the_pathway_there():
    events = [user("im in NC"), action("action_answer_follow_up"), bot("utter_plan_intro"),
              bot("utter_plan_close"), slot("topic", "plan_pathway"),
              slot("target_role", "sonographer"), slot("role", "sonographer"),
              slot("state", "north_carolina")]
    assert answered(events, 0, ROLES_OF) == (
        "pathway", {("role", "sonographer"), ("state", "north_carolina")})


def test_a_comparison_made_in_a_state_is_about_the_state_too():
    events = [user("in ohio specifically"), action("action_answer_follow_up"),
              slot("topic", "comparing"), slot("compared", ["sonographer", "mri_technologist"]),
              slot("state", "ohio")]
    assert answered(events, 0, ROLES_OF) == (
        "comparing", {("role", "sonographer"), ("role", "mri_technologist"), ("state", "ohio")})


def test_a_comparison_of_credentials_is_about_the_credentials():
    events = [user(), action("action_compare_roles"), slot("topic", "comparing"),
              slot("compared", None), slot("compared_credentials", ["ardms_rdcs", "cci_rcs"])]
    assert answered(events, 0, ROLES_OF) == (
        "comparing", {("certification", "ardms_rdcs"), ("certification", "cci_rcs")})


def test_what_the_student_holds_may_be_labelled_or_not():
    held = {"entity": "certification", "value": "ardms_rdms", "role": "held"}
    asked = {"entity": "specialization", "value": "vascular_sonography"}
    events = [dict(user("im an rdms, how do i add vascular"),
                   parse_data={"entities": [held, asked]}),
              action("action_answer"), slot("topic", "specializing"),
              slot("specialization", "vascular_sonography")]
    topic, subject = answered(events, 0, {"vascular_sonography": "sonographer"})
    holds = held_in(events, 0, ROLES_OF)
    assert holds == {("certification", "ardms_rdms")}
    with_held = frozenset({("certification", "ardms_rdms"), ("role", "sonographer")})
    assert turn_is_right(Turn("q", "specializing", with_held), topic, subject, holds)
    assert turn_is_right(Turn("q", "specializing", frozenset({("role", "sonographer")})),
                         topic, subject, holds)
    # a name neither answered about nor held is still missing
    other = frozenset({("certification", "ardms_rvt")})
    assert not turn_is_right(Turn("q", "specializing", other), topic, subject, holds)


def test_a_turn_asking_nothing_is_right_when_nothing_is_answered(tmp_path):
    from bot.nlu.understanding import load_conversations

    (tmp_path / "conversations.yml").write_text(
        "- conversation: c\n  turns:\n  - text: purple monkey dishwasher\n"
        "    topic: none\n    subject: {}\n", encoding="utf-8")
    [(_, [turn])] = load_conversations({}, tmp_path)
    fallback = [user(), action("action_two_stage_fallback")]
    assert turn_is_right(turn, *answered(fallback, 0, ROLES_OF))
    answer = [user(), action("action_answer"), slot("topic", "pay")]
    assert not turn_is_right(turn, *answered(answer, 0, ROLES_OF))

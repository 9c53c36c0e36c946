"""Scoring the evaluation questions: topic from the intent, subject from the entities."""

from bot.nlu.understanding import Case, Reading, _subject, load_cases, report, understood

ROLES_OF = {"mri": "mri_technologist", "ct": "ct_technologist"}


def test_a_specialization_stands_for_its_role_and_lists_are_pairs():
    assert _subject({"specialization": "mri", "state": "ohio"}, ROLES_OF) == {
        ("role", "mri_technologist"), ("state", "ohio")}
    assert _subject({"role": ["ct_technologist", "sonographer"]}, ROLES_OF) == {
        ("role", "ct_technologist"), ("role", "sonographer")}
    assert _subject(None, ROLES_OF) == frozenset()


def test_a_parse_is_read_as_a_topic_and_a_subject():
    parse = {"intent": {"name": "ask_pay"},
             "entities": [{"entity": "specialization", "value": "ct"},
                          {"entity": "mention", "value": "1"}]}
    assert understood(parse, ROLES_OF) == Reading("pay", {("role", "ct_technologist")})
    assert understood({"intent": {"name": "greet"}}, ROLES_OF) == Reading(None, frozenset())


def test_a_name_held_is_right_whether_the_label_names_it_or_not():
    parse = {"intent": {"name": "ask_specializations"},
             "entities": [{"entity": "role", "value": "radiologic_technologist", "role": "held"},
                          {"entity": "specialization", "value": "mri"}]}
    read = understood(parse, ROLES_OF)
    mri, rad = ("role", "mri_technologist"), ("role", "radiologic_technologist")
    assert read == Reading("specializing", frozenset({mri}), frozenset({rad}))
    assert read.subject_right(frozenset({mri})) and read.subject_right(frozenset({mri, rad}))
    assert not read.subject_right(frozenset({rad}))  # what is asked must be there
    assert not read.subject_right(frozenset({mri, ("state", "ohio")}))


def test_the_report_counts_topic_subject_and_both():
    pay = Case("how much do mri techs make", "pay", frozenset({("role", "mri_technologist")}))
    results = [(pay, Reading("pay", pay.subject)), (pay, Reading(None, pay.subject)),
               (pay, Reading("pay", frozenset()))]
    text = report(results)
    assert "3 questions: topic right 66.7%, subject right 66.7%, both right 33.3%" in text
    assert "1  pay -> no topic" in text


def test_the_evaluation_set_loads_with_first_turns_of_conversations():
    cases = load_cases(ROLES_OF)
    assert len(cases) >= 340 and all(case.text and case.topic for case in cases)

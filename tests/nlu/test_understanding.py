"""Scoring the evaluation questions: topic from the intent, subject from the entities."""

from bot.nlu.understanding import Case, _subject, load_cases, report, understood

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
    assert understood(parse, ROLES_OF) == ("pay", {("role", "ct_technologist")})
    assert understood({"intent": {"name": "greet"}}, ROLES_OF) == (None, frozenset())


def test_the_report_counts_topic_subject_and_both():
    pay = Case("how much do mri techs make", "pay", frozenset({("role", "mri_technologist")}))
    results = [(pay, "pay", pay.subject), (pay, None, pay.subject), (pay, "pay", frozenset())]
    text = report(results)
    assert "3 questions: topic right 66.7%, subject right 66.7%, both right 33.3%" in text
    assert "1  pay -> no topic" in text


def test_the_evaluation_set_loads_with_first_turns_of_conversations():
    cases = load_cases(ROLES_OF)
    assert len(cases) >= 340 and all(case.text and case.topic for case in cases)

"""Yes or no first: which questions ask it, and which answers settle it."""

import pytest

from bot import names
from bot.answers.core import Reply
from bot.answers.eligibility import DIRECT as OPEN
from bot.answers.eligibility import EARLIER, OPENED
from bot.answers.verdicts import CAN, NEED, asks, leading


@pytest.mark.parametrize("text, expected", [
    ("do i have to be a rad tech before i can do that", NEED),
    ("Does she need x-ray before CT?", NEED),
    ("so do u gotta do xray first", NEED),
    ("is it required to be an RT first", NEED),
    ("can a nurse become a sonographer", CAN),
    ("im an lpn, can i become a rad tech or do i have to start over", CAN),
    ("is it possible to do mri without xray", CAN),
    ("is there any way to do it w/o the whole xray program", CAN),
    ("what do I need before CT", None),
    ("how do I switch from nursing to sonography", None),
])
def test_yes_no_questions_are_told_apart(text, expected):
    assert asks(text) == expected


NEEDS_EARLIER = Reply(names.PREREQUISITES_REPLY, {"role_name": "CT Technologist"},
                      settles=EARLIER)
DIRECT = Reply(names.PREREQUISITES_NONE, {"role_name": "Diagnostic Medical Sonographer"},
               settles=OPEN)
FROM_HELD = Reply(names.ROUTES_FROM_HELD, {"goal": "become a CT Technologist"}, settles=OPENED)


def test_the_verdict_follows_what_the_answer_found():
    assert leading([DIRECT], "can a nurse become a sonographer")[0].response == names.VERDICT_YES
    assert leading([DIRECT], "do I need x-ray first")[0].response == names.VERDICT_NO
    assert leading([NEEDS_EARLIER], "do I need x-ray first")[0].response == (
        names.VERDICT_EARLIER_FIRST)
    assert leading([NEEDS_EARLIER], "can I do CT straight away")[0].response == (
        names.VERDICT_NOT_DIRECTLY)


def test_a_way_from_what_is_held_says_yes_you_can_but_not_whether_you_must():
    assert leading([FROM_HELD], "can a rad tech become a ct tech")[0].response == (
        names.VERDICT_YES)
    assert leading([FROM_HELD], "do i need to go back to school") == [FROM_HELD]


def test_no_verdict_for_several_roles_or_an_open_question():
    assert leading([NEEDS_EARLIER, DIRECT], "can I do these") == [NEEDS_EARLIER, DIRECT]
    assert leading([DIRECT], "what does sonography need first") == [DIRECT]
    other = Reply(names.ROLE_OVERVIEW, {})
    assert leading([other], "can I do it") == [other]


def test_whether_clinicals_are_paid_leads_with_what_no_source_says():
    clinical = [Reply(names.CLINICAL_EXPERIENCE, {"facts": "• 1,000 hours"})]
    assert [r.response for r in leading(clinical, "are those paid or unpaid")] == [
        names.CLINICAL_PAY_UNKNOWN, names.CLINICAL_EXPERIENCE]
    assert leading(clinical, "how many hours are clinicals") == clinical
    pay = [Reply(names.PAY, {"amount": "$1"})]
    assert leading(pay, "are they paid well") == pay  # pay itself is sourced

"""What the student already is or holds is told from what they ask about."""

import pytest

from bot.answers.context import asked_about
from bot.nlu.held import is_held, is_needed_first, is_not_meant, states_left


def held(text, name):
    start = text.index(name)
    return is_held(text, start, start + len(name))


@pytest.mark.parametrize("text, name, expected", [
    ("I'm a rad tech, how do I get into MRI?", "rad tech", True),
    ("I'm a rad tech, how do I get into MRI?", "MRI", False),
    # trained as one, or a kind of one
    ("I trained as a sonographer in Nigeria. Can I write the ARDMS exams", "sonographer",
     True),
    ("i qualified as a radiographer in 2015", "radiographer", True),
    ("how do I get trained as a sonographer", "sonographer", False),
    ("I'm a general sonographer. Could I move into MRI", "sonographer", True),
    ("she's a staff rad tech", "rad tech", True),
    ("im an RN and want to do ultrasound", "RN", True),
    ("working as a certified sonographer can I add vascular", "sonographer", True),
    ("how can I get started as a rad tech", "rad tech", False),
    ("will I find a job as a rad tech", "rad tech", False),
    ("CT tech here, thinking about MRI", "CT tech", True),
    ("rad tech 4 yrs, what next", "rad tech", True),
    ("sonographer w/ RDMS wants echo", "sonographer", True),
    ("sonographer w/ RDMS wants echo", "echo", False),
    ("how do I become a sonographer", "sonographer", False),
    ("what does a rad tech earn", "rad tech", False),
    ("ive been doing xrays for 3 yrs, how do i get into mammo", "xrays", True),
    # moving from one role into another
    ("how do x ray techs get into mammography", "x ray techs", True),
    ("how do x ray techs get into mammography", "mammography", False),
    ("can sonographers who want to move into MRI skip school", "sonographers", True),
    ("how long to go from rad tech to radiation therapist", "rad tech", True),
    ("how long to go from rad tech to radiation therapist", "radiation therapist", False),
    ("switching from sonography, what do I need for CT", "sonography", True),
    ("as an RT(R) how do i get into IR", "RT(R)", True),
    ("as a rad tech, can I do MRI", "rad tech", True),
    ("how is CT different from MRI", "MRI", False),
    ("how do I get into CT after radiography", "radiography", True),
    ("how long after becoming a rad tech does it take to get certified in ct", "rad tech",
     True),
    ("can u take the spi before u graduate from ultrasound school", "ultrasound", False),
    ("switching from a sonography program to rad tech", "sonography", False),
    ("help me plan adding mammography to my rad tech credentials", "rad tech", True),
    ("would my xray background count for ct", "xray", True),
    ("could i get my ct cert thru nmtcb instead of arrt", "ct", False),
    ("when can i take my mri registry", "mri", False),
    ("my sonography school is accredited", "sonography", False),
    ("my mri question is about pay", "mri", False),
    ("do i need to be a sonographer to like it", "sonographer", False),
    ("i need to be a rad tech, where do i start", "rad tech", False),
    ("Hi. I was sonographer in Korea for 5 years", "sonographer", True),
    ("Can my nursing from Brazil help me to become one?", "nursing", True),
    ("would my x-ray training count for CT", "x-ray", True),
    ("i used to be a rad tech, can i go back", "rad tech", True),
    # having it, adding to it, registered in it, working as it
    ("I already have my RT(R). How long is a therapy program?", "RT(R)", True),
    ("i've got an RT(R), what next", "RT(R)", True),
    ("i have my RDMS exam next week, any tips", "RDMS", False),
    ("how do i add mammo to my RT(R)", "RT(R)", True),
    ("how do i add mammo to my RT(R)", "mammo", False),
    ("I'm already registered in radiography and trying to decide", "radiography", True),
    ("I work full time nights as a CT tech so I don't have time", "CT tech", True),
    ("does my ARRT cover it in New Jersey", "ARRT", True),
    ("how do I get my ARRT", "ARRT", False),
    # who the writer speaks for holds it likewise
    ("My grandson is a radiographer and he keeps talking about becoming a radiologist "
     "assistant", "radiographer", True),
    ("My grandson is a radiographer and he keeps talking about becoming a radiologist "
     "assistant", "radiologist assistant", False),
    ("she's an ultrasound tech, could she do QA", "ultrasound tech", True),
    ("my son is interested in being a rad tech", "rad tech", False),
])
def test_held_names(text, name, expected):
    assert held(text, name) is expected


def test_a_question_is_about_what_is_not_held_unless_everything_is():
    rad = {"entity": "role", "value": "radiologic_technologist", "role": "held"}
    mri = {"entity": "specialization", "value": "mri"}
    topic = {"entity": "topic", "value": "specializing"}
    assert asked_about([rad, mri, topic]) == [mri, topic]
    assert asked_about([rad, topic]) == [rad, topic]  # "I'm a rad tech, how do I specialize?"


def test_a_name_that_only_qualifies_a_credential_is_not_the_subject():
    rcis = {"entity": "certification", "value": "cci_rcis"}
    cath_lab = {"entity": "specialization", "value": "cardiac_interventional",
                "role": "qualifying"}
    assert asked_about([rcis, cath_lab]) == [rcis]  # "the RCIS for the cath lab"
    assert asked_about([cath_lab]) == [cath_lab]  # nothing else named: it stays the subject
    rcs = {"entity": "certification", "value": "cci_rcs", "role": "held"}
    cci = {"entity": "certification", "value": "cci", "role": "qualifying"}
    assert asked_about([rcs, cci]) == [rcs]  # "I have my RCS through CCI, ..."


def test_a_role_needed_first_is_never_the_subject():
    needed = {"entity": "role", "value": "radiologic_technologist", "role": "needed"}
    mammo = {"entity": "specialization", "value": "mammography"}
    assert asked_about([needed, mammo]) == [mammo]
    # "does he have to do xray first?": about the career talked about, named nowhere
    assert asked_about([needed]) == []


def test_a_name_not_meant_is_never_the_subject():
    text = "wait i meant mammography not mri"
    assert is_not_meant(text, text.index("mri"))
    assert not is_not_meant(text, text.index("mammography"))
    mammo = {"entity": "specialization", "value": "mammography"}
    mri = {"entity": "specialization", "value": "mri", "role": "not_meant"}
    assert asked_about([mammo, mri]) == [mammo]


@pytest.mark.parametrize("text, name, expected", [
    ("is there any way to do it w/o doing the whole xray program first", "xray", True),
    ("can i do ct without being a rad tech", "rad tech", True),
    ("can i do ct without being a rad tech", "ct", False),
    ("without a doubt mri pays more", "mri", False),
    ("Can I move into CT without going back for a full rad tech program?", "rad tech", True),
    ("Can I move into CT without going back for a full rad tech program?", "CT", False),
])
def test_what_the_student_wants_to_avoid_is_not_meant(text, name, expected):
    assert is_not_meant(text, text.index(name)) is expected


def test_a_question_pointing_back_is_about_what_was_talked_about():
    rad = {"entity": "role", "value": "radiologic_technologist", "role": "held"}
    topic = {"entity": "topic", "value": "pathway"}
    # everything named is held, and "that" points back: the question names nothing itself
    assert asked_about([rad, topic], "how do you get into that coming from xray") == [topic]
    assert asked_about([rad, topic], "could i become one if im a rad tech") == [topic]
    assert asked_about([rad, topic], "do you need to already be a rad tech to get into "
                                     "those programs") == [topic]
    # without a pointer, what is held is the subject
    assert asked_about([rad, topic], "im a rad tech, what can i do next") == [rad, topic]
    # "that one is" points at a list, not back at the subject
    assert asked_about([rad, topic], "im a rad tech, is that one better") == [rad, topic]


def test_a_career_studied_is_the_subject_only_when_nothing_else_is_named():
    sono = {"entity": "role", "value": "sonographer", "role": "studying"}
    rdms = {"entity": "certification", "value": "ardms_rdms"}
    assert asked_about([sono]) == [sono]
    assert asked_about([sono, rdms]) == [rdms]


@pytest.mark.parametrize("text, name, expected", [
    ("can a rad tech become a ct tech", "rad tech", True),
    ("can a rad tech become a ct tech", "ct tech", False),
    ("how would a rad tech get into that", "rad tech", True),
    ("could a registered sonographer sit for the ARRT(MR)", "sonographer", True),
    ("can a rad tech do mri", "rad tech", True),
    ("what does a rad tech do", "rad tech", False),
    ("can a sonographer earn six figures", "sonographer", False),
    ("would a sonographer like this job", "sonographer", False),
    # a role opening the message, then where the writer works or what they want next
    ("xray tech in NV. does my state license cover ct", "xray tech", True),
    ("rad tech in washington state, what do i need to get licensed for mammo", "rad tech",
     True),
    ("mammo tech thinking about going RRA, is the pay worth it", "mammo tech", True),
    ("xray tech in TX wanting to go into cath lab", "xray tech", True),
    ("rad tech in texas?", "rad tech", False),
    # a group the writer asks, not who they are
    ("cath lab techs in VA, how much OT do you typically get", "cath lab techs", False),
    ("sonographers in ohio, do you like your job", "sonographers", False),
    ("how much do rad techs in texas, make", "rad techs", False),
])
def test_who_moves_in_a_question_about_someone_holds_their_role(text, name, expected):
    assert held(text, name) is expected


@pytest.mark.parametrize("text, name", [
    ("do i have to be a rad tech before i can do that", "rad tech"),
    ("do you need to be an RT first for CT", "RT"),
    ("do you need to already be a rad tech to get into those programs", "rad tech"),
    ("do u have to be an xray tech already", "xray tech"),
    ("Does she have to do regular x-rays first before she can do mammograms", "x-rays"),
    ("does he have to do xray first", "xray"),
])
def test_a_role_needed_first_is_not_held(text, name):
    start = text.index(name)
    assert is_needed_first(text, start, start + len(name))
    assert not is_held(text, start, start + len(name))


def left(text, *states):
    return states_left(text, [(text.index(s), text.index(s) + len(s)) for s in states])


@pytest.mark.parametrize("text, states, expected", [
    # where a move is headed is asked about; where it starts is where the student is
    ("My daughter is a mammographer in Virginia and is moving to Maryland. Does she need to "
     "get licensed again?", ("Virginia", "Maryland"), [True, False]),
    ("moving from TX to Ohio, do i need a new license", ("TX", "Ohio"), [True, False]),
    ("licensed in Oregon, can i work in Washington", ("Oregon", "Washington"), [True, False]),
    ("can I move my license from Florida to Georgia", ("Florida", "Georgia"), [True, False]),
    # nothing says which way: both asked about
    ("what do rad techs make in Ohio and in Texas", ("Ohio", "Texas"), [False, False]),
    ("do ohio and kentucky license sonographers", ("ohio", "kentucky"), [False, False]),
    # one state alone is always asked about
    ("i'm moving to Ohio, do they license rad techs", ("Ohio",), [False]),
])
def test_a_state_left_behind_is_not_asked_about(text, states, expected):
    assert left(text, *states) == expected

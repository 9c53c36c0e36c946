"""End to end: questions through the REST channel of the real servers, facts asserted."""

import json
import re
import uuid

import pytest

pytestmark = pytest.mark.e2e


# In an expected list: the facts after it come with the "More detail" button.
MORE = "<more detail>"


def new_sender() -> str:
    return f"student-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("question, expected", [
    # what a role does
    ("What does a nuclear medicine technologist do?", ["radioactive", "Source:", "BLS"]),
    ("what do ultrasound techs do", ["Diagnostic Medical Sonographer", "ultrasound"]),
    # education and program length
    ("How long is the sonography program?", ["full time", MORE, "certificate",
                                             "not a route straight from high school"]),
    ("what degree do i need to be a rad tech", ["associate degree", MORE, "JRCERT"]),
    # accreditation
    ("Who accredits nuclear medicine programs?", ["JRCNMT"]),
    # certification and the awarding body
    ("Which certification does a CT tech need?", ["ARRT(CT)", "NMTCB(CT)",
                                                  "post-primary"]),
    ("who awards the RDMS", ["American Registry for Diagnostic Medical Sonography", "SPI"]),
    # acronyms
    ("What does ARRT stand for?", ["American Registry of Radiologic Technologists"]),
    ("what is CQR", ["Continuing Qualifications Requirements", "10 years",
                     "January 1, 2011"]),
    ("whats JRCERT", ["Joint Review Committee on Education in Radiologic Technology"]),
    # exams
    ("How long is the NMTCB CT exam?", ["200 questions", "3 h 30 min"]),
    ("what's on the CNMT exam", ["clinical procedures: 45%", "radiopharmacy: 20%"]),
    # specializations and how to reach them
    ("How do I specialize in MRI?", ["ARRT(MR)", "ARMRIT", "registered in radiography", MORE,
                                     "16 hours of structured education"]),
    ("what can I specialize in", ["Computed Tomography (CT)", "Mammography"]),
    # continuing education and renewal
    ("how many CE credits do I need for ARRT", ["24 approved CE credits", MORE, "CQR"]),
    ("how do I renew my RDMS", ["30 ARDMS-accepted CME credits", "three-year"]),
    # clinical experience
    ("how many clinical hours for mammography", ["Clinical experience", "40 contact hours",
                                                 "25 examinations", MORE, "8 hours"]),
    # pay, with year and source
    # pay the knowledge base does not know: said plainly, pointed to the official source
    ("how much does a QA specialist in imaging make", ["won't guess",
                                                       "https://www.bls.gov/ooh/"]),
    ("what do radiation therapists earn", ["won't guess", "BLS Occupational Outlook Handbook"]),
    # skills
    ("what skills does an MRI tech need", ["physical stamina", "patient care"]),
    # licensure
    ("do I need a license to be a rad tech", ["More than 75% of states", MORE,
                                              "differs from state to state"]),
    ("do sonographers need a license in oregon", ["Oregon Board of Medical Imaging"]),
    ("what license do I need in texas to be an x ray tech",
     ["nothing on Radiologic Technologist licensure in Texas", "won't guess",
      "https://www.arrt.org/pages/resources/state-licensing"]),
    ("does the law require ARRT(M) to do mammograms", ["MQSA itself does not require"]),
    # questions students ask first
    ("what should I take in high school to be an ultrasound tech", ["Anatomy", "physics"]),
    ("where do nuclear medicine techs work", ["hospitals", MORE, "on your feet"]),
    ("is a radiologist the same as a rad tech", ["different jobs", "medical doctor"]),
    ("what certification do cath lab techs need", ["RCIS", "ARRT(CI)"]),
    ("can a sonographer get the breast sonography credential",
     ["ARRT(BS)", "radiography", "mammography"]),
    # the roles the bot knows
    ("which careers do you know", ["Radiation Therapist", "Radiologist Assistant",
                                   "Nuclear Medicine Technologist"]),
])
def test_single_questions_are_answered_from_the_knowledge_base(bot, question, expected):
    """The facts before ``MORE`` lead the answer; those after it come with "More detail"."""
    sender = new_sender()
    answer = bot.text(question, sender)
    lead = expected[:expected.index(MORE)] if MORE in expected else expected
    for fact in lead:
        assert fact in answer, f"{fact!r} not in the answer to {question!r}:\n{answer}"
    if MORE in expected:
        detail = bot.text("more detail", sender)
        for fact in expected[expected.index(MORE) + 1:]:
            assert fact in detail, f"{fact!r} not in the details of {question!r}:\n{detail}"


@pytest.mark.parametrize("question, role", [
    ("How much do sonographers make?", "sonographer"),
    ("what do MRI techs earn", "mri_technologist"),
    ("How much does a nuclear medicine technologist make?", "nuclear_medicine_technologist"),
])
def test_pay_is_the_knowledge_base_figure_with_its_year(bot, facts, question, role):
    answer = bot.text(question, new_sender())
    assert facts.pay_said(role) in answer
    assert "Source:" in answer or "www.bls.gov" in answer  # a figure's source, or where to look


def test_outlook_is_the_knowledge_base_figure_with_its_period(bot, facts):
    answer = bot.text("what's the job outlook for rad techs", new_sender())
    assert facts.growth("radiologic_technologist") in answer


def test_the_steps_of_the_pathway_come_in_the_files_order(bot, facts):
    answer = bot.text("What are the steps to become a radiology technician?", new_sender())
    for number, title in enumerate(facts.steps(), start=1):
        assert f"{number}. {title}" in answer


@pytest.mark.parametrize("message, words", [
    ("hello", "I help people who want to work in medical imaging"),
    ("thanks!", "You're welcome"),
    ("bye", "Good luck"),
    ("are you a bot?", "I'm a bot"),
    ("what's the weather like today?", "I only cover careers in medical imaging"),
    ("how do I become a pilot", "I only cover careers in medical imaging"),
])
def test_small_talk_and_out_of_scope(bot, message, words):
    assert words in bot.text(message, new_sender())


def test_greeting_offers_buttons_that_work(bot):
    sender = new_sender()
    [greeting] = bot.ask("hi", sender)
    payloads = [button["payload"] for button in greeting["buttons"]]
    assert payloads == ["/list_roles", '/ask_pathway{"role": "radiologic_technologist"}']
    assert "Radiologic Technologist" in bot.text(payloads[0], sender)
    assert "Radiologic Technologist" in bot.text(payloads[1], sender)


def test_a_normal_conversation_logs_no_error(bot):
    """So that a real error stands out in the Rasa server's log."""
    before = bot.rasa_log.stat().st_size
    sender = new_sender()
    for message in ("hi", "what degree do I need?", "Sonographer", "how much do they make?",
                    "and for CT techs?", "ct vs mri", "tell me more about the first one",
                    "I'm in high school and want to be a sonographer", "thanks", "bye"):
        bot.ask(message, sender)
    with open(bot.rasa_log, "rb") as log:
        log.seek(before)
        written = log.read().decode("utf-8", "replace")
    problems = [line for line in written.splitlines()
                if "ERROR" in line or "[error" in line or "Traceback" in line]
    assert problems == [], "\n".join(problems[:20])


def test_a_role_mentioned_earlier_answers_a_follow_up(bot):
    sender = new_sender()
    bot.text("tell me about sonographers", sender)
    assert "RDMS" in bot.text("what certification do they need?", sender)


def test_question_without_a_role_asks_which_one(bot):
    sender = new_sender()
    [reply] = bot.ask("what degree do I need?", sender)
    assert reply["text"] == "Which career do you mean?"
    button = next(b for b in reply["buttons"] if b["title"] == "Radiation Therapist")
    assert "radiation therapy" in bot.text(button["payload"], sender)


HOSTILE = [
    "",
    "   \n ",
    "how do I become a sonographer? " * 700,       # about 21,000 characters
    "¿Cómo puedo ser técnico de radiología?",
    "🙂🙂🙂🎉",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "'; DROP TABLE roles; --",
    "SELECT * FROM roles WHERE 1=1",
    '/ask_role_overview{"role": "x\'; DROP TABLE roles"}',
    '/ask_pay{"role": "sonographer", "salary": "1000000"}',
    "/restart",
    "\x00\x01\x02",
]


@pytest.mark.parametrize("message", HOSTILE, ids=range(len(HOSTILE)))
def test_bad_input_gets_a_clear_reply_and_loses_nothing(bot, facts, message):
    sender = new_sender()
    before = bot.knowledge_counts()
    replies = bot.ask(message, sender)
    said = [reply for reply in replies if not (reply.get("custom") or {}).get("feedback")]
    assert said and all(reply.get("text") for reply in said)  # besides the feedback marker
    assert "alert(1)" not in json.dumps(replies)
    assert bot.knowledge_counts() == before
    # the conversation goes on: the next normal question is answered
    assert facts.pay_said("nuclear_medicine_technologist") in bot.text(
        "how much do nuclear medicine technologists make?", sender)


@pytest.mark.parametrize("message, reply", [
    ("", "Your message was empty"),
    ("how do I become a sonographer? " * 700, "too long"),
    ("🙂🙂🙂", "English words"),
])
def test_unreadable_messages_say_why(bot, message, reply):
    assert reply in bot.text(message, new_sender())


@pytest.mark.parametrize("body", [
    b"not json",
    b'[{"sender": "a", "message": "hi"}]',
    b'{"sender": "a"}',
    b'{"sender": "a", "message": 5}',
    b'{"sender": ["a"], "message": "hi"}',
    b'{"sender": "a", "message": "hi", "metadata": "x"}',
    b'"just a string"',
    b"",
])
def test_malformed_bodies_get_a_4xx(bot, body):
    status, _ = bot.post(body)
    assert 400 <= status < 500


def test_lost_action_server_gives_a_clear_message(bot, action_server_down):
    text = bot.text("how much do sonographers make?", new_sender())
    assert "something went wrong on my side" in text


def test_adult_echo_is_routed_to_the_cardiac_credentials_not_rdms(bot):
    answer = bot.text("what certification do I need for adult echo", new_sender())
    assert "RDCS" in answer and "RCS" in answer
    assert re.search(r"\bRDMS\b", answer) is None  # ARDMS awards RDCS; RDMS is not for echo


def test_keeping_arrt_m_is_arrt_ce_and_cqr_while_mqsa_binds_every_mammographer(bot):
    sender = new_sender()
    credential = bot.text("how do I keep my ARRT(M) current", sender)
    credential += bot.text("more detail", sender)
    assert "24 approved CE credits" in credential and "CQR" in credential
    assert "MQSA" not in credential
    sender = new_sender()
    role = bot.text("what continuing education do mammographers need", sender)
    assert "24 approved CE credits" in role  # the crisp rule leads
    role += bot.text("more detail", sender)
    assert "MQSA continuing requirements for everyone who performs mammography" in role


def test_every_armrit_route_and_the_radiologist_assistant_requirements(bot):
    sender = new_sender()
    armrit = bot.text("what are the eligibility requirements for ARMRIT", sender)
    armrit += bot.text("more detail", sender)
    assert armrit.count("• ARMRIT:") == 4, armrit
    assistant = bot.text("what do I need before I can become a radiologist assistant",
                         new_sender())
    assert "R.R.A." in assistant and "radiography" in assistant

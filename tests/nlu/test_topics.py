"""Topics: the registry's words found in a message, and how they settle its intent."""

import pytest

from bot.nlu.entities import EntityFinder, load_fuzzy_aliases
from bot.nlu.topics import (
    HINT,
    WORD,
    Routing,
    TopicFinder,
    TopicMatch,
    chosen_topic,
    route,
    yields_to_classifier,
)
from bot.questions import BY_INTENT, BY_TOPIC, QUESTIONS


@pytest.fixture(scope="session")
def topics(nlp, pipeline_dir):
    """(topic, strength) of each topic word in a text, as the NLU component finds them."""
    finder = TopicFinder(nlp)
    entities = EntityFinder(load_fuzzy_aliases(pipeline_dir))

    def topics(text):
        doc = nlp(text)
        taken = [(m.start, m.end) for m in entities.find(doc) if m.label != "term"]
        return [(m.topic, m.strength) for m in finder.find(doc, taken)]

    return topics


@pytest.mark.parametrize("text, expected", [
    ("the SALARY for echo techs?", [("pay", WORD)]),
    ("Salaries of rad techs", [("pay", WORD)]),  # plural, capitalised
    # which of those just talked about
    ("ok which one is easier to get", [("comparing", WORD)]),
    ("salery for rad techs", [("pay", WORD)]),  # a typo in a long word
    ("how long is nuc med school", [("program_length", WORD), ("education", HINT)]),
    # the longest phrase wins where two overlap: "where do I start" is not "where do"
    ("where do I start if I want ultrasound", [("pathway", WORD)]),
    ("where do mri techs work", [("work_setting", WORD)]),
    # no topic word inside a name: "Quality Assurance Specialist" is not about skills
    ("what does a quality assurance specialist do", [("role_overview", HINT)]),
    ("make me a plan", [("pay", HINT), ("pathway", HINT)]),
    ("glorp", []),
    # the body at work is the work setting, as students put it
    ("are echo techs on there feet all day", [("work_setting", WORD), ("role_overview", HINT)]),
    ("is ultrasound hard on ur body", [("work_setting", WORD)]),
    # getting in "from where i am" is a move from the student's own work
    ("can i get in from where i am", [("switching_roles", WORD)]),
    # a state's credential is its license; the national one is a certification
    ("do mammo techs in florida need a state cert too", [("licensure", WORD)]),
    ("do mammo techs need the ARRT cert", [("certification", WORD)]),
    ("are there enough jobs for sonographers", [("outlook", WORD)]),
    ("will i get hired right away", [("outlook", WORD)]),
    # whether a career is one at all is what it is, not the way into it
    ("is that a real career path", [("role_overview", WORD)]),
    # letting a credential go is keeping it up
    ("what if i let it lapse", [("continuing_education", WORD)]),
    ("do students rotate through more than one hospital",
     [("clinical_experience", WORD), ("work_setting", WORD)]),
    ("will there still be jobs for us", [("outlook", WORD)]),
    ("are they allowed to practice in every state", [("licensure", WORD), ("licensure", WORD)]),
    ("is there anything i get to skip", [("switching_roles", WORD)]),
    # "good job" is what a role is like, but "good job prospects" the outlook
    ("is that a field with good job prospects", [("outlook", WORD)]),
    ("is it a good line of work", [("role_overview", WORD)]),
    # the fastest way in is the way in, not how long it takes
    ("whats the fastest way to become a rad tech",
     [("role_overview", HINT), ("pathway", WORD), ("pathway", HINT)]),
])
def test_topic_words_are_found_in_any_form(topics, text, expected):
    assert topics(text) == expected


def test_a_short_word_is_never_read_as_a_typo(topics):
    assert topics("what a day") == []  # "day" is one edit from "pay", but too short


def match(topic, strength=WORD, start=0):
    return TopicMatch(topic, strength, start, start + 1, topic)


def entity(name, value):
    return {"entity": name, "value": value}


SONO = entity("role", "sonographer")
RAD = entity("role", "radiologic_technologist")


@pytest.mark.parametrize("intent, entities, matches, expected", [
    # a topic word outranks an unsure or topic-less classification
    ("nlu_fallback", [SONO], [match("pay")], "ask_pay"),
    ("greet", [SONO], [match("pay")], "ask_pay"),
    ("ask_education", [SONO], [match("program_length"), match("education", HINT, 5)],
     "ask_program_length"),
    # the first topic asked decides when there are two
    ("ask_pay", [SONO], [match("education", start=0), match("pay", start=9)],
     "ask_education"),
    # who may earn a credential always names one: the credential word does not overrule it
    ("ask_prerequisites", [SONO], [match("certification")], "ask_prerequisites"),
    # a hint does not overrule the classifier's question
    ("ask_pathway", [SONO], [match("pay", HINT)], "ask_pathway"),
    ("nlu_fallback", [SONO], [match("pay", HINT)], "ask_pay"),
    # dialogue acts stand
    ("human_handoff", [], [match("pay")], "human_handoff"),
    ("plan_pathway", [SONO], [match("pathway", HINT)], "plan_pathway"),
    ("inform", [entity("stage", "high_school")], [match("high_school", HINT)], "inform"),
    # two roles, or "which one", make a comparison
    ("ask_pay", [SONO, RAD], [match("pay")], "compare_roles"),
    ("ask_pay", [entity("mention", "each")], [match("pay")], "compare_roles"),
    ("nlu_fallback", [SONO, RAD], [], "compare_roles"),
    ("ask_education", [SONO], [match("comparing"), match("education", start=3)],
     "ask_education"),
    # the difference between a radiologist (a term) and a rad tech is a definition
    ("compare_roles", [entity("term", "radiologist"), RAD], [match("comparing")],
     "ask_acronym"),
    ("ask_continuing_education", [entity("term", "ce")],
     [match("continuing_education"), match("definitions", start=4)], "ask_acronym"),
    ("ask_role_overview", [entity("term", "jrcert")], [match("role_overview", HINT)],
     "ask_acronym"),
    ("ask_program_length", [], [match("program_length"), match("exam", start=5)], "ask_exam"),
    # a state alone asks the last question again there (bot.questions.in_a_state); a role
    # alone stays the classifier's
    ("inform", [entity("state", "ohio")], [], "ask_follow_up"),
    ("ask_licensure", [entity("state", "ohio")], [], "ask_follow_up"),
    ("inform", [entity("role", "mri_technologist")], [], "inform"),  # maybe the planner's
    # without an imaging subject, a common word does not overrule out-of-scope
    ("out_of_scope", [], [match("pay")], "out_of_scope"),
    ("out_of_scope", [SONO], [match("pay")], "ask_pay"),
    ("out_of_scope", [], [match("accreditation")], "ask_accreditation"),
])
def test_routing(intent, entities, matches, expected):
    assert route(intent, entities, matches).intent == expected


@pytest.mark.parametrize("intent, entities, matches, text, expected", [
    # the last question again, about what the message names
    ("ask_role_overview", [SONO], [], "same question for sonographers", "ask_follow_up"),
    ("ask_acronym", [RAD], [], "no sorry i meant radiology tech", "ask_follow_up"),
    # whether what was just said applies to the student: the question behind it again
    ("ask_prerequisites", [entity("certification", "arrt_radiography")], [],
     "do i have to do it? i got my RT(R) in 2009", "ask_follow_up"),
    ("nlu_fallback", [], [], "does that even apply to me, i got my R back in 2009",
     "ask_follow_up"),
    ("nlu_fallback", [], [], "is this required for me", "ask_follow_up"),
    # but not a question of its own about a role, nor one without "it" or "that"
    ("ask_prerequisites", [SONO], [], "do i have to do it if im a sonographer",
     "ask_prerequisites"),
    ("ask_prerequisites", [], [], "do i have to do xray first", "ask_prerequisites"),
    # and the classifier's own question stands when it found one
    ("ask_certification", [], [], "do i need to take that", "ask_certification"),
    # a short message naming only a state asks nothing of its own, whatever the classifier
    # guessed, nor does a longer one that asks nothing; a longer question is the
    # classifier's
    ("ask_work_setting", [entity("state", "new_york")], [], "In New York specifically",
     "ask_follow_up"),
    ("ask_work_setting", [entity("state", "new_jersey")], [],
     "In New Jersey specifically, that's where we live.", "ask_follow_up"),
    ("ask_work_setting", [entity("state", "new_york")], [],
     "whats it like working as one of these in new york city", "ask_work_setting"),
    # going on with the plan is the planner, whatever the classifier made of it
    ("stop", [], [match("pathway", HINT)], "ok keep going with the plan", "plan_pathway"),
    ("ask_pathway", [], [], "ok back to the plan, whats next after that", "plan_pathway"),
    ("stop", [], [match("pathway", HINT)], "stop the plan", "stop"),
    # a sentence about one's schooling that asks nothing says where one is
    ("ask_education", [entity("stage", "high_school")], [match("education", start=25)],
     "i have my GED, never went to college", "inform"),
    ("ask_education", [entity("stage", "high_school")], [match("education", start=25)],
     "i have my GED, never went to college, what degree do i need", "ask_education"),
    ("ask_education", [entity("stage", "high_school")], [match("education", start=40)],
     "im in high school and want to know about college", "ask_education"),
    # a question opened by a word of talk ("wait", "hmm", "yeah") still asks
    ("ask_education", [dict(entity("stage", "other_degree"), start=40, end=53)],
     [match("education", start=17)],
     "wait do i need a bachelors for it or is an associates fine", "ask_education"),
    ("ask_pay", [entity("stage", "high_school")], [match("pay", start=20)],
     "im in high school. salary", "ask_pay"),
    # two terms told apart: what each is
    ("compare_roles", [dict(entity("term", "primary_pathway"), start=33, end=40),
                       dict(entity("term", "post_primary_pathway"), start=45, end=65)],
     [TopicMatch("comparing", "word", 6, 16, "difference")],
     "whats the difference between the primary and post-primary pathway", "ask_acronym"),
    # a message naming only a role, not understood, asks what that role is
    ("nlu_fallback", [SONO], [], "is sonography even a thing lol", "ask_role_overview"),
    ("nlu_fallback", [], [], "blah", "nlu_fallback"),
    # from one imaging role into a specialty is specializing, into another role switching
    ("ask_pathway", [dict(RAD, role="held"), entity("specialization", "pet")],
     [match("pathway")], "rad tech here, how do I get into PET", "ask_specializations"),
    ("ask_pathway", [dict(RAD, role="held"), SONO], [match("pathway")],
     "I'm a rad tech, how do I become a sonographer", "ask_prerequisites"),
    ("ask_pathway", [entity("stage", "other_healthcare"), SONO], [match("pathway")],
     "I'm a nurse, how do I become a sonographer", "ask_pathway"),
    # a role needed first, or one to do without, moves no one: what becoming the role
    # takes is the pathway; a nurse asking it is switching roles
    ("ask_prerequisites", [dict(RAD, role="needed"), entity("role", "radiation_therapist")],
     [match("switching_roles")], "do i have to be a rad tech before i can do radiation "
     "therapy", "ask_pathway"),
    ("ask_prerequisites", [entity("specialization", "mri"), dict(RAD, role="not_meant")],
     [match("switching_roles")], "can i do mri without doing xray first", "ask_pathway"),
    ("ask_prerequisites", [entity("stage", "other_healthcare"), entity("role", "ct_technologist"),
                           dict(RAD, role="not_meant")],
     [match("switching_roles")], "im a nurse, can i do ct without being a rad tech",
     "ask_prerequisites"),
    ("ask_prerequisites", [dict(RAD, role="held"), entity("role", "ct_technologist")],
     [match("switching_roles")], "can a rad tech become a ct tech", "ask_prerequisites"),
    # a technologist needed first, unnamed, or named with the career pointed back at
    ("ask_prerequisites", [entity("mention", "this")], [match("switching_roles")],
     "do they have to be a tech first or can anyone apply", "ask_pathway"),
    ("ask_prerequisites", [dict(RAD, role="needed")], [match("switching_roles")],
     "do u have to be an xray tech first or can u go straight into it", "ask_pathway"),
    # someone in a role, the career pointed back at
    ("ask_pathway", [dict(RAD, role="held")], [match("pathway")],
     "how would a rad tech get into that", "ask_prerequisites"),
    # which of two roles, whatever is asked of them
    ("ask_work_setting", [RAD, SONO], [match("work_setting")],
     "rad tech or sonographer, which is less physically demanding", "compare_roles"),
    ("ask_work_setting", [RAD, SONO], [match("work_setting")],
     "do rad techs and sonographers work nights", "ask_work_setting"),
    # "the same thing every day" asks nothing again
    ("ask_role_overview", [SONO], [match("role_overview")],
     "is being an ultrasound tech boring like is it the same thing evry day",
     "ask_role_overview"),
    # "what is <role>?" opening the message in a clause of its own asks what the role is
    ("compare_roles", [dict(entity("role", "radiologist_assistant"), start=10, end=31),
                       dict(entity("term", "radiologist"), start=59, end=70)],
     [match("comparing", start=45)],
     "what is a radiologist assistant? is that the same thing as a radiologist",
     "ask_role_overview"),
    ("ask_prerequisites", [dict(entity("role", "qa_specialist"), start=10, end=23)],
     [match("switching_roles", start=60)],
     "what is a QA specialist in imaging and can u get into that without being a tech first",
     "ask_role_overview"),
    ("ask_pay", [dict(RAD, start=10, end=18)], [match("pay", start=19)],
     "what is a rad tech salary", "ask_pay"),
    # "what is X and ..." asks what X is
    ("ask_role_overview", [dict(entity("term", "caahep"), start=6, end=12), SONO],
     [match("role_overview", HINT)],
     "whats CAAHEP and why does every sonography school brag about it", "ask_acronym"),
    # a command read into a long question that names a subject is the question
    ("start_over", [dict(RAD, role="held"), entity("role", "radiation_therapist")],
     [match("switching_roles")],
     "if i become an xray tech can i switch to radiation therapy without starting over",
     "ask_prerequisites"),
    ("start_over", [SONO], [match("role_overview", HINT)],
     "are ultrasound techs on there feet all day? my back is bad", "ask_role_overview"),
    ("start_over", [], [], "ok lets start over from the very beginning please", "start_over"),
    ("start_over", [SONO], [], "start over, sonography", "start_over"),
    ("stop", [SONO], [match("pay", HINT)], "stop, i dont care about sonography", "stop"),
    # "what is X?" in a clause of its own asks what X is, whatever words follow
    ("ask_work_setting", [dict(entity("term", "mqsa"), start=12, end=16)],
     [match("role_overview", HINT, 4), match("work_setting", start=22)],
     "And what is MQSA? The clinic keeps mentioning it.", "ask_acronym"),
    ("ask_exam", [dict(entity("certification", "arrt"), start=12, end=16)],
     [match("role_overview", HINT, 0), match("exam", start=17)],
     "what is the ARRT exam like", "ask_exam"),
    # a word describing a role is who, not what is asked
    ("ask_certification", [dict(RAD, role="held", start=16, end=24),
                           dict(entity("specialization", "mri"), start=48, end=51)],
     [TopicMatch("certification", "word", 5, 15, "registered"), match("pathway", start=34)],
     "im a registered rad tech, how do i cross over into mri", "ask_specializations"),
    ("nlu_fallback", [dict(SONO, start=14, end=25)],
     [TopicMatch("pathway", "word", 0, 13, "how to become")], "how to become sonographer",
     "ask_pathway"),
    # where the student is, said in words that touch a topic word, answers the planner
    ("inform", [dict(entity("stage", "high_school"), start=7, end=18)],
     [TopicMatch("high_school", "word", 4, 18, "in high school")], "I'm in high school",
     "inform"),
    # getting into a specialization (not a role) is specializing
    ("ask_pathway", [dict(entity("specialization", "mammography"), start=17, end=28)],
     [match("pathway")], "how do I get into mammography", "ask_specializations"),
    # the exams done in clinicals are what the clinical requirements count
    ("ask_clinical_experience", [dict(entity("specialization", "mammography"), start=18,
                                      end=23)],
     [TopicMatch("exam", "word", 24, 29, "exams"),
      TopicMatch("clinical_experience", "word", 50, 59, "clinicals")],
     "quick q, how many mammo exams do i need to do for clinicals",
     "ask_clinical_experience"),
    # from a career outside imaging, it is the way into the career that practises it
    ("ask_specializations", [dict(entity("other_career", "teacher"), start=11, end=18),
                             dict(entity("specialization", "echocardiography"), start=41,
                                  end=45)],
     [TopicMatch("pathway", "word", 61, 66, "start")],
     "33, former teacher. really interested in echo. how do i even start", "ask_pathway"),
    # two roles in the classifier's own question are not a comparison
    ("ask_prerequisites", [SONO, RAD], [], "do I need x-ray experience for sonography",
     "ask_prerequisites"),
    ("nlu_fallback", [SONO, RAD], [], "sonography or x-ray?", "compare_roles"),
    # two credentials and "which one" of them compare them; "both" asks what each takes
    ("ask_certification", [entity("certification", "armrit"), entity("certification", "arrt"),
                           entity("mention", "each")], [],
     "armrit or arrt for mri, which one do employers want", "compare_roles"),
    ("ask_certification", [entity("certification", "ardms_rdms"),
                           entity("certification", "ardms_rvt"), entity("mention", "each")],
     [], "do i need both rdms and rvt", "ask_certification"),
    # without an imaging subject, "meaning" and "test" do not overrule out-of-scope
    ("out_of_scope", [], [match("definitions")], "what is the meaning of life", "out_of_scope"),
    ("out_of_scope", [], [match("exam")], "test test 123", "out_of_scope"),
    # the assistant's own capabilities are not a role's overview
    ("ask_capabilities", [], [match("role_overview", HINT)], "what do you do",
     "ask_capabilities"),
    # words that set the scene give way to the question's own
    ("ask_work_setting", [dict(entity("state", "ohio"), start=20, end=24)],
     [TopicMatch("work_setting", "word", 3, 11, "hospital"),
      TopicMatch("licensure", "word", 52, 59, "license")],
     "my hospital's in ohio, does ohio make you get a separate license for it",
     "ask_licensure"),
    # ... but a topic named first as a heading stands
    ("ask_accreditation", [], [TopicMatch("accreditation", "word", 12, 25, "accreditation"),
                               TopicMatch("exam", "word", 56, 61, "exams")],
     "sono school accreditation, does CAAHEP matter for sitting ARDMS exams",
     "ask_accreditation"),
    # where the student is, then a question with two topics: the classifier chooses
    ("ask_program_length", [dict(entity("stage", "other_healthcare"), start=0, end=2),
                            dict(SONO, start=28, end=38)],
     [TopicMatch("education", "word", 11, 14, "BSN"),
      TopicMatch("program_length", "word", 16, 24, "how long")],
     "RN with a BSN, how long would a sonography certificate program take me",
     "ask_program_length"),
    # "the same deal for" asks the last question again, it compares nothing
    ("ask_education", [dict(entity("role", "radiation_therapist"), start=24, end=41)],
     [TopicMatch("comparing", "word", 6, 14, "the same")],
     "is it the same deal for radiation therapy students", "ask_follow_up"),
    # ... and so it does with the students named as such: a stage with the career studied
    ("ask_education", [dict(entity("stage", "imaging_student"), start=24, end=50),
                       dict(entity("role", "radiation_therapist"), start=24, end=41,
                            role="studying")],
     [TopicMatch("comparing", "word", 6, 14, "the same")],
     "is it the same deal for radiation therapy students", "ask_follow_up"),
    # ... but "the same thing as a radiologist?" asks what sets them apart
    ("ask_follow_up", [dict(entity("term", "radiologist"), start=30, end=41)],
     [TopicMatch("comparing", "word", 8, 22, "the same thing")],
     "is that the same thing as a radiologist?", "ask_acronym"),
    # "who gives that one out?" asks about the credential just talked about
    ("choose_option", [dict(entity("mention", "this"), start=10, end=18)],
     [TopicMatch("certification", "word", 0, 9, "who gives")], "who gives that one out",
     "ask_certification"),
    # an exam named alone, after a classifier's "prerequisites", is the exam's question
    ("ask_prerequisites", [dict(entity("term", "spi"), start=18, end=21)],
     [TopicMatch("exam", "word", 13, 17, "pass")], "do i have to pass the spi first",
     "ask_exam"),
    # "not MRI" is not the subject
    ("ask_follow_up", [entity("specialization", "mammography"),
                       dict(entity("specialization", "mri"), role="not_meant")], [],
     "i meant mammography, not mri", "ask_follow_up"),
    # how long the writer has worked is no question of program length
    ("ask_prerequisites", [dict(entity("stage", "other_healthcare"), start=0, end=5),
                           dict(entity("specialization", "ct"), start=35, end=37)],
     [TopicMatch("program_length", "word", 10, 16, "4 year")],
     "EMT-B for 4 years, could I get into CT?", "ask_prerequisites"),
    ("ask_education", [dict(SONO, start=4, end=15)],
     [TopicMatch("program_length", "word", 23, 29, "4 year")],
     "are sonography programs 4 years", "ask_program_length"),
    # where the student is, naming nothing else and no topic word, whatever the classifier
    # read into it: an answer to the planner
    ("ask_accreditation", [dict(entity("stage", "some_college"), start=7, end=19)],
     [TopicMatch("continuing_education", "hint", 28, 35, "credits")],
     "i have some college, like 30 credits, no science", "inform"),
    # ... and so does what the student holds, with the state they live in
    ("ask_certification", [dict(entity("certification", "nmtcb_cnmt"), start=6, end=10,
                                role="held"),
                           dict(entity("specialization", "nuclear_cardiology"), start=31,
                                end=49, role="held")],
     [TopicMatch("program_length", "hint", 53, 58, "years")],
     "I'm a CNMT, been working in nuclear cardiology for 3 years", "inform"),
    ("ask_prerequisites", [dict(SONO, start=9, end=20, role="held"),
                           dict(entity("state", "new_jersey"), start=56, end=66)], [],
     "Hi. I was sonographer in Korea for 5 years, now I live in New Jersey.", "inform"),
    # ... but a state named otherwise asks the last question there ...
    ("ask_licensure", [dict(SONO, start=6, end=17, role="held"),
                       dict(entity("state", "ohio"), start=26, end=30)], [],
     "I'm a sonographer, going to ohio", "ask_follow_up"),
    # ... and with a subject named it may be a question without a question mark
    ("ask_skills", [dict(entity("stage", "other_healthcare"), start=0, end=3),
                    dict(entity("specialization", "ct"), start=46, end=48)], [],
     "emt here do u need to be good w computers for ct", "ask_skills"),
    # taking a credential, for a student moving from nowhere, is sitting its exam ...
    ("ask_program_length", [dict(entity("certification", "arrt"), start=57, end=69)],
     [TopicMatch("education", "word", 33, 39, "school")],
     "im in my second year of rad tech school, when can i take the registry", "ask_exam"),
    # ... and "sit for" is the exam's, not the words of a move
    ("nlu_fallback", [dict(entity("certification", "ardms_rdms"), start=23, end=27)],
     [TopicMatch("switching_roles", "word", 11, 18, "sit for")],
     "how old to sit for the rdms", "ask_exam"),
    # ... and so is sitting one of those just listed, or the one talked about, with the
    # eligibility said before it ("qualify" alone is the word of a move)
    ("nlu_fallback", [dict(entity("mention", "1"), start=32, end=41)],
     [TopicMatch("switching_roles", "word", 9, 16, "qualify")],
     "how do i qualify to sit for the first one", "ask_exam"),
    ("nlu_fallback", [], [TopicMatch("switching_roles", "word", 15, 22, "sit for")],
     "what do i need sit for it", "ask_exam"),
    ("ask_role_overview", [], [TopicMatch("role_overview", "hint", 0, 5, "whats")],
     "whats on it", "ask_exam"),
    ("ask_role_overview", [], [TopicMatch("role_overview", "hint", 0, 5, "whats")],
     "whats on it like day to day", "ask_role_overview"),
    ("ask_prerequisites", [dict(entity("mention", "each"), start=26, end=30)],
     [TopicMatch("switching_roles", "word", 9, 16, "qualify")],
     "how do i qualify for the both", "ask_prerequisites"),
    # what becoming the career talked about needs first, with nobody moving, is its
    # pathway, words of a move or none ("does he have to do xray first?")
    ("ask_prerequisites", [entity("role", "radiologic_technologist") | {"role": "needed"}],
     [], "does he have to do xray first?", "ask_pathway"),
    # a technologist moving into a modality specializes, unless the words say they leave
    # what they do
    ("ask_prerequisites",
     [dict(entity("role", "sonographer"), start=0, end=11, role="held"),
      dict(entity("specialization", "mri"), start=35, end=38)],
     [TopicMatch("switching_roles", "word", 22, 28, "switch"),
      TopicMatch("switching_roles", "word", 45, 57, "carries over")],
     "Sonographer wanting to switch into MRI. What carries over?", "ask_prerequisites"),
    ("ask_prerequisites",
     [dict(entity("role", "sonographer"), start=0, end=11, role="held"),
      dict(entity("specialization", "mri"), start=34, end=37)],
     [TopicMatch("switching_roles", "word", 44, 56, "carries over")],
     "Sonographer wanting to get into MRI. What carries over?", "ask_specializations"),
    # thanks, and a hint after it, is thanks ("pass" may be the exam's)
    ("thank", [], [TopicMatch("exam", "hint", 13, 17, "pass")],
     "Thank you, I'll pass that along.", "thank"),
    ("nlu_fallback", [], [TopicMatch("exam", "hint", 13, 17, "pass")],
     "how hard is it to pass", "ask_exam"),
    # but from another career it is a move: who may switch
    ("ask_prerequisites", [dict(entity("stage", "other_healthcare"), start=0, end=9),
                           dict(entity("certification", "cci_rcis"), start=40, end=44)],
     [TopicMatch("switching_roles", "word", 28, 35, "sit for")],
     "paramedic 8 yrs here, can i sit for the RCIS with my background",
     "ask_prerequisites"),
    # who asks, run into the question, does not make it a sentence about where they are
    ("ask_education", [dict(entity("stage", "other_healthcare"), start=0, end=3),
                       dict(entity("role", "nuclear_medicine_technologist"), start=45,
                            end=61)],
     [TopicMatch("education", "word", 62, 69, "program")],
     "cna here how heavy is the math and chem in a nuclear medicine program",
     "ask_education"),
    # "what about if" where the student is, naming nothing else: the last question again
    ("ask_education", [dict(entity("stage", "other_degree"), start=29, end=40)],
     [TopicMatch("education", "hint", 31, 40, "bachelors")],
     "what about if i already have a bachelors", "ask_follow_up"),
    # ... but a question of its own stays one
    ("ask_program_length", [dict(entity("stage", "other_degree"), start=10, end=21)],
     [TopicMatch("program_length", "word", 23, 31, "how long")],
     "what if i have a bachelors, how long then", "ask_program_length"),
    # a term alone asks what it is
    ("ask_accreditation", [dict(entity("term", "caahep"), start=0, end=6)], [], "caahep??",
     "ask_acronym"),
    # a word of the topic inside its own term's name is the topic's: "SPI exam"
    ("ask_acronym", [dict(entity("term", "spi"), start=13, end=21)],
     [TopicMatch("role_overview", "hint", 0, 5, "whats"),
      TopicMatch("exam", "word", 17, 21, "exam")],
     "whats on the SPI exam", "ask_exam"),
    # what is on a credential is its exam
    ("nlu_fallback", [dict(entity("certification", "arrt_mammography"), start=22, end=36)],
     [TopicMatch("role_overview", "hint", 0, 5, "whats")],
     "whats actually on the mammo registry", "ask_exam"),
    # which of two careers to take up, whatever else the message says
    ("ask_specializations", [dict(entity("specialization", "mammography"), start=12, end=17),
                             dict(entity("specialization", "breast_sonography"), start=21,
                                  end=38)],
     [TopicMatch("work_setting", "word", 67, 73, "center")],
     "should i do mammo or breast ultrasound, i want to work in a breast center eventually",
     "compare_roles"),
    # which of two credentials
    ("ask_work_setting", [dict(entity("certification", "cci_rcis"), start=0, end=4),
                          dict(entity("certification", "arrt_cardiac_interventional"),
                               start=8, end=16)],
     [], "RCIS or ARRT(CI) for the cath lab, which should I go for?", "compare_roles"),
    # "what does a <role> do" asks first what the job is
    ("ask_pay", [dict(entity("role", "nuclear_medicine_technologist"), start=12, end=33)],
     [TopicMatch("role_overview", "hint", 0, 9, "what does"),
      TopicMatch("pay", "word", 53, 64, "how much do")],
     "what does a nuclear medicine tech actually do and how much do they make",
     "ask_role_overview"),
    ("ask_acronym", [dict(entity("specialization", "mammography"), start=7, end=12)], [],
     "wat is mammo", "ask_role_overview"),
    # "and" and a name asks the last question of it
    ("ask_accreditation", [dict(entity("term", "caahep"), start=4, end=10)], [],
     "and caahep?", "ask_follow_up"),
    # a follow-up whose topic words only say who the student is
    ("ask_certification", [dict(entity("certification", "arrt"), start=11, end=15)],
     [TopicMatch("certification", "word", 27, 37, "registered")],
     "what about ARRT, i'm dual registered", "ask_follow_up"),
    # ... but a topic word in the question is its own
    ("ask_certification", [dict(entity("certification", "arrt"), start=11, end=15)],
     [TopicMatch("exam", "word", 18, 22, "exam")],
     "what about ARRT's exam, i'm dual registered", "ask_exam"),
])
def test_routing_with_the_words_around(intent, entities, matches, text, expected):
    assert route(intent, entities, matches, text).intent == expected


@pytest.mark.parametrize("entities, text, expected", [
    # nobody moves from anywhere: the way in
    ([dict(entity("role", "radiation_therapist"), start=26, end=45)],
     "45 and i want to become a radiation therapist, what would i need to do first",
     "ask_pathway"),
    # from one role into another, said of someone else
    ([dict(entity("role", "sonographer"), start=18, end=33),
      dict(entity("role", "qa_specialist"), start=80, end=93)],
     "My daughter is an ultrasound tech but wants out of scanning. Could she become a QA "
     "specialist?", "ask_prerequisites"),
    # from a role held
    ([dict(entity("role", "radiologic_technologist"), start=5, end=13, role="held"),
      dict(entity("role", "radiation_therapist"), start=27, end=46)],
     "i'm a rad tech, can i become a radiation therapist", "ask_prerequisites"),
])
def test_becoming_a_role_is_switching_only_when_someone_moves(entities, text, expected):
    become = text.index("become")
    matches = [TopicMatch("pathway", HINT, become, become + 6, "become")]
    assert route("ask_prerequisites", entities, matches, text).intent == expected


def test_a_sure_classifier_overrules_only_a_topic_chosen_by_its_word():
    text = "45 and i want to become a radiation therapist, what would i need to do first"
    become = TopicMatch("pathway", WORD, 17, 23, "become")
    routing = Routing("ask_pathway", become, changed=True)
    assert yields_to_classifier(routing, "ask_pay", [become], text)
    # a reading of the conversation's cues, or the classifier's own intent, never yields
    assert not yields_to_classifier(Routing("ask_follow_up", None, True), "ask_pay", [],
                                    "and for therapists?")
    assert not yields_to_classifier(routing, "ask_pathway", [become], text)


@pytest.mark.parametrize("text, word, expected", [
    # the steps themselves, whoever asks, are the pathway
    ("What are the steps to become a radiologist assistant? I've been an RT(R) for 6 years.",
     "steps", "ask_pathway"),
    ("im RT(R), whats the process to become a radiologist assistant", "process", "ask_pathway"),
    # becoming another role from one held is a move between the two
    ("im RT(R), how do i become a radiologist assistant", "how do i become",
     "ask_prerequisites"),
])
def test_the_steps_asked_from_a_credential_held_are_the_pathway(text, word, expected):
    held = dict(entity("certification", "arrt_radiography"), role="held",
                start=text.index("RT(R)"), end=text.index("RT(R)") + 5)
    assistant = dict(entity("role", "radiologist_assistant"),
                     start=text.index("radiologist"), end=text.index("radiologist") + 21)
    start = text.index(word)
    found = TopicMatch("pathway", WORD, start, start + len(word), word)
    assert route("ask_pathway", [held, assistant], [found], text).intent == expected


def test_a_hint_the_routing_read_stands_against_a_sure_classifier():
    # nobody moves, so "become" asks the way in, not who may switch
    text = "45 and i want to become a radiation therapist, what would i need to do first"
    therapist = dict(entity("role", "radiation_therapist"), start=26, end=45)
    become = TopicMatch("pathway", HINT, 17, 23, "become")
    routing = route("ask_prerequisites", [therapist], [become], text)
    assert routing.intent == "ask_pathway"
    assert not yields_to_classifier(routing, "ask_prerequisites", [become], text)


def test_what_words_mean_is_the_topic_reported_when_another_topic_s_word_comes_first():
    post_primary = dict(entity("term", "post_primary_pathway"), start=10, end=22)
    routing = route("ask_acronym", [post_primary],
                    [TopicMatch("specializing", "word", 10, 22, "post primary"),
                     TopicMatch("definitions", "word", 23, 27, "mean")],
                    "what does post primary mean on the arrt website")
    assert routing.intent == "ask_acronym" and routing.topic.topic == "definitions"


def test_the_topic_routed_is_reported_and_changes_are_flagged():
    routing = route("nlu_fallback", [SONO], [match("pay")])
    assert routing.changed and routing.topic.topic == "pay"
    unchanged = route("ask_pay", [SONO], [match("pay")])
    assert not unchanged.changed


def test_chosen_topic_prefers_words_to_hints():
    assert chosen_topic([match("pay", HINT), match("exam", start=4)]).topic == "exam"
    assert chosen_topic([match("pay", HINT)]).topic == "pay"
    assert chosen_topic([]) is None


def test_every_topic_has_words_and_every_follow_up_is_known():
    for question in QUESTIONS:
        assert question.words, question.topic
        assert BY_INTENT[question.intent] is question
        for follow_up in question.follow_ups:
            assert follow_up == "plan" or follow_up in BY_TOPIC, (question.topic, follow_up)


def test_every_term_a_question_is_behind_is_in_the_knowledge_base_once():
    from bot.kb.loader import read_knowledge
    from bot.questions import behind
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    knowledge = read_knowledge(DEFAULT_KNOWLEDGE_DIR)
    known = {entry["id"] for kind in ("terms", "organizations") for entry in knowledge[kind]}
    terms = [term for question in QUESTIONS for term in question.terms]
    assert sorted(set(terms)) == sorted(terms) and set(terms) <= known
    assert behind("cqr") is BY_TOPIC["continuing_education"] and behind("radiologist") is None


@pytest.mark.parametrize("confidence, intent, topic", [
    (0.95, "ask_pay", "pay"),  # sure: the classifier read the whole message
    (0.60, "ask_program_length", "program_length"),  # unsure: the first topic word decides
])
def test_a_classifier_sure_of_a_topic_outranks_the_words(nlp, pipeline_dir, confidence,
                                                         intent, topic):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import TopicRouter

    text = "how long do i have to work before the pay gets good as a sonographer"
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text),
                       INTENT: {"name": "ask_pay", "confidence": confidence}})
    router = TopicRouter({"trust_classifier_above": 0.9})
    [routed] = router.process([message], SpacyModel(model=nlp, model_name=str(pipeline_dir)))
    assert routed.get(INTENT)["name"] == intent
    assert [e["value"] for e in routed.get(ENTITIES) if e["entity"] == "topic"] == [topic]
    assert routed.get("classified_intent") == "ask_pay"


def test_a_sure_classifier_does_not_outrank_the_first_of_two_questions(nlp, pipeline_dir):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import TopicRouter

    router = TopicRouter({"trust_classifier_above": 0.9})
    model = SpacyModel(model=nlp, model_name=str(pipeline_dir))
    for text, intent in (
            # the classifier's topic asked second: the first question is answered
            ("are sonographers in demand and how much do they make", "ask_outlook"),
            ("how long is the ultrasound program and what is the pay after",
             "ask_program_length"),
            # asked in the same breath: the sure classifier stands
            ("is the pay for sonographers in demand jobs good", "ask_pay")):
        message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text),
                           INTENT: {"name": "ask_pay", "confidence": 0.97}})
        [routed] = router.process([message], model)
        assert routed.get(INTENT)["name"] == intent, text


def test_a_sure_classifier_does_not_outrank_a_follow_up(nlp, pipeline_dir):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import TopicRouter

    # (the fixture's pipeline has no word vectors, so "meant" would read as a typo of "mean")
    text = "no wait, what about MRI?"
    mri = {"entity": "role", "value": "mri_technologist", "start": 20, "end": 23}
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text), ENTITIES: [mri],
                       INTENT: {"name": "ask_acronym", "confidence": 0.97}})
    router = TopicRouter({"trust_classifier_above": 0.9})
    [routed] = router.process([message], SpacyModel(model=nlp, model_name=str(pipeline_dir)))
    assert routed.get(INTENT)["name"] == "ask_follow_up"  # the last question, about MRI


def test_a_sure_classifier_does_not_outrank_the_question_with_words_of_the_scene(
        nlp, pipeline_dir):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import TopicRouter

    router = TopicRouter({"trust_classifier_above": 0.9})
    model = SpacyModel(model=nlp, model_name=str(pipeline_dir))
    # how long is only in the scene ("8 years"); the question asks for the steps
    text = "paramedic for 8 years, burnt out. what are the steps"
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text),
                       INTENT: {"name": "ask_program_length", "confidence": 0.97}})
    [routed] = router.process([message], model)
    assert routed.get(INTENT)["name"] == "ask_pathway"
    # the classifier's topic word in the question, not a second one after "and": the sure
    # classifier stands
    text = "what are the steps, how many years"
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text),
                       INTENT: {"name": "ask_program_length", "confidence": 0.97}})
    [routed] = router.process([message], model)
    assert routed.get(INTENT)["name"] == "ask_program_length"


@pytest.mark.parametrize("text, said, term, kept", [
    # another name for the topic names the topic: nothing to define
    ("how many CE credits do i need", "CE credits", "continuing_education", False),
    ("do sonographers need CME every year", "CME", "cme", False),
    # a law among the topic's words is what the question is about
    ("what are the MQSA requirements for a mammo tech", "MQSA", "mqsa", True),
])
def test_a_term_among_the_topic_words_is_kept_unless_it_names_the_topic(
        nlp, pipeline_dir, text, said, term, kept):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import TopicRouter

    start = text.index(said)
    found = {"entity": "term", "value": term, "start": start, "end": start + len(said)}
    message = Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text), ENTITIES: [found],
                       INTENT: {"name": "nlu_fallback", "confidence": 0.3}})
    [routed] = TopicRouter({}).process([message],
                                       SpacyModel(model=nlp, model_name=str(pipeline_dir)))
    terms = [e["value"] for e in routed.get(ENTITIES) if e["entity"] == "term"]
    assert terms == ([term] if kept else [])

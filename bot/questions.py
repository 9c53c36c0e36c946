"""The registry of questions: every topic a student can ask about, in one place.

A question is a *topic* about a *subject*: "how much do sonographers make?" is the topic
``pay`` about the role ``sonographer``. Each ``Question`` says, for its topic:

* the intent that asks it (the classifier's backstop, button payloads, rules);
* how it is answered (a function of ``bot.answers``), and whether it needs a role;
* whether, after a comparison, it is asked about each role compared;
* the questions worth suggesting after it (as topics, or ``PLAN`` for the planner);
* whether its answer differs by US state (``by_state``), so that "what about in Ohio?"
  after it asks it again there;
* the words that name it, which the NLU finds in a message (``bot.nlu.topics``): ``words``
  decide the topic wherever they appear; ``hints`` only when no word does ("make" is pay
  in "how much do they make", but not in "make me a plan").

Adding a topic touches this registry, the knowledge files and the training data. Nothing
here imports Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from bot import names
from bot.answers import eligibility, topics
from bot.answers.core import Answer, AnswerFrom

# A follow-up suggestion that is not a question but the pathway planner.
PLAN = "plan"


@dataclass(frozen=True)
class Question:
    """One kind of question: its topic, intent, answer, suggestions and words."""

    topic: str
    intent: str
    answer: Optional[Answer]  # None: answered by a dialogue of its own (comparing)
    needs_role: bool
    per_role: bool
    follow_ups: Tuple[str, ...]
    words: Tuple[str, ...]
    hints: Tuple[str, ...] = ()
    by_state: bool = False
    # the answer from where the student stands, when the message says what they hold
    answer_from: Optional[AnswerFrom] = None
    # the knowledge-base terms whose rule this question is: "do I have to do it?" after
    # "what is CQR?" asks about continuing education (``behind``)
    terms: Tuple[str, ...] = ()
    # the terms that are other names for the topic itself: "CE credits" and "CME" name
    # continuing education, where "MQSA" among licensure's words names the law asked about
    topic_terms: Tuple[str, ...] = ()


QUESTIONS: Tuple[Question, ...] = (
    Question(
        "careers", names.LIST_ROLES, topics.roles_list, needs_role=False, per_role=False,
        follow_ups=(),
        words=("what careers", "which careers", "what jobs", "which jobs", "kinds of jobs",
               "types of jobs", "imaging careers", "imaging jobs", "career options",
               "job options", "what roles", "which roles", "my options", "all the careers",
               "list the", "list of", "kinds of", "types of", "what positions",
               "which professions", "what professions"),
        hints=("careers", "jobs", "roles", "options", "professions"),
    ),
    Question(
        "role_overview", "ask_role_overview", topics.role_overview, needs_role=True,
        per_role=True, follow_ups=("certification", "education", "pay", "specializing"),
        words=("day to day", "typical day", "day in the life", "duty", "duties",
               "job description", "responsibilities", "what they do", "what do they do",
               "good career", "good job", "worth it", "good choice", "like being",
               "kind of work", "who are",
               "job like", "pros and cons",
               # whether the career is one at all: "is QA in imaging a real career path?"
               "real career path", "real career", "real job", "a real thing",
               "actually exist", "really exist", "even exist", "line of work"),
        hints=("what does", "what do", "what is", "what's", "whats", "tell me about", "all day",
               "describe", "explain", "about being", "info on", "information on"),
    ),
    Question(
        "education", "ask_education", topics.education, needs_role=True, per_role=True,
        follow_ups=("program_length", "certification", "clinical_experience"),
        words=("degree", "associate", "associates", "associate's", "bachelor", "bachelors",
               "bachelor's", "bsn", "diploma", "certificate program", "college",
               "community college", "university", "major", "coursework", "prerequisite",
               "prereqs", "education", "schooling", "study to", "to study", "you study",
               "online program", "online programs", "online school", "online options",
               "online classes", "online courses", "online degree",
               "what school", "which school", "go to school", "kind of school",
               "type of school", "tuition", "grad school", "master's", "masters"),
        hints=("school", "program", "training", "study", "classes", "courses", "learn",
               "online"),
    ),
    Question(
        "program_length", "ask_program_length", topics.program_length, needs_role=False,
        per_role=True, follow_ups=("education", "certification", PLAN),
        words=("how long", "how many years", "how many months", "how many semesters",
               "how much time", "length", "duration", "fastest", "quickest", "quick way",
               "how quickly", "how fast", "shorter", "longer", "accelerated", "one year",
               "two year", "four year", "1 year", "2 year", "4 year", "18 months",
               "long does it take", "years of school", "years of college", "time frame",
               "timeline"),
        hints=("years", "months", "semesters", "long"),
    ),
    Question(
        "accreditation", "ask_accreditation", topics.accreditation, needs_role=True,
        per_role=True, follow_ups=("certification", "education"),
        terms=("jrcert", "jrcnmt", "jrcdms", "caahep"),
        words=("accredit", "accredited", "accreditation", "accrediting", "accreditor",
               "unaccredited", "non-accredited", "legit program", "legit school", "legit",
               "scam", "diploma mill",
               "approves", "approved", "approve"),
    ),
    Question(
        "certification", "ask_certification", topics.certification, needs_role=True,
        per_role=True, follow_ups=("exam", "continuing_education", "switching_roles"),
        words=("certification", "certifications", "certified", "certify", "certificate",
               "credential", "credentials", "cert", "certs", "registered", "registry",
               "board certified", "letters after", "get registered", "who awards", "awards",
               "awarded", "hands out", "issues the", "gives out", "give out", "who gives",
               "who offers", "offered by", "issued by", "who runs"),
    ),
    Question(
        "definitions", names.DEFINE, topics.acronym, needs_role=False, per_role=False,
        follow_ups=(),
        words=("stand for", "stands for", "acronym", "abbreviation", "abbreviations",
               "definition", "define", "meaning of", "mean", "means", "meant by"),
    ),
    Question(
        "exam", "ask_exam", topics.exam, needs_role=True, per_role=True,
        follow_ups=("continuing_education", "certification"), answer_from=topics.exam_from,
        terms=("spi",),
        words=("exam", "exams", "test", "tests", "boards", "board exam", "pass rate",
               "tries", "attempts", "fail", "failed", "failing",
               "passing score", "pass the", "retake", "study for",
               "questions on", "how many questions", "questions are on", "questions r on"),
        hints=("pass", "passed", "passing"),
    ),
    Question(
        "specializing", "ask_specializations", topics.specializations, needs_role=False,
        per_role=True, follow_ups=("certification", "pay", PLAN),
        answer_from=topics.specializations_from,
        terms=("post_primary_pathway",),
        words=("specialize", "specializing", "specialise", "specialization",
               "specializations", "specialty", "specialties", "subspecialty", "modality",
               "modalities", "cross-train", "cross train", "crosstrain", "post-primary",
               "post primary", "advance my career", "branch out", "add a credential",
               "second credential", "another credential", "to my credentials", "adding"),
    ),
    Question(
        "continuing_education", "ask_continuing_education", topics.continuing_education,
        needs_role=True, per_role=True, follow_ups=("certification", "specializing"),
        terms=("cqr", "cme", "continuing_education"),
        topic_terms=("cme", "continuing_education"),
        words=("renew", "renewal", "renewing", "continuing education", "ce", "ces",
               "ce credits", "ce hours", "cme", "biennium", "recertify", "recertification",
               "stay certified", "keep my certification", "keep my credential",
               "keep my license", "maintain", "expire", "expires", "every two years",
               "annual fee", "dues", "keep my", "keep taking", "keep it current",
               # letting a credential go, and getting it back
               "lapse", "lapsed", "lapses", "lapsing", "reinstate", "reinstated",
               "reinstatement", "ceu", "ceus"),
        hints=("credits", "keep", "renewed"),
    ),
    Question(
        "clinical_experience", "ask_clinical_experience", topics.clinical_experience,
        needs_role=False, per_role=True, follow_ups=("education", "certification"),
        words=("clinical", "clinicals", "rotation", "rotations", "hands-on", "hands on",
               "practicum", "externship", "internship", "shadow", "shadowing",
               "clinical hours", "clinical experience", "competencies", "competency",
               "comps", "supervised", "log",
               "logged", "logging", "minimum number", "number of scans", "how many scans",
               "number of procedures", "how many procedures", "enough procedures",
               "enough cases", "rotate through", "rotate between", "rotating through"),
    ),
    Question(
        "pay", "ask_pay", topics.pay, needs_role=False, per_role=True,
        follow_ups=("outlook", "education", PLAN),
        words=("salary", "salaries", "pay", "paid", "pays", "paying", "paycheck", "earn", "earns",
               "earning", "earnings", "wage", "wages", "income", "money", "compensation",
               "hourly", "per hour", "an hour", "a year", "six figures", "median pay",
               "starting pay", "make a lot", "make good", "how much do", "how much does",
               "how much would", "how much can", "bank",
               # what a new graduate is paid: "ok and what do they start at"
               "they start at", "you start at", "start out at", "starting out at"),
        hints=("make", "makes", "making", "how much", "rich"),
        by_state=True,
    ),
    Question(
        "outlook", "ask_outlook", topics.outlook, needs_role=False, per_role=True,
        follow_ups=("pay", PLAN),
        words=("outlook", "demand", "in demand", "growth", "job market", "job security",
               "openings", "job openings", "hiring", "prospects", "job prospects",
               "replace", "replaced", "automation", "ai", "saturated", "oversaturated",
               "employment", "growing", "future proof", "jobs available", "future of",
               "for the future", "will there be",
               "easy to find a job", "find a job", "get a job", "shortage", "more jobs",
               "jobs opening", "jobs open", "enough jobs", "plenty of jobs", "lots of jobs",
               "jobs out there", "actually jobs", "hire", "hires", "hired", "get hired",
               "be jobs", "still be jobs", "be any jobs", "any jobs", "are there jobs",
               # "good job" is what the role is like, but not before these
               "good job prospects", "good job market", "good job security",
               "good job outlook"),
        hints=("future", "grow", "still be", "need for"),
        by_state=True,
    ),
    Question(
        "skills", "ask_skills", topics.skills, needs_role=False, per_role=True,
        follow_ups=("education", PLAN),
        words=("skill", "skills", "qualities", "quality", "traits", "strengths",
               "abilities", "personality", "good at", "people skills", "introvert",
               "introverted", "empathy", "attention to detail", "good with"),
        hints=("math", "science", "suited", "cut out"),
    ),
    Question(
        "licensure", "ask_licensure", topics.licensure, needs_role=False, per_role=True,
        follow_ups=("certification", "work_setting"),
        terms=("mqsa",),
        words=("license", "licenses", "licensed", "licensing", "licensure", "state license",
               # a state's credential is its license: "do I need a state cert too?"
               "state cert", "state certs", "state certification", "state certificate",
               "state certified",
               "law", "laws", "legally", "legal", "required by law", "regulation",
               "regulations", "regulated", "permit", "mqsa", "federal", "fda", "by law",
               "federal rules", "inspection", "allowed to practice",
               "scope of practice", "every state", "all states", "all 50 states"),
        hints=("state", "states"),
        by_state=True,
    ),
    Question(
        "pathway", "ask_pathway", topics.pathway, needs_role=False, per_role=True,
        follow_ups=(PLAN, "careers"), by_state=True,
        words=("steps", "step by step", "roadmap", "road map", "pathway", "career path",
               "where do i start", "where to start", "where should i start",
               "where would i start", "where do i even start", "where would i even start",
               "get started", "first step", "what do i need to do", "what should i do",
               "how do i get into", "how to get into", "how can i get into",
               "how do i become", "how to become", "how can i become", "how would i become",
               "what does it take to become", "requirements to become", "how to be a",
               "how to be an", "path into", "path to", "stages",
               "need to become", "process", "any way to", "a way to", "another way",
               "other way", "other route", "another route", "alternative route",
               # the way in, not how long: "whats the fastest way to become a rad tech"
               "fastest way", "quickest way", "fastest route", "quickest route"),
        hints=("become", "becoming", "get into", "path", "route", "start", "want to be",
               "wanna be", "wanna do", "want to do", "plan"),
    ),
    Question(
        "work_setting", "ask_work_setting", topics.work_setting, needs_role=True,
        per_role=True, follow_ups=("pay", "skills", PLAN),
        words=("where do", "where would", "work setting", "workplace", "work environment",
               "working conditions", "hospital", "hospitals", "clinic", "clinics",
               "outpatient", "shift", "shifts", "night shift", "nights", "weekends",
               "on call", "schedule", "hours", "physical", "physically", "lifting", "lift",
               "on your feet", "standing", "radiation exposure", "exposure", "exposed",
               "safe", "your body", "their body", "on the body", "injury", "injuries",
               # the body at work, as students say it ("on there feet all day", "hard
               # on ur body", "my shoulder")
               "feet", "ur body", "my body", "shoulder", "shoulders", "knee",
               "knees", "wrist", "wrists", "wear and tear", "physically demanding",
               "exhausting", "tiring",
               "back pain", "strain", "settings", "places", "employed", "employ",
               "employers", "stand", "stand all day", "center", "centers",
               "dangerous", "stressful", "travel", "traveling", "work environment"),
    ),
    Question(
        "high_school", "ask_high_school", topics.high_school, needs_role=True,
        per_role=True, follow_ups=("education", "program_length", PLAN),
        words=("high school classes", "classes in high school", "in high school",
               "high schooler", "ap", "ap classes", "electives", "sophomore", "freshman",
               "junior year", "senior year", "11th grade", "10th grade", "9th grade",
               "12th grade", "before college", "still in school", "subjects", "teenager", "hs",
               "in hs", "dual enrollment", "classes should i take", "what classes"),
        hints=("high school", "highschool", "junior", "senior", "teen", "physics",
               "chemistry", "biology", "algebra", "anatomy"),
    ),
    Question(
        "switching_roles", names.PREREQUISITES, eligibility.prerequisites, needs_role=True,
        per_role=True, follow_ups=("education", PLAN), answer_from=eligibility.prerequisites_from,
        words=("switch", "switching", "transition", "transitioning", "move into",
               "moving into", "move over", "cross over", "crossover", "bridge",
               "career change", "change careers", "changing careers", "change to",
               "go from", "going from", "transfer", "without starting over",
               "from scratch", "prerequisite", "prerequisites", "eligible", "eligibility",
               "qualify", "qualifies", "sit for", "without being", "without doing",
               "before i can", "have to be a", "have to be an", "need to be a",
               "need to be an", "first for", "from where i am", "from where im at",
               "from where i'm at",
               # what carries over from the job the student has
               "carry over", "carries over", "get to skip", "from that", "count for anything",
               "count toward", "count towards", "help me become", "help me to become",
               "help me get into"),
        # where the student is now: a question about switching only if the classifier
        # reads one ("I'm already a nurse" may be the planner's answer); "instead of" may
        # weigh two credentials or two CE rules as well as two careers
        hints=("instead of", "already have", "already a", "already an", "already work",
               "as a nurse", "as an rn"),
    ),
    Question(
        "comparing", names.COMPARE, None, needs_role=False, per_role=False,
        follow_ups=("switching_roles", PLAN),
        words=("compare", "comparison", "compared", "difference", "differences",
               "different from", "vs", "versus", "better", "which is better",
               "which pays", "same as", "similar", "the same", "same thing", "differ",
               # which of those just talked about: "ok which one is easier to get"
               "which one is easier", "which is easier", "which one is harder",
               "which is harder", "which one is cheaper", "which is cheaper",
               "which one is quicker", "which is quicker", "which one is faster",
               "which is faster", "which one is more", "which is more", "which one is less",
               "which is less", "which one has more", "which has more"),
    ),
)

BY_TOPIC: Dict[str, Question] = {question.topic: question for question in QUESTIONS}
BY_INTENT: Dict[str, Question] = {question.intent: question for question in QUESTIONS}
ANSWERED = tuple(q for q in QUESTIONS if q.answer is not None)


def behind(term: Optional[str]) -> Optional[Question]:
    """The question behind a term just defined: "does it apply to me?" after "what's CQR?"."""
    return next((question for question in QUESTIONS if term in question.terms), None)


def in_a_state(last_topic: Optional[str]) -> Question:
    """What a message naming only a state ("what about in Ohio?", "nj?") asks.

    The last question again, there, when its answer differs by state (pay, outlook,
    licensure); otherwise what the law requires there, the question a state most often
    asks.
    """
    question = BY_TOPIC.get(last_topic or "")
    return question if question is not None and question.by_state else BY_TOPIC["licensure"]


def follow_up_intents(intent: str) -> Tuple[str, ...]:
    """The intents worth suggesting as buttons after answering ``intent``."""
    question = BY_INTENT.get(intent)
    if question is None:
        return ()
    return tuple(names.PLAN_PATHWAY if topic == PLAN else BY_TOPIC[topic].intent
                 for topic in question.follow_ups)


def first_named(text: str, topics: Tuple[str, ...]) -> Optional[str]:
    """Which of ``topics`` the words of ``text`` name first, if any: a plain word search.

    For the action server, which reads no spaCy docs: "which one pays more" after two
    careers compared asks pay first. A topic's deciding words count before its hints.
    """
    for kind in ("words", "hints"):
        found = []
        for topic in topics:
            phrases = getattr(BY_TOPIC[topic], kind)
            if not phrases:
                continue
            pattern = r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")s?\b"
            match = re.search(pattern, text, re.IGNORECASE)
            if match:
                found.append((match.start(), topic))
        if found:
            return min(found)[1]
    return None

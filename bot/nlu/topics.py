"""Find what a message asks about: the topic words of ``bot.questions``, and the routing rule.

A student's question is a topic about a subject. The subject comes from the knowledge
base's names (``bot.nlu.entities``); the topic comes from the words each question lists
in the registry, matched here in any casing, as lemmas or regular plurals, and with a
typo in longer words that are not English words of their own ("salery", "certifcation";
not "monkey", which a word list would read as "money"). Two kinds of words:

* ``words`` decide the topic: "salary" is pay wherever it appears;
* ``hints`` only decide it when no word does: "make" is pay in "how much do they make",
  not in "make me a plan", where the classifier's ``plan_pathway`` stands.

``route`` then settles the message's intent from the topic found, the classifier's
intent and the entities. It needs only spaCy, not Rasa, so it is unit-tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from bot import names
from bot.answers.context import asked_about, asks_if_it_applies, says_where_they_live
from bot.nlu.entities import allowed_distance, edit_distance
from bot.nlu.patterns import plural_forms
from bot.questions import BY_TOPIC, QUESTIONS, Question

WORD, HINT = "word", "hint"
# Typos are forgiven only in words this long, so "pay" never matches "day".
MIN_TYPO_LENGTH = 5


@dataclass(frozen=True)
class TopicMatch:
    """Words in a message that name a topic."""

    topic: str
    strength: str  # WORD or HINT
    start: int
    end: int
    text: str


class TopicFinder:
    """Finds the topic words of ``questions`` in docs of the project's spaCy pipeline."""

    def __init__(self, nlp: Language, questions: Sequence[Question] = QUESTIONS) -> None:
        self._matcher = Matcher(nlp.vocab)
        self._single: Dict[str, Tuple[str, str]] = {}
        for question in questions:
            for strength, phrases in ((WORD, question.words), (HINT, question.hints)):
                key = f"{strength}:{question.topic}"
                self._matcher.add(key, [phrase_pattern(nlp, phrase) for phrase in phrases])
                for phrase in phrases:
                    if strength == WORD and " " not in phrase and phrase.isalpha():
                        self._single.setdefault(phrase.lower(), (question.topic, strength))

    def find(self, doc: Doc, taken: Iterable[Tuple[int, int]] = ()) -> List[TopicMatch]:
        """Topic words in ``doc``, longest first where they overlap, in order.

        Args:
            doc: the message, parsed by the project's pipeline.
            taken: character spans already read as something else (a role's name), in
                which no topic word is looked for.
        """
        blocked = [range(start, end) for start, end in taken]

        def free(start: int, end: int) -> bool:
            return not any(start < span.stop and span.start < end for span in blocked)

        spans = []
        for match_id, start, end in self._matcher(doc):
            span = doc[start:end]
            if free(span.start_char, span.end_char):
                span.label_ = doc.vocab.strings[match_id]
                spans.append(span)
        spans = filter_spans(spans)
        found = []
        for span in spans:
            strength, _, topic = span.label_.partition(":")
            found.append(TopicMatch(topic, strength, span.start_char, span.end_char, span.text))
        covered = {i for span in spans for i in range(span.start, span.end)}
        for token in doc:
            if token.i in covered or not token.is_alpha or len(token) < MIN_TYPO_LENGTH:
                continue
            if token.has_vector:
                continue  # an English word of its own ("monkey", "meant"), not a typo
            if not free(token.idx, token.idx + len(token)):
                continue
            typo = self._typo(token.lower_)
            if typo:
                found.append(TopicMatch(typo[0], typo[1], token.idx, token.idx + len(token),
                                        token.text))
        return sorted(found, key=lambda match: match.start)

    def _typo(self, word: str) -> Optional[Tuple[str, str]]:
        limit = allowed_distance(len(word))
        best: Optional[Tuple[int, Tuple[str, str]]] = None
        for candidate, found in self._single.items():
            if len(candidate) < MIN_TYPO_LENGTH or candidate[0] != word[0]:
                continue
            distance = edit_distance(word, candidate, limit)
            if 0 < distance <= limit and (best is None or distance < best[0]):
                best = (distance, found)
        return best[1] if best else None


def phrase_pattern(nlp: Language, phrase: str) -> List[Dict[str, object]]:
    """A token pattern for ``phrase``: any casing, the last word also in its plural.

    Other inflections are listed in the registry as words of their own ("earn", "earns"),
    not derived from lemmas: a lemma table would make "better" match "well".
    """
    tokens = [token.text.lower() for token in nlp.make_doc(phrase)]
    pattern: List[Dict[str, object]] = [{"LOWER": text} for text in tokens[:-1]]
    last = tokens[-1]
    pattern.append({"LOWER": {"IN": sorted({last, *plural_forms(last)})}})
    return pattern


def chosen_topic(matches: Sequence[TopicMatch]) -> Optional[TopicMatch]:
    """The topic a message asks first: its first deciding word, else its first hint."""
    for strength in (WORD, HINT):
        for match in matches:
            if match.strength == strength:
                return match
    return None


# Dialogue acts the classifier's word is final for, whatever topic words they contain:
# "talk to a person about pay", "stop", "make me a plan to become a sonographer".
FINAL_ACTS = frozenset({
    "human_handoff", "stop", "start_over", names.PLAN_PATHWAY, "goodbye", "bot_challenge",
})
# Of those, the short commands: a long message that names a subject is a question, whatever
# the classifier read ("can I switch to CT later without starting all over?").
COMMANDS = frozenset({"stop", "start_over", "goodbye"})
COMMAND_WORDS = 8
# Intents that say nothing of a topic: a topic word found in the message outranks them.
NO_TOPIC = frozenset({
    names.NLU_FALLBACK, "greet", "thank", "ask_capabilities", names.FOLLOW_UP,
    names.CHOOSE_OPTION, names.INFORM, names.OUT_OF_SCOPE,
})
# Intents a hint outranks: the classifier was unsure, or found no question at all.
HINTS_OUTRANK = frozenset({
    names.NLU_FALLBACK, "greet", "thank", names.OUT_OF_SCOPE, names.LIST_ROLES,
})
# Thanks first: a hint after it is no question ("Thank you, I'll pass that along").
_THANKS_FIRST = re.compile(r"^\W*(?:thank|thanks|thx|thnx|ty)\b", re.IGNORECASE)
# Topics that, asked of two roles at once ("which pays more, CT or MRI?"), compare them.
COMPARABLE = frozenset({"pay", "outlook", "education", "program_length", "role_overview"})
# Topics whose words are common outside imaging: without an imaging subject, the
# classifier's out-of-scope stands.
GENERIC = frozenset({"pay", "outlook", "skills", "work_setting", "role_overview", "careers",
                     "education", "program_length", "pathway", "comparing", "definitions",
                     "exam"})
# Words that correct the subject of the last question: "sorry, I meant MRI".
_CORRECTING = r"i meant|i ment|i mean|meant to say|sorry|no,? the"
# Words that ask the last question again about what the message names: "what about MRI?",
# "same question for sonographers", and the corrections.
FOLLOW_UP_CUES = re.compile(
    r"\b(?:what about|how about|and for|and what about"
    r"|same (?:for|question|q|deal|thing)(?! as\b)(?!\s+(?:every|evry|each|all|day)\b)"
    r"|too\b|as well|instead|nvm|never mind|" + _CORRECTING + ")",
    re.IGNORECASE)
_CORRECTION = re.compile(r"\b(?:" + _CORRECTING + r")\b", re.IGNORECASE)
# A message this short that names only a state, with no topic word, asks nothing of its
# own, whatever the classifier guessed from so little ("In New York specifically").
STATE_FOLLOW_UP_WORDS = 6
# Asking the planner to go on: a word for going on, and the plan.
_GO_ON = re.compile(r"\b(?:keep going|go on|carry on|continue|resume|back to|get back|"
                    r"return to|next step|what'?s next)\b", re.IGNORECASE)
_PLAN = re.compile(r"\bplan(?:ning)?\b", re.IGNORECASE)
# Asking for a plan in so many words: "help me plan it", "make me a plan", "a plan for
# getting into CT". Not "I'm planning to become ...", which says what the student intends.
_PLAN_REQUEST = re.compile(
    r"\b(?:help\s+(?:me|us)\s+plan|plan\s+(?:it|this|that|everything)\b|plan\s+out"
    r"|(?:make|give|build|create|write|draw\s+up|map\s+out|lay\s+out)\s+(?:me\s+|us\s+)?"
    r"(?:a|my|our|the)\s+(?:\w+\s+){0,2}?plan|(?:a|my)\s+plan\s+(?:to|for))\b",
    re.IGNORECASE)
# The topic each question's intent asks.
INTENT_TOPIC = {question.intent: question.topic for question in QUESTIONS}
# Who a question can be about: two or more of these make it a comparison.
_WHO = (names.ROLE, names.SPECIALIZATION)


@dataclass(frozen=True)
class Routing:
    """The intent a message is routed to, and the topic found in its words, if any."""

    intent: str
    topic: Optional[TopicMatch]
    changed: bool


@dataclass(frozen=True)
class _Message:
    """What routing reads from a message: the classifier's intent, entities and words."""

    intent: str
    labels: List[str]
    who: frozenset
    credentials: frozenset
    each: bool
    matches: Sequence[TopicMatch]
    follows_up: bool = False
    corrects: bool = False  # "sorry, I meant ...", "no, the other one"
    holds: bool = False  # names something the student already is or holds
    needs: bool = False  # names a role asked about as a prerequisite, or one to do without
    asking: Tuple[Tuple[int, int], ...] = ()  # where the clauses that ask are
    words_count: int = 0
    chooses: bool = False  # "which", or "X or Y": asks for one of several
    which: bool = False  # "which": asks which of several
    applies: bool = False  # asks whether what was just said applies to the student
    bare: bool = False  # names things and nothing else: "caahep??"
    decides: bool = False  # "should I do X or Y": which of several to take up
    thanks: bool = False  # opens with thanks, and the classifier read thanks
    studies: bool = False  # names students of a career: "radiation therapy students"

    def in_question(self, match: TopicMatch) -> bool:
        return any(start <= match.start < end for start, end in self.asking)

    @property
    def words(self) -> frozenset:
        """The topics named by deciding words."""
        return frozenset(m.topic for m in self.matches if m.strength == WORD)

    @property
    def subject_named(self) -> bool:
        return any(label in names.ENTITIES for label in self.labels)

    def to(self, topic: str, found: Optional[TopicMatch]) -> Routing:
        target = BY_TOPIC[topic].intent
        return Routing(target, found, target != self.intent)

    def stays(self, found: Optional[TopicMatch]) -> Routing:
        return Routing(self.intent, found, False)


def route(intent: str, entities: Sequence[Mapping[str, object]],
          matches: Sequence[TopicMatch], text: str = "") -> Routing:
    """The message's intent, from its topic words, the classifier's intent and its entities.

    Args:
        intent: the classifier's intent (``nlu_fallback`` when it was unsure).
        entities: the entities found (role, state, stage, mention ...); what the student
            already holds ("I'm a rad tech") is not what they ask about.
        matches: the topic words found.
        text: the message, for the words that ask the last question again.
    """
    asked = asked_about(entities, text)
    matches = _taking_an_exam(matches, entities, text)
    matches = _demoted_within_terms(matches, entities)
    matches = _demoted_outside_questions(matches, text, [
        int(e["start"]) for e in entities if isinstance(e.get("start"), int)
        and (e.get("entity") == names.STAGE or e.get("role") == names.HELD)])
    # "EMT-B for 4 years, could I get into CT?": how long the writer has worked, not how
    # long a program takes
    served = [cue.span() for cue in _TIME_SERVED.finditer(text)]
    matches = [match for match in matches if not (match.topic == "program_length" and any(
        start <= match.start and match.end <= end for start, end in served))]
    cues = [range(cue.start(), cue.end()) for cue in FOLLOW_UP_CUES.finditer(text)]
    # "same question for sonographers", "the same deal for therapy students" ask the last
    # question again; they compare nothing
    matches = [match for match in matches if not (match.topic == "comparing" and any(
        match.start < cue.stop and cue.start < match.end for cue in cues))]
    message = _Message(
        intent=intent,
        labels=[str(entity.get("entity")) for entity in asked],
        who=frozenset(str(e.get("value")) for e in asked if e.get("entity") in _WHO),
        credentials=frozenset(str(e.get("value")) for e in asked
                              if e.get("entity") == names.CERTIFICATION),
        each=any(e.get("entity") == names.MENTION and e.get("value") == "each"
                 for e in asked),
        matches=matches,
        follows_up=bool(cues) or _and_only_names(text, asked),
        corrects=bool(_CORRECTION.search(text)),
        asking=tuple(question_clauses(text)),
        holds=any(e.get("role") == names.HELD for e in entities),
        needs=any(e.get("role") in (names.NEEDED, names.NOT_MEANT)
                  and e.get("entity") in _WHO for e in entities)
        or bool(_A_TECH_FIRST.search(text)),
        words_count=len(text.split()),
        chooses=bool(_CHOOSES.search(text)),
        which=bool(_WHICH.search(text)),
        applies=asks_if_it_applies(text),
        bare=_only_names(text, asked),
        decides=bool(_DECIDES.search(text)),
        thanks=intent == "thank" and bool(_THANKS_FIRST.match(text)),
        studies=any(e.get("role") == names.STUDYING for e in entities),
    )
    if _asks_what_a_name_is(text, asked):
        return message.to("definitions", chosen_topic(
            [match for match in matches if match.topic == "role_overview"]))
    if _asks_what_a_role_is(text, asked):
        # what the message asks first, whatever a classifier sure of a later question says
        return message.to("role_overview", None)
    found = chosen_topic(matches)
    if (_GO_ON.search(text) and _PLAN.search(text)) or _PLAN_REQUEST.search(text):
        # "ok keep going with the plan", "back to the plan": the planner, where it left
        # off; "help me plan it", "make me a plan to become ...": the planner, whatever
        # else the message asks
        return Routing(names.PLAN_PATHWAY, found, intent != names.PLAN_PATHWAY)
    if intent in COMMANDS and message.subject_named and (
            message.words or len(text.split()) > COMMAND_WORDS):
        # read as the classifier unsure; the routing says the message changed intent
        routing = route(names.NLU_FALLBACK, entities, matches, text)
        return Routing(routing.intent, routing.topic, routing.intent != intent)
    if intent in FINAL_ACTS:
        return message.stays(found)
    comparison = _comparison(message, found)
    if comparison is not None:
        return comparison
    if "definitions" in message.words and not (
            message.intent == names.OUT_OF_SCOPE and not message.subject_named):
        # "what does CE stand for?"; "what does post primary mean" names the other topic
        # first, but asks what the words mean
        return message.to("definitions", chosen_topic(
            [match for match in matches if match.topic == "definitions"]))
    found = chosen_topic([match for match in matches if match.topic != "comparing"])
    if _says_where_they_are(message, entities, text):
        return Routing(names.INFORM, found, intent != names.INFORM)
    if message.follows_up and message.subject_named and found is not None and not any(
            match.strength == WORD and message.in_question(match) for match in matches) \
            and _scene_clauses(text, []):
        # "what about ARRT, i'm dual registered": the last question again for ARRT; the
        # words say who the student is
        return Routing(names.FOLLOW_UP, None, intent != names.FOLLOW_UP)
    if (names.STAGE in message.labels and _WHAT_IF.search(text) and not message.words
            and not message.subject_named):
        # "what about if i already have a bachelors": the last question again, for a
        # student starting from there
        return Routing(names.FOLLOW_UP, found, intent != names.FOLLOW_UP)
    if found is None:
        return _without_topic(message)
    return _with_topic(message, found)


def yields_to_classifier(routing: Routing, intent: str, matches: Sequence[TopicMatch],
                         text: str) -> bool:
    """Whether a classifier sure of ``intent`` overrules ``routing`` (``TopicRouter``).

    Only a topic chosen because one of its words is there yields: the readings the routing
    makes from the conversation's cues stand ("sorry, I meant MRI" asks the last question
    again, two careers and "which pays more" compare them, "what is MQSA?" defines it),
    and so does a hint the routing read ("45 and i want to become a radiation therapist,
    what would i need to do first": nobody moves, so "become" asks the way in). It does
    not yield when the classifier's topic has words only outside the question
    ("paramedic 8 years, burnt out. what are the steps": the years set the scene), nor
    when they come only in a second question ("are they in demand and how much do they
    make" asks first about the outlook).
    """
    asked = INTENT_TOPIC.get(intent)
    if routing.intent == intent or asked is None or routing.topic is None \
            or INTENT_TOPIC.get(routing.intent) != routing.topic.topic \
            or routing.topic.strength == HINT:
        return False
    if _asked_second(asked, routing, matches, text):
        return False
    return not _only_sets_the_scene(asked, routing, matches, text)


# A second question run on after "and": "are they in demand and how much do they make".
_AND_THEN = re.compile(r"\b(?:and|also|plus)\s+(?:(?:also|then)\s+)?(?:how|what|whats|what's|"
                       r"where|when|which|who|is|are|do|does|can|could|would|will|should)\b",
                       re.IGNORECASE)


def _asked_second(topic: str, routing: Routing, matches: Sequence[TopicMatch],
                  text: str) -> bool:
    """Whether ``topic``'s words come only in a second question, after the routing's topic.

    A message asking two things is answered for the first: "are vascular sonographers in
    demand and how much do they make" asks first about the outlook.
    """
    if routing.topic is None:
        return False
    own = [match for match in matches if match.topic == topic]
    second = next((cue.start() for cue in _AND_THEN.finditer(text)
                   if cue.start() >= routing.topic.end), None)
    return bool(own) and second is not None and all(match.start > second for match in own)


def _only_sets_the_scene(topic: str, routing: Routing, matches: Sequence[TopicMatch],
                         text: str) -> bool:
    """Whether ``topic``'s words lie only outside the question, and the routing's within it."""
    asking = question_clauses(text)

    def asked(match: TopicMatch) -> bool:
        return any(start <= match.start < end for start, end in asking)

    own = [match for match in matches if match.topic == topic]
    return bool(own) and routing.topic is not None and asked(routing.topic) \
        and not any(asked(match) for match in own)


def _only_names(text: str, entities: Sequence[Mapping[str, object]]) -> bool:
    """Whether ``text`` has no word outside the names of ``entities``."""
    rest = list(text)
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int):
            rest[start:end] = " " * (end - start)
    return bool(entities) and not re.search(r"[^\W\d_]", "".join(rest))


_AND = re.compile(r"^\W*(?:and|also|plus|&)\b", re.IGNORECASE)


def _and_only_names(text: str, entities: Sequence[Mapping[str, object]]) -> bool:
    """Whether ``text`` is "and" and names: "and caahep?" asks the last question of it."""
    opening = _AND.match(text)
    return opening is not None and _only_names(" " * opening.end() + text[opening.end():],
                                               entities)


# What an exam holds: "whats actually on the mammo registry", "whats on it".
_WHATS_ON = (r"\bwhat(?:'s|s|\s+is|\s+are)?\s+(?:actually\s+|really\s+|even\s+)?"
             r"(?:on|covered\s+on|tested\s+on)\s+")
# Taking a credential is sitting its exam: "when can i take the registry", "can i take the
# armrit without being a rad tech first", "sit for the RCIS".
_TAKES = re.compile(r"\b(?:take|taking|took|retake|retaking|sit|sitting|sat|pass|passing|write"
                    r"|writing)\s+(?:for\s+)?(?:the\s+|my\s+|their\s+|an?\s+)?$"
                    r"|" + _WHATS_ON + r"(?:the\s+)?$", re.IGNORECASE)
# Sitting one of the things just listed, or the one just talked about: "how do i qualify
# to sit for the first one", "what do i need to sit for it", "whats on it".
_SITS = re.compile(r"\b(?:sit|sitting|sat)\s+(?:for\s+)?(?:the\s+)?$", re.IGNORECASE)
_THE_ONE_TALKED_ABOUT = re.compile(r"\b(?:sit|sitting|sat)\s+for\s+(?:it|that|this|them)\b|"
                                   + _WHATS_ON + r"(?:it|that|this|them)\s*(?:[?.!]|$)",
                                   re.IGNORECASE)
# Eligibility said before it: "qualify to sit for", "be able to sit for".
_ELIGIBLE_TO = re.compile(r"\b(?:qualify|qualified|eligible|able|allowed)\s+to\s+$",
                          re.IGNORECASE)
# Where the student starts from that makes sitting an exam a move between careers.
_MOVING_FROM = frozenset({"other_healthcare", "certified_technologist"})


def moves_from_somewhere(entities: Sequence[Mapping[str, object]]) -> bool:
    """Whether the message says where the student would move from.

    A role or credential held, another career, or work in healthcare or imaging already.
    """
    return any(e.get("role") == names.HELD or e.get("entity") == names.OTHER_CAREER
               or (e.get("entity") == names.STAGE and e.get("value") in _MOVING_FROM)
               for e in entities)


def _taking_an_exam(matches: Sequence[TopicMatch], entities: Sequence[Mapping[str, object]],
                    text: str) -> List[TopicMatch]:
    """``matches`` with "take the <credential>" read as the exam's word.

    So is sitting one of the things just listed, or the one talked about ("sit for the
    first one", "sit for it"); with the eligibility said before it ("how do I qualify to
    sit for it?"), which the exam's answer leads with (``bot.answers.verdicts``). Only
    for a student moving from nowhere: "RN here, can I sit for the RCIS with my
    background?" asks who may switch, which the words of the move decide. The words the
    phrase covers ("qualify to sit for") are its own.
    """
    if moves_from_somewhere(entities):
        return list(matches)
    spans = [cue.span() for cue in _THE_ONE_TALKED_ABOUT.finditer(text)]
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        if entity.get("entity") == names.CERTIFICATION:
            verb = _TAKES.search(text[:start])
        elif entity.get("entity") == names.MENTION and str(entity.get("value")).isdigit():
            verb = _SITS.search(text[:start])  # "sit for the first one"
        else:
            continue
        if verb is not None:
            spans.append((verb.start(), end))
    taken = []
    for start, end in spans:
        eligible = _ELIGIBLE_TO.search(text[:start])
        start = eligible.start() if eligible is not None else start
        taken.append(TopicMatch("exam", WORD, start, end, text[start:end]))
    if not taken:
        return list(matches)
    kept = [match for match in matches
            if not any(match.start < t.end and t.start < match.end for t in taken)]
    return sorted(kept + taken, key=lambda match: match.start)


# Asking the last question again for another case: "what about if ...", "what if ...".
_WHAT_IF = re.compile(r"\b(?:(?:what|how)\s+about|what\s+if)\b", re.IGNORECASE)
# Asking for one of several: "which one", "RDMS or RVT".
_CHOOSES = re.compile(r"\b(?:which|or)\b", re.IGNORECASE)
_WHICH = re.compile(r"\bwhich\b", re.IGNORECASE)
# Deciding between careers: "should i do mammo or breast ultrasound", "go into CT or MRI?".
_DECIDES = re.compile(r"\b(?:should|would)\s+i\s+(?:do|go\s+(?:for|into|with)|pick|choose"
                      r"|become|get\s+into|study|pursue|major\s+in)\b[^.?!]*\bor\b",
                      re.IGNORECASE)
# Some technologist needed first, unnamed: "do they have to be a tech first?"
_A_TECH_FIRST = re.compile(
    r"\b(?:have|has|need|needs|got|must)\s+to\s+(?:already\s+)?be\s+(?:an?\s+)?"
    r"(?:\w+\s+)?(?:techs?|technologists?)\s+(?:first|before|already)\b", re.IGNORECASE)
# How long the writer has done something: "for 4 years", "been 3 yrs", "8 years in the ER",
# "5 years of experience".
_AMOUNT = (r"(?:\d+|a\s+few|a\s+couple(?:\s+of)?|few|couple|several|many|one|two|three|four"
           r"|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\+?\s*(?:years?|yrs?|months?)")
_TIME_SERVED = re.compile(
    r"\b(?:for|been|past|last)\s+(?:about\s+|almost\s+|nearly\s+|over\s+|like\s+|the\s+"
    r"(?:past|last)\s+)?" + _AMOUNT + r"\b"
    r"|\b" + _AMOUNT + r"\s+(?:in\s+the(?!\s+(?:program|school|course|class))|as\s+an?"
    r"|of\s+experience|experience|working|doing|now)\b",
    re.IGNORECASE)
# Words that ask for something without a question: "I want to know", "tell me".
_REQUEST = re.compile(
    r"\b(?:want(?:ed)? to know|wanna know|tell me|wondering|curious|need (?:to know|info)"
    r"|looking for|help me|explain|info|information)\b", re.IGNORECASE)
# What the classifier may read into a sentence about one's schooling.
_SCHOOLING_INTENTS = frozenset({"ask_education", "ask_high_school", "ask_program_length"})


def _says_where_they_are(message: _Message, entities: Sequence[Mapping[str, object]],
                         text: str) -> bool:
    """Whether the message only says where the student is, asking nothing.

    "i have my GED, never went to college", "im a senior in high school, graduating in
    may", "I'm a CNMT, been working in nuclear cardiology for 3 years": a starting point
    or what the student holds, and words about schooling that describe it, in clauses
    that ask nothing; the state they live in may come with it ("I was a sonographer in
    Korea, now I live in New Jersey"). Such a message answers the planner ("Where are
    you now?"), or is said back and kept; it does not ask what education a career needs.
    Naming nothing else and no topic word, whatever the classifier read into it ("i have
    some college, like 30 credits" is no question about accreditation) gives way too.
    """
    lives_in = says_where_they_live(text)
    names_more = any(entity.get("entity") in names.ENTITIES and entity.get("role") != names.HELD
                     and not (entity.get("entity") == names.STATE and lives_in)
                     for entity in entities)
    return ((names.STAGE in message.labels or message.holds) and not message.asking
            and (message.intent in NO_TOPIC | _SCHOOLING_INTENTS
                 or not (message.words or names_more))
            and message.words <= SCHOOLING and not _REQUEST.search(text))


# Topics whose words, just before where the student is, describe it ("a bachelor's degree
# in another field"); "going from EMT" asks about the move.
SCHOOLING = frozenset({"education", "high_school"})
# Topics whose words, just before a role's name, describe the person ("registered").
DESCRIBING = frozenset({"certification", "licensure"})
# "what is MQSA?", "and what's the RCIS?", "whats CAAHEP and why does every school brag
# about it": the question is the whole clause.
_WHAT_IS = re.compile(r"\b(?:what|wat)(?:\s+is|'s|s|\s+are)\s+(?:the\s+|an?\s+)?$",
                      re.IGNORECASE)
_CLAUSE_END = re.compile(r"^\s*(?:[?.!,;]|and\b|$)")


def _asks_what_a_name_is(text: str, entities: Sequence[Mapping[str, object]]) -> bool:
    """Whether ``text`` asks "what is <term or credential>?" in a clause of its own.

    "And what is MQSA? The clinic keeps mentioning it." asks what MQSA is, whatever words
    follow; "what is the ARRT exam like" asks about the exam.
    """
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if (entity.get("entity") in (names.TERM, names.CERTIFICATION)
                and isinstance(start, int) and isinstance(end, int)
                and _WHAT_IS.search(text[:start]) and _CLAUSE_END.match(text[end:])):
            return True
    return False


# "what is a QA specialist in imaging and ...", "what is an IR tech exactly": what the role is.
_WHAT_IS_OPENING = re.compile(r"^\W*(?:(?:so|ok|okay|and|um|hey|hi)\b[\s,]*)*"
                              r"(?:what|wat)(?:\s+is|'s|s|\s+are)\s+(?:an?\s+)?$",
                              re.IGNORECASE)
_WHAT_DOES_OPENING = re.compile(r"^\W*(?:(?:so|ok|okay|and|um|hey|hi)\b[\s,]*)*"
                                r"(?:what|wat)\s+(?:does|do)\s+(?:an?\s+|the\s+)?$",
                                re.IGNORECASE)
_DOES_CLAUSE_END = re.compile(
    r"^\s*(?:(?:in\s+imaging|actually|really|even|exactly)\s+)?do\b"
    r"(?:\s+(?:exactly|all\s+day|day\s+to\s+day|on\s+the\s+job|at\s+work))?\s*"
    r"(?:[?.!,;]|and\b|$)", re.IGNORECASE)
_ROLE_CLAUSE_END = re.compile(
    r"^\s*(?:(?:in\s+imaging|exactly|even|really|actually|anyway)\b\s*)?(?:[?.!,;]|and\b|$)",
    re.IGNORECASE)


def _asks_what_a_role_is(text: str, entities: Sequence[Mapping[str, object]]) -> bool:
    """Whether ``text`` opens with "what is <role>?" in a clause of its own.

    "what is a radiologist assistant? is that the same thing as a radiologist" asks first
    what the role is; "what is a rad tech salary" asks about pay. "what does a nuc med
    tech actually do and how much do they make?" asks first what the job is.
    """
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if not (entity.get("entity") in _WHO and isinstance(start, int)
                and isinstance(end, int)):
            continue
        if _WHAT_IS_OPENING.search(text[:start]) and _ROLE_CLAUSE_END.match(text[end:]):
            return True
        if _WHAT_DOES_OPENING.search(text[:start]) and _DOES_CLAUSE_END.match(text[end:]):
            return True
    return False


def _demoted_within_terms(matches: Sequence[TopicMatch],
                          entities: Sequence[Mapping[str, object]]) -> List[TopicMatch]:
    """Topic words inside a term's or a starting point's name are hints.

    "What is MQSA?" asks what MQSA is; "I have a degree in another field" says where the
    student is, it does not ask about degrees. A term of the topic's own keeps its word:
    "what's on the SPI exam?" asks about the exam.
    """
    spans = [(e.get("start"), e.get("end"), e.get("value")) for e in entities
             if e.get("entity") == names.TERM and isinstance(e.get("start"), int)]
    # Where the student is: any word touching it ("I'm in high school", "a bachelor's
    # degree in another field") says where they are, not what they ask.
    stages = [(e.get("start"), e.get("end")) for e in entities
              if e.get("entity") == names.STAGE and isinstance(e.get("start"), int)]
    # A credential word just before a role's name describes the person: "a registered rad
    # tech", "certified sonographers" say who, not that the question is about certification.
    described = {e.get("start") for e in entities
                 if e.get("entity") in _WHO and isinstance(e.get("start"), int)}
    return [TopicMatch(m.topic, HINT, m.start, m.end, m.text)
            if any(start <= m.start and m.end <= end and term not in BY_TOPIC[m.topic].terms
                   for start, end, term in spans)
            or any(m.start < end and start < m.end for start, end in stages)
            or (m.topic in SCHOOLING and any(m.end + 1 == start for start, _ in stages))
            or (m.topic in DESCRIBING and m.end + 1 in described) else m
            for m in matches]


# The opening of a clause about the student rather than a question: "my hospital's in
# Ohio", "I'm a rad tech at a small clinic", "my daughter is thinking about x-ray".
_SCENE = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|but|well|hey|hi|hello|k|lol|um|oh)\b[\s,]*)*"
    r"(?:i|im|i'm|i've|ive|i'd|id|my|we|we're|were|our|she|she's|shes|he|he's|hes|her|his"
    r"|they're|theyre)\b",
    re.IGNORECASE)
# The opening of a clause that asks.
_ASKING = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|but|also|then|well|k|bet|lol|like|um|oh|wait|hmm+|yeah|ya"
    r"|alright)\b[\s,]*)*"
    # who asks, run into the question: "cna here how heavy is the math ..."
    r"(?:(?:[\w()/.'-]+\s+){1,4}?here\b[\s:;-]*)?"
    r"(?:how|what|whats|what's|wat|which|who|where|when|why|do|does|did|is|are|can|could"
    r"|should|would|will|must|any)\b",
    re.IGNORECASE)
_CLAUSES = re.compile(r"[^.?!;,\n]+[.?!;,\n]*")


def _clauses(text: str) -> List[Tuple[int, int, str, bool]]:
    """``text``'s clauses: where each is, its words, and whether it asks.

    A clause asks when a question word opens it or a question mark ends it.
    """
    found = []
    for clause in _CLAUSES.finditer(text):
        words = clause.group(0).strip()
        if words:
            asks = words.endswith("?") or bool(_ASKING.match(words))
            found.append((clause.start(), clause.end(), words, asks))
    return found


def question_clauses(text: str) -> List[Tuple[int, int]]:
    """Where ``text``'s clauses that ask are."""
    return [(start, end) for start, end, _, asks in _clauses(text) if asks]


def _scene_clauses(text: str, describing: Sequence[int]) -> List[Tuple[int, int]]:
    """Where ``text``'s clauses that say who the student is or where are.

    Such a clause asks nothing, and opens with "I", "my", "she"... or names where the
    student is or what they hold (``describing``: where those names start): "hs senior in
    Ohio, ...", "RN with a BSN, ...".
    """
    return [(start, end) for start, end, words, asks in _clauses(text) if not asks and (
        _SCENE.match(words) or any(start <= at < end for at in describing))]


def _demoted_outside_questions(matches: Sequence[TopicMatch], text: str,
                               describing: Sequence[int] = ()) -> List[TopicMatch]:
    """Topic words that only set the scene are hints, when the rest of the message has words.

    "My hospital's in Ohio, does Ohio make you get a separate license?" asks about
    licensure; the hospital says where the student works. A message whose question has no
    topic word of its own ("I want to know the salary. Can you help?") keeps them all.
    """
    scenes = _scene_clauses(text, describing)

    def in_scene(match: TopicMatch) -> bool:
        return any(start <= match.start < end for start, end in scenes)

    if not any(match.strength == WORD and not in_scene(match) for match in matches):
        return list(matches)
    return [TopicMatch(match.topic, HINT, match.start, match.end, match.text)
            if in_scene(match) else match for match in matches]


def _comparison(message: _Message, found: Optional[TopicMatch]) -> Optional[Routing]:
    """A comparison, when the message asks one: two roles, "which one", or the words."""
    several = len(message.who) >= 2 or message.each
    others = [match for match in message.matches if match.topic != "comparing"]
    # "RDMS or RVT, which is better?": two credentials compare only when the words say so,
    # or "which one" asks for one of them ("ARMRIT or ARRT for MRI, which one do employers
    # want?"); "do I need both RDMS and RVT?" asks what each takes
    asks = "comparing" in message.words and (
        several or len(message.credentials) >= 2 or not others)
    asks = asks or (len(message.credentials) >= 2 and message.each and message.chooses)
    # "RCIS or ARRT(CI) for the cath lab, which should I go for?": which of two credentials
    asks = asks or (len(message.credentials) >= 2 and message.which and message.chooses)
    # "should i do mammo or breast ultrasound, i want to work in a breast center": which
    # of two careers to take up, whatever the rest of the message says
    asks = asks or (len(message.who) >= 2 and message.decides)
    # "rad tech or sonographer, which is less physically demanding?": which of two roles,
    # whatever is asked of them
    asks = asks or (len(message.who) >= 2 and message.which and found is not None)
    # "whats the difference between the primary and post-primary pathway": what each is
    asks = asks or ("comparing" in message.words and message.labels.count(names.TERM) >= 2)
    if not (asks or (several and found is not None and found.topic in COMPARABLE)):
        return None
    if names.TERM in message.labels and len(message.who) < 2:
        # "the difference between a radiologist and a rad tech" is what a radiologist is
        return message.to("definitions", found)
    return message.to("comparing", found)


# The pathway's words that ask for the steps themselves, whoever asks.
_STEPS = re.compile(r"steps?|step\s+by\s+step|road\s*map|stages|process", re.IGNORECASE)


# Words that say the student leaves what they do: "switch into MRI", "transition to CT".
_LEAVING_WORDS = re.compile(r"\b(?:switch\w*|transition\w*|career\s+change|change\s+careers?"
                            r"|changing\s+careers|leav\w+)\b", re.IGNORECASE)


def _becoming_needs(message: _Message) -> bool:
    """Whether the message asks what becoming a role needs first, with nobody moving.

    "do I have to be a rad tech first?", "does she have to do regular x-rays first?": no
    role held, no credential, no other career or starting point.
    """
    return (message.needs and not message.holds and not message.credentials
            and not {names.STAGE, names.OTHER_CAREER} & set(message.labels))


def _without_topic(message: _Message) -> Routing:
    """A message with no topic word: its entities may still say what it asks."""
    if message.intent == names.PREREQUISITES and _becoming_needs(message):
        return message.to("pathway", None)  # as with the words of a move (``_with_topic``)
    if (len(message.who) >= 2 and message.intent in NO_TOPIC | {names.COMPARE}
            and not message.corrects):
        # "should I be a sonographer or a rad tech?"; but "is radiography a prerequisite
        # for sonography?" stays the classifier's question about the two, and "no the other
        # one, the cath lab / IR kind" corrects the last question's subject
        return message.to("comparing", None)
    if message.labels == [names.STATE] and (message.intent in NO_TOPIC | {"ask_licensure"}
                                            or message.words_count <= STATE_FOLLOW_UP_WORDS
                                            or not message.asking):
        # "what about in Ohio?", "nj?", "we're in Kentucky", "In New Jersey specifically,
        # that's where we live.": the last question again there when it differs by state,
        # else licensure there (``bot.questions.in_a_state``)
        return Routing(names.FOLLOW_UP, None, message.intent != names.FOLLOW_UP)
    if message.bare and message.labels == [names.TERM]:
        return message.to("definitions", None)  # "caahep??": what it is
    if message.applies and not message.who and message.intent in NO_TOPIC | {
            names.PREREQUISITES}:
        # "do I have to do it? I got my RT(R) in 2009" after "what's CQR?": the question
        # behind what was just said, for the student (``bot.questions.Question.terms``)
        return Routing(names.FOLLOW_UP, None, message.intent != names.FOLLOW_UP)
    if (message.subject_named and (names.STAGE not in message.labels or message.studies)
            and message.follows_up):
        # "sorry, I meant MRI", "what about sonographers?", "is it the same deal for
        # radiation therapy students": the last question again (a plain "sonographer" may
        # answer the planner, and stays the classifier's)
        return Routing(names.FOLLOW_UP, None, message.intent != names.FOLLOW_UP)
    if message.intent == names.MORE_DETAIL and message.each is False and any(
            label == names.MENTION for label in message.labels):
        return Routing(names.CHOOSE_OPTION, None, True)  # "tell me more about the third"
    if message.intent in (names.NLU_FALLBACK, names.MORE_DETAIL) and message.subject_named:
        # "is there such a thing as a QA job?", "tell me more about sonographers": what
        # the thing named is
        return message.to(_OVERVIEW[_first_subject(message.labels)], None)
    return message.stays(None)


# What a message that names only a thing asks about it.
_OVERVIEW = {names.ROLE: "role_overview", names.SPECIALIZATION: "specializing",
             names.CERTIFICATION: "certification", names.TERM: "definitions",
             names.STATE: "licensure"}


def _first_subject(labels: Sequence[str]) -> str:
    return next(label for label in labels if label in names.ENTITIES)


def _with_topic(message: _Message, found: TopicMatch) -> Routing:
    """A message whose words name ``found``: that topic, unless the classifier knows better."""
    asked = INTENT_TOPIC.get(message.intent)
    if (asked is not None and asked != found.topic and asked in message.words
            and message.asking and not message.in_question(found)):
        # the words name several topics, the first outside the question, and the
        # classifier chose one of the others: "RN with a BSN, how long would a certificate
        # program take me?" asks how long
        found = next(match for match in message.matches
                     if match.topic == asked and match.strength == WORD)
    if (found.topic == "pathway" and message.holds and found.strength == WORD
            and _STEPS.fullmatch(found.text)):
        # the steps, asked from a role held: "What are the steps to become a radiologist
        # assistant? I've been an RT(R) for 6 years." asks the way in, step by step
        return message.to("pathway", found)
    if found.topic in ("pathway", "switching_roles") and message.holds:
        # From one imaging role into a specialty ("nuc med tech here, how do I get into
        # PET?") is specializing; into another role, switching roles.
        # ... unless the words say the student leaves what they do ("sonographer wanting
        # to switch into MRI")
        leaves = found.topic == "switching_roles" and any(
            match.topic == "switching_roles" and _LEAVING_WORDS.search(match.text)
            for match in message.matches)
        into = "specializing" if names.SPECIALIZATION in message.labels and not leaves \
            else "switching_roles"
        return message.to(into, found)
    if found.topic == "switching_roles" and _becoming_needs(message):
        # Nobody is moving from a role: "do I have to be a rad tech first?", "can I do MRI
        # without x-ray?" ask what becoming the role takes, which the pathway answers
        return message.to("pathway", found)
    if (found.topic == "pathway" and names.SPECIALIZATION in message.labels
            and not {names.ROLE, names.STAGE, names.OTHER_CAREER} & set(message.labels)):
        # "how do I get into mammography?"; from another career ("former teacher ... into
        # echo") it is the way into the career itself
        return message.to("specializing", found)
    if found.topic == "program_length" and "exam" in message.words:
        return message.to("exam", found)  # "how long is the CT exam?"
    if found.topic == "exam" and "clinical_experience" in message.words:
        # the exams done in clinicals, or the boards they lead to, are what the clinical
        # requirements count: "how many mammo exams do i need to do for clinicals"
        return message.to("clinical_experience", next(
            match for match in message.matches if match.topic == "clinical_experience"))
    if (found.topic == "role_overview" and found.strength == HINT and not message.who
            and {names.TERM, names.CERTIFICATION} & set(message.labels)):
        return message.to("definitions", found)  # "what is JRCERT?"
    if (message.intent == names.PREREQUISITES and found.topic in ("certification", "exam")
            and (message.who or message.credentials)):
        # "can a sonographer get the breast sonography credential?": who may earn a
        # credential always names one; the classifier's reading stands ("do I have to pass
        # the SPI first?" names only an exam, and asks about it)
        return message.stays(found)
    if (found.topic == "pathway" and INTENT_TOPIC.get(message.intent) == "switching_roles"
            and not (message.holds or message.needs) and len(message.who) < 2
            and not {names.STAGE, names.OTHER_CAREER} & set(message.labels)):
        # nobody moves from anywhere: "45 and i want to become a radiation therapist, what
        # would i need to do first" asks the way in; "my daughter is an ultrasound tech ...
        # could she become a QA specialist?" moves between two
        return message.to("pathway", found)
    if found.strength == HINT and (message.intent not in HINTS_OUTRANK or message.thanks):
        # the classifier knows better than a hint: a question of its own, "the second
        # one", "I'm in high school" answering the planner
        return message.stays(found)
    if (message.intent == names.OUT_OF_SCOPE and not message.subject_named
            and found.topic in GENERIC):
        return message.stays(found)  # "how much does a plane ticket cost?"
    return message.to(found.topic, found)


def topic_entity(match: TopicMatch) -> Dict[str, object]:
    """The ``topic`` entity for a match, as Rasa stores entities."""
    return {"entity": names.TOPIC, "value": match.topic, "start": match.start,
            "end": match.end, "confidence_entity": 1.0}

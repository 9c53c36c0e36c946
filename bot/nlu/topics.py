"""Find what a message asks about: the topic words of ``bot.questions``, and the routing rule.

A student's question is a topic about a subject. The subject comes from the knowledge
base's names (``bot.nlu.entities``); the topic comes from the words each question lists
in the registry, matched here in any casing, as lemmas or regular plurals, and with a
typo in longer words ("salery", "certifcation"). Two kinds of words:

* ``words`` decide the topic: "salary" is pay wherever it appears;
* ``hints`` only decide it when no word does: "make" is pay in "how much do they make",
  not in "make me a plan", where the classifier's ``plan_pathway`` stands.

``route`` then settles the message's intent from the topic found, the classifier's
intent and the entities. It needs only spaCy, not Rasa, so it is unit-tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from bot import names
from bot.answers.context import asked_about
from bot.nlu.entities import allowed_distance, edit_distance
from bot.nlu.patterns import plural_forms
from bot.questions import BY_INTENT, BY_TOPIC, QUESTIONS, Question

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
# Intents that say nothing of a topic: a topic word found in the message outranks them.
NO_TOPIC = frozenset({
    names.NLU_FALLBACK, "greet", "thank", "ask_capabilities", names.FOLLOW_UP,
    names.CHOOSE_OPTION, names.INFORM, names.OUT_OF_SCOPE,
})
# Topics that, asked of two roles at once ("which pays more, CT or MRI?"), compare them.
COMPARABLE = frozenset({"pay", "outlook", "education", "program_length", "role_overview"})
# Topics whose words are common outside imaging: without an imaging subject, the
# classifier's out-of-scope stands.
GENERIC = frozenset({"pay", "outlook", "skills", "work_setting", "role_overview", "careers",
                     "education", "program_length", "pathway", "comparing"})
# Who a question can be about: two or more of these make it a comparison.
_WHO = (names.ROLE, names.SPECIALIZATION)


@dataclass(frozen=True)
class Routing:
    """The intent a message is routed to, and the topic found in its words, if any."""

    intent: str
    topic: Optional[TopicMatch]
    changed: bool


def route(intent: str, entities: Sequence[Mapping[str, object]],
          matches: Sequence[TopicMatch]) -> Routing:
    """The message's intent, from its topic words, the classifier's intent and its entities.

    Args:
        intent: the classifier's intent (``nlu_fallback`` when it was unsure).
        entities: the entities found (role, state, stage, mention ...).
        matches: the topic words found.
    """
    found = chosen_topic(matches)
    entities = asked_about(entities)
    labels = [str(entity.get("entity")) for entity in entities]
    who = {str(e.get("value")) for e in entities if e.get("entity") in _WHO}
    subject_named = any(label in names.ENTITIES for label in labels)
    each = any(e.get("entity") == names.MENTION and e.get("value") == "each"
               for e in entities)
    topics_found = {match.topic for match in matches if match.strength == WORD}

    def to(topic: str) -> Routing:
        target = BY_TOPIC[topic].intent
        return Routing(target, found, target != intent)

    if intent in FINAL_ACTS:
        return Routing(intent, found, False)
    others = [match for match in matches if match.topic != "comparing"]
    several = len(who) >= 2 or each
    asks_to_compare = "comparing" in topics_found and (several or not others)
    if asks_to_compare or (several and found is not None and found.topic in COMPARABLE):
        if names.TERM in labels and len(who) < 2:
            return to("definitions")  # "the difference between a radiologist and a rad tech"
        return to("comparing")
    if "definitions" in topics_found:
        return to("definitions")  # "what does CE stand for?": the words are the subject
    found = chosen_topic(others)
    if found is not None and found.topic == "program_length" and "exam" in topics_found:
        return to("exam")  # "how long is the CT exam?"
    if (found is not None and found.topic == "role_overview" and found.strength == HINT
            and not who and {names.TERM, names.CERTIFICATION} & set(labels)):
        return to("definitions")  # "what is JRCERT?"
    if found is None:
        if len(who) >= 2:
            return to("comparing")  # "should I be a sonographer or a rad tech?"
        if labels == [names.STATE] and intent in NO_TOPIC | {"ask_licensure"}:
            return to("licensure")  # "what about in Ohio?"
        if intent == names.INFORM and subject_named and names.STAGE not in labels:
            # "sorry, I meant MRI": the last question again, not a planner answer
            return Routing(names.FOLLOW_UP, None, True)
        return Routing(intent, None, False)
    if found.strength == HINT:
        if names.STAGE in labels and intent == names.INFORM:
            return Routing(intent, found, False)  # "I'm in high school": the planner's answer
        if intent in BY_INTENT and intent != names.LIST_ROLES:
            return Routing(intent, found, False)  # the classifier knows better than a hint
    if intent == names.OUT_OF_SCOPE and not subject_named and found.topic in GENERIC:
        return Routing(intent, found, False)  # "how much does a plane ticket cost?"
    return to(found.topic)


def topic_entity(match: TopicMatch) -> Dict[str, object]:
    """The ``topic`` entity for a match, as Rasa stores entities."""
    return {"entity": names.TOPIC, "value": match.topic, "start": match.start,
            "end": match.end, "confidence_entity": 1.0}

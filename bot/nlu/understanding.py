"""``make understanding``: how often the trained model gets a question's topic and subject.

Reads the evaluation questions in ``tests/nlu/eval/questions.yml`` (written apart from the
training data, labelled with a topic and a subject) and the first turn of each evaluation
conversation, parses each with the current model, and reports how often the topic, the
subject and both are right, with the most frequent confusions. The topic of a parse is its
intent's topic (``INTENT_TOPICS``); the subject is the knowledge-base ids of its entities,
a specialization counting as the role that practises it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot import names
from bot.answers.context import ASIDE, asked_about
from bot.kb.db import make_engine
from bot.kb.models import Specialization
from bot.questions import QUESTIONS, in_a_state
from bot.settings import PROJECT_ROOT

EVAL = PROJECT_ROOT / "tests" / "nlu" / "eval"
SUBJECT_ENTITIES = ("role", "certification", "specialization", "term", "state")
# The topic each intent answers (the registry's, and the planner's, which answers the
# pathway); an intent not listed answers no topic.
INTENT_TOPICS = {**{q.intent: q.topic for q in QUESTIONS}, "plan_pathway": "pathway"}

Subject = FrozenSet[Tuple[str, str]]


@dataclass(frozen=True)
class Case:
    """One question with the topic and subject it should be understood as."""

    text: str
    topic: str
    subject: Subject


def _subject(labels: Dict[str, Any], roles_of: Dict[str, str]) -> Subject:
    """(entity, id) pairs, with a specialization standing for the role practising it."""
    pairs = set()
    for entity, value in (labels or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if entity == "specialization" and item in roles_of:
                pairs.add(("role", roles_of[item]))
            else:
                pairs.add((entity, item))
    return frozenset(pairs)


def load_cases(roles_of: Dict[str, str], directory: Path = EVAL) -> List[Case]:
    """The single questions, then each conversation's first turn (later turns need context)."""
    questions = yaml.safe_load((directory / "questions.yml").read_text(encoding="utf-8"))
    conversations = yaml.safe_load(
        (directory / "conversations.yml").read_text(encoding="utf-8"))
    items = questions + [conversation["turns"][0] for conversation in conversations
                         if conversation["turns"][0]["topic"] != NO_TOPIC]
    return [Case(item["text"], item["topic"], _subject(item.get("subject"), roles_of))
            for item in items]


@dataclass(frozen=True)
class Reading:
    """What a parse stands for: a topic, the subject asked about, and the names held.

    What the student already is ("I'm a rad tech, how do I get into MRI?") is not what
    they ask about, but a label may name it with the subject or leave it out: either is
    right (``subject_right``).
    """

    topic: Optional[str]
    subject: Subject
    held: Subject = frozenset()

    def subject_right(self, label: Subject) -> bool:
        return self.subject <= label <= self.subject | self.held

    def right(self, case: "Case") -> bool:
        return self.topic == case.topic and self.subject_right(case.subject)


def understood(parse: Dict[str, Any], roles_of: Dict[str, str],
               classifier_only: bool = False) -> Reading:
    """The topic and subject a parse result stands for.

    With ``classifier_only``, the topic is the intent classifier's alone, before the topic
    words routed the message: the design this project had before topics were entities.
    """
    intent = (parse.get("intent") or {}).get("name")
    if classifier_only:
        intent = parse.get("classified_intent", intent)
    entities = [entity for entity in parse.get("entities") or []
                if entity.get("entity") in SUBJECT_ENTITIES]
    asked = asked_about(entities, parse.get("text") or "")
    topic = INTENT_TOPICS.get(intent)
    if intent == names.FOLLOW_UP and {e["entity"] for e in asked} == {names.STATE}:
        topic = in_a_state(None).topic  # "what about in Ohio?" with nothing before it
    return Reading(topic, _labelled(asked, roles_of),
                   _labelled([e for e in entities if e not in asked], roles_of))


def _labelled(entities: List[Dict[str, Any]], roles_of: Dict[str, str]) -> Subject:
    labels: Dict[str, List[str]] = {}
    for entity in entities:
        labels.setdefault(entity["entity"], []).append(entity["value"])
    return _subject(labels, roles_of)


def report(results: List[Tuple[Case, Reading]]) -> str:
    """Topic, subject and both-right rates, and the most frequent topic confusions."""
    total = len(results)
    topic = sum(case.topic == read.topic for case, read in results)
    subject = sum(read.subject_right(case.subject) for case, read in results)
    both = sum(read.right(case) for case, read in results)
    lines = [f"{total} questions: topic right {topic / total:.1%}, subject right "
             f"{subject / total:.1%}, both right {both / total:.1%}",
             "most frequent topic confusions (asked -> understood):"]
    confusions = Counter((case.topic, read.topic or "no topic") for case, read in results
                         if case.topic != read.topic)
    lines += [f"  {count:3}  {asked} -> {got}" for (asked, got), count
              in confusions.most_common(10)]
    missed = Counter(
        (_pairs(case.subject - read.subject - read.held), _pairs(read.subject - case.subject))
        for case, read in results if not read.subject_right(case.subject))
    lines.append("most frequent subject mistakes (missed / extra):")
    lines += [f"  {count:3}  {lost or '-'} / {extra or '-'}" for (lost, extra), count
              in missed.most_common(10)]
    return "\n".join(lines)


def _pairs(pairs: Subject) -> str:
    return ", ".join(f"{entity}={value}" for entity, value in sorted(pairs))


@dataclass(frozen=True)
class Turn:
    """One student message of an evaluation conversation, with what should be answered."""

    text: str
    topic: Optional[str]  # None: nothing to answer
    subject: Subject


def load_conversations(roles_of: Dict[str, str],
                       directory: Path = EVAL) -> List[Tuple[str, List[Turn]]]:
    """Each evaluation conversation: its title and its labelled turns.

    A turn labelled ``none`` asks nothing the assistant answers (nonsense, the weather):
    it is right when the assistant answers no question.
    """
    conversations = yaml.safe_load(
        (directory / "conversations.yml").read_text(encoding="utf-8"))
    return [(conversation["conversation"],
             [Turn(turn["text"], None if turn["topic"] == NO_TOPIC else turn["topic"],
                   _subject(turn.get("subject"), roles_of))
              for turn in conversation["turns"]])
            for conversation in conversations]


# The label of a conversation turn that asks nothing the assistant answers.
NO_TOPIC = "none"


# The actions that answer a question ("more detail" answers the last one further), and the
# replies that ask back instead of answering, or say nothing more is held back.
ANSWER_ACTIONS = frozenset({"action_answer", "action_answer_follow_up",
                            "action_choose_option", "action_compare_roles",
                            "action_answer_more_detail"})
PLANNER_ACTIONS = frozenset({"action_start_planner", "pathway_form", "action_give_plan"})
ASKING_BACK = frozenset({"utter_ask_role", "utter_ask_which_one", "utter_compare_needs_two",
                         "utter_no_more_detail"})


def answered(events: List[Dict[str, Any]], start: int,
             roles_of: Dict[str, str]) -> Tuple[Optional[str], Subject]:
    """The topic and subject the bot answered after the user message at ``events[start]``.

    Read from the tracker's events: the actions run since that message, what they
    uttered, and the slots as they stand after it (``topic``, the subject slots, the roles
    ``compared``, and the planner's ``target_role``). A question answered in the middle of
    the planner is that question, not the planner going on; a plan is about its role and
    the state it was made for; a question answered for each role compared is about them.
    A comparison is about the roles or credentials it set side by side, and the state it
    was made for.
    """
    slots: Dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event.get("value")
    turn = events[start + 1:]
    actions = {event.get("name") for event in turn if event.get("event") == "action"}
    uttered = {(event.get("metadata") or {}).get("utter_action")
               for event in turn if event.get("event") == "bot"}
    topic = slots.get("topic")
    if (actions & PLANNER_ACTIONS and not actions & ANSWER_ACTIONS) or (
            topic == names.PLAN_PATHWAY and uttered & {names.PLAN_CLOSE}):
        # the planner's plan, or the plan given again ("im in NC" after it)
        target, state = slots.get("target_role"), slots.get("state")
        return "pathway", frozenset({("role", target)} if target else ()) | frozenset(
            {("state", state)} if state and topic == names.PLAN_PATHWAY else ())
    if not actions & ANSWER_ACTIONS or uttered & ASKING_BACK:
        return None, frozenset()
    if topic == "comparing":
        # in a state, when the comparison was made there ("in ohio specifically")
        return topic, frozenset(
            [("role", role) for role in slots.get("compared") or []]
            + [("certification", credential)
               for credential in slots.get("compared_credentials") or []]
            + [("state", state) for state in [slots.get("state")] if state])
    labels = {entity: slots.get(entity) for entity in SUBJECT_ENTITIES if slots.get(entity)}
    if slots.get("compared"):
        # a question about "them" after a comparison, answered for each role compared (an
        # answer about one role clears the roles compared)
        labels["role"] = list(slots["compared"])
    return topic, _subject(labels, roles_of)


def held_in(events: List[Dict[str, Any]], start: int,
            roles_of: Dict[str, str]) -> Subject:
    """What the user message at ``events[start]`` names as already held ("I'm an RDMS")."""
    entities = (events[start].get("parse_data") or {}).get("entities") or []
    return _labelled([entity for entity in entities
                      if entity.get("entity") in SUBJECT_ENTITIES
                      and entity.get("role") in ASIDE],
                     roles_of)


def turn_is_right(turn: Turn, topic: Optional[str], subject: Subject,
                  held: Subject = frozenset()) -> bool:
    """Whether the bot answered the turn's topic about (at least) the turn's subject.

    The remembered subject may hold more than the turn names (a state asked about
    earlier); what the turn names must all be there, but for what the message says the
    student already holds, which a label may name or not (as ``Reading.subject_right``).
    """
    return topic == turn.topic and turn.subject <= subject | held


async def _parse_all(model: Path, cases: List[Case]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(case.text) for case in cases]


def agreement(directory: Path, second: Path, roles_of: Dict[str, str]) -> str:
    """How often a second annotator, labelling a set's questions blind, agreed with its author.

    ``second`` lists ``{n, topic, subject}`` for the n-th question of ``directory``. The
    figures bound what any reader of the messages can be expected to reach: a subject on
    which two careful people differ cannot be right by both labels.
    """
    questions = yaml.safe_load((directory / "questions.yml").read_text(encoding="utf-8"))
    labels = {entry["n"]: entry for entry in yaml.safe_load(second.read_text(encoding="utf-8"))}
    if sorted(labels) != list(range(len(questions))):
        raise ValueError(f"{second} does not label each question of {directory} once")
    topic = equal = within = both_equal = both_within = 0
    for number, question in enumerate(questions):
        first = _subject(question.get("subject"), roles_of)
        other = _subject(labels[number].get("subject"), roles_of)
        same_topic = question["topic"] == labels[number]["topic"]
        nested = first <= other or other <= first
        topic += same_topic
        equal += first == other
        within += nested
        both_equal += same_topic and first == other
        both_within += same_topic and nested
    total = len(questions)
    return (f"{total} questions, two annotators: topic agreed {topic / total:.1%}; subject "
            f"the same {equal / total:.1%} (one within the other {within / total:.1%}); "
            f"both {both_equal / total:.1%} ({both_within / total:.1%})")


def main(argv: List[str]) -> int:
    """Evaluate a model (``models/current.tar.gz`` by default) on an evaluation set.

    Usage: ``python -m bot.nlu.understanding [--model PATH] [--eval DIR]``; ``--eval``
    defaults to ``tests/nlu/eval``; ``tests/nlu/eval/fresh`` is a second set, written
    later by another author, for measuring again once a figure is reached.
    """
    parser = argparse.ArgumentParser(prog="python -m bot.nlu.understanding")
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "current.tar.gz")
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--second-annotator", type=Path, metavar="LABELS",
                        help="only compare the set's labels with a second annotator's")
    args = parser.parse_args(argv[1:])
    if not args.second_annotator and not args.model.is_file():
        print(f"No model at {args.model}: run `make train` first.", file=sys.stderr)
        return 1
    engine = make_engine()
    try:
        with sessionmaker(engine, future=True)() as session:
            roles_of = {s.id: s.role_id for s in session.scalars(select(Specialization))
                        if s.role_id}
    finally:
        engine.dispose()
    if args.second_annotator:
        print(agreement(args.eval, args.second_annotator, roles_of))
        return 0
    cases = load_cases(roles_of, args.eval)
    parses = asyncio.run(_parse_all(args.model, cases))
    print(f"evaluation set {args.eval}, model {args.model.name}")
    for design, classifier_only in (("topic words, classifier as backstop", False),
                                    ("intent classifier alone", True)):
        results = [(case, understood(parse, roles_of, classifier_only))
                   for case, parse in zip(cases, parses, strict=True)]
        print(f"\n{design}:")
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The evaluation set, end to end: single questions and whole conversations, with thresholds.

The questions and conversations in tests/nlu/eval (and the later, fresh set in
tests/nlu/eval/fresh) were written by people who never saw the training data. Single
questions are parsed by the trained model; conversations are held with the running bot,
turn by turn, and each turn is judged from the tracker: which question the bot answered
and about what (``bot.nlu.understanding.answered``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.core.agent import Agent
from sqlalchemy import select, text
from sqlalchemy.orm import sessionmaker

from bot.kb.db import make_engine
from bot.kb.models import Specialization
from bot.nlu.understanding import (
    EVAL,
    answered,
    held_in,
    load_cases,
    load_conversations,
    report,
    turn_is_right,
    understood,
)
from bot.training import MODEL_PATH

SETS = [EVAL, EVAL / "fresh", EVAL / "fresh2", EVAL / "fresh3", EVAL / "fresh4",
        EVAL / "fresh5", EVAL / "fresh6", EVAL / "fresh7"]
# Written later from the same brief, whose failures may be read while the held-out sets'
# are not: the first set and these are where mistakes are studied. dev has conversations
# only; dev2 and dev3 (2026-11-27) and dev4 (2026-11-29) questions too.
DEV, DEV2, DEV3, DEV4 = EVAL / "dev", EVAL / "dev2", EVAL / "dev3", EVAL / "dev4"
READ = (EVAL, DEV, DEV2, DEV3, DEV4)
# The targets: topic and subject both right on 95% of single questions, and every
# turn right in 90% of conversations. FLOORS are what main must not fall below while the
# targets are worked towards (the README gives the current figures).
FLOORS = {"questions": 0.70, "conversations": 0.40}


@pytest.fixture(scope="module")
def roles_of(bot) -> Dict[str, str]:
    engine = make_engine(bot.database_url)
    try:
        with sessionmaker(engine, future=True)() as session:
            return {s.id: s.role_id for s in session.scalars(select(Specialization))
                    if s.role_id}
    finally:
        engine.dispose()


def tracker_events(tracker_store_url: str, sender: str) -> List[Dict[str, Any]]:
    """The events of one conversation, in order, as the SQL tracker store holds them."""
    engine = make_engine(tracker_store_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
                {"sender": sender})
            return [json.loads(row.data) for row in rows]
    finally:
        engine.dispose()


@pytest.mark.parametrize("directory", SETS + [DEV2, DEV3, DEV4],
                         ids=["eval", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
                              "fresh7", "dev2", "dev3", "dev4"])
async def test_single_questions(bot, roles_of, directory: Path):
    agent = Agent.load(str(MODEL_PATH))
    cases = load_cases(roles_of, directory)
    results = []
    for case in cases:
        parse = await agent.parse_message(case.text)
        results.append((case, understood(parse, roles_of)))
    print(f"\n{directory.name}: {report(results)}")
    both = sum(read.right(case) for case, read in results) / len(results)
    assert both >= FLOORS["questions"]


@pytest.mark.parametrize("directory", SETS + [DEV, DEV2, DEV3, DEV4],
                         ids=["eval", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
                              "fresh7", "dev", "dev2", "dev3", "dev4"])
def test_conversations(bot, roles_of, directory: Path):
    conversations = load_conversations(roles_of, directory)
    store = bot.environment["TRACKER_STORE_URL"]
    right_throughout, wrong_turns = 0, Counter()
    failures = []
    for number, (title, turns) in enumerate(conversations):
        sender = f"eval-{directory.name}-{number}"
        all_right = True
        for turn in turns:
            bot.ask(turn.text, sender)
            events = tracker_events(store, sender)
            start = max(i for i, event in enumerate(events) if event.get("event") == "user")
            topic, subject = answered(events, start, roles_of)
            if not turn_is_right(turn, topic, subject, held_in(events, start, roles_of)):
                all_right = False
                wrong_turns[(turn.topic, topic or "no answer")] += 1
                failures.append(f"{title}: {turn.text!r} -> {topic} {sorted(subject)} "
                                f"(expected {turn.topic} {sorted(turn.subject)})")
        right_throughout += all_right
    share = right_throughout / len(conversations)
    print(f"\n{directory.name}: {right_throughout} of {len(conversations)} conversations right "
          f"at every turn ({share:.0%}); wrong turns (asked -> answered): "
          + ", ".join(f"{asked} -> {got} x{n}" for (asked, got), n in wrong_turns.most_common(8)))
    if directory in READ:  # the fresh sets stay held out: their failures are not read
        print("\n".join(failures))
    assert share >= FLOORS["conversations"]

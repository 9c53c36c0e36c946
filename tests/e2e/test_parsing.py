"""The trained model's parse of messages whose reading depends on the words around a name.

The routing rules and the held-name rules are unit-tested alone (tests/nlu); here the whole
pipeline (the classifier, the knowledge-base entities, the topic router) reads each
message, so a rule that a component never applies would show.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

import pytest
from rasa.core.agent import Agent

from bot.training import MODEL_PATH

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def parse(bot):
    agent = Agent.load(str(MODEL_PATH))

    def parsed(text: str) -> Dict[str, Any]:
        return asyncio.run(agent.parse_message(text))

    return parsed


def names(parse: Dict[str, Any], role=None) -> List[Tuple[str, str]]:
    return sorted((e["entity"], e["value"]) for e in parse["entities"]
                  if e["entity"] not in ("topic", "mention") and e.get("role") == role)


@pytest.mark.parametrize("text, intent, asked, held", [
    # moving from one role into another: the role left is held, the one entered is asked
    ("how do x ray techs get into mammography", None,
     [("specialization", "mammography")], [("role", "radiologic_technologist")]),
    ("how long to go from rad tech to radiation therapist", "ask_program_length",
     [("role", "radiation_therapist")], [("role", "radiologic_technologist")]),
    # the words that name the topic are not a term to define, wherever they are
    ("how do you keep your ARRT(CT) current, whats the CE requirement",
     "ask_continuing_education", [("certification", "arrt_ct")], []),
    ("what does CE stand for", "ask_acronym", [("term", "continuing_education")], []),
    # a long question is not the "start over" command it mentions
    ("if i become an xray tech can i switch to radiation therapy later without starting all "
     "over", "ask_prerequisites",
     [("role", "radiation_therapist"), ("role", "radiologic_technologist")], []),
    ("start over", "start_over", [], []),
])
def test_the_words_around_a_name_decide_how_it_is_read(parse, text, intent, asked, held):
    parsed = parse(text)
    if intent is not None:
        assert parsed["intent"]["name"] == intent
    assert names(parsed) == sorted(asked)
    assert names(parsed, "held") == sorted(held)

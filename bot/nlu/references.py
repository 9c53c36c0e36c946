"""References to something the bot listed: "the first one", "the last option", "that one".

The value of each ``mention`` entity is what ``bot.answers.context.resolve_mention``
expects: a position counted from 1 (negative from the end), ``this``, ``each`` for
"which one" / "both", which asks about every item compared or listed, or ``named:<words>``
for "the therapy one", an item called by a word of its name. Only phrases that
clearly point into a list are matched, so "what should I do first?" is not a reference.
"""

from __future__ import annotations

import re
from typing import List

from bot.answers.context import EACH, NAMED, THIS
from bot.nlu.entities import EntityMatch

LABEL = "mention"

_POSITIONS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "5th": 5, "last": -1, "former": 1, "latter": -1,
}
_NOUNS = r"(?:one|option|choice|career|role|job|credential|certification|specialty|specialization)"
_PATTERNS = (
    # "the second one", "the last option", "first choice"
    re.compile(rf"\b(?P<position>{'|'.join(_POSITIONS)})\s+{_NOUNS}\b", re.IGNORECASE),
    # "the former", "the latter"; "the second" ending the message
    re.compile(r"\bthe\s+(?P<position>former|latter)\b", re.IGNORECASE),
    re.compile(rf"\bthe\s+(?P<position>{'|'.join(_POSITIONS)})\s*[.!?]*\s*$", re.IGNORECASE),
    # "number 2", "option 3", "#1"
    re.compile(r"(?:\b(?:number|option|choice)\s*|#)(?P<number>[1-9])\b", re.IGNORECASE),
    # "that one", "this one"
    re.compile(r"\b(?P<this>that|this)\s+one\b", re.IGNORECASE),
    # "which one pays more?", "which of them", "both", "either": every item in question
    re.compile(r"\b(?P<each>which\s+(?:one|of\s+(?:them|the\s+two|those|these))|both"
               r"|either(?:\s+one|\s+of\s+them)?)\b", re.IGNORECASE),
    # "which is fewer years of school?", "which pays better": a comparative asks about
    # every item compared ("which is the fastest?" asks among all careers, and is not one)
    re.compile(r"\b(?P<each>which(?=\s+(?:is|has|pays|takes|needs|requires|gets|makes|"
               r"offers|would\s+be|will\s+be)\s+(?:\w+\s+){0,2}?(?:more|less|fewer|better|"
               r"worse|easier|harder|quicker|faster|shorter|longer|higher|lower|cheaper)\b))",
               re.IGNORECASE),
    # "the therapy one", "the nuc med one": an item listed, called by a word of its name
    re.compile(r"\bthe\s+(?P<named>[a-z]{2,}(?:\s+[a-z]{2,})?)\s+one\b", re.IGNORECASE),
)


def find_mentions(text: str) -> List[EntityMatch]:
    """The list references in ``text``, each once, in order."""
    found: List[EntityMatch] = []
    taken: List[range] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(set(span) & set(other) for other in taken):
                continue
            groups = match.groupdict()
            if groups.get("position"):
                value = str(_POSITIONS[groups["position"].lower()])
            elif groups.get("number"):
                value = groups["number"]
            elif groups.get("each"):
                value = EACH
            elif groups.get("named"):
                value = NAMED + groups["named"].lower()
            else:
                value = THIS
            taken.append(span)
            found.append(EntityMatch(LABEL, value, match.start(), match.end(), match.group(0),
                                     1.0))
    return sorted(found, key=lambda m: m.start)

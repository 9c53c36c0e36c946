"""What the knowledge base holds for each role and each question students ask first.

For every role and topic, a cell is a sourced ``fact``, an honest recorded ``gap`` (an
entry marked ``uncertain`` or ``not_found``, which the assistant says plainly), or a
``hole``: nothing at all, so the assistant could only say it has no entry. Read from the
validated knowledge files, so ``make validate`` shows it before anything is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Tuple

from bot.kb.models import NUMBERLESS_QUALITIES

Entry = Dict[str, Any]
Knowledge = Dict[str, List[Entry]]

FACT, GAP, HOLE = "fact", "gap", "hole"


@dataclass(frozen=True)
class Topic:
    """A column of the matrix: the kind of entry that answers it, and when one does."""

    name: str
    kind: str
    applies: Callable[[Entry], bool] = lambda entry: True
    # Whether an entry states the fact; one that does not is a recorded gap.
    states: Callable[[Entry], bool] = lambda entry: True


def _settled(entry: Entry) -> bool:
    return entry["quality"] not in NUMBERLESS_QUALITIES


TOPICS: Tuple[Topic, ...] = (
    Topic("overview", "roles"),
    Topic("education", "education", states=lambda e: bool(e["award"])),
    Topic("program_length", "programs", states=lambda e: bool(e["length"])),
    Topic("certification", "credentials"),
    Topic("work_setting", "work_conditions", applies=lambda e: e["aspect"] == "work_setting"),
    Topic("physical_demands", "work_conditions",
          applies=lambda e: e["aspect"] == "physical_demands"),
    Topic("high_school", "high_school", states=lambda e: bool(e["subjects"])),
    Topic("pay", "pay", states=lambda e: e["median_annual_usd"] is not None),
    Topic("outlook", "outlook", states=lambda e: e["growth_percent"] is not None),
    Topic("licensure", "licensure", applies=lambda e: e["state"] is None),
)


def coverage(knowledge: Knowledge) -> Dict[str, Dict[str, str]]:
    """Role id → topic → ``fact``, ``gap`` or ``hole``."""
    matrix: Dict[str, Dict[str, str]] = {}
    for role in knowledge["roles"]:
        row = {}
        for topic in TOPICS:
            entries = [entry for entry in knowledge[topic.kind]
                       if _role_of(topic, entry) == role["id"] and topic.applies(entry)]
            if any(_settled(entry) and topic.states(entry) for entry in entries):
                row[topic.name] = FACT
            else:
                row[topic.name] = GAP if entries else HOLE
        matrix[role["id"]] = row
    return matrix


def _role_of(topic: Topic, entry: Entry) -> str:
    return entry["id"] if topic.kind == "roles" else entry["role"]


def holes(matrix: Dict[str, Dict[str, str]]) -> List[Tuple[str, str]]:
    """The (role, topic) cells with nothing recorded."""
    return [(role, topic) for role, row in matrix.items()
            for topic, cell in row.items() if cell == HOLE]


def render(matrix: Dict[str, Dict[str, str]]) -> str:
    """The matrix as a Markdown table (it reads the same in a terminal and in the README)."""
    topics = [topic.name for topic in TOPICS]
    lines = ["| role | " + " | ".join(topics) + " |",
             "|---|" + "---|" * len(topics)]
    for role, row in matrix.items():
        lines.append(f"| {role} | " + " | ".join(
            row[topic].upper() if row[topic] == HOLE else row[topic] for topic in topics)
            + " |")
    return "\n".join(lines)

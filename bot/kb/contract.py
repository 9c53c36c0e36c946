"""What the answers rely on in the knowledge files, checked before anything is written.

The code never names a knowledge id: it finds a pathway step by its ``kind``, the term
that explains a pathway by ``explains``, a starting point's meaning by ``situation``. These
checks make sure the files give the code what it looks for (each required kind once),
and that the quality marks mean what they say, so a mistake is a ``make validate`` error
with file, entry and field instead of a live error in a conversation.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.kb.models import NUMBERLESS_QUALITIES, STEP_KINDS
from bot.kb.problems import Problem
from bot.kb.schema import KINDS, KINDS_BY_NAME

Entry = Dict[str, Any]
Knowledge = Dict[str, List[Entry]]

# Terms the answers look up by what they explain; each must be in the files exactly once.
REQUIRED_EXPLANATIONS = ("post_primary_pathway",)
# Whole numbers that order entries rather than state a fact.
STRUCTURAL_NUMBERS = ("position",)
# Source kinds whose facts can never be "verified" (read on the organisation's own page).
UNVERIFIABLE_SOURCE_KINDS = ("secondary", "seed")


def check_contract(knowledge: Knowledge) -> List[Problem]:
    """Every problem with what the answers rely on; ``knowledge`` is already well-formed."""
    return (
        _general_pathway(knowledge)
        + _explanations(knowledge)
        + _starting_points(knowledge)
        + _where_states_list_their_bodies(knowledge)
        + _one_plan_note_a_role(knowledge)
        + _quality_marks(knowledge)
    )


def _one_plan_note_a_role(knowledge: Knowledge) -> List[Problem]:
    """At most one licensure note a role is the plan's, and it is about no one state."""
    file = KINDS_BY_NAME["licensure"].file_name
    problems, seen = [], {}
    for note in knowledge["licensure"]:
        if not note.get("in_plan"):
            continue
        if note.get("role") is None or note.get("state") is not None:
            problems.append(Problem(file, note["id"], "in_plan",
                                    "the plan's note is a role's, not about one state"))
        elif note["role"] in seen:
            problems.append(Problem(file, note["id"], "in_plan",
                                    f"'{seen[note['role']]}' is already the plan's note "
                                    f"for {note['role']}"))
        else:
            seen[note["role"]] = note["id"]
    return problems


def _general_pathway(knowledge: Knowledge) -> List[Problem]:
    file = KINDS_BY_NAME["pathway_steps"].file_name
    general = [step for step in knowledge["pathway_steps"] if step["role"] is None]
    problems = []
    for kind in STEP_KINDS:
        steps = [step["id"] for step in general if step["kind"] == kind]
        if len(steps) != 1:
            found = f"found {len(steps)}" + (f" ({', '.join(steps)})" if steps else "")
            problems.append(Problem(file, None, "kind",
                                    f"the general pathway (no role) needs exactly one "
                                    f"'{kind}' step, {found}"))
    positions = [step["position"] for step in general]
    if len(set(positions)) != len(positions):
        problems.append(Problem(file, None, "position",
                                "two steps of the general pathway share a position"))
    return problems


def _explanations(knowledge: Knowledge) -> List[Problem]:
    file = KINDS_BY_NAME["terms"].file_name
    problems = []
    for concept in {t["explains"] for t in knowledge["terms"] if t["explains"]} | set(
            REQUIRED_EXPLANATIONS):
        terms = [t["id"] for t in knowledge["terms"] if t["explains"] == concept]
        if len(terms) > 1:
            problems.append(Problem(file, terms[1], "explains",
                                    f"'{concept}' is already explained by '{terms[0]}'"))
        elif not terms and concept in REQUIRED_EXPLANATIONS:
            problems.append(Problem(file, None, "explains",
                                    f"one term must have explains: {concept}"))
    return problems


def _starting_points(knowledge: Knowledge) -> List[Problem]:
    if knowledge["starting_points"]:
        return []
    return [Problem(KINDS_BY_NAME["starting_points"].file_name, None, None,
                    "the planner needs at least one starting point")]


def _where_states_list_their_bodies(knowledge: Knowledge) -> List[Problem]:
    """A general licensure note (no role, no state) cites the page listing every state's body.

    The assistant points a student in any state there; without it, it could not say where
    to look.
    """
    urls = {source["id"]: source["url"] for source in knowledge["sources"]}
    general = [note for note in knowledge["licensure"]
               if note["role"] is None and note["state"] is None]
    if any(urls.get(note["source"]) for note in general):
        return []
    return [Problem(KINDS_BY_NAME["licensure"].file_name, None, "source",
                    "one note with no role and no state must cite a page with a url: the "
                    "list of every state's licensing body, where students are pointed")]


def _quality_marks(knowledge: Knowledge) -> List[Problem]:
    """An uncertain or missing fact states no number; a page quoting a body is not verified."""
    source_kinds = {source["id"]: source["kind"] for source in knowledge["sources"]}
    problems = []
    for kind in KINDS:
        if not kind.is_fact:
            continue
        numbers = [f for f in kind.all_fields
                   if f.type in ("int", "outline") and f.name not in STRUCTURAL_NUMBERS]
        for entry in knowledge[kind.name]:
            quality = entry["quality"]
            if quality in NUMBERLESS_QUALITIES:
                for field in numbers:
                    if entry[field.name] not in (None, []):
                        problems.append(Problem(
                            kind.file_name, entry["id"], field.name,
                            f"{_label(quality)} states no number: leave it empty and put "
                            f"a known number in an entry of its own"))
            source_kind = source_kinds.get(entry["source"])
            if quality == "verified" and source_kind in UNVERIFIABLE_SOURCE_KINDS:
                problems.append(Problem(
                    kind.file_name, entry["id"], "quality",
                    f"a fact from a {source_kind} source cannot be verified: use secondary"))
    return problems


def _label(quality: str) -> str:
    return {"uncertain": "an uncertain fact", "not_found": "a fact not found"}[quality]

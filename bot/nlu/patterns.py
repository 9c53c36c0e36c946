"""Entity patterns generated from the knowledge base's names and aliases.

Each pattern carries the entity label (``role``, ``certification``, ``specialization``,
``term`` or the planner's ``stage``) and the knowledge base's id, so a match is already
normalised: "ultrasound techs" is ``role`` = ``sonographer``. Careers outside imaging
(``other_career``) come from a lookup table in ``data/nlu``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kb.models import (
    Credential,
    Organization,
    Role,
    Specialization,
    StartingPoint,
    State,
    Term,
)


@dataclass(frozen=True)
class AliasEntry:
    """One way of naming one thing in the knowledge base."""

    label: str
    id: str
    text: str
    exact: bool = False
    after: Optional[str] = None  # named so only right after this word ("in VA")


def alias_entries(session: Session) -> List[AliasEntry]:
    """Every name and alias in the knowledge base, with the entity label and id it maps to.

    Names and ``aliases`` match in any casing; abbreviations, acronyms and ``exact_aliases``
    only as written (their lower-case forms are listed in ``aliases`` where they are safe).
    Where two things claim one alias, the first listed here keeps it: roles, then
    specializations, credentials, organizations, terms, starting points and states ("CT"
    stays computed tomography, even after "in").
    """
    entries: List[AliasEntry] = []
    for role in session.scalars(select(Role).order_by(Role.id)):
        entries += _entries("role", role.id, [role.name, *role.aliases], role.exact_aliases)
    for specialization in session.scalars(select(Specialization).order_by(Specialization.id)):
        entries += _entries(
            "specialization",
            specialization.id,
            [specialization.name, *specialization.aliases],
            specialization.exact_aliases,
        )
        # An acronym written in capitals only ("PET": "my pet is sick") is the specialty in
        # lower case too right after "into": "how do i get into pet".
        entries += [AliasEntry("specialization", specialization.id, acronym.lower(), exact=True,
                               after=SPECIALTY_CONTEXT)
                    for acronym in specialization.exact_aliases
                    if acronym.isupper() and acronym.isalpha() and len(acronym) >= 3]
    for credential in session.scalars(select(Credential).order_by(Credential.id)):
        names = [credential.name, *credential.aliases]
        exact = [credential.abbreviation, *credential.exact_aliases]
        entries += _entries("certification", credential.id, names, exact)
    for organization in session.scalars(select(Organization).order_by(Organization.id)):
        label = "certification" if organization.kind == "certifying" else "term"
        names = [organization.name, *organization.aliases]
        exact = [organization.acronym, *organization.exact_aliases]
        entries += _entries(label, organization.id, names, exact)
    for term in session.scalars(select(Term).order_by(Term.id)):
        names = [term.expansion, *term.aliases]
        entries += _entries("term", term.id, names, [term.acronym, *term.exact_aliases])
    for start in session.scalars(select(StartingPoint).order_by(StartingPoint.position)):
        entries += _entries("stage", start.id, start.aliases, start.exact_aliases)
        if start.situation == IN_PROGRAM:
            # "sono student here", "a CT student": in a program of any role or specialty
            # (the role within is what the student studies, ``careers_within_stages``)
            entries += _entries("stage", start.id, *_students(session))
    for state in session.scalars(select(State).order_by(State.id)):
        entries += _entries("state", state.id, [state.name, *state.aliases], state.exact_aliases)
        if state.abbreviation and state.abbreviation not in state.exact_aliases:
            # A postal code that is also a word ("IN", "OK") or names something else ("VA"
            # hospitals) is a state only in capitals right after "in": "techs in VA".
            entries.append(AliasEntry("state", state.id, state.abbreviation, exact=True,
                                      after=STATE_CODE_CONTEXT))
        lower = (state.abbreviation or "").lower()
        if (lower and lower not in {alias.lower() for alias in state.aliases}
                and lower not in NOT_PLACES_AFTER_IN):
            # Students type in lower case: "what about in ca", "techs in md". After "in",
            # the code is a place even where it is also a piece of a word ("ca" of "can't").
            entries.append(AliasEntry("state", state.id, lower, exact=True,
                                      after=STATE_CODE_CONTEXT))
    return _deduplicate(entries)


# The starting point of a student in a program, whatever its role.
IN_PROGRAM = "in_program"


def _students(session: Session) -> Tuple[List[str], List[str]]:
    """A student of each role and specialty, by its names and by its exact acronyms."""
    names: List[str] = []
    exact: List[str] = []
    for kind in (Role, Specialization):
        for thing in session.scalars(select(kind).order_by(kind.id)):
            names += [f"{name} student" for name in [thing.name, *thing.aliases] if name]
            exact += [f"{name} student" for name in thing.exact_aliases if name]
    return names, exact


# The word before a postal code that says it is a place.
STATE_CODE_CONTEXT = "in"
# The word before a specialty's acronym in lower case that says it is the specialty.
SPECIALTY_CONTEXT = "into"
# Lower-case codes that are something else even after "in": English words ("believe in
# me", "in or out") and Los Angeles ("MRI techs in la").
NOT_PLACES_AFTER_IN = frozenset({"in", "or", "me", "hi", "ok", "oh", "la"})


def _entries(
    label: str, id_: str, names: Iterable[str], exact: Iterable[str]
) -> List[AliasEntry]:
    found = [AliasEntry(label, id_, name.strip()) for name in names if name and name.strip()]
    found += [AliasEntry(label, id_, name.strip(), exact=True) for name in exact if name]
    return found


def _deduplicate(entries: List[AliasEntry]) -> List[AliasEntry]:
    """Drop repeats; the first thing to claim a case-insensitive alias keeps it.

    A name matched only after a word ("in VA") gives way to another thing that claims it
    first, in any casing: "in CT" is where a technologist works, not Connecticut. The
    thing's own use does not count: "CA" in capitals anywhere, "ca" after "in", are both
    California; "PET" and "into pet" are both the specialty, though NMTCB's PET credential
    is called "PET" too.
    """
    owners: Dict[str, Tuple[str, str]] = {}
    for entry in entries:
        if not entry.after:
            owners.setdefault(entry.text.lower(), (entry.label, entry.id))
    entries = [entry for entry in entries if not entry.after or owners.get(
        entry.text.lower(), (entry.label, entry.id)) == (entry.label, entry.id)]
    seen = {}
    kept = []
    for entry in entries:
        key = entry.text if entry.exact else entry.text.lower()
        owner: Optional[AliasEntry] = seen.get(key)
        if owner is None:
            seen[key] = entry
            kept.append(entry)
    return kept


def plural_forms(word: str) -> List[str]:
    """The regular English plurals of ``word`` (lower case), for matching "techs" to "tech"."""
    if not word.isalpha() or len(word) < 3:
        return []
    if word.endswith(("s", "x", "z", "sh")):
        return [word + "es"]
    if word.endswith("ch"):  # "coaches", but "techs"
        return [word + "es", word + "s"]
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word[:-1] + "ies", word + "s"]
    return [word + "s"]


OTHER_CAREER = "other_career"


def other_career_entries(path: Path) -> List[AliasEntry]:
    """Careers outside imaging, from the ``other_career`` lookup table at ``path``.

    They are recognised so that "how much do accountants make?" gets the out-of-scope
    reply, not an imaging answer. The id is the name itself.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries: List[AliasEntry] = []
    for block in data.get("nlu") or []:
        if block.get("lookup") != OTHER_CAREER:
            continue
        for line in str(block.get("examples") or "").splitlines():
            name = line.strip().removeprefix("- ").strip()
            if name:
                entries.append(AliasEntry(OTHER_CAREER, name.replace(" ", "_"), name))
    return entries


def pipeline_entries(session: Session, other_careers: Path) -> List[AliasEntry]:
    """Everything the spaCy pipeline recognises.

    The knowledge base's names come first, then the careers outside imaging; a name the
    knowledge base claims stays the knowledge base's.
    """
    return _deduplicate(alias_entries(session) + other_career_entries(other_careers))

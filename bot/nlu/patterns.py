"""Entity patterns generated from the knowledge base's names and aliases.

Each pattern carries the entity label (``role``, ``certification``, ``specialization`` or
``term``) and the knowledge base's id, so a match is already normalised: "ultrasound techs"
is ``role`` = ``sonographer``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kb.models import Credential, Organization, Role, Specialization, Term


@dataclass(frozen=True)
class AliasEntry:
    """One way of naming one thing in the knowledge base."""

    label: str
    id: str
    text: str
    exact: bool = False


def alias_entries(session: Session) -> List[AliasEntry]:
    """Every name and alias in the knowledge base, with the entity label and id it maps to.

    Names and ``aliases`` match in any casing; abbreviations, acronyms and ``exact_aliases``
    only as written (their lower-case forms are listed in ``aliases`` where they are safe).
    Where two things claim one alias, the first listed here keeps it: roles, then
    specializations, credentials, organizations and terms.
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
    return _deduplicate(entries)


def _entries(
    label: str, id_: str, names: Iterable[str], exact: Iterable[str]
) -> List[AliasEntry]:
    found = [AliasEntry(label, id_, name.strip()) for name in names if name and name.strip()]
    found += [AliasEntry(label, id_, name.strip(), exact=True) for name in exact if name]
    return found


def _deduplicate(entries: List[AliasEntry]) -> List[AliasEntry]:
    """Drop repeats; the first thing to claim a case-insensitive alias keeps it."""
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

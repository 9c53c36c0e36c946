"""Checking the ids a question names, and offering roles to choose from."""

from __future__ import annotations

from typing import List, Tuple

from sqlalchemy.orm import Session

from bot.answers.core import Subject
from bot.kb import queries
from bot.kb.models import Credential, Organization, Role, Specialization, State, Term

# Which tables an entity's value may name.
_TABLES = {
    "role": (Role,),
    "certification": (Credential, Organization),
    "specialization": (Specialization,),
    "term": (Term, Organization),
    "state": (State,),
}


def unknown_values(session: Session, subject: Subject) -> List[Tuple[str, str]]:
    """The (entity, value) pairs of ``subject`` that name nothing in the knowledge base."""
    unknown = []
    for entity, tables in _TABLES.items():
        value = getattr(subject, entity)
        if value and not any(session.get(table, value) is not None for table in tables):
            unknown.append((entity, value))
    return unknown


def role_choices(session: Session) -> List[Tuple[str, str]]:
    """(id, name) of every role, for a "which one do you mean?" question."""
    return [(role.id, role.name) for role in queries.all_roles(session)]


def describe(session: Session, entity: str, value: str) -> str:
    """What an (entity, id) is called, for a button title: its name or abbreviation."""
    for table in _TABLES.get(entity, ()):
        row = session.get(table, value)
        if row is None:
            continue
        for attribute in ("name", "abbreviation", "acronym"):
            title = getattr(row, attribute, None)
            if title:
                return title
    return value

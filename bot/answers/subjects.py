"""Checking the ids a question names, and offering roles to choose from."""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Tuple

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


def body_credential(session: Session, body_id: str, role_id: Optional[str],
                    specialization_id: Optional[str]) -> Optional[str]:
    """The one credential a certifying body awards for a specialization or role, if one.

    "Is it through ARRT?" about bone densitometry means ARRT's bone densitometry
    credential; "the NMTCB" for CT, its CT credential; "the ARRT exam" for a radiographer,
    ARRT's radiography exam. For a role, a credential of the role's own (not one of its
    specialties) is the one meant. ``None`` when the body awards none or several of them
    (ARRT's two interventional credentials).
    """
    body = session.get(Organization, body_id)
    if body is None:
        return None
    awarded = list(body.credentials)
    if specialization_id:
        found = [c for c in awarded
                 if any(s.id == specialization_id for s in c.specializations)]
    elif role_id:
        found = [c for c in awarded if c.role_id == role_id]
        if len(found) > 1:
            found = [c for c in found if not c.specializations]
    else:
        found = []
    return found[0].id if len(found) == 1 else None


def specific(session: Session, subject: Subject) -> Subject:
    """``subject`` with a certifying body in it made the body's credential for its career."""
    if not subject.certification or session.get(Credential, subject.certification):
        return subject
    meant = body_credential(session, subject.certification, subject.role,
                            subject.specialization)
    return replace(subject, certification=meant) if meant else subject


def for_career_studied(session: Session, subject: Subject,
                       studied: Optional[Tuple[str, str]]) -> Subject:
    """``subject``, with the career the student trains for where its credential is for it.

    "The registry", said by a radiography student, is ARRT's radiography exam, and "ARRT(R)"
    is radiography's: either way the question is about the career studied too, which a next
    question ("do i need a state license too?") keeps. A credential for another career
    ("I'm in rad school, what's the RDMS?") is left alone.
    """
    if studied is None or not subject.certification or subject.role or subject.specialization:
        return subject
    entity, career = studied
    with_career = specific(session, replace(subject, **{entity: career}))
    credential = session.get(Credential, with_career.certification)
    if credential is None:
        return subject
    careers = {credential.role_id, *(s.id for s in credential.specializations),
               *(s.role_id for s in credential.specializations)}
    return with_career if career in careers else subject


def who(session: Session, value: str) -> Subject:
    """The subject a remembered career id stands for: a role's, else a specialization's.

    The roles talked about lately (the ``recent_roles`` slot) hold both: "what about for
    CT?" remembers the CT specialization, "how do sonographers ..." the role.
    """
    if session.get(Role, value) is None and session.get(Specialization, value) is not None:
        return Subject(specialization=value)
    return Subject(role=value)


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

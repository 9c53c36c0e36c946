"""Read-only queries over the knowledge base. Every function takes the caller's session."""

from __future__ import annotations

from typing import List, Optional, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.kb.models import (
    ClinicalExperience,
    ContinuingEducationRule,
    Credential,
    Education,
    LicensureNote,
    Organization,
    OutlookFigure,
    PathwayStep,
    PayFigure,
    Role,
    Skill,
    Specialization,
    StartingPoint,
    Term,
    credential_prerequisites,
    credential_specializations,
)


def all_roles(session: Session) -> List[Role]:
    """Every role, in the order of their names."""
    return list(session.scalars(select(Role).order_by(Role.name)))


def role(session: Session, role_id: str) -> Optional[Role]:
    """The role with this id, or None."""
    return session.get(Role, role_id)


def credential(session: Session, credential_id: str) -> Optional[Credential]:
    """The credential with this id, or None."""
    return session.get(Credential, credential_id)


def organization(session: Session, organization_id: str) -> Optional[Organization]:
    """The organization with this id, or None."""
    return session.get(Organization, organization_id)


def specialization(session: Session, specialization_id: str) -> Optional[Specialization]:
    """The specialization with this id, or None."""
    return session.get(Specialization, specialization_id)


def term(session: Session, term_id: str) -> Optional[Term]:
    """The term with this id, or None."""
    return session.get(Term, term_id)


def education(session: Session, role_id: str) -> Optional[Education]:
    """The education facts for a role, or None."""
    return session.scalars(select(Education).where(Education.role_id == role_id)).first()


def role_credentials(session: Session, role_id: str) -> List[Credential]:
    """The credentials that qualify someone for ``role_id``, active ones first."""
    rows = session.scalars(
        select(Credential).where(Credential.role_id == role_id).order_by(Credential.id)
    )
    return sorted(rows, key=lambda c: (c.status != "active", c.pathway != "primary", c.id))


def all_specializations(session: Session) -> List[Specialization]:
    """Every specialization, by name."""
    return list(session.scalars(select(Specialization).order_by(Specialization.name)))


def specializations_reachable_from(session: Session, role_id: str) -> List[Specialization]:
    """Specializations whose credentials accept ``role_id`` as the prerequisite."""
    reachable = (
        select(credential_specializations.c.specialization_id)
        .join(
            credential_prerequisites,
            credential_prerequisites.c.credential_id
            == credential_specializations.c.credential_id,
        )
        .where(credential_prerequisites.c.role_id == role_id)
    )
    statement = (
        select(Specialization)
        .where(Specialization.id.in_(reachable))
        .order_by(Specialization.name)
    )
    return list(session.scalars(statement))


def continuing_education_for(
    session: Session, credentials: Sequence[Credential]
) -> List[ContinuingEducationRule]:
    """The rules that apply to any of ``credentials``.

    A rule listing credentials applies to those; a rule listing none applies to every
    credential its organization awards.
    """
    rules: List[ContinuingEducationRule] = []
    ids = {c.id for c in credentials}
    organizations = {c.organization_id for c in credentials}
    candidates = session.scalars(
        select(ContinuingEducationRule).order_by(ContinuingEducationRule.id)
    )
    for rule in candidates:
        listed = {c.id for c in rule.credentials}
        if (listed and listed & ids) or (not listed and rule.organization_id in organizations):
            rules.append(rule)
    return rules


def clinical_experience(session: Session, role_id: Optional[str]) -> List[ClinicalExperience]:
    """General clinical-experience facts plus those for ``role_id``."""
    condition = ClinicalExperience.role_id.is_(None)
    if role_id:
        condition = or_(condition, ClinicalExperience.role_id == role_id)
    return list(
        session.scalars(
            select(ClinicalExperience).where(condition).order_by(ClinicalExperience.id)
        )
    )


def pay(session: Session, role_id: str) -> Optional[PayFigure]:
    """The pay figure for a role, or None."""
    return session.scalars(select(PayFigure).where(PayFigure.role_id == role_id)).first()


def all_pay(session: Session) -> List[PayFigure]:
    """Every pay figure, known or not."""
    return list(session.scalars(select(PayFigure).order_by(PayFigure.id)))


def outlook(session: Session, role_id: Optional[str]) -> List[OutlookFigure]:
    """The outlook figures for ``role_id``, or the general ones when it has none."""
    if role_id:
        rows = list(session.scalars(select(OutlookFigure).where(OutlookFigure.role_id == role_id)))
        if rows:
            return rows
    return list(session.scalars(select(OutlookFigure).where(OutlookFigure.role_id.is_(None))))


def skills(session: Session, role_id: Optional[str]) -> List[Skill]:
    """General skills, then those for ``role_id``."""
    condition = Skill.role_id.is_(None)
    if role_id:
        condition = or_(condition, Skill.role_id == role_id)
    rows = session.scalars(select(Skill).where(condition).order_by(Skill.id))
    return sorted(rows, key=lambda s: s.role_id is not None)


def licensure(session: Session, role_id: str) -> List[LicensureNote]:
    """The licensure notes for a role."""
    return list(
        session.scalars(
            select(LicensureNote).where(LicensureNote.role_id == role_id).order_by(LicensureNote.id)
        )
    )


def pathway_steps(session: Session) -> List[PathwayStep]:
    """The general pathway, in order."""
    return list(
        session.scalars(
            select(PathwayStep).where(PathwayStep.role_id.is_(None)).order_by(PathwayStep.position)
        )
    )


def all_starting_points(session: Session) -> List[StartingPoint]:
    """Every starting point of the planner, in order."""
    return list(session.scalars(select(StartingPoint).order_by(StartingPoint.position)))
